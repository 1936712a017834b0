//! The HTTP client against a real HTTP server on loopback (wiremock): the exact request on the
//! wire and the decoded result for every documented reply of every endpoint, over GET and POST;
//! faults; waiting on a fake clock; the token cache; the redirect callback; and privacy.

use std::time::Duration;

use crate::common::*;
use dqe_client::client::{Check, Client, DecodeKind, Error, Flow, Token};
use dqe_client::endpoint::{Endpoint, Method, Outcome, Reply};
use dqe_client::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The outcome of a reply type.
type OutcomeOf<R> = Outcome<<R as Reply>::Success, <R as Reply>::Pending, <R as Reply>::Error>;

/// A fault case: what the server answers, and a check of the client's error.
type Fault = (ResponseTemplate, fn(&Error<RetrieveError>) -> bool);

const TOKEN: &str = "TOK-abc/def";

fn spec() -> dqe_codegen::model::Spec {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    dqe_codegen::load_spec(&dir, "spec").expect("the shipped spec is valid")
}

/// What the client is expected to return for a body: the same outcome as decoding it directly.
fn expected<R: Reply + PartialEq>(body: &str) -> Result<OutcomeOf<R>, R::Error> {
    match serde_json::from_str::<R>(body).unwrap().into_outcome() {
        Outcome::Error(e) => Err(e),
        other => Ok(other),
    }
}

fn same<
    S: PartialEq + std::fmt::Debug,
    P: PartialEq + std::fmt::Debug,
    E: PartialEq + std::fmt::Debug,
>(
    got: Result<Outcome<S, P, E>, Error<E>>,
    want: Result<Outcome<S, P, E>, E>,
    what: &str,
) {
    match (got, want) {
        (Ok(g), Ok(w)) => assert_eq!(g, w, "{what}"),
        (Err(Error::Api(g)), Err(w)) => assert_eq!(g, w, "{what}"),
        (g, w) => panic!("{what}: got {g:?}, want {w:?}"),
    }
}

fn replies(spec: &dqe_codegen::model::Spec, endpoint: &str) -> Vec<(String, String)> {
    let e = spec.endpoint(endpoint).unwrap();
    let mut out: Vec<(String, String)> = e
        .examples
        .iter()
        .map(|x| (x.name.clone(), x.body.clone()))
        .collect();
    for x in &e.errors {
        let text = x.example.as_ref().map_or(&x.text.value, |t| &t.value);
        let body =
            serde_json::json!({"status": "error", "error_type": text, "error_id": x.id.value});
        out.push((format!("error {}", x.id.value), body.to_string()));
    }
    out
}

#[tokio::test]
async fn every_documented_reply_over_get_and_post() {
    let spec = spec();
    let server = MockServer::start().await;
    let token = Token::new(TOKEN);
    let initiate = InitiateRequest::new()
        .number("06 12 34 56 78")
        .name("ACME & Fils")
        .formfilling()
        .redirect_uri("https://shop.example/back?step=2");
    let retrieve = RetrieveRequest::new().scope(Scope::Formfilling);
    let mut count = 0;
    for m in [Method::Post, Method::Get] {
        let c = client(&server, m);
        for (i, (name, body)) in replies(&spec, "access_token").iter().enumerate() {
            // Documented errors come with HTTP 200, 400 or 500: the body decides.
            let status = if name.starts_with("error") {
                [200, 400, 500][i % 3]
            } else {
                200
            };
            expect_exact(
                &server,
                m,
                "/ACCESS_TOKEN/",
                "licence=LIC-4242&client_secret=s3cr%26t%3D%2B&grant_type=client_idmobile",
                status,
                body,
            )
            .await;
            same(
                c.send(&AccessTokenRequest::new(), None).await,
                expected::<AccessTokenReply>(body),
                name,
            );
            count += 1;
        }
        for (i, (name, body)) in replies(&spec, "initiate").iter().enumerate() {
            let status = if name.starts_with("error") {
                [200, 400, 500][i % 3]
            } else {
                200
            };
            expect_exact(&server, m, "/IDMOBILE/",
                "number=06+12+34+56+78&token=TOK-abc%2Fdef&mode=2&name=ACME+%26+Fils&licence=LIC-4242\
                 &scope=formfilling&redirect_uri=https%3A%2F%2Fshop.example%2Fback%3Fstep%3D2", status, body).await;
            same(
                c.send(&initiate, Some(&token)).await,
                expected::<InitiateReply>(body),
                name,
            );
            count += 1;
        }
        for (i, (name, body)) in replies(&spec, "retrieve").iter().enumerate() {
            let status = if name.starts_with("error") {
                [200, 400, 500][i % 3]
            } else {
                200
            };
            expect_exact(
                &server,
                m,
                "/GET/",
                "token=TOK-abc%2Fdef&Licence=LIC-4242&scope=formfilling",
                status,
                body,
            )
            .await;
            same(
                c.send(&retrieve, Some(&token)).await,
                expected::<RetrieveReply>(body),
                name,
            );
            count += 1;
        }
    }
    assert!(count >= 70, "{count} replies checked");
}

#[tokio::test]
async fn get_can_be_chosen_per_call() {
    let server = MockServer::start().await;
    let c = client(&server, Method::Post);
    expect_exact(
        &server,
        Method::Get,
        "/GET/",
        "token=T&Licence=LIC-4242&scope=formfilling",
        200,
        r#"{"status":"pending","scope":"formfilling"}"#,
    )
    .await;
    let flow = test_flow(c.clock());
    let check = c.with_method(Method::Get).retrieve(&flow).await.unwrap();
    assert!(matches!(check, Check::Pending(_)));
}

#[tokio::test]
async fn faults_give_typed_errors() {
    let server = MockServer::start().await;
    let c = client(&server, Method::Post);
    let flow = test_flow(c.clock());

    let cases: Vec<Fault> = vec![
        (
            ResponseTemplate::new(500)
                .set_body_raw("<html><body>Internal error</body></html>", "text/html"),
            |e| matches!(e, Error::HttpStatus { status: 500, content_type: Some(ct), body_len: 40 } if ct == "text/html"),
        ),
        (
            json(200, r#"{"status":"success","formfilling":{"family_na"#),
            |e| matches!(e, Error::Decode(d) if d.kind == DecodeKind::NotJson && d.status == 200),
        ),
        (
            json(200, ""),
            |e| matches!(e, Error::Decode(d) if d.kind == DecodeKind::NotJson),
        ),
        (
            json(200, "[1,2]"),
            |e| matches!(e, Error::Decode(d) if d.kind == DecodeKind::NotAnObject),
        ),
        (
            json(200, r#"{"status":"pending"} trailing"#),
            |e| matches!(e, Error::Decode(d) if d.kind == DecodeKind::TrailingData),
        ),
        (
            json(200, r#"{"status":"frozen"}"#),
            |e| matches!(e, Error::UnrecognizedStatus(Some(s)) if s == "frozen"),
        ),
        (json(503, r#"{"status":"frozen"}"#), |e| {
            matches!(e, Error::HttpStatus { status: 503, .. })
        }),
    ];
    for (response, check) in cases {
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(response)
            .mount(&server)
            .await;
        let e = c.retrieve(&flow).await.unwrap_err();
        assert!(check(&e), "unexpected error {e:?}");
    }
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts connections and holds them, never answering.
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let c = builder(format!("http://{addr}"))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let flow = test_flow(c.clock());
    // The guard only turns a hang into a failure; the client's own timeout must fire first.
    let e = tokio::time::timeout(Duration::from_secs(30), c.retrieve(&flow))
        .await
        .expect("the client's timeout fires")
        .unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    assert!(e.is_retryable() && !e.was_not_sent());
    holder.abort();
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = builder(format!("http://127.0.0.1:{port}")).build().unwrap();
    let e = c.token().await.unwrap_err();
    assert!(matches!(e, Error::Connect(_)), "{e:?}");
    assert!(e.was_not_sent());
    let text = e.to_string();
    assert!(
        text.starts_with("could not connect to the server"),
        "{text}"
    );
    assert!(
        !text.contains(&port.to_string()),
        "no URL in errors: {text}"
    );
}

#[test]
fn https_only_except_loopback_or_opt_in() {
    let b = || Client::builder().credentials(Credentials::new("l", "s"));
    assert!(b().server("https://dqe.example").build().is_ok());
    assert!(b().server("http://127.0.0.1:8080").build().is_ok());
    assert!(b().server("http://[::1]:8080").build().is_ok());
    assert!(b().server("http://localhost:8080/").build().is_ok());
    let e = b().server("http://dqe.example").build().unwrap_err();
    assert!(
        matches!(e, dqe_client::client::ConfigError::InsecureServer),
        "{e}"
    );
    assert!(
        b().server("http://dqe.example")
            .allow_plain_http(true)
            .build()
            .is_ok()
    );
    assert!(b().server("ftp://dqe.example").build().is_err());
    assert!(b().server("dqe.example").build().is_err());
    assert!(b().server("https://user:pw@dqe.example").build().is_err());
    assert!(
        Client::builder()
            .server("https://dqe.example")
            .build()
            .is_err()
    );
    let e = Client::builder()
        .credentials(Credentials::new("l", "s"))
        .build()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "no server address: set DQE_SERVER or call ClientBuilder::server"
    );
}

#[tokio::test]
async fn wait_polls_until_success() {
    let server = MockServer::start().await;
    let clock = FakeClock::new();
    let c = fake_client(&server, &clock);
    let flow = test_flow(&clock);
    mount_sequence(&server, vec![(pending(), 3), (success(), 1)]).await;
    let data = c.wait(&flow, Duration::from_secs(120)).await.unwrap();
    assert_eq!(
        data.formfilling.unwrap().family_name.as_deref(),
        Some("Martin")
    );
    assert_eq!(polls(&server).await, 4);
    let sleeps = clock.sleeps();
    assert_eq!(
        sleeps.len(),
        3,
        "one sleep between polls, none after success"
    );
    // 2 s with +/-10 % jitter, growing gently; never under a second.
    assert!(
        sleeps[0] >= Duration::from_millis(1800) && sleeps[0] <= Duration::from_millis(2200),
        "{sleeps:?}"
    );
    assert!(sleeps.iter().all(|s| *s >= Duration::from_secs(1)));
    assert!(sleeps[2] > sleeps[0], "backoff: {sleeps:?}");
}

#[tokio::test]
async fn wait_gives_up_at_the_maximum_wait() {
    let server = MockServer::start().await;
    let clock = FakeClock::new();
    let c = fake_client(&server, &clock);
    let flow = test_flow(&clock);
    mount_sequence(&server, vec![(pending(), 1000)]).await;
    let e = c.wait(&flow, Duration::from_secs(30)).await.unwrap_err();
    let Error::WaitTimeout { waited, polls: n } = e else {
        panic!("{e:?}")
    };
    assert_eq!(polls(&server).await, n as usize);
    assert!((5..=16).contains(&n), "{n} polls in 30 s");
    // Every poll after the first starts after a pause of at least MIN_POLL_INTERVAL with at
    // least MIN_POLL_TIME left; when no such poll fits, the wait ends at once.
    let sleeps = clock.sleeps();
    let total: Duration = sleeps.iter().sum();
    assert!(
        total <= Duration::from_secs(30) - client::MIN_POLL_TIME,
        "the last poll starts with a second left: {sleeps:?}"
    );
    assert!(
        sleeps.iter().all(|s| *s >= client::MIN_POLL_INTERVAL),
        "{sleeps:?}"
    );
    assert_eq!(waited, total, "no sleep after the last poll");
    assert!(
        waited > Duration::from_secs(30) - client::MIN_POLL_TIME - client::MIN_POLL_INTERVAL,
        "it ends only when no further poll fits: {waited:?}"
    );
}

#[tokio::test]
async fn the_deadline_cuts_a_poll_in_flight() {
    let server = MockServer::start().await;
    let clock = FakeClock::new();
    // The request timeout (5 s) would let the slow last answer through.
    let c = fake_client(&server, &clock);
    let flow = test_flow(&clock);
    // Pending at once; then a success that takes 3 s (of real time) to come.
    mount_sequence(
        &server,
        vec![
            (pending(), 1),
            (success().set_delay(Duration::from_secs(3)), 10),
        ],
    )
    .await;
    // 3.5 s of (fake) budget: the first pause leaves between 1 and 1.5 s for the second poll,
    // which the deadline cuts before its answer comes.
    let e = c
        .wait(&flow, Duration::from_millis(3500))
        .await
        .unwrap_err();
    let Error::WaitTimeout { polls: n, .. } = e else {
        panic!("the in-flight poll ran past the deadline: {e:?}")
    };
    assert_eq!(n, 2);
    assert_eq!(polls(&server).await, 2);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1, "{sleeps:?}");
    assert!(
        sleeps[0] <= Duration::from_millis(2500),
        "the second poll starts with at least a second left: {sleeps:?}"
    );
}

#[tokio::test]
async fn a_wait_shorter_than_a_poll_still_asks_once() {
    let server = MockServer::start().await;
    let clock = FakeClock::new();
    let c = fake_client(&server, &clock);
    let flow = test_flow(&clock);
    mount_sequence(&server, vec![(pending(), 10)]).await;
    let e = c.wait(&flow, Duration::ZERO).await.unwrap_err();
    assert!(matches!(e, Error::WaitTimeout { polls: 1, .. }), "{e:?}");
    assert_eq!(polls(&server).await, 1);
    assert!(clock.sleeps().is_empty());
    mount_sequence(&server, vec![(success(), 1)]).await;
    let data = c.wait(&flow, Duration::from_millis(10)).await.unwrap();
    assert!(data.formfilling.is_some());
}

#[tokio::test]
async fn wait_is_bounded_by_the_token_lifetime() {
    let server = MockServer::start().await;
    let clock = FakeClock::new();
    let c = fake_client(&server, &clock);
    on_post(
        &server,
        "/ACCESS_TOKEN/",
        json(200, r#"{"access_token":"T","expires_in":"20"}"#),
    )
    .await;
    on_post(
        &server,
        "/IDMOBILE/",
        json(
            200,
            r#"{"status":"success","operator":"Orange","url":"https://op.example/c"}"#,
        ),
    )
    .await;
    on_post(&server, "/GET/", pending()).await;
    let consent = c.initiate(&step1("0612345678")).await.unwrap();
    assert_eq!(consent.operator(), Some("Orange"));
    assert_eq!(consent.url(), Some("https://op.example/c"));
    let e = c
        .wait(consent.flow(), Duration::from_secs(600))
        .await
        .unwrap_err();
    // The flow keeps the expiry in whole seconds (it serializes): bounded by the 20 s lifetime,
    // less the time no further poll fits in (under two seconds).
    assert!(
        matches!(e, Error::WaitTimeout { waited, .. } if waited <= Duration::from_secs(20) && waited >= Duration::from_secs(17)),
        "{e:?}"
    );
}

#[tokio::test]
async fn wait_stops_at_a_final_error() {
    let server = MockServer::start().await;
    let clock = FakeClock::new();
    let c = fake_client(&server, &clock);
    let flow = test_flow(&clock);
    mount_sequence(
        &server,
        vec![
            (pending(), 2),
            (
                json(
                    200,
                    r#"{"status":"error","error_type":"access denied","error_id":"21"}"#,
                ),
                1,
            ),
            (success(), 10),
        ],
    )
    .await;
    let e = c.wait(&flow, Duration::from_secs(120)).await.unwrap_err();
    assert!(
        matches!(e, Error::Api(RetrieveError::AccessDenied { .. })),
        "{e:?}"
    );
    assert_eq!(polls(&server).await, 3, "no poll after a final error");
}

#[tokio::test]
async fn wait_retries_retryable_failures() {
    let server = MockServer::start().await;
    let clock = FakeClock::new();
    let c = fake_client(&server, &clock);
    let flow = test_flow(&clock);
    mount_sequence(
        &server,
        vec![
            (
                json(
                    200,
                    r#"{"status":"error","error_type":"internal server error","error_id":"99"}"#,
                ),
                1,
            ),
            (
                ResponseTemplate::new(502).set_body_raw("<html>bad gateway</html>", "text/html"),
                1,
            ),
            (pending(), 1),
            (success(), 1),
        ],
    )
    .await;
    let data = c.wait(&flow, Duration::from_secs(120)).await.unwrap();
    assert!(data.formfilling.is_some());
    assert_eq!(polls(&server).await, 4);

    // A bounded number of retries in a row, then the failure.
    mount_sequence(
        &server,
        vec![(
            json(
                500,
                r#"{"status":"error","error_type":"internal server error","error_id":"99"}"#,
            ),
            100,
        )],
    )
    .await;
    let e = c.wait(&flow, Duration::from_secs(120)).await.unwrap_err();
    assert!(
        matches!(e, Error::Api(RetrieveError::InternalServerError { .. })),
        "{e:?}"
    );
    assert_eq!(polls(&server).await, 4, "the first try and three retries");
}

#[tokio::test]
async fn dropping_the_wait_stops_polling() {
    let server = MockServer::start().await;
    let mut clock = FakeClock::new();
    clock.real_sleep = Duration::from_millis(5);
    let c = fake_client(&server, &clock);
    let flow = test_flow(&clock);
    mount_sequence(&server, vec![(pending(), 100_000)]).await;
    let task = tokio::spawn({
        let c = c.clone();
        async move { c.wait(&flow, Duration::from_secs(3600)).await }
    });
    while polls(&server).await < 3 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    task.abort();
    let _ = task.await;
    let after_abort = polls(&server).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        polls(&server).await,
        after_abort,
        "no poll once the future is dropped"
    );
}

#[tokio::test]
async fn step_one_is_never_retried() {
    let server = MockServer::start().await;
    let c = client(&server, Method::Post);
    on_post(
        &server,
        "/IDMOBILE/",
        ResponseTemplate::new(502).set_body_raw("bad gateway", "text/plain"),
    )
    .await;
    let request = step1("0612345678");
    let e = c
        .initiate_with_token(&request, Token::new("T"))
        .await
        .unwrap_err();
    // A 502 may come from a proxy after DQE got the request: the flow comes back to poll,
    // and nothing advises sending step 1 again.
    match &e {
        Error::Unconfirmed { flow, cause } => {
            assert!(
                matches!(**cause, Error::HttpStatus { status: 502, .. }),
                "{e:?}"
            );
            assert!(flow.has_token("T"));
        }
        _ => panic!("expected Unconfirmed, got {e:?}"),
    }
    assert!(!e.is_retryable() && !e.was_not_sent());
    assert_eq!(polls(&server).await, 1);
    const { assert!(!<InitiateReady as Endpoint>::IDEMPOTENT) };
}

#[tokio::test]
async fn tokens_are_cached_shared_and_refreshed() {
    let server = MockServer::start().await;
    let clock = FakeClock::new();
    let c = fake_client(&server, &clock);
    on_post(
        &server,
        "/ACCESS_TOKEN/",
        json(
            200,
            r#"{"access_token":"T1","token_type":"Bearer","expires_in":"300","refresh_token":"*r"}"#,
        )
        .set_delay(Duration::from_millis(50)),
    )
    .await;
    let tokens = futures_join(&c, 10).await;
    assert!(tokens.iter().all(|t| t.as_deref() == Some("T1")));
    assert_eq!(
        polls(&server).await,
        1,
        "concurrent callers share one fetch"
    );
    clock.advance(Duration::from_secs(250));
    c.token().await.unwrap();
    assert_eq!(polls(&server).await, 1, "still fresh");
    clock.advance(Duration::from_secs(25));
    c.token().await.unwrap();
    assert_eq!(polls(&server).await, 2, "refreshed shortly before expiry");
    // A documented token error.
    server.reset().await;
    c.forget_token().await;
    on_post(
        &server,
        "/ACCESS_TOKEN/",
        json(
            400,
            r#"{"status":"error","error_type":"invalid client secret","error_id":"03"}"#,
        ),
    )
    .await;
    let e = c.token().await.unwrap_err();
    assert!(
        matches!(e, Error::Api(AccessTokenError::InvalidClientSecret { .. })),
        "{e:?}"
    );
}

async fn futures_join(c: &Client, n: usize) -> Vec<Option<String>> {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..n {
        let c = c.clone();
        set.spawn(async move {
            use dqe_client::ExposeSecret;
            c.token()
                .await
                .ok()
                .map(|t| t.secret().expose_secret().to_owned())
        });
    }
    set.join_all().await
}

#[tokio::test]
async fn the_redirect_goes_to_retrieval_in_one_call() {
    let server = MockServer::start().await;
    let clock = FakeClock::new();
    let c = fake_client(&server, &clock);
    Mock::given(method("POST"))
        .and(path("/GET/"))
        .and(wiremock::matchers::body_string(
            "token=SESSION-9&Licence=LIC-4242&scope=formfilling",
        ))
        .respond_with(success())
        .mount(&server)
        .await;
    let flow = Flow::new(&Token::new("SESSION-9"), Scope::Formfilling, &clock);
    let data = c
        .complete_callback(
            "https://shop.example/back?token=SESSION-9&status=success",
            &flow,
            Duration::from_secs(60),
        )
        .await
        .unwrap();
    assert!(data.formfilling.is_some());
    let e = c
        .complete_callback("status=success", &flow, Duration::from_secs(60))
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "bad callback: the callback has no `token`");
}

#[tokio::test]
async fn a_flow_resumes_in_another_client() {
    let server = MockServer::start().await;
    let clock = FakeClock::new();
    let first = fake_client(&server, &clock);
    on_post(
        &server,
        "/IDMOBILE/",
        json(
            200,
            r#"{"status":"success","operator":"SFR","url":"https://op.example/c"}"#,
        ),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/GET/"))
        .and(wiremock::matchers::body_string(
            "token=T-77&Licence=LIC-4242&scope=formfilling",
        ))
        .respond_with(success())
        .mount(&server)
        .await;
    let request = step1("0612345678");
    let consent = first
        .initiate_with_token(&request, Token::new("T-77"))
        .await
        .unwrap();
    let stored = serde_json::to_string(consent.flow()).unwrap();
    let resumed: Flow = serde_json::from_str(&stored).unwrap();
    assert_eq!(&resumed, consent.flow());
    assert_eq!(resumed.scopes().as_slice(), [Scope::Formfilling]);
    let other = fake_client(&server, &clock);
    assert!(matches!(
        other.retrieve(&resumed).await.unwrap(),
        Check::Ready(_)
    ));
    assert!(!format!("{resumed:?}").contains("T-77"));
}

#[test]
fn clients_are_send_sync_and_clone() {
    fn check<T: Send + Sync + Clone + 'static>() {}
    check::<Client>();
    check::<Flow>();
    check::<Token>();
    fn error<T: Send + Sync + std::error::Error + 'static>() {}
    error::<Error<RetrieveError>>();
}
