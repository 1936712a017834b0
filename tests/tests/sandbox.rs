//! The sandbox through the real client over loopback: every scenario number gives its
//! documented error at the right step, every validation situation gives the error the spec
//! names for it, over GET and POST, and the normal flow goes pending then success.

use std::net::SocketAddr;
use std::time::Duration;

use dqe_client::client::{Check, Client, Error, Token};
use dqe_client::endpoint::Method;
use dqe_client::sandbox::{
    DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig, scenarios,
};
use dqe_client::*;

async fn sandbox(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap()
}

fn client(s: &Sandbox, m: Method) -> Client {
    Client::builder()
        .server(s.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .method(m)
        .poll_interval(Duration::from_secs(1))
        .build()
        .unwrap()
}

fn request(
    number: &str,
) -> InitiateRequest<endpoint::Set, endpoint::Set, endpoint::Set, endpoint::Set> {
    InitiateRequest::new()
        .number(number)
        .mode(Mode::Code)
        .name("ACME")
        .scope(Scope::Formfilling)
}

#[tokio::test]
async fn every_scenario_number_gives_its_documented_error() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let list = scenarios();
    assert_eq!(
        list.len(),
        InitiateRequest::INFO.errors.len() + RetrieveRequest::INFO.errors.len(),
        "one scenario per documented error of each step"
    );
    for m in [Method::Post, Method::Get] {
        let c = client(&s, m);
        for (number, step, id, text) in &list {
            if *step == 1 {
                let e = c.initiate(&request(number)).await.unwrap_err();
                let Error::Api(e) = e else {
                    panic!("{number}: {e:?}")
                };
                assert_eq!((e.id(), e.error_type()), (*id, text.as_str()), "{number}");
            } else {
                let consent = c.initiate(&request(number)).await.unwrap();
                let e = c
                    .wait(consent.flow(), Duration::from_secs(30))
                    .await
                    .unwrap_err();
                let Error::Api(e) = e else {
                    panic!("{number}: {e:?}")
                };
                assert_eq!((e.id(), e.error_type()), (*id, text.as_str()), "{number}");
            }
        }
    }
    // The operator is chosen by number, and named in the operator errors.
    let e = client(&s, Method::Post)
        .initiate(&request("0629100014"))
        .await
        .unwrap_err();
    assert_eq!(
        e.api().map(|e| e.error_type().to_owned()),
        Some("operator SFR not authorized for this licence".to_owned())
    );
    let consent = client(&s, Method::Post)
        .initiate(&request("0633445566"))
        .await
        .unwrap();
    assert_eq!(consent.operator(), Some("Bouygues Telecom"));
}

#[tokio::test]
async fn a_retryable_error_once_then_success() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
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
    for m in [Method::Post, Method::Get] {
        let c = client(&s, m);
        let consent = c.initiate(&request("06 12 34 56 78")).await.unwrap();
        assert_eq!(consent.operator(), Some("Orange"));
        assert!(consent.url().unwrap().starts_with(s.url()));
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
    }
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

/// Sends raw pairs to an endpoint, as a client with a bug would.
async fn raw(s: &Sandbox, path: &str, body: &str) -> serde_json::Value {
    let r = reqwest::Client::new()
        .post(format!("{}{path}", s.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    r.json().await.unwrap()
}

fn id(v: &serde_json::Value) -> &str {
    v["error_id"].as_str().unwrap_or("none")
}

#[tokio::test]
async fn validation_answers_what_the_spec_names() {
    let s = sandbox(SandboxConfig {
        token_lifetime: Duration::from_secs(60),
        ..SandboxConfig::default()
    })
    .await;
    let token_path = AccessTokenRequest::INFO.path;
    let ok = "licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET&grant_type=client_idmobile";
    let v = raw(&s, token_path, ok).await;
    let token = v["access_token"].as_str().unwrap().to_owned();
    assert_eq!(v["expires_in"], "60");
    for (body, want) in [
        (
            "client_secret=SANDBOX-SECRET&grant_type=client_idmobile",
            "01",
        ),
        (
            "licence=NOPE&client_secret=SANDBOX-SECRET&grant_type=client_idmobile",
            "22",
        ),
        (
            "licence=SANDBOX-LICENCE&client_secret=NOPE&grant_type=client_idmobile",
            "03",
        ),
        (
            "licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET&grant_type=password",
            "31",
        ),
        ("licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET", "01"),
    ] {
        assert_eq!(id(&raw(&s, token_path, body).await), want, "{body}");
    }
    let step1 = InitiateRequest::INFO.path;
    let base = format!("token={token}&mode=2&name=ACME&licence=SANDBOX-LICENCE&scope=formfilling");
    for (body, want) in [
        (base.clone(), "01"),
        (format!("number=&{base}"), "11"),
        (
            format!("number=0612345678&{}", base.replace("mode=2", "mode=7")),
            "01",
        ),
        (
            format!(
                "number=0612345678&{}",
                base.replace("scope=formfilling", "scope=horoscope")
            ),
            "04",
        ),
        (
            format!("number=0612345678&{}", base.replace(&token, "expired")),
            "30",
        ),
        (
            format!(
                "number=0612345678&{}",
                base.replace("licence=SANDBOX-LICENCE", "licence=X")
            ),
            "02",
        ),
        (
            format!("number=0612345678&{}", base.replace("licence=", "Licence=")),
            "01",
        ),
    ] {
        assert_eq!(id(&raw(&s, step1, &body).await), want, "{body}");
    }
    let v = raw(&s, step1, &format!("number=0612345678&{base}")).await;
    assert_eq!(v["status"], "success");
    let step2 = RetrieveRequest::INFO.path;
    for (body, want) in [
        (
            format!("token={token}&licence=SANDBOX-LICENCE&scope=formfilling"),
            "01",
        ),
        (
            format!("token={token}&Licence=SANDBOX-LICENCE&scope=matching"),
            "04",
        ),
        (
            "token=nope&Licence=SANDBOX-LICENCE&scope=formfilling".to_owned(),
            "30",
        ),
    ] {
        assert_eq!(id(&raw(&s, step2, &body).await), want, "{body}");
    }
    let v = raw(
        &s,
        step2,
        &format!("token={token}&Licence=SANDBOX-LICENCE&scope=formfilling"),
    )
    .await;
    assert_eq!(v["status"], "pending");
}

#[tokio::test]
async fn an_expired_token_answers_the_expired_error() {
    let s = sandbox(SandboxConfig {
        token_lifetime: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let e = c.initiate(&request("0612345678")).await.unwrap_err();
    assert!(
        matches!(e, Error::Api(InitiateError::InvalidOrExpiredToken { .. })),
        "{e:?}"
    );
    let e = client(&s, Method::Post)
        .initiate_with_token(&request("0612345678"), Token::new("made-up"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Api(InitiateError::InvalidOrExpiredToken { .. })),
        "{e:?}"
    );
}

#[test]
fn the_readme_lists_every_scenario() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    for (number, step, id, text) in scenarios() {
        let row = format!("| `{number}` | {step} | `{id}` {text} |");
        assert!(
            readme.contains(&row),
            "README.md lacks the scenario row {row}"
        );
    }
}
