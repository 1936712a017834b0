//! The consent page: its form refuses what the page did not issue, the callback goes back in
//! the query before the fragment, and a consent left unanswered expires.

use super::*;
use dqe_client::client::{Check, Error};
use dqe_client::*;

#[tokio::test]
async fn the_consent_form_refuses_what_the_page_did_not_issue() {
    let s = sandbox(SandboxConfig {
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let consent = c
        .initiate(&request("0612345678").redirect_uri("https://shop.example/back?order=42"))
        .await
        .unwrap();
    let url = consent.url().unwrap().to_owned();
    let token = consent.flow().token().secret().expose_secret().to_owned();
    let code = s.sms_code(&token).unwrap();
    let b = http();
    // A POST made without loading the page.
    let r = submit(&b, &url, None, "action=decline").await;
    assert_eq!(r.status(), 403);
    let (cookie, key) = open_page(&b, &url).await;
    // Same length, one character changed.
    let wrong = format!(
        "{}{}",
        if key.starts_with('0') { '1' } else { '0' },
        &key[1..]
    );
    // Another browser's value (someone else who opened the page), in this browser.
    let (_, other_key) = open_page(&b, &url).await;
    assert_ne!(other_key, key);
    for (what, cookie, form) in [
        (
            "no field",
            Some(cookie.as_str()),
            "action=decline".to_owned(),
        ),
        (
            "a wrong field",
            Some(cookie.as_str()),
            format!("action=decline&form_key={wrong}"),
        ),
        (
            "an empty field",
            Some(cookie.as_str()),
            "action=decline&form_key=".to_owned(),
        ),
        (
            "no cookie (a cross-site form)",
            None,
            format!("action=decline&form_key={key}"),
        ),
        (
            "another browser's value",
            Some(cookie.as_str()),
            format!("action=decline&form_key={other_key}"),
        ),
        (
            "the cookie's value, not issued",
            Some("dqe_sandbox_x=abc"),
            "action=decline&form_key=abc".to_owned(),
        ),
    ] {
        let r = submit(&b, &url, cookie, &form).await;
        assert_eq!(r.status(), 403, "{what}");
        assert!(r.headers().get("location").is_none(), "{what}");
        let page = r.text().await.unwrap();
        assert!(page.contains("Nothing was changed"), "{what}: {page}");
        assert!(!page.contains(&token), "{what}");
    }
    // Untouched: step 2 still waits, the page still asks.
    assert!(matches!(
        c.retrieve(consent.flow()).await.unwrap(),
        Check::Pending(_)
    ));
    let (cookie, key) = open_page(&b, &url).await;
    // The page's own form goes through.
    let r = submit(
        &b,
        &url,
        Some(&cookie),
        &format!("form_key={key}&code={code}&action=approve"),
    )
    .await;
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap();
    let callback = Callback::from_query(location).unwrap();
    assert_eq!(callback.status, CallbackStatus::Success);
    let data = c
        .wait(consent.flow(), Duration::from_secs(10))
        .await
        .unwrap();
    assert!(data.formfilling.is_some());
}

#[tokio::test]
async fn the_callback_goes_into_the_query_before_the_fragment() {
    let s = sandbox(SandboxConfig::default()).await;
    let c = client(&s, Method::Post);
    let b = http();
    for (redirect, query_start) in [
        ("https://shop.example/back?order=42#receipt", "order=42&"),
        ("https://shop.example/back#receipt", ""),
    ] {
        let consent = c
            .initiate(&request("0612345678").redirect_uri(redirect))
            .await
            .unwrap();
        let url = consent.url().unwrap().to_owned();
        let token = consent.flow().token().secret().expose_secret().to_owned();
        let (cookie, key) = open_page(&b, &url).await;
        let r = submit(
            &b,
            &url,
            Some(&cookie),
            &format!("form_key={key}&action=decline"),
        )
        .await;
        assert_eq!(r.status(), 303);
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        let (before, fragment) = location.split_once('#').unwrap();
        assert_eq!(fragment, "receipt", "{redirect}");
        let (path, query) = before.split_once('?').unwrap();
        assert_eq!(path, "https://shop.example/back", "{redirect}");
        assert!(query.starts_with(query_start), "{redirect}");
        let callback = Callback::from_query(query).unwrap();
        assert_eq!(callback.token, token);
        assert_eq!(callback.status, CallbackStatus::Error);
    }
}

#[tokio::test]
async fn a_consent_left_unanswered_expires() {
    let s = sandbox(SandboxConfig {
        consent_lifetime: Duration::from_millis(300),
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&request("0612345678")).await.unwrap();
    let url = consent.url().unwrap().to_owned();
    let b = http();
    let (cookie, key) = open_page(&b, &url).await;
    assert!(matches!(
        c.retrieve(consent.flow()).await.unwrap(),
        Check::Pending(_)
    ));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(b.get(&url).send().await.unwrap().status(), 410);
    let r = submit(
        &b,
        &url,
        Some(&cookie),
        &format!("form_key={key}&action=decline"),
    )
    .await;
    assert_eq!(r.status(), 410);
    let e = c.retrieve(consent.flow()).await.unwrap_err();
    assert!(
        matches!(e, Error::Api(RetrieveError::OtpIncorrect { .. })),
        "{e:?}"
    );
}
