//! The consent page in a real browser: headless Chromium (Debian's `chromium`, driven through
//! `chromedriver`) opens the sandbox's consent page, then approves with the code sent by SMS,
//! approves with a wrong code, or declines. Each run checks the redirect DQE makes to
//! `redirect_uri` (token and status added) and what step 2 then answers.
//!
//! `.ci/run` installs the browser. Set `DQE_UPDATE_SCREENSHOT=1` to refresh the README's
//! screenshot (`docs/consent-page.png`).

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use dqe_client::client::{Client, Error};
use dqe_client::sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};
use dqe_client::*;
use fantoccini::{Client as Browser, Locator};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is installed (Debian packages chromium and chromium-driver; .ci/run installs them)");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

async fn browser(driver: &Driver, profile: &std::path::Path) -> Browser {
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=900,760",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    Browser::with_capabilities_and_connector(&driver.url, &caps, connector)
        .await
        .expect("a browser session starts")
}

#[derive(Clone, Copy, Debug)]
enum Action {
    ApproveWithCode,
    ApproveWithWrongCode,
    Decline,
}

async fn run(action: Action, driver: &Driver, screenshot: bool) {
    let sandbox = Sandbox::start(
        SandboxConfig {
            show_code: true,
            pending_time: Duration::from_millis(500),
            ..SandboxConfig::default()
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();
    let merchant = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/back"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<h1>Back at the shop</h1>", "text/html"),
        )
        .mount(&merchant)
        .await;
    let client = Client::builder()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .poll_interval(Duration::from_secs(1))
        .build()
        .unwrap();
    let request = InitiateRequest::new()
        .number("0612345678")
        .mode(Mode::Code)
        .name("Boutique Éloïse")
        .scope(Scope::Formfilling)
        .redirect_uri(format!("{}/back?order=42", merchant.uri()));
    let consent = client.initiate(&request).await.unwrap();
    let token = consent.flow().token().secret().expose_secret().to_owned();
    let code = sandbox.sms_code(&token).expect("the sandbox sent a code");

    let profile =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("chromium-{action:?}"));
    let b = browser(driver, &profile).await;
    b.goto(consent.url().unwrap()).await.unwrap();
    let partner = b
        .find(Locator::Id("partner"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(partner, "Boutique Éloïse");
    let data = b
        .find(Locator::Id("data"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        data.contains("identity"),
        "the data asked for is shown: {data}"
    );
    let shown = b
        .find(Locator::Id("test-code"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(shown.contains(&code), "test mode shows the SMS code");
    if screenshot {
        let png = b.screenshot().await.unwrap();
        let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/consent-page.png");
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        std::fs::write(&out, png).unwrap();
    }
    let input = b.find(Locator::Id("code")).await.unwrap();
    match action {
        Action::ApproveWithCode => input.send_keys(&code).await.unwrap(),
        Action::ApproveWithWrongCode => {
            let wrong = if code == "000000" { "111111" } else { "000000" };
            input.send_keys(wrong).await.unwrap();
        }
        Action::Decline => {}
    }
    let button = match action {
        Action::Decline => "decline",
        _ => "approve",
    };
    b.find(Locator::Id(button))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // DQE sends the browser back to the merchant, with the token and a status.
    let mut landed = None;
    for _ in 0..100 {
        let url = b.current_url().await.unwrap();
        if url.as_str().starts_with(&merchant.uri()) {
            landed = Some(url);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let landed = landed.expect("the browser is redirected to redirect_uri");
    assert_eq!(landed.path(), "/back");
    assert!(landed.query().unwrap().starts_with("order=42&"), "{landed}");
    let callback = Callback::from_query(landed.as_str()).unwrap();
    assert_eq!(callback.token, token);
    let heading = b
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "Back at the shop");
    b.close().await.unwrap();

    let result = client.wait(consent.flow(), Duration::from_secs(20)).await;
    match action {
        Action::ApproveWithCode => {
            assert_eq!(callback.status, CallbackStatus::Success);
            let data = result.unwrap();
            assert_eq!(
                data.formfilling.unwrap().phone_number.as_deref(),
                Some("0612345678")
            );
            // The callback alone is enough to retrieve, from another process.
            let again = client
                .complete_callback(landed.as_str(), Scope::Formfilling, Duration::from_secs(20))
                .await
                .unwrap();
            assert!(again.formfilling.is_some());
        }
        Action::ApproveWithWrongCode => {
            assert_eq!(callback.status, CallbackStatus::Error);
            let e = result.unwrap_err();
            assert!(
                matches!(e, Error::Api(RetrieveError::OtpIncorrect { .. })),
                "{e:?}"
            );
        }
        Action::Decline => {
            assert_eq!(callback.status, CallbackStatus::Error);
            let e = result.unwrap_err();
            assert!(
                matches!(e, Error::Api(RetrieveError::AccessDenied { .. })),
                "{e:?}"
            );
        }
    }
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_page_in_headless_chromium() {
    let driver = driver().await;
    let update = std::env::var_os("DQE_UPDATE_SCREENSHOT").is_some();
    run(Action::ApproveWithCode, &driver, update).await;
    run(Action::ApproveWithWrongCode, &driver, false).await;
    run(Action::Decline, &driver, false).await;
}
