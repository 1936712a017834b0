//! The customer's side for a merchant's tests: consent given at once redirects the browser
//! back, a late answer says it is late, and a test answers for the customer, or lets a consent
//! expire, without a browser.

use super::*;
use dqe_client::client::{Check, Error};
use dqe_client::*;
use dqe_sandbox::{AnswerError, CustomerAnswer};

/// Step 1 with a `redirect_uri`, as a web page sends it.
fn with_redirect(number: &str) -> InitiateReady {
    request(number).redirect_uri("https://shop.example/back?order=42")
}

#[tokio::test]
async fn auto_approve_sends_the_browser_back_at_once() {
    let s = approving().await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&with_redirect("0612345678")).await.unwrap();
    let r = http().get(consent.url().unwrap()).send().await.unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("https://shop.example/back?order=42&"),
        "{location}"
    );
    assert!(location.contains("status=success"), "{location}");
    // The redirect carries this flow's token: the callback completes the flow.
    let data = c
        .complete_callback(&location, consent.flow(), Duration::from_secs(10))
        .await
        .unwrap();
    assert!(data.formfilling.is_some());

    // Without a redirect_uri, the page says consent was given.
    let consent = c.initiate(&request("0612345678")).await.unwrap();
    let r = http().get(consent.url().unwrap()).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_late_answer_from_the_page_is_410_when_its_cookie_expired_with_it() {
    let s = sandbox(SandboxConfig {
        consent_lifetime: Duration::from_millis(300),
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&request("0612345678")).await.unwrap();
    let url = consent.url().unwrap().to_owned();
    let b = http();
    let (_cookie, key) = open_page(&b, &url).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    // The browser no longer sends the cookie (its Max-Age was the consent's lifetime).
    let r = submit(
        &b,
        &url,
        None,
        &format!("form_key={key}&action=approve&code=000000"),
    )
    .await;
    assert_eq!(r.status(), 410);
    assert!(r.text().await.unwrap().contains("expired"));
}

#[tokio::test]
async fn a_test_answers_for_the_customer_by_consent_url_or_token() {
    let s = sandbox(SandboxConfig {
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let approve = c.initiate(&request("0612345678")).await.unwrap();
    s.answer(approve.url().unwrap(), CustomerAnswer::Approve)
        .unwrap();
    let data = c
        .wait(approve.flow(), Duration::from_secs(10))
        .await
        .unwrap();
    assert!(data.formfilling.is_some());
    assert_eq!(
        s.answer(approve.url().unwrap(), CustomerAnswer::Decline),
        Err(AnswerError::AlreadyAnswered)
    );

    let decline = c.initiate(&request("0612345678")).await.unwrap();
    let token = decline.flow().token();
    s.answer(token.secret().expose_secret(), CustomerAnswer::Decline)
        .unwrap();
    let e = c
        .wait(decline.flow(), Duration::from_secs(10))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Api(RetrieveError::AccessDenied { .. })),
        "{e:?}"
    );

    let wrong = c.initiate(&request("0612345678")).await.unwrap();
    s.answer(wrong.url().unwrap(), CustomerAnswer::WrongCode)
        .unwrap();
    let e = c
        .wait(wrong.flow(), Duration::from_secs(10))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Api(RetrieveError::OtpIncorrect { .. })),
        "{e:?}"
    );

    assert_eq!(
        s.answer("http://127.0.0.1:1/consent/nope", CustomerAnswer::Approve),
        Err(AnswerError::Unknown)
    );
}

#[tokio::test]
async fn an_expired_consent_cannot_be_answered() {
    let s = sandbox(SandboxConfig {
        consent_lifetime: Duration::from_millis(200),
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&request("0612345678")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        s.answer(consent.url().unwrap(), CustomerAnswer::Approve),
        Err(AnswerError::Expired)
    );
}

/// A test lets a consent expire at once rather than racing a short lifetime: its page and its
/// answers then say it expired, and step 2 answers the error of an unfinished code check, as
/// after the whole lifetime.
#[tokio::test]
async fn a_test_lets_a_consent_expire_at_once() {
    let s = sandbox(SandboxConfig::default()).await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&request("0612345678")).await.unwrap();
    let url = consent.url().unwrap().to_owned();
    let b = http();
    let (cookie, key) = open_page(&b, &url).await;
    s.expire(&url).unwrap();
    assert_eq!(b.get(&url).send().await.unwrap().status(), 410);
    let r = submit(
        &b,
        &url,
        Some(&cookie),
        &format!("form_key={key}&action=approve&code=000000"),
    )
    .await;
    assert_eq!(r.status(), 410);
    assert_eq!(
        s.answer(&url, CustomerAnswer::Approve),
        Err(AnswerError::Expired)
    );
    assert_eq!(s.expire(&url), Err(AnswerError::Expired));
    let e = c.retrieve(consent.flow()).await.unwrap_err();
    assert!(
        matches!(e, Error::Api(RetrieveError::OtpIncorrect { .. })),
        "{e:?}"
    );

    // By its token too; an answered consent or an unknown one does not expire.
    let by_token = c.initiate(&request("0612345678")).await.unwrap();
    s.expire(by_token.flow().token().secret().expose_secret())
        .unwrap();
    assert_eq!(
        s.answer(by_token.url().unwrap(), CustomerAnswer::Decline),
        Err(AnswerError::Expired)
    );
    let answered = c.initiate(&request("0612345678")).await.unwrap();
    s.answer(answered.url().unwrap(), CustomerAnswer::Approve)
        .unwrap();
    assert_eq!(
        s.expire(answered.url().unwrap()),
        Err(AnswerError::AlreadyAnswered)
    );
    assert_eq!(
        s.expire("http://127.0.0.1:1/consent/nope"),
        Err(AnswerError::Unknown)
    );
}

#[tokio::test]
async fn a_page_checks_the_callback_once_and_answers_at_once() {
    let s = sandbox(SandboxConfig {
        pending_time: Duration::from_secs(60),
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&with_redirect("0612345678")).await.unwrap();
    let token = consent.flow().token();
    let query =
        <Api as dqe_client::journey::Journey>::callback_query(token.secret().expose_secret(), true);
    // Before consent, and while DQE waits for the operator: pending, at once.
    assert!(matches!(
        c.check_callback(&query, consent.flow()).await.unwrap(),
        Check::Pending(_)
    ));
    s.answer(consent.url().unwrap(), CustomerAnswer::Approve)
        .unwrap();
    assert!(matches!(
        c.check_callback(&query, consent.flow()).await.unwrap(),
        Check::Pending(_)
    ));
    // Another flow's callback is refused before any request, as complete_callback does.
    let other = c.initiate(&request("0612345678")).await.unwrap();
    let e = c.check_callback(&query, other.flow()).await.unwrap_err();
    assert!(matches!(e, Error::Callback(_)), "{e:?}");
}
