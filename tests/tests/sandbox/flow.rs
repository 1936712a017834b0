//! The normal flow through the client: pending, then success once consent is given; a
//! retryable error once, then success; without consent, step 2 stays pending.

use super::*;
use dqe_client::client::{Check, Error};
use dqe_client::*;

#[tokio::test]
async fn a_retryable_error_once_then_success() {
    let s = approving().await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&request("0619300099")).await.unwrap();
    let e = c.retrieve(consent.flow()).await.unwrap_err();
    assert!(e.is_retryable(), "{e:?}");
    let data = c
        .wait(consent.flow(), Duration::from_secs(30))
        .await
        .unwrap();
    assert!(data.formfilling.is_some());
}

#[tokio::test]
async fn the_normal_flow_is_pending_then_success() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_millis(1500),
        ..SandboxConfig::default()
    })
    .await;
    // Both methods at once: each waits out the pending time.
    let mut flows = tokio::task::JoinSet::new();
    for m in [Method::Post, Method::Get] {
        let c = client(&s, m);
        let url = s.url().to_owned();
        flows.spawn(async move {
            let consent = c.initiate(&request("06 12 34 56 78")).await.unwrap();
            assert_eq!(consent.operator(), Some("Orange"));
            assert!(consent.url().unwrap().starts_with(&url));
            assert!(matches!(
                c.retrieve(consent.flow()).await.unwrap(),
                Check::Pending(_)
            ));
            let data = c
                .wait(consent.flow(), Duration::from_secs(30))
                .await
                .unwrap();
            let f = data.formfilling.unwrap();
            assert_eq!(f.phone_number.as_deref(), Some("0612345678"));
            assert!(f.address.unwrap().formatted.unwrap().contains('\n'));
            assert!(f.updated_at.unwrap().epoch_seconds().is_some());
            assert_eq!(data.scope.unwrap().as_slice(), [Scope::Formfilling]);
        });
    }
    flows.join_all().await;
}

#[tokio::test]
async fn without_consent_step_two_stays_pending() {
    let s = sandbox(SandboxConfig::default()).await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&request("0612345678")).await.unwrap();
    let e = c
        .wait(consent.flow(), Duration::from_secs(2))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::WaitTimeout { .. }), "{e:?}");
}
