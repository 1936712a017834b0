//! The scenario numbers: each gives its documented error at the right step, for every scope and
//! both methods, with the outcome to tell the customer; the README lists them all.

use super::*;
use dqe_client::client::{Client, Error};
use dqe_client::*;
use dqe_sandbox::{CustomerAnswer, scenarios};

#[tokio::test]
async fn every_scenario_number_gives_its_documented_error() {
    let s = approving().await;
    let list = scenarios();
    assert_eq!(
        list.len(),
        InitiateRequest::INFO.errors.len() + RetrieveRequest::INFO.errors.len(),
        "one scenario per documented error of each step"
    );
    // Each scenario over each method, all at once: step 2's run through the client's polling.
    let mut runs = tokio::task::JoinSet::new();
    for m in [Method::Post, Method::Get] {
        for (number, step, id, text) in list.clone() {
            let c = client_without_retries(&s, m);
            runs.spawn(async move {
                let got = if step == 1 {
                    let e = c.initiate(&request(&number)).await.unwrap_err();
                    let Error::Api(e) = e else {
                        panic!("{number}: {e:?}")
                    };
                    (e.id().to_owned(), e.error_type().to_owned())
                } else {
                    let consent = c.initiate(&request(&number)).await.unwrap();
                    let e = c
                        .wait(consent.flow(), Duration::from_secs(30))
                        .await
                        .unwrap_err();
                    let Error::Api(e) = e else {
                        panic!("{number}: {e:?}")
                    };
                    (e.id().to_owned(), e.error_type().to_owned())
                };
                assert_eq!(got, (id.to_owned(), text), "{number}");
            });
        }
    }
    runs.join_all().await;
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

/// Every scenario number, for each scope alone: its error in that scope's words (a scope's
/// file may word an error otherwise: `ScopeInfo::wording`), or, for an error its file does
/// without, the flow going through.
#[tokio::test]
async fn every_scenario_number_works_for_every_scope() {
    let s = approving().await;
    for scope in Scope::INFO {
        for (number, step, want, text) in scenarios() {
            let what = format!("{} {number}", scope.wire);
            let info = if step == 1 {
                InitiateRequest::INFO
            } else {
                RetrieveRequest::INFO
            };
            let worded = info.error_for(want, &[scope]);
            // The scope's own words, where its file gives them, with the scenario's operator.
            let fits = |got: &str| match worded {
                Some(e) if std::ptr::eq(e, info.error(want).unwrap()) => got == text,
                Some(e) => dqe_spec_types::template::capture(e.template, got).is_some(),
                None => false,
            };
            let token = new_token(&s).await;
            let body = scopes_body(&token, &number, &[scope]);
            let v = post_json(&s, InitiateRequest::INFO.path, &body).await;
            if step == 1 && worded.is_some() {
                assert_eq!(id(&v), want, "{what}: {v}");
                assert!(fits(v["error_type"].as_str().unwrap()), "{what}: {v}");
                continue;
            }
            assert_eq!(v["status"], "success", "{what}: {v}");
            if step == 1 || scope.one_step {
                // Done without by this scope, or no step 2: the flow goes through.
                assert!(v.get("url").is_none() || !scope.one_step, "{what}");
                continue;
            }
            let v = post_json(
                &s,
                RetrieveRequest::INFO.path,
                &step2_body(&token, &[scope]),
            )
            .await;
            if worded.is_none() {
                assert_eq!(v["status"], "success", "{what}: {v}");
                continue;
            }
            assert_eq!(id(&v), want, "{what}: {v}");
            assert!(fits(v["error_type"].as_str().unwrap()), "{what}: {v}");
        }
    }
}

/// What to tell the customer: each scenario's error comes with the outcome the spec maps its id
/// to, through the real client.
#[tokio::test]
async fn every_error_says_what_to_tell_the_customer() {
    use dqe_client::CustomerOutcome as O;
    let s = sandbox(SandboxConfig {
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let c = client_without_retries(&s, Method::Post);
    for (number, want) in [
        ("0619100009", O::NotEligible),
        ("0619100010", O::InvalidNumber),
        ("0619100016", O::Unavailable),
        ("0619100017", O::NotSupported),
        ("0619100002", O::Failed),
    ] {
        let e = c.initiate(&request(number)).await.unwrap_err();
        assert_eq!(e.customer_outcome(), want, "{number}: {e:?}");
    }
    // Step 2's, waited for all at once.
    let mut waits = tokio::task::JoinSet::new();
    for (number, want) in [
        ("0619200021", O::Declined),
        ("0619200020", O::WrongCode),
        ("0619200099", O::Unavailable),
    ] {
        let consent = c.initiate(&request(number)).await.unwrap();
        s.answer(consent.url().unwrap(), CustomerAnswer::Approve)
            .unwrap();
        let c = c.clone();
        waits.spawn(async move {
            let e = c
                .wait(consent.flow(), Duration::from_secs(10))
                .await
                .unwrap_err();
            assert_eq!(e.customer_outcome(), want, "{number}: {e:?}");
        });
    }
    waits.join_all().await;
    // The runtime's own failures: nobody answering is "try later".
    let gone = Client::builder()
        .server("http://127.0.0.1:9")
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .build()
        .unwrap();
    let e = gone.initiate(&request("0612345678")).await.unwrap_err();
    assert_eq!(e.customer_outcome(), O::Unavailable, "{e:?}");
}
