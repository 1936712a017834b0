//! Proxies from the environment: plain HTTP (only ever loopback, or opted in) and loopback are
//! never proxied, whatever `HTTP_PROXY` and `ALL_PROXY` say. A test binary of its own: it sets
//! process-wide environment variables.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use dqe_client::client::{Client, ConfigError};
use dqe_client::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn loopback_is_never_proxied() {
    // A "proxy" that counts the connections it gets, and answers nothing useful.
    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((socket, _)) = proxy.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"T","expires_in":"300"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    // SAFETY: this test binary has this one test, so no other thread reads the environment.
    unsafe {
        for var in [
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
            "all_proxy",
            "HTTPS_PROXY",
        ] {
            std::env::set_var(var, &proxy_url);
        }
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    let client = Client::builder()
        .server(server.uri())
        .credentials(Credentials::new("LIC", "SECRET"))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    client.token().await.expect("straight to the server");
    assert_eq!(connections.load(Ordering::SeqCst), 0, "the proxy was used");

    // An HTTPS proxy that is not a URL is a configuration error, not a silent direct route.
    // SAFETY: as above.
    unsafe { std::env::set_var("HTTPS_PROXY", "http://[::1") };
    let e = Client::builder()
        .server(server.uri())
        .credentials(Credentials::new("LIC", "SECRET"))
        .build()
        .unwrap_err();
    assert!(
        matches!(e, ConfigError::InvalidProxy { env: "HTTPS_PROXY" }),
        "{e:?}"
    );
}
