//! Waiting on a fake clock: polling until success, the deadlines that cut it, final and
//! retryable errors, dropping the wait; step 1 is never retried.

use super::*;

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
