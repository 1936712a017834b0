//! The sign-up page in a real browser: headless Chromium (Debian's `chromium`, driven through
//! `chromedriver`) opens the shop, asks to fill the form from the operator, answers on the
//! sandbox's consent page with the code it shows in test mode, and comes back to the shop:
//! the form filled, or the sentence for a decline or a wrong code; an answer after the consent
//! expired is told so by the sandbox's page. A French customer's browser gets both sites in
//! French.
//!
//! `scripts/test` (the README's test command) installs the browser.

use std::net::SocketAddr;
use std::time::Duration;

use dqe_client::client::Client;
use dqe_client::{Credentials, CustomerOutcome, Lang, Scope};
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};
use fantoccini::{Client as Browser, Locator};
use tests::chromium::{Driver, browser, browser_in, driver, profile};

/// The sandbox and the shop on free ports; the shop's URL.
async fn start(config: SandboxConfig) -> (Sandbox, String) {
    let sandbox = Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let client = Client::builder()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .build()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let shop = format!("http://{}", listener.local_addr().unwrap());
    let app = merchant_signup::app(client, shop.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (sandbox, shop)
}

fn config() -> SandboxConfig {
    SandboxConfig {
        show_code: true,
        pending_time: Duration::from_millis(500),
        ..SandboxConfig::default()
    }
}

/// Polls `check` every 50 ms for up to 10 s.
async fn eventually<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    for _ in 0..200 {
        if let Some(t) = check().await {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never happened: {what}");
}

/// The language of the page the browser shows (`<html lang>`).
async fn page_lang(b: &Browser) -> String {
    let html = b.find(Locator::Css("html")).await.unwrap();
    html.attr("lang").await.unwrap().unwrap_or_default()
}

/// The browser on the shop, sent to the sandbox's consent page with "Fill from my operator":
/// the code the page shows (test mode). A French customer's browser prefers French
/// (`Accept-Language: fr-FR,fr`, [`french_browser`]).
async fn to_consent(b: &Browser, french: bool, shop: &str, sandbox: &Sandbox) -> String {
    b.goto(shop).await.unwrap();
    let h1 = b
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    if french {
        assert_eq!(page_lang(b).await, "fr");
        assert_eq!(h1, "Inscription chez Boutique Éloïse");
    } else {
        assert_eq!(h1, "Sign up at Boutique Éloïse");
    }
    b.find(Locator::Id("fill-phone"))
        .await
        .unwrap()
        .send_keys("0612345678")
        .await
        .unwrap();
    b.find(Locator::Id("fill"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the consent page shows the code", async || {
        let url = b.current_url().await.ok()?;
        if !url.as_str().starts_with(sandbox.url()) {
            return None;
        }
        b.find(Locator::Css("#test-code b"))
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await
}

/// Clicks `button` (`approve` or `decline`) on the consent page, having typed `code`.
async fn answer(b: &Browser, code: Option<&str>, button: &str) {
    if let Some(code) = code {
        let input = b.find(Locator::Id("code")).await.unwrap();
        input.send_keys(code).await.unwrap();
    }
    b.find(Locator::Id(button))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Back at the shop's sign-up form (after "fetching your details..." if the data was not
/// there yet): the family name and given name inputs' values, and the error shown, if any.
async fn back_at_shop(b: &Browser, shop: &str) -> (String, String, Option<String>) {
    eventually("the shop shows the sign-up form again", async || {
        let url = b.current_url().await.ok()?;
        if !url.as_str().starts_with(&format!("{shop}/callback")) {
            return None;
        }
        let family = b.find(Locator::Id("family_name")).await.ok()?;
        let family = family.prop("value").await.ok()??;
        let given = b.find(Locator::Id("given_name")).await.ok()?;
        let given = given.prop("value").await.ok()??;
        let error = match b.find(Locator::Id("error")).await {
            Ok(e) => Some(e.text().await.ok()?),
            Err(_) => None,
        };
        Some((family, given, error))
    })
    .await
}

async fn approve(b: &Browser) {
    let (sandbox, shop) = start(config()).await;
    let code = to_consent(b, false, &shop, &sandbox).await;
    answer(b, Some(&code), "approve").await;
    let (family, given, error) = back_at_shop(b, &shop).await;
    assert_eq!(
        (family.as_str(), given.as_str(), error),
        ("Lefèvre", "Zoé", None)
    );
    let birthdate = b.find(Locator::Id("birthdate")).await.unwrap();
    assert_eq!(
        birthdate.prop("value").await.unwrap().as_deref(),
        Some("1990-02-14")
    );
    let address = b.find(Locator::Id("address")).await.unwrap();
    let address = address.prop("value").await.unwrap().unwrap_or_default();
    assert!(address.contains("69003 Lyon"), "{address}");
    sandbox.stop().await;
}

async fn refused(b: &Browser, wrong_code: bool) {
    let (sandbox, shop) = start(config()).await;
    let code = to_consent(b, false, &shop, &sandbox).await;
    if wrong_code {
        let wrong = if code == "000000" { "111111" } else { "000000" };
        answer(b, Some(wrong), "approve").await;
    } else {
        answer(b, None, "decline").await;
    }
    let (family, given, error) = back_at_shop(b, &shop).await;
    let expected = if wrong_code {
        CustomerOutcome::WrongCode
    } else {
        CustomerOutcome::Declined
    };
    assert_eq!(
        (family.as_str(), given.as_str(), error.as_deref()),
        ("", "", Some(expected.message()))
    );
    sandbox.stop().await;
}

/// A French customer declines: the shop and the sandbox's consent page speak French (what it
/// lists is the spec's `customer_text` in French), and so does the sentence the shop shows.
async fn french(b: &Browser) {
    let (sandbox, shop) = start(config()).await;
    to_consent(b, true, &shop, &sandbox).await;
    assert_eq!(page_lang(b).await, "fr");
    let shared = b.find(Locator::Css("#data li")).await.unwrap();
    let formfilling = Scope::Formfilling.info().unwrap();
    assert_eq!(
        shared.text().await.unwrap(),
        formfilling.customer_text_in(Lang::Fr)
    );
    assert_ne!(
        formfilling.customer_text_in(Lang::Fr),
        formfilling.customer_text_in(Lang::En)
    );
    answer(b, None, "decline").await;
    let (_, _, error) = back_at_shop(b, &shop).await;
    assert_eq!(
        error.as_deref(),
        Some(CustomerOutcome::Declined.message_in(Lang::Fr))
    );
    assert_eq!(page_lang(b).await, "fr");
    sandbox.stop().await;
}

/// A customer who answers too late: the consent expires while the page is open (the sandbox
/// lets it expire at once, [`Sandbox::expire`], rather than after a short lifetime raced on a
/// loaded machine), and the sandbox's page says so.
async fn expired(b: &Browser) {
    let (sandbox, shop) = start(config()).await;
    let code = to_consent(b, false, &shop, &sandbox).await;
    b.find(Locator::Id("code"))
        .await
        .unwrap()
        .send_keys(&code)
        .await
        .unwrap();
    let consent_url = b.current_url().await.unwrap();
    sandbox.expire(consent_url.as_str()).unwrap();
    answer(b, None, "approve").await;
    eventually("the sandbox's page says the consent expired", async || {
        let body = b.find(Locator::Css("body")).await.ok()?.text().await.ok()?;
        body.contains("This consent request has expired.")
            .then_some(())
    })
    .await;
    sandbox.stop().await;
}

/// A browser session of the customers whose browser prefers French.
async fn french_browser(driver: &Driver) -> Browser {
    browser_in(driver, &profile("merchant-fr"), "fr-FR,fr").await
}

/// A browser session of customers with Chromium's own languages (English).
async fn english_browser(driver: &Driver, name: &str) -> Browser {
    browser(driver, &profile(name)).await
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_up_in_headless_chromium() {
    let driver = driver().await;
    // Two browser sessions, each running its customers one after another (a customer coming
    // back to the shop later, in the same browser): on two cores, each Chromium started costs
    // more than the journeys' waits, which the two sessions spend side by side.
    let (english, french_b) = tokio::join!(
        english_browser(&driver, "merchant-en"),
        french_browser(&driver)
    );
    tokio::join!(
        async {
            approve(&english).await;
            refused(&english, false).await;
            refused(&english, true).await;
            expired(&english).await;
        },
        french(&french_b),
    );
    for b in [english, french_b] {
        b.close().await.unwrap();
    }
}
