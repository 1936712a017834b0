//! Faults give typed errors: bad replies, a server that never answers, a refused connection,
//! and plain HTTP only for loopback or by choice.

use super::*;

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
