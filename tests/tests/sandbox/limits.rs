//! A sandbox left running, and hostile callers: absurd settings refused at start, state capped
//! and gone with its token, values and bodies bounded by what DQE accepts, tokens and consent
//! ids unguessable, accounts never shown.

use super::*;
use dqe_client::client::Check;
use dqe_client::*;
use dqe_sandbox::{FULL_ERROR_ID, MAX_BODY_BYTES, MAX_DURATION, MAX_URL_BYTES, MAX_VALUE_BYTES};

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
    let v = post_json(&s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
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
    let v = post_json(&s, InitiateRequest::INFO.path, &step1_body(&token, "")).await;
    assert_eq!(v["status"], "success", "{v}");
    let consent_url = s.consent_url(&token).unwrap();
    new_token(&s).await;
    new_token(&s).await;
    assert_eq!(s.live_entries(), 3);
    // Full: a clear refusal, not a fourth entry.
    let r = post(&s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
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
        let r = post(&s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
        if r.status() == 503 {
            refused += 1;
            continue;
        }
        let v: serde_json::Value = r.json().await.unwrap();
        let token = v["access_token"].as_str().unwrap().to_owned();
        let body = step1_body(&token, "").replace("name=ACME", &format!("name={big}"));
        let r = post(&s, InitiateRequest::INFO.path, body).await;
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
    let v = post_json(&s, step1, &body).await;
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
        let r = post(&s, step1, body).await;
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
        id(&post_json(&s, AccessTokenRequest::INFO.path, &body).await),
        "01"
    );
    let body = format!("token={token}&Licence=SANDBOX-LICENCE&scope={}", long(300));
    assert_eq!(
        id(&post_json(&s, RetrieveRequest::INFO.path, &body).await),
        "01"
    );
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
    let r = post(&s, AccessTokenRequest::INFO.path, padded).await;
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
        let v = post_json(&s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
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
