//! Proxies from the environment: plain HTTP (only ever loopback, or opted in) and loopback are
//! never proxied, whatever `HTTP_PROXY` and `ALL_PROXY` say.
//!
//! The client reads the proxy variables when it is built, and every test of this binary builds
//! clients: changing this process's environment would change theirs. So the test runs its
//! cases in child processes of this same binary (filtered to this one test), each given its
//! environment by [`Command::env`]; this process's environment is never written.

use std::net::TcpListener;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use dqe_client::client::{Client, ConfigError};
use dqe_client::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Which case a child process runs (unset in the parent).
const CASE: &str = "DQE_TEST_PROXY_ENV_CASE";

/// Every proxy variable the client might read.
const VARS: [&str; 8] = [
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "NO_PROXY",
    "no_proxy",
];

#[tokio::test]
async fn loopback_is_never_proxied() {
    match std::env::var(CASE).as_deref() {
        Ok("loopback") => return loopback_case().await,
        Ok("invalid") => return invalid_case().await,
        _ => {}
    }
    // A "proxy" that counts the connections it gets, and answers nothing useful.
    let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    std::thread::spawn(move || {
        for socket in proxy.incoming() {
            counted.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    let proxies: Vec<(&str, &str)> = VARS[..5].iter().map(|v| (*v, proxy_url.as_str())).collect();
    child("loopback", &proxies);
    assert_eq!(connections.load(Ordering::SeqCst), 0, "the proxy was used");

    // An HTTPS proxy that is not a URL is a configuration error, not a silent direct route.
    child("invalid", &[("HTTPS_PROXY", "http://[::1")]);
}

/// Runs this test again in a child process, as `case`, with only `vars` of the proxy
/// variables set, and asserts that it passed.
fn child(case: &str, vars: &[(&str, &str)]) {
    // The test's name as libtest knows it: its module path without the crate's name.
    let name = format!(
        "{}::loopback_is_never_proxied",
        module_path!().split_once("::").unwrap().1
    );
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", &name, "--test-threads=1", "--nocapture"])
        .env(CASE, case);
    for var in VARS {
        command.env_remove(var);
    }
    command.envs(vars.iter().copied());
    let out = command.output().unwrap();
    let shown = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the {case} case failed:\n{shown}");
    assert!(
        shown.contains("1 passed"),
        "the {case} case did not run:\n{shown}"
    );
}

/// A server answering every POST with a token.
async fn token_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"T","expires_in":"300"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    server
}

/// In a child process whose proxy variables all name a counting proxy: straight to the server.
async fn loopback_case() {
    let server = token_server().await;
    let client = Client::builder()
        .server(server.uri())
        .credentials(Credentials::new("LIC", "SECRET"))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    client.token().await.expect("straight to the server");
}

/// In a child process whose `HTTPS_PROXY` is not a URL: a configuration error.
async fn invalid_case() {
    let server = token_server().await;
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
