//! The sandbox through the real client over loopback: every scenario number gives its
//! documented error at the right step, for every scope, every validation situation gives the
//! error the spec names for it (each scope's own parameters included), over GET and POST, the
//! normal flow goes pending then success, and every scope of the spec is served with data made
//! from the spec alone, one-step scopes at step 1.

use std::net::SocketAddr;
use std::time::Duration;

use dqe_client::client::{Check, Client, Error, Token};
use dqe_client::endpoint::Method;
use dqe_client::sandbox::{
    DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, FULL_ERROR_ID, MAX_BODY_BYTES, MAX_DURATION,
    MAX_JSON_BYTES, MAX_URL_BYTES, MAX_VALUE_BYTES, Sandbox, SandboxConfig, scenarios,
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

fn request(number: &str) -> InitiateReady {
    InitiateRequest::new()
        .number(number)
        .name("ACME")
        .formfilling()
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
            format!("token={token}&Licence=SANDBOX-LICENCE&scope=horoscope"),
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

// --------------------------------------------------------------------------------------------
// Every scope from the spec alone (issue 10): data made from the spec, each scope's parameters
// checked with the spec's errors, one-step scopes answered at step 1, scenarios for all.
// --------------------------------------------------------------------------------------------

use dqe_client::client::Started;
use dqe_client::endpoint::{EndpointInfo, FieldInfo, ParamInfo, ScopeInfo, ValueKind};

/// Posts raw pairs with `b` and reads the JSON answer.
async fn post(b: &reqwest::Client, s: &Sandbox, path: &str, body: &str) -> serde_json::Value {
    b.post(format!("{}{path}", s.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A token, over `b`.
async fn token_with(b: &reqwest::Client, s: &Sandbox) -> String {
    let v = post(b, s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
    v["access_token"].as_str().unwrap().to_owned()
}

/// A value of `p`'s kind, as a caller would send it: a JSON object with every key filled, a
/// number of hours, text.
fn sample(p: &ParamInfo) -> String {
    match p.kind {
        ValueKind::Integer => "24".to_owned(),
        ValueKind::Json(keys) => serde_json::Value::Object(
            keys.iter()
                .map(|k| ((*k).to_owned(), serde_json::Value::from("1")))
                .collect(),
        )
        .to_string(),
        _ => "x".to_owned(),
    }
}

/// Step 1's form for `number` asking for `scopes`, with the parameters those scopes require
/// (read from the spec, as any caller would send them) and no `mode`.
fn scopes_body(token: &str, number: &str, scopes: &[&ScopeInfo]) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("number", number)
        .append_pair("token", token)
        .append_pair("name", "ACME")
        .append_pair("licence", DEFAULT_LICENCE);
    let wires: Vec<_> = scopes.iter().map(|s| s.wire).collect();
    form.append_pair("scope", &wires.join(","));
    for p in InitiateRequest::INFO.params {
        let required = scopes.iter().any(|s| s.requires.contains(&p.name));
        if required {
            form.append_pair(p.wire, &sample(p));
        }
    }
    form.finish()
}

/// Step 2's form for `scopes`.
fn step2_body(token: &str, scopes: &[&ScopeInfo]) -> String {
    let wires: Vec<_> = scopes.iter().map(|s| s.wire).collect();
    format!(
        "token={token}&Licence={DEFAULT_LICENCE}&scope={}",
        wires.join(",")
    )
}

/// The keys a scope adds to an endpoint's success.
fn scope_fields(info: &EndpointInfo, scope: &ScopeInfo) -> Vec<&'static FieldInfo> {
    let success = info.outcomes.iter().find(|o| !o.pending).unwrap();
    success
        .fields
        .iter()
        .filter(|f| f.scope == Some(scope.wire))
        .collect()
}

/// Whether a reply holds a value for a key (not missing, `null` or `""`).
fn has(v: &serde_json::Value, key: &str) -> bool {
    match v.get(key) {
        None | Some(serde_json::Value::Null) => false,
        Some(serde_json::Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

#[tokio::test]
async fn every_scope_file_is_served_with_data_from_the_spec() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let b = http();
    assert!(Scope::INFO.len() > 1, "the spec has several scopes");
    for scope in Scope::INFO {
        let token = token_with(&b, &s).await;
        let body = scopes_body(&token, "0612345678", &[scope]);
        let v = post(&b, &s, InitiateRequest::INFO.path, &body).await;
        let what = scope.wire;
        assert_eq!(v["status"], "success", "{what}: {v}");
        assert_eq!(v["operator"], "Orange", "{what}");
        let reply: InitiateReply = serde_json::from_value(v.clone()).unwrap();
        assert!(matches!(reply, InitiateReply::Success(_)), "{what}");
        for f in scope_fields(&InitiateRequest::INFO, scope) {
            assert!(has(&v, f.wire), "{what}: step 1 lacks `{}`: {v}", f.wire);
        }
        let step2 = post(
            &b,
            &s,
            RetrieveRequest::INFO.path,
            &step2_body(&token, &[scope]),
        )
        .await;
        if scope.one_step {
            // The result is step 1's reply: no consent page, no flow to retrieve.
            assert!(v.get("url").is_none(), "{what}: {v}");
            assert_eq!(s.consent_url(&token), None, "{what}");
            assert_eq!(s.sms_code(&token), None, "{what}");
            assert_eq!(id(&step2), "30", "{what}: {step2}");
            continue;
        }
        assert!(v["url"].as_str().unwrap().starts_with(s.url()), "{what}");
        assert_eq!(step2["status"], "success", "{what}: {step2}");
        assert_eq!(step2["scope"], scope.wire, "{what}");
        let reply: RetrieveReply = serde_json::from_value(step2.clone()).unwrap();
        assert!(matches!(reply, RetrieveReply::Success(_)), "{what}");
        let fields = scope_fields(&RetrieveRequest::INFO, scope);
        assert!(!fields.is_empty(), "{what} adds data to step 2");
        for f in fields {
            assert!(
                has(&step2, f.wire),
                "{what}: step 2 lacks `{}`: {step2}",
                f.wire
            );
        }
        // Only the data of the scope asked for.
        for other in Scope::INFO.iter().filter(|o| o.wire != scope.wire) {
            for f in scope_fields(&RetrieveRequest::INFO, other) {
                assert!(step2.get(f.wire).is_none(), "{what}: {step2}");
            }
        }
    }
}

/// `user_infos` as a caller fills it, with the phone some operators require.
fn infos() -> UserInfos {
    let mut infos = UserInfos::default();
    infos.firstname = Some("Zoé".to_owned());
    infos.lastname = Some("Lefèvre".to_owned());
    infos.phone = Some("0612345678".to_owned());
    infos
}

/// The result of a request whose scopes all answer at step 1.
async fn done(c: &Client, request: &InitiateReady) -> InitiateSuccess {
    match c.start(request).await.unwrap() {
        Started::Done(result) => *result,
        other => panic!("expected the result at step 1: {other:?}"),
    }
}

/// The data of a request whose scopes need consent (given at once).
async fn consented(c: &Client, request: &InitiateReady) -> RetrieveSuccess {
    let Started::Consent(consent) = c.start(request).await.unwrap() else {
        panic!("expected a consent")
    };
    assert!(consent.url().is_some());
    c.wait(consent.flow(), Duration::from_secs(30))
        .await
        .unwrap()
}

#[tokio::test]
async fn each_scope_through_the_client_gets_its_result() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let start = || InitiateRequest::new().number("06 12 34 56 78").name("ACME");
    // One step: the result is step 1's reply, values from the spec's examples or types.
    let r = done(&c, &start().simswap(24)).await;
    assert_eq!(r.swapped, Some(false), "the spec's example");
    assert_eq!(
        (r.url.as_deref(), r.operator.as_deref()),
        (None, Some("Orange"))
    );
    let r = done(&c, &start().matching_notp(infos()).country("FR")).await;
    assert_eq!(r.family_name.map(Score::get), Some(1.0));
    assert!(r.address.unwrap().postal_code.is_some());
    assert_eq!(r.swapped, None, "simswap was not asked for");
    // Two steps.
    let d = consented(&c, &start().num_verify()).await;
    assert_eq!(d.num_verify, Some(true));
    assert!(d.formfilling.is_none() && d.matching.is_none());
    assert_eq!(d.scope.unwrap().as_slice(), [Scope::NumVerify]);
    assert_eq!(d.code_name, None, "no code_name was sent");
    let d = consented(&c, &start().matching(infos())).await;
    assert_eq!(d.matching.unwrap().family_name.map(Score::get), Some(1.0));
    let d = consented(
        &c,
        &start().formfilling().matching(infos()).code_name("C-42"),
    )
    .await;
    let f = d.formfilling.unwrap();
    assert_eq!(f.phone_number.as_deref(), Some("0612345678"), "{{number}}");
    assert_eq!(f.family_name.as_deref(), Some("Lefèvre"));
    assert!(d.matching.is_some());
    assert_eq!(d.num_verify, None);
    assert_eq!(d.code_name.as_deref(), Some("C-42"), "given back");
    assert_eq!(
        d.scope.unwrap().as_slice(),
        [Scope::Formfilling, Scope::Matching]
    );
}

#[tokio::test]
async fn each_scope_checks_its_parameters_with_the_spec_errors() {
    let s = sandbox(SandboxConfig::default()).await;
    let b = http();
    let token = token_with(&b, &s).await;
    let base = format!("number=0612345678&token={token}&name=ACME&licence={DEFAULT_LICENCE}");
    let json = |v: &str| form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>();
    let infos = json(&serde_json::to_string(&infos()).unwrap());
    for (extra, want) in [
        // A parameter a scope requires: missing or empty is 05, as the spec names it.
        ("&scope=matching".to_owned(), "05"),
        ("&scope=matching&user_infos=".to_owned(), "05"),
        ("&scope=matching_notp".to_owned(), "05"),
        ("&scope=simswap".to_owned(), "05"),
        ("&scope=simswap&period=".to_owned(), "05"),
        // The union of the scopes' requirements.
        (format!("&scope=matching,simswap&user_infos={infos}"), "05"),
        ("&scope=matching,simswap&period=24".to_owned(), "05"),
        // Not a JSON object: 06; without the key the spec names: 07 (empty counts as missing).
        (
            format!("&scope=matching&user_infos={}", json("not json")),
            "06",
        ),
        (
            format!("&scope=matching_notp&user_infos={}", json("[1]")),
            "06",
        ),
        (
            format!(
                "&scope=matching&user_infos={}",
                json("{\"lastname\":\"x\"}")
            ),
            "07",
        ),
        (
            format!("&scope=matching&user_infos={}", json("{\"phone\":\"\"}")),
            "07",
        ),
        (
            format!("&scope=matching&user_infos={}", json("{\"phone\":null}")),
            "07",
        ),
        // Hostile values: nested past the parser's depth limit, not UTF-8.
        (
            format!("&scope=matching&user_infos={}", json(&"[".repeat(4000))),
            "06",
        ),
        (
            format!(
                "&scope=matching&user_infos={}",
                json(&format!("{}1{}", "{\"a\":".repeat(600), "}".repeat(600)))
            ),
            "06",
        ),
        ("&scope=matching&user_infos=%FF%FE%00".to_owned(), "06"),
        // A whole number of hours.
        ("&scope=simswap&period=abc".to_owned(), "01"),
        ("&scope=simswap&period=-1".to_owned(), "01"),
        ("&scope=simswap&period=1.5".to_owned(), "01"),
        (
            "&scope=simswap&period=99999999999999999999999".to_owned(),
            "01",
        ),
        // Shared parameters keep their checks.
        ("&scope=formfilling&mode=7".to_owned(), "01"),
        ("&scope=formfilling,horoscope".to_owned(), "04"),
        ("&scope=".to_owned(), "01"),
        (String::new(), "01"),
    ] {
        let v = post(
            &b,
            &s,
            InitiateRequest::INFO.path,
            &format!("{base}{extra}"),
        )
        .await;
        assert_eq!(id(&v), want, "{extra}: {v}");
    }
    for extra in [
        // `mode` has a default, and numVerify and simswap do not take it.
        "&scope=formfilling".to_owned(),
        "&scope=numVerify".to_owned(),
        "&scope=formfilling,numVerify".to_owned(),
        "&scope=simswap&period=24".to_owned(),
        "&scope=simswap&period=0".to_owned(),
        format!("&scope=matching&user_infos={infos}&mode=2"),
        format!("&scope=matching_notp&user_infos={infos}&country=FR"),
        format!("&scope=matching,simswap&user_infos={infos}&period=24"),
        // A scope asked twice is asked once.
        "&scope=formfilling,formfilling".to_owned(),
    ] {
        let v = post(
            &b,
            &s,
            InitiateRequest::INFO.path,
            &format!("{base}{extra}"),
        )
        .await;
        assert_eq!(v["status"], "success", "{extra}: {v}");
        assert!(v.get("error_id").is_none(), "{extra}: {v}");
    }
    // A JSON value may be longer than other values, up to its own bound.
    let long = |n: usize| {
        let pad = n - r#"{"phone":"1","lastname":""}"#.len();
        format!(r#"{{"phone":"1","lastname":"{}"}}"#, "a".repeat(pad))
    };
    let body = format!(
        "{base}&scope=matching_notp&user_infos={}",
        json(&long(MAX_JSON_BYTES))
    );
    let v = post(&b, &s, InitiateRequest::INFO.path, &body).await;
    assert_eq!(v["status"], "success", "{v}");
    let body = format!(
        "{base}&scope=matching_notp&user_infos={}",
        json(&long(MAX_JSON_BYTES + 1))
    );
    assert_eq!(
        id(&post(&b, &s, InitiateRequest::INFO.path, &body).await),
        "01"
    );
}

/// A parameter that none of the scopes asked for takes is ignored, as DQE ignores it: not
/// checked (a `user_infos` that is not JSON, a `period` that is not a number, a `mode` that is
/// not one of its values), whereas a request with a scope that takes it still gets the spec's
/// error.
#[tokio::test]
async fn a_parameter_no_scope_asked_for_takes_is_not_checked() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let b = http();
    let token = token_with(&b, &s).await;
    let base = format!("number=0612345678&token={token}&name=ACME&licence={DEFAULT_LICENCE}");
    let not_json = "&user_infos=not%20json";
    for (extra, want) in [
        (format!("&scope=numVerify{not_json}"), None),
        (format!("&scope=simswap&period=24{not_json}"), None),
        (format!("&scope=formfilling{not_json}"), None),
        ("&scope=formfilling&period=soon&country=FR".to_owned(), None),
        ("&scope=numVerify&mode=7".to_owned(), None),
        ("&scope=simswap&period=24&mode=7".to_owned(), None),
        (format!("&scope=matching{not_json}"), Some("06")),
        (format!("&scope=numVerify,matching{not_json}"), Some("06")),
        (
            "&scope=formfilling,simswap&period=soon".to_owned(),
            Some("01"),
        ),
        ("&scope=formfilling,numVerify&mode=7".to_owned(), Some("01")),
    ] {
        let v = post(
            &b,
            &s,
            InitiateRequest::INFO.path,
            &format!("{base}{extra}"),
        )
        .await;
        match want {
            None => assert_eq!(v["status"], "success", "{extra}: {v}"),
            Some(id) => assert_eq!(v["error_id"], id, "{extra}: {v}"),
        }
    }
    // Nor given back: step 2 echoes a `code_name` only when a scope asked for takes it.
    let v = post(
        &b,
        &s,
        InitiateRequest::INFO.path,
        &format!("{base}&scope=numVerify&code_name=C-42"),
    )
    .await;
    assert_eq!(v["status"], "success", "{v}");
    let step2 = post(
        &b,
        &s,
        RetrieveRequest::INFO.path,
        &format!("token={token}&Licence={DEFAULT_LICENCE}&scope=numVerify"),
    )
    .await;
    assert_eq!(step2["numVerify"], true, "{step2}");
    assert!(step2.get("code_name").is_none(), "{step2}");
}

/// simswap's result is the string `"false"` on the wire, as DQE sends it (the spec's example,
/// written back as it is read), and the client reads it as `false`.
#[tokio::test]
async fn simswap_answers_swapped_as_the_string_dqe_sends() {
    let s = sandbox(SandboxConfig::default()).await;
    let token = new_token(&s).await;
    let body = format!(
        "number=0612345678&token={token}&name=ACME&licence={DEFAULT_LICENCE}&scope=simswap&period=24"
    );
    let r = raw_response(&s, InitiateRequest::INFO.path, body).await;
    let text = r.text().await.unwrap();
    assert!(text.contains(r#""swapped":"false""#), "{text}");
    let c = client(&s, Method::Post);
    let start = InitiateRequest::new().number("0612345678").name("ACME");
    let r = done(&c, &start.simswap(24)).await;
    assert_eq!(r.swapped, Some(false));
}

/// `billing`'s proof of address through the client: the sandbox answers a small valid PDF
/// (the spec gives the field no example), in Base64 on the wire, and the client gives its
/// bytes, a PDF from `%PDF-` to `%%EOF`, whose cross-reference table says where it starts.
#[tokio::test]
async fn billing_gives_a_small_valid_pdf() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let d = consented(
        &c,
        &InitiateRequest::new()
            .number("0612345678")
            .name("ACME")
            .billing(),
    )
    .await;
    assert_eq!(d.scope.unwrap().as_slice(), [Scope::Billing]);
    assert!(d.formfilling.is_none() && d.oddities.is_empty());
    let pdf = d.billing.expect("the document");
    assert_eq!(pdf.kind(), DocumentKind::Pdf);
    let bytes = pdf.as_bytes();
    assert!(bytes.starts_with(b"%PDF-"), "{bytes:?}");
    assert!(bytes.ends_with(b"%%EOF\n"), "{bytes:?}");
    assert!((200..4096).contains(&bytes.len()), "{}", bytes.len());
    let text = std::str::from_utf8(bytes).unwrap();
    let (body, tail) = text.rsplit_once("startxref\n").unwrap();
    let xref: usize = tail.lines().next().unwrap().parse().unwrap();
    assert!(body[xref..].starts_with("xref\n"), "{text}");

    // On the wire: the Base64 text of those bytes.
    let token = new_token(&s).await;
    let step1 = format!(
        "number=0612345678&token={token}&mode=2&name=ACME&licence={DEFAULT_LICENCE}&scope=billing"
    );
    let v = raw(&s, InitiateRequest::INFO.path, &step1).await;
    assert!(v["url"].is_string(), "{v}");
    let step2 = format!("token={token}&Licence={DEFAULT_LICENCE}&scope=billing");
    let mut v = raw(&s, RetrieveRequest::INFO.path, &step2).await;
    for _ in 0..50 {
        if v["status"] != "pending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        v = raw(&s, RetrieveRequest::INFO.path, &step2).await;
    }
    assert_eq!(v["billing"].as_str(), Some(pdf.to_base64().as_str()), "{v}");
}

/// A description as the consent page writes it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[tokio::test]
async fn one_step_scopes_answer_at_once_and_the_page_lists_every_consent_scope() {
    let s = sandbox(SandboxConfig {
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let b = http();
    let (consent, one_step): (Vec<&ScopeInfo>, Vec<&ScopeInfo>) =
        Scope::INFO.iter().partition(|s| !s.one_step);
    assert!(!consent.is_empty() && !one_step.is_empty());
    // Every scope at once: the one-step results in step 1's reply, beside the consent URL.
    let all: Vec<&ScopeInfo> = Scope::INFO.iter().collect();
    let token = token_with(&b, &s).await;
    let v = post(
        &b,
        &s,
        InitiateRequest::INFO.path,
        &scopes_body(&token, "0612345678", &all),
    )
    .await;
    assert_eq!(v["status"], "success", "{v}");
    for scope in &one_step {
        for f in scope_fields(&InitiateRequest::INFO, scope) {
            assert!(has(&v, f.wire), "{}: {v}", f.wire);
        }
    }
    let url = v["url"].as_str().unwrap();
    assert_eq!(s.consent_url(&token).as_deref(), Some(url));
    let page = b.get(url).send().await.unwrap().text().await.unwrap();
    let list = &page[page.find("<ul id=\"data\">").unwrap()..];
    let list = &list[..list.find("</ul>").unwrap()];
    assert_eq!(list.matches("<li>").count(), consent.len(), "{list}");
    for scope in &consent {
        assert!(
            list.contains(&html(scope.description)),
            "{}: {list}",
            scope.wire
        );
    }
    for scope in &one_step {
        assert!(
            !list.contains(&html(scope.description)),
            "{}: {list}",
            scope.wire
        );
    }
    // Step 2 answers the consent scopes' data, once consent is given.
    let v = post(
        &b,
        &s,
        RetrieveRequest::INFO.path,
        &step2_body(&token, &all),
    )
    .await;
    assert_eq!(v["status"], "pending", "{v}");
}

#[tokio::test]
async fn every_scenario_number_works_for_every_scope() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let b = http();
    for scope in Scope::INFO {
        for (number, step, want, text) in scenarios() {
            let what = format!("{} {number}", scope.wire);
            let token = token_with(&b, &s).await;
            let body = scopes_body(&token, &number, &[scope]);
            let v = post(&b, &s, InitiateRequest::INFO.path, &body).await;
            if step == 1 {
                assert_eq!(
                    (id(&v), v["error_type"].as_str()),
                    (want, Some(text.as_str())),
                    "{what}"
                );
                continue;
            }
            assert_eq!(v["status"], "success", "{what}: {v}");
            if scope.one_step {
                // No step 2: its failures do not apply.
                assert!(v.get("url").is_none(), "{what}");
                continue;
            }
            let v = post(
                &b,
                &s,
                RetrieveRequest::INFO.path,
                &step2_body(&token, &[scope]),
            )
            .await;
            assert_eq!(
                (id(&v), v["error_type"].as_str()),
                (want, Some(text.as_str())),
                "{what}"
            );
        }
    }
}

// --------------------------------------------------------------------------------------------
// The customer's side for a merchant's tests: consent given at once redirects the browser back,
// a late answer says it is late, and a test answers for the customer without a browser.
// --------------------------------------------------------------------------------------------

use dqe_client::sandbox::{AnswerError, CustomerAnswer};

/// Step 1 with a `redirect_uri`, as a web page sends it.
fn with_redirect(number: &str) -> InitiateReady {
    request(number).redirect_uri("https://shop.example/back?order=42")
}

#[tokio::test]
async fn auto_approve_sends_the_browser_back_at_once() {
    let s = sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
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

/// What to tell the customer: each scenario's error comes with the outcome the spec maps its id
/// to, through the real client.
#[tokio::test]
async fn every_error_says_what_to_tell_the_customer() {
    use dqe_client::CustomerOutcome as O;
    let s = sandbox(SandboxConfig {
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    for (number, want) in [
        ("0619100009", O::NotEligible),
        ("0619100010", O::InvalidNumber),
        ("0619100016", O::Unavailable),
        ("0619100017", O::NotSupported),
        ("0619100002", O::Failed),
    ] {
        let e = c.initiate(&request(number)).await.unwrap_err();
        assert_eq!(e.customer_outcome(), want, "{number}: {e:?}");
    }
    for (number, want) in [
        ("0619200021", O::Declined),
        ("0619200020", O::WrongCode),
        ("0619200099", O::Unavailable),
    ] {
        let consent = c.initiate(&request(number)).await.unwrap();
        s.answer(consent.url().unwrap(), CustomerAnswer::Approve)
            .unwrap();
        let e = c
            .wait(consent.flow(), Duration::from_secs(10))
            .await
            .unwrap_err();
        assert_eq!(e.customer_outcome(), want, "{number}: {e:?}");
    }
    // The runtime's own failures: nobody answering is "try later".
    let gone = Client::builder()
        .server("http://127.0.0.1:9")
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .build()
        .unwrap();
    let e = gone.initiate(&request("0612345678")).await.unwrap_err();
    assert_eq!(e.customer_outcome(), O::Unavailable, "{e:?}");
}
