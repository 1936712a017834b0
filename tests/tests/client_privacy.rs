//! Privacy of the client: a whole flow and its failures run with tracing captured at TRACE;
//! the logs and the `Debug` and `Display` of every reply and error produced hold no licence,
//! secret, token, phone number or identity value, while the spans do say which endpoint, which
//! method, which HTTP status and which error id.

use std::time::Duration;

use crate::common::{Capture, builder_with, json, on_post, step1};
use dqe_client::client::{Client, Flow, Token};
use dqe_client::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Set in the child process that runs the log test alone.
const ALONE: &str = "DQE_TEST_CLIENT_PRIVACY_ALONE";

const SECRETS: &[&str] = &[
    "LIC-PRIV-1",
    "SECRET-PRIV-2",
    "TOKEN-PRIV-3",
    "REFRESH-PRIV-4",
    "0611223344",
    "Dubois",
    "Camille",
    "1987-04-12",
    "camille.dubois",
    "8 avenue Foch",
    "75116",
    "0699887766",
    "SUB-PRIV-5",
    "https://op.example/consent/PRIV",
];

/// Mounts a whole flow on `server`: the token, step 1's consent, step 2 pending once, then
/// an identity made of [`SECRETS`].
async fn mount_flow(server: &MockServer) {
    on_post(
        server,
        "/ACCESS_TOKEN/",
        json(
            200,
            r#"{"access_token":"TOKEN-PRIV-3","token_type":"Bearer","expires_in":"300","refresh_token":"REFRESH-PRIV-4"}"#,
        ),
    )
    .await;
    on_post(
        server,
        "/IDMOBILE/",
        json(
            200,
            r#"{"status":"success","operator":"Orange","url":"https://op.example/consent/PRIV"}"#,
        ),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/GET/"))
        .respond_with(json(200, r#"{"status":"pending","scope":"formfilling"}"#))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("POST")).and(path("/GET/"))
        .respond_with(json(200, r#"{"status":"success","scope":"formfilling","formfilling":{
            "phone_number":"0611223344","family_name":"Dubois","given_name":"Camille",
            "name":"Camille Dubois","birthdate":"1987-04-12","email":"camille.dubois@example.fr",
            "email_account":"camille.dubois","subscriber_msisdn":"0699887766","sub":"SUB-PRIV-5",
            "address":{"street_address":"8 avenue Foch","postal_code":"75116","formatted":"8 avenue Foch\n75116 Paris"},
            "given_name_extra":["Camille"],"gender":["F"]}}"#))
        .with_priority(2)
        .mount(server).await;
}

/// The `Debug` and `Display` of failures of every kind, with `client` against `server`:
/// documented errors, HTTP errors, decode failures, transport failures.
async fn failures(
    client: &Client,
    server: &MockServer,
    consent: &Flow,
    request: &InitiateReady,
) -> Vec<String> {
    let mut seen = Vec::new();
    for (p, response) in [
        (
            "/GET/",
            json(
                500,
                r#"{"status":"error","error_type":"access denied","error_id":"21"}"#,
            ),
        ),
        (
            "/GET/",
            ResponseTemplate::new(500).set_body_raw("<html>0611223344 Dubois</html>", "text/html"),
        ),
        (
            "/GET/",
            json(
                200,
                r#"{"status":"success","formfilling":{"family_name":"Dubois""#,
            ),
        ),
        ("/GET/", json(200, r#""Dubois 0611223344""#)),
        ("/GET/", json(200, r#"{"status":"frozen"}"#)),
    ] {
        server.reset().await;
        on_post(server, p, response).await;
        let e = client.retrieve(consent).await.unwrap_err();
        seen.push(format!("{e:?} / {e}"));
    }
    server.reset().await;
    on_post(
        server,
        "/ACCESS_TOKEN/",
        json(200, r#"{"access_token":"TOKEN-PRIV-3","expires_in":"300"}"#),
    )
    .await;
    on_post(
        server,
        "/IDMOBILE/",
        json(
            200,
            r#"{"status":"error","error_type":"operator Orange unreachable","error_id":"16"}"#,
        ),
    )
    .await;
    let e = client.initiate(request).await.unwrap_err();
    seen.push(format!("{e:?} / {e}"));
    let refused = builder_with(
        "http://127.0.0.1:9",
        Credentials::new("LIC-PRIV-1", "SECRET-PRIV-2"),
    )
    .build()
    .unwrap();
    let e = refused
        .initiate_with_token(request, Token::new("TOKEN-PRIV-3"))
        .await
        .unwrap_err();
    seen.push(format!("{e:?} / {e}"));
    let flow = Flow::new(
        &Token::new("TOKEN-PRIV-3"),
        Scope::Formfilling,
        client.clock(),
    );
    let e = refused
        .with_method(dqe_client::endpoint::Method::Get)
        .retrieve(&flow)
        .await
        .unwrap_err();
    seen.push(format!("{e:?} / {e}"));

    seen
}

#[tokio::test]
async fn nothing_personal_or_secret_in_logs_debug_or_display() {
    // tracing caches per call site whether anyone listens; with the other tests of this binary
    // logging on other threads at the same time, this test's spans could go missing. So it
    // runs alone, in a child process of this binary, as it did in a binary of its own.
    if std::env::var_os(ALONE).is_none() {
        let name = format!(
            "{}::nothing_personal_or_secret_in_logs_debug_or_display",
            module_path!().split_once("::").unwrap().1
        );
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", &name, "--test-threads=1", "--nocapture"])
            .env(ALONE, "1")
            .output()
            .unwrap();
        let shown = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success() && shown.contains("1 passed"),
            "{shown}"
        );
        return;
    }
    let capture = Capture::default();
    let _guard = capture.install(true);

    let server = MockServer::start().await;
    mount_flow(&server).await;

    let client = builder_with(
        server.uri(),
        Credentials::new("LIC-PRIV-1", "SECRET-PRIV-2"),
    )
    .poll_interval(Duration::from_secs(1))
    .build()
    .unwrap();
    let mut seen = Vec::new();
    seen.push(format!("{client:?}"));

    let token = client.token().await.unwrap();
    seen.push(format!("{token:?}"));
    let request = step1("0611223344");
    seen.push(format!("{request:?}"));
    let consent = client.initiate(&request).await.unwrap();
    seen.push(format!("{consent:?} {:?}", consent.flow()));
    let data = client
        .wait(consent.flow(), Duration::from_secs(30))
        .await
        .unwrap();
    seen.push(format!("{data:?} {data:#?}"));
    assert_eq!(
        data.formfilling.as_ref().unwrap().family_name.as_deref(),
        Some("Dubois")
    );

    seen.extend(failures(&client, &server, consent.flow(), &request).await);

    drop(_guard);
    let logs = capture.text();
    for text in seen.iter().chain(std::iter::once(&logs)) {
        for s in SECRETS {
            assert!(!text.contains(s), "{s:?} leaked into:\n{text}");
        }
    }
    // The spans say what happened, without values.
    for needle in [
        "endpoint=\"access_token\"",
        "endpoint=\"initiate\"",
        "endpoint=\"retrieve\"",
        "method=\"POST\"",
        "method=\"GET\"",
        "http.status=200",
        "http.status=500",
        "error_id=\"21\"",
        "error_id=\"16\"",
        "duration_ms",
    ] {
        assert!(logs.contains(needle), "{needle} missing from logs:\n{logs}");
    }
}
