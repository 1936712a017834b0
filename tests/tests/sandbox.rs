//! The sandbox through the real client over loopback: every scenario number gives its
//! documented error at the right step, every validation situation gives the error the spec
//! names for it, over GET and POST, and the normal flow goes pending then success.

use std::net::SocketAddr;
use std::time::Duration;

use dqe_client::client::{Check, Client, Error, Token};
use dqe_client::endpoint::Method;
use dqe_client::sandbox::{
    DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, FULL_ERROR_ID, MAX_BODY_BYTES, MAX_DURATION,
    MAX_URL_BYTES, MAX_VALUE_BYTES, Sandbox, SandboxConfig, scenarios,
};
use dqe_client::*;

async fn sandbox(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap()
}

fn client(s: &Sandbox, m: Method) -> Client {
    Client::builder()
        .server(s.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .method(m)
        .poll_interval(Duration::from_secs(1))
        .build()
        .unwrap()
}

fn request(
    number: &str,
) -> InitiateRequest<endpoint::Set, endpoint::Set, endpoint::Set, endpoint::Set> {
    InitiateRequest::new()
        .number(number)
        .mode(Mode::Code)
        .name("ACME")
        .scope(Scope::Formfilling)
}

#[tokio::test]
async fn every_scenario_number_gives_its_documented_error() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let list = scenarios();
    assert_eq!(
        list.len(),
        InitiateRequest::INFO.errors.len() + RetrieveRequest::INFO.errors.len(),
        "one scenario per documented error of each step"
    );
    for m in [Method::Post, Method::Get] {
        let c = client(&s, m);
        for (number, step, id, text) in &list {
            if *step == 1 {
                let e = c.initiate(&request(number)).await.unwrap_err();
                let Error::Api(e) = e else {
                    panic!("{number}: {e:?}")
                };
                assert_eq!((e.id(), e.error_type()), (*id, text.as_str()), "{number}");
            } else {
                let consent = c.initiate(&request(number)).await.unwrap();
                let e = c
                    .wait(consent.flow(), Duration::from_secs(30))
                    .await
                    .unwrap_err();
                let Error::Api(e) = e else {
                    panic!("{number}: {e:?}")
                };
                assert_eq!((e.id(), e.error_type()), (*id, text.as_str()), "{number}");
            }
        }
    }
    // The operator is chosen by number, and named in the operator errors.
    let e = client(&s, Method::Post)
        .initiate(&request("0629100014"))
        .await
        .unwrap_err();
    assert_eq!(
        e.api().map(|e| e.error_type().to_owned()),
        Some("operator SFR not authorized for this licence".to_owned())
    );
    let consent = client(&s, Method::Post)
        .initiate(&request("0633445566"))
        .await
        .unwrap();
    assert_eq!(consent.operator(), Some("Bouygues Telecom"));
}

#[tokio::test]
async fn a_retryable_error_once_then_success() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&request("0619300099")).await.unwrap();
    let e = c.retrieve(consent.flow()).await.unwrap_err();
    assert!(e.is_retryable(), "{e:?}");
    let data = c
        .wait(consent.flow(), Duration::from_secs(30))
        .await
        .unwrap();
    assert!(data.formfilling.is_some());
}

#[tokio::test]
async fn the_normal_flow_is_pending_then_success() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_millis(1500),
        ..SandboxConfig::default()
    })
    .await;
    for m in [Method::Post, Method::Get] {
        let c = client(&s, m);
        let consent = c.initiate(&request("06 12 34 56 78")).await.unwrap();
        assert_eq!(consent.operator(), Some("Orange"));
        assert!(consent.url().unwrap().starts_with(s.url()));
        assert!(matches!(
            c.retrieve(consent.flow()).await.unwrap(),
            Check::Pending(_)
        ));
        let data = c
            .wait(consent.flow(), Duration::from_secs(30))
            .await
            .unwrap();
        let f = data.formfilling.unwrap();
        assert_eq!(f.phone_number.as_deref(), Some("0612345678"));
        assert!(f.address.unwrap().formatted.unwrap().contains('\n'));
        assert!(f.updated_at.unwrap().epoch_seconds().is_some());
        assert_eq!(data.scope.unwrap().as_slice(), [Scope::Formfilling]);
    }
}

#[tokio::test]
async fn without_consent_step_two_stays_pending() {
    let s = sandbox(SandboxConfig::default()).await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&request("0612345678")).await.unwrap();
    let e = c
        .wait(consent.flow(), Duration::from_secs(2))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::WaitTimeout { .. }), "{e:?}");
}

/// A plain HTTP client that neither follows redirects nor keeps cookies. reqwest is built here
/// without a crypto provider of its own: building a dqe client installs the one it uses.
fn http() -> reqwest::Client {
    Client::builder()
        .server("http://127.0.0.1:9")
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .build()
        .unwrap();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Sends raw pairs to an endpoint, as a client with a bug would.
async fn raw(s: &Sandbox, path: &str, body: &str) -> serde_json::Value {
    let r = http()
        .post(format!("{}{path}", s.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    r.json().await.unwrap()
}

fn id(v: &serde_json::Value) -> &str {
    v["error_id"].as_str().unwrap_or("none")
}

#[tokio::test]
async fn validation_answers_what_the_spec_names() {
    let s = sandbox(SandboxConfig {
        token_lifetime: Duration::from_secs(60),
        ..SandboxConfig::default()
    })
    .await;
    let token_path = AccessTokenRequest::INFO.path;
    let ok = "licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET&grant_type=client_idmobile";
    let v = raw(&s, token_path, ok).await;
    let token = v["access_token"].as_str().unwrap().to_owned();
    assert_eq!(v["expires_in"], "60");
    for (body, want) in [
        (
            "client_secret=SANDBOX-SECRET&grant_type=client_idmobile",
            "01",
        ),
        (
            "licence=NOPE&client_secret=SANDBOX-SECRET&grant_type=client_idmobile",
            "22",
        ),
        (
            "licence=SANDBOX-LICENCE&client_secret=NOPE&grant_type=client_idmobile",
            "03",
        ),
        (
            "licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET&grant_type=password",
            "31",
        ),
        ("licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET", "01"),
    ] {
        assert_eq!(id(&raw(&s, token_path, body).await), want, "{body}");
    }
    let step1 = InitiateRequest::INFO.path;
    let base = format!("token={token}&mode=2&name=ACME&licence=SANDBOX-LICENCE&scope=formfilling");
    for (body, want) in [
        (base.clone(), "01"),
        (format!("number=&{base}"), "11"),
        (
            format!("number=0612345678&{}", base.replace("mode=2", "mode=7")),
            "01",
        ),
        (
            format!(
                "number=0612345678&{}",
                base.replace("scope=formfilling", "scope=horoscope")
            ),
            "04",
        ),
        (
            format!("number=0612345678&{}", base.replace(&token, "expired")),
            "30",
        ),
        (
            format!(
                "number=0612345678&{}",
                base.replace("licence=SANDBOX-LICENCE", "licence=X")
            ),
            "02",
        ),
        (
            format!("number=0612345678&{}", base.replace("licence=", "Licence=")),
            "01",
        ),
    ] {
        assert_eq!(id(&raw(&s, step1, &body).await), want, "{body}");
    }
    let v = raw(&s, step1, &format!("number=0612345678&{base}")).await;
    assert_eq!(v["status"], "success");
    let step2 = RetrieveRequest::INFO.path;
    for (body, want) in [
        (
            format!("token={token}&licence=SANDBOX-LICENCE&scope=formfilling"),
            "01",
        ),
        (
            format!("token={token}&Licence=SANDBOX-LICENCE&scope=matching"),
            "04",
        ),
        (
            "token=nope&Licence=SANDBOX-LICENCE&scope=formfilling".to_owned(),
            "30",
        ),
    ] {
        assert_eq!(id(&raw(&s, step2, &body).await), want, "{body}");
    }
    let v = raw(
        &s,
        step2,
        &format!("token={token}&Licence=SANDBOX-LICENCE&scope=formfilling"),
    )
    .await;
    assert_eq!(v["status"], "pending");
}

#[tokio::test]
async fn an_expired_token_answers_the_expired_error() {
    let s = sandbox(SandboxConfig {
        token_lifetime: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let e = c.initiate(&request("0612345678")).await.unwrap_err();
    assert!(
        matches!(e, Error::Api(InitiateError::InvalidOrExpiredToken { .. })),
        "{e:?}"
    );
    let e = client(&s, Method::Post)
        .initiate_with_token(&request("0612345678"), Token::new("made-up"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Api(InitiateError::InvalidOrExpiredToken { .. })),
        "{e:?}"
    );
}

#[test]
fn the_readme_lists_every_scenario() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    for (number, step, id, text) in scenarios() {
        let row = format!("| `{number}` | {step} | `{id}` {text} |");
        assert!(
            readme.contains(&row),
            "README.md lacks the scenario row {row}"
        );
    }
}

// --------------------------------------------------------------------------------------------
// A sandbox left running, hostile callers (issue 8).
// --------------------------------------------------------------------------------------------

const TOKEN_BODY: &str =
    "licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET&grant_type=client_idmobile";

/// Sends raw pairs to an endpoint and returns the whole response.
async fn raw_response(
    s: &Sandbox,
    path: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    http()
        .post(format!("{}{path}", s.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn new_token(s: &Sandbox) -> String {
    let v = raw(s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
    v["access_token"].as_str().unwrap().to_owned()
}

fn step1_body(token: &str, extra: &str) -> String {
    format!(
        "number=0612345678&token={token}&mode=2&name=ACME&licence=SANDBOX-LICENCE&scope=formfilling{extra}"
    )
}

#[test]
fn sandbox_config_debug_hides_accounts() {
    let config = SandboxConfig {
        accounts: vec![
            ("LICENCE-4711".to_owned(), "SECRET-0815".to_owned()),
            ("LICENCE-2".to_owned(), "SECRET-2".to_owned()),
        ],
        ..SandboxConfig::default()
    };
    let shown = format!("{config:?}");
    for secret in ["LICENCE-4711", "SECRET-0815", "LICENCE-2", "SECRET-2"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert_eq!(
        shown,
        "SandboxConfig { accounts: [(<redacted>, <redacted>), (<redacted>, <redacted>)], \
         token_lifetime: 300s, consent_lifetime: 300s, pending_time: 2s, auto_approve: false, \
         show_code: false, public_url: None, max_entries: 10000 }"
    );
    let shown = format!("{:#?}", SandboxConfig::default());
    assert!(!shown.contains(DEFAULT_LICENCE) && !shown.contains(DEFAULT_CLIENT_SECRET));
}

#[tokio::test]
async fn absurd_settings_are_refused_at_start_and_long_ones_never_panic() {
    let at = SocketAddr::from(([127, 0, 0, 1], 0));
    let cases: [(&str, SandboxConfig); 4] = [
        (
            "token_lifetime",
            SandboxConfig {
                token_lifetime: Duration::MAX,
                ..SandboxConfig::default()
            },
        ),
        (
            "consent_lifetime",
            SandboxConfig {
                consent_lifetime: Duration::MAX,
                ..SandboxConfig::default()
            },
        ),
        (
            "pending_time",
            SandboxConfig {
                pending_time: Duration::MAX,
                ..SandboxConfig::default()
            },
        ),
        (
            "max_entries",
            SandboxConfig {
                max_entries: 0,
                ..SandboxConfig::default()
            },
        ),
    ];
    for (setting, config) in cases {
        let e = Sandbox::start(config, at).await.unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{setting}");
        assert!(e.to_string().contains(setting), "{setting}: {e}");
    }
    // The longest accepted durations: a whole flow without a panic, pending all along.
    let s = sandbox(SandboxConfig {
        token_lifetime: MAX_DURATION,
        consent_lifetime: MAX_DURATION,
        pending_time: MAX_DURATION,
        auto_approve: true,
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let consent = c.initiate(&request("0612345678")).await.unwrap();
    assert!(matches!(
        c.retrieve(consent.flow()).await.unwrap(),
        Check::Pending(_)
    ));
    let v = raw(&s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
    assert_eq!(v["expires_in"], MAX_DURATION.as_secs().to_string());
}

#[tokio::test]
async fn state_is_capped_and_expires_with_the_token() {
    let s = sandbox(SandboxConfig {
        token_lifetime: Duration::from_secs(1),
        max_entries: 3,
        ..SandboxConfig::default()
    })
    .await;
    let token = new_token(&s).await;
    let v = raw(&s, InitiateRequest::INFO.path, &step1_body(&token, "")).await;
    assert_eq!(v["status"], "success", "{v}");
    let consent_url = s.consent_url(&token).unwrap();
    new_token(&s).await;
    new_token(&s).await;
    assert_eq!(s.live_entries(), 3);
    // Full: a clear refusal, not a fourth entry.
    let r = raw_response(&s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
    assert_eq!(r.status(), 503);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error_id"], FULL_ERROR_ID);
    assert!(v.get("access_token").is_none());
    assert!(
        v["error_type"].as_str().unwrap().contains("max_entries"),
        "{v}"
    );
    assert_eq!(s.live_entries(), 3);
    // Once the tokens expire, they go with their flow and consent page.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(s.live_entries(), 0);
    assert_eq!(s.consent_url(&token), None);
    assert_eq!(s.sms_code(&token), None);
    let page = http().get(&consent_url).send().await.unwrap();
    assert_eq!(page.status(), 404);
    new_token(&s).await;
    assert_eq!(s.live_entries(), 1);
}

#[tokio::test]
async fn a_loop_of_step_one_calls_does_not_grow_the_sandbox() {
    let s = sandbox(SandboxConfig {
        max_entries: 5,
        ..SandboxConfig::default()
    })
    .await;
    let big = "x".repeat(2 * 1024 * 1024);
    let mut refused = 0;
    for _ in 0..20 {
        let r = raw_response(&s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
        if r.status() == 503 {
            refused += 1;
            continue;
        }
        let v: serde_json::Value = r.json().await.unwrap();
        let token = v["access_token"].as_str().unwrap().to_owned();
        let body = step1_body(&token, "").replace("name=ACME", &format!("name={big}"));
        let r = raw_response(&s, InitiateRequest::INFO.path, body).await;
        assert_eq!(r.status(), 413);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error_id"], "01");
        assert_eq!(s.consent_url(&token), None, "nothing was stored");
    }
    assert_eq!(refused, 15);
    assert_eq!(s.live_entries(), 5);
}

#[tokio::test]
async fn values_longer_than_dqe_accepts_get_the_invalid_request_error() {
    let s = sandbox(SandboxConfig::default()).await;
    let step1 = InitiateRequest::INFO.path;
    let long = |n: usize| "a".repeat(n);
    // At the bound: accepted.
    let token = new_token(&s).await;
    let name = long(MAX_VALUE_BYTES);
    let redirect = format!("https://shop.example/back?{}", long(MAX_URL_BYTES - 26));
    assert_eq!(redirect.len(), MAX_URL_BYTES);
    let body = step1_body(&token, &format!("&redirect_uri={redirect}"))
        .replace("name=ACME", &format!("name={name}"));
    let v = raw(&s, step1, &body).await;
    assert_eq!(v["status"], "success", "{v}");
    // One byte over: the documented error, and nothing stored.
    for (what, body) in [
        (
            "name",
            step1_body(&token, "").replace("name=ACME", &format!("name={}", long(257))),
        ),
        (
            "code_name",
            step1_body(&token, &format!("&code_name={}", long(257))),
        ),
        (
            "number",
            step1_body(&token, "").replace("0612345678", &format!("06{}", "1".repeat(255))),
        ),
        (
            "redirect_uri",
            step1_body(&token, &format!("&redirect_uri={redirect}a")),
        ),
        (
            "redirect_uri with a line break",
            step1_body(
                &token,
                "&redirect_uri=https://shop.example/%0d%0aSet-Cookie:x=1",
            ),
        ),
    ] {
        let before = s.consent_url(&token);
        let r = raw_response(&s, step1, body).await;
        assert_eq!(r.status(), 400, "{what}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(id(&v), "01", "{what}");
        assert_eq!(
            s.consent_url(&token),
            before,
            "{what}: the flow is unchanged"
        );
    }
    // Credentials are bounded too: a huge licence is an invalid request, not an unknown one.
    let body = TOKEN_BODY.replace("SANDBOX-LICENCE", &long(300));
    assert_eq!(
        id(&raw(&s, AccessTokenRequest::INFO.path, &body).await),
        "01"
    );
    let body = format!("token={token}&Licence=SANDBOX-LICENCE&scope={}", long(300));
    assert_eq!(id(&raw(&s, RetrieveRequest::INFO.path, &body).await), "01");
    // Over GET too.
    let r = http()
        .get(format!(
            "{}{}?{}",
            s.url(),
            AccessTokenRequest::INFO.path,
            TOKEN_BODY.replace("SANDBOX-SECRET", &long(300))
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(id(&r.json().await.unwrap()), "01");
    // The whole body: over MAX_BODY_BYTES, refused with 413 and the same error.
    let padded = format!("{TOKEN_BODY}&pad={}", long(MAX_BODY_BYTES));
    let r = raw_response(&s, AccessTokenRequest::INFO.path, padded).await;
    assert_eq!(r.status(), 413);
    assert_eq!(id(&r.json().await.unwrap()), "01");
}

#[tokio::test]
async fn tokens_and_consent_ids_are_128_bit_random_values() {
    let s = sandbox(SandboxConfig::default()).await;
    let c = client(&s, Method::Post);
    let hex128 = |v: &str| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit());
    let mut seen = std::collections::HashSet::new();
    for _ in 0..5 {
        let v = raw(&s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
        let token = v["access_token"].as_str().unwrap();
        assert!(hex128(token.trim_start_matches("sbx-")), "{token}");
        let refresh = v["refresh_token"].as_str().unwrap();
        assert!(hex128(refresh.trim_start_matches('*')), "{refresh}");
        let consent = c.initiate(&request("0612345678")).await.unwrap();
        let url = consent.url().unwrap().to_owned();
        let consent_id = url.rsplit('/').next().unwrap();
        assert!(hex128(consent_id), "{url}");
        let token = consent.flow().token().secret().expose_secret().to_owned();
        let code = s.sms_code(&token).unwrap();
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
        assert!(seen.insert(token) && seen.insert(consent_id.to_owned()));
    }
}

/// Opens a consent page as a browser does: the `Cookie` header to send back and the form's
/// anti-forgery value.
async fn open_page(b: &reqwest::Client, url: &str) -> (String, String) {
    let r = b.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let set_cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let html = r.text().await.unwrap();
    let marker = "name=\"form_key\" value=\"";
    let start = html
        .find(marker)
        .expect("the form has an anti-forgery field")
        + marker.len();
    let key = html[start..start + html[start..].find('"').unwrap()].to_owned();
    assert_eq!(cookie.split_once('=').unwrap().1, key);
    (cookie, key)
}

async fn submit(
    b: &reqwest::Client,
    url: &str,
    cookie: Option<&str>,
    form: &str,
) -> reqwest::Response {
    let mut request = b
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_owned());
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

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
