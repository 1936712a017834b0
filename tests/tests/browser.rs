//! The consent page in a real browser: headless Chromium (Debian's `chromium`, driven through
//! `chromedriver`) opens the sandbox's consent page, then approves with the code sent by SMS,
//! approves with a wrong code, or declines. Each run checks the redirect DQE makes to
//! `redirect_uri` (token and status added to its query, its fragment kept) and what step 2
//! then answers. Another site's page that posts the consent form for the customer is refused; an
//! answer after the consent expired is told so (410).
//!
//! `scripts/test` (the README's test command) installs the browser. Set `DQE_UPDATE_SCREENSHOT=1` to refresh the README's
//! screenshot (`docs/consent-page.png`) and the guide's copy of it
//! (`dqe-client/src/guide/consent-page.png.base64`).

use std::net::SocketAddr;
use std::time::Duration;

use dqe_client::client::{Check, Client, Error, Flow};
use dqe_client::*;
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};
use fantoccini::{Client as Browser, Locator};
use tests::chromium::{browser, driver, profile};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Copy, Debug)]
enum Action {
    ApproveWithCode,
    ApproveWithWrongCode,
    Decline,
}

/// The consent page as the customer sees it: the partner, the data asked for, and in test
/// mode the SMS code; its screenshot saved for the README if `screenshot`.
async fn check_page(b: &Browser, code: &str, screenshot: bool) {
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
    assert!(shown.contains(code), "test mode shows the SMS code");
    if screenshot {
        let png = b.screenshot().await.unwrap();
        let out = root().join(SCREENSHOT);
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        std::fs::write(&out, &png).unwrap();
        std::fs::write(
            root().join(GUIDE_SCREENSHOT),
            Document::new(png).to_base64(),
        )
        .unwrap();
    }
}

/// The screenshot of the consent page, for the README.
const SCREENSHOT: &str = "docs/consent-page.png";
/// The same screenshot as Base64, which the guide's flow chapter shows as a data URI (docs.rs
/// serves no image file beside a page); written with [`SCREENSHOT`].
const GUIDE_SCREENSHOT: &str = "dqe-client/src/guide/consent-page.png.base64";

/// The repository's root.
fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The guide shows the README's screenshot: both are written by the same refresh, and one
/// edited or refreshed without the other fails here (no browser needed).
#[test]
fn the_guide_shows_the_readme_s_screenshot() {
    let png = std::fs::read(root().join(SCREENSHOT)).unwrap();
    let base64 = std::fs::read_to_string(root().join(GUIDE_SCREENSHOT)).unwrap();
    assert!(
        !base64.contains(char::is_whitespace),
        "{GUIDE_SCREENSHOT} is one line, with no final line break: it ends inside an HTML attribute"
    );
    let shown = Document::from_base64(&base64).expect("Base64");
    assert!(
        shown.as_bytes() == png.as_slice(),
        "{GUIDE_SCREENSHOT} is not {SCREENSHOT}: refresh both with DQE_UPDATE_SCREENSHOT=1"
    );
}

/// The customer's answer on the page: the code (right or wrong) and a button.
async fn answer(b: &Browser, action: Action, code: &str) {
    let input = b.find(Locator::Id("code")).await.unwrap();
    match action {
        Action::ApproveWithCode => input.send_keys(code).await.unwrap(),
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
}

/// The URL the browser lands on, once it is on a page of `site`.
async fn landed_on(b: &Browser, site: &str) -> reqwest::Url {
    for _ in 0..100 {
        let url = b.current_url().await.unwrap();
        if url.as_str().starts_with(site) {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the browser is redirected to redirect_uri");
}

/// What step 2 answers after `action`, and the callback's status; an approved flow is also
/// completed from the callback and the flow as a session would keep them.
async fn check_result(
    action: Action,
    client: &Client,
    flow: &Flow,
    landed: &reqwest::Url,
    callback: &Callback,
) {
    let result = client.wait(flow, Duration::from_secs(20)).await;
    match action {
        Action::ApproveWithCode => {
            assert_eq!(callback.status, CallbackStatus::Success);
            let data = result.unwrap();
            assert_eq!(
                data.formfilling.unwrap().phone_number.as_deref(),
                Some("0612345678")
            );
            // The callback with the flow kept in the session is enough to retrieve, from
            // another process.
            let stored = serde_json::to_string(flow).unwrap();
            let resumed: Flow = serde_json::from_str(&stored).unwrap();
            let again = client
                .complete_callback(landed.as_str(), &resumed, Duration::from_secs(20))
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
}

/// The sandbox on loopback, showing the code it sends by SMS on its consent page, with `config`
/// for the rest.
async fn sandbox(config: SandboxConfig) -> Sandbox {
    let config = SandboxConfig {
        show_code: true,
        ..config
    };
    Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap()
}

/// A client of `sandbox` with its default account, polling every second.
fn client(sandbox: &Sandbox) -> Client {
    Client::builder()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .poll_interval(Duration::from_secs(1))
        .build()
        .unwrap()
}

/// The Chromium profile directory of the session `name`.
async fn run(action: Action, b: &Browser, screenshot: bool) {
    let sandbox = sandbox(SandboxConfig {
        pending_time: Duration::from_millis(500),
        ..SandboxConfig::default()
    })
    .await;
    let merchant = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/back"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<h1>Back at the shop</h1>", "text/html"),
        )
        .mount(&merchant)
        .await;
    let client = client(&sandbox);
    let request = InitiateRequest::new()
        .number("0612345678")
        .name("Boutique Éloïse")
        .formfilling()
        .redirect_uri(format!("{}/back?order=42#receipt", merchant.uri()));
    let consent = client.initiate(&request).await.unwrap();
    let token = consent.flow().token().secret().expose_secret().to_owned();
    let code = sandbox.sms_code(&token).expect("the sandbox sent a code");

    b.goto(consent.url().unwrap()).await.unwrap();
    check_page(b, &code, screenshot).await;
    answer(b, action, &code).await;
    // DQE sends the browser back to the merchant, with the token and a status.
    let landed = landed_on(b, &merchant.uri()).await;
    assert_eq!(landed.path(), "/back");
    assert!(landed.query().unwrap().starts_with("order=42&"), "{landed}");
    assert_eq!(landed.fragment(), Some("receipt"), "{landed}");
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

    check_result(action, &client, consent.flow(), &landed, &callback).await;
    sandbox.stop().await;
}

/// Text of the page's first `h1`, once the browser is on a page of `site` that has one.
async fn heading_on(b: &Browser, site: &str) -> String {
    for _ in 0..100 {
        let url = b.current_url().await.unwrap();
        if url.as_str().starts_with(site)
            && let Ok(h1) = b.find(Locator::Css("h1")).await
            && let Ok(text) = h1.text().await
        {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the browser never showed a page of {site}");
}

/// Another site's page posts the consent form for the customer (a cross-site request
/// forgery, here a decline) in the browser that opened the consent page: the sandbox refuses
/// it and nothing changes; the customer's own answer on the page then goes through.
async fn forged_post(b: &Browser) {
    let sandbox = sandbox(SandboxConfig {
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let client = client(&sandbox);
    let request = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .formfilling();
    let consent = client.initiate(&request).await.unwrap();
    let url = consent.url().unwrap().to_owned();
    let token = consent.flow().token().secret().expose_secret().to_owned();
    let code = sandbox.sms_code(&token).expect("the sandbox sent a code");
    let other_site = MockServer::start().await;
    let forged = format!(
        "<form id=\"f\" method=\"post\" action=\"{url}\">\
         <input name=\"action\" value=\"decline\"><input name=\"form_key\" value=\"guessed\">\
         </form><script>document.getElementById('f').submit()</script>"
    );
    Mock::given(method("GET"))
        .and(path("/win-a-prize"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(forged, "text/html"))
        .mount(&other_site)
        .await;

    // The customer opened the consent page (the browser holds its cookie), then the other site.
    b.goto(&url).await.unwrap();
    b.goto(&format!("{}/win-a-prize", other_site.uri()))
        .await
        .unwrap();
    let heading = heading_on(b, sandbox.url()).await;
    assert_eq!(heading, "This answer did not come from the consent page.");
    assert!(matches!(
        client.retrieve(consent.flow()).await.unwrap(),
        Check::Pending(_)
    ));
    // The consent is still open: the customer answers on the page itself.
    b.goto(&url).await.unwrap();
    b.find(Locator::Id("code"))
        .await
        .unwrap()
        .send_keys(&code)
        .await
        .unwrap();
    b.find(Locator::Id("approve"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let heading = loop {
        let heading = heading_on(b, sandbox.url()).await;
        if heading != "This answer did not come from the consent page." && !heading.contains("asks")
        {
            break heading;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(heading, "Thank you: your details will be shared.");
    let data = client
        .wait(consent.flow(), Duration::from_secs(20))
        .await
        .unwrap();
    assert!(data.formfilling.is_some());
    sandbox.stop().await;
}

/// A customer who answers after the consent expired: the page's anti-forgery cookie expired
/// with it, and the browser is told the request expired (HTTP 410), as the README says, not
/// that the answer did not come from the page. The consent is let expire by the sandbox
/// ([`Sandbox::expire`]) once the code is typed, and the browser's cookies are dropped, as its
/// cookie jar drops the page's once the consent's lifetime (the cookie's `Max-Age`) has passed:
/// no short lifetime raced on a loaded machine.
async fn late_answer(b: &Browser) {
    let sandbox = sandbox(SandboxConfig::default()).await;
    let client = client(&sandbox);
    let request = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .formfilling();
    let consent = client.initiate(&request).await.unwrap();
    let token = consent.flow().token().secret().expose_secret().to_owned();
    let code = sandbox.sms_code(&token).expect("the sandbox sent a code");
    b.goto(consent.url().unwrap()).await.unwrap();
    b.find(Locator::Id("code"))
        .await
        .unwrap()
        .send_keys(&code)
        .await
        .unwrap();
    sandbox.expire(&token).unwrap();
    b.delete_all_cookies().await.unwrap();
    b.find(Locator::Id("approve"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut text = String::new();
    for _ in 0..100 {
        text = b
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap_or_default();
        if text.contains("expired") || text.contains("did not come") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(text.contains("This consent request has expired."), "{text}");
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_page_in_headless_chromium() {
    let driver = driver().await;
    let update = std::env::var_os("DQE_UPDATE_SCREENSHOT").is_some();
    // Two browser sessions, each running its customers one after another (a customer coming
    // back later in the same browser): on two cores, each Chromium started costs more than the
    // journeys' waits, which the two sessions spend side by side. The late answer, which drops
    // the browser's cookies, comes last in its session.
    let profiles = [profile("consent-1"), profile("consent-2")];
    let (first, second) = tokio::join!(
        browser(&driver, &profiles[0]),
        browser(&driver, &profiles[1]),
    );
    tokio::join!(
        async {
            run(Action::ApproveWithCode, &first, update).await;
            run(Action::Decline, &first, false).await;
            late_answer(&first).await;
        },
        async {
            run(Action::ApproveWithWrongCode, &second, false).await;
            forged_post(&second).await;
        },
    );
    for b in [first, second] {
        b.close().await.unwrap();
    }
}
