//! What outlives one call: the token cache, the redirect callback, a flow resumed in another
//! client, and clients shared across tasks.

use super::*;

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
