//! The sandbox over loopback, through the real client and as raw forms from a caller with a
//! bug: one test binary, a module per subject, the helpers they share here.
//!
//! - [`flow`]: the normal flow, pending then success; without consent it stays pending.
//! - [`scenarios`]: every scenario number gives its documented error at the right step, for
//!   every scope, with what to tell the customer; the README lists them all.
//! - [`checks`]: every validation situation gives the error the spec names for it, each
//!   scope's own parameters included, and a parameter no scope asked for takes is not checked.
//! - [`scopes`]: every scope of the spec is served with data made from the spec alone,
//!   one-step scopes at step 1.
//! - [`limits`]: a sandbox left running, hostile callers: settings, state, values and bodies
//!   bounded; tokens and consent ids unguessable.
//! - [`consent`]: the consent page refuses what it did not issue, sends the callback back and
//!   expires.
//! - [`customer`]: the customer's side for a merchant's tests: consent given at once redirects
//!   the browser back, a late answer says it is late, a test answers without a browser.

mod checks;
mod consent;
mod customer;
mod flow;
mod limits;
mod scenarios;
mod scopes;

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use dqe_client::client::{Client, ClientBuilder};
use dqe_client::endpoint::{EndpointInfo, FieldInfo, Method, ParamInfo, ScopeInfo, ValueKind};
use dqe_client::{AccessTokenRequest, Credentials, InitiateReady, InitiateRequest, UserInfos};
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};

/// A sandbox on a free loopback port.
async fn sandbox(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap()
}

/// A sandbox that approves every consent at once, with no pending time.
async fn approving() -> Sandbox {
    sandbox(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await
}

/// A client builder for `s`, with its default account, sending with `m`, polling every second.
fn client_builder(s: &Sandbox, m: Method) -> ClientBuilder {
    Client::builder()
        .server(s.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .method(m)
        .poll_interval(Duration::from_secs(1))
}

/// A client of `s`, with its default account, sending with `m`.
fn client(s: &Sandbox, m: Method) -> Client {
    client_builder(s, m).build().unwrap()
}

/// A client of `s` whose `wait` gives a retryable error at once instead of retrying: a
/// scenario's error without the retries' pauses (retrying is `a_retryable_error_once_then_success`).
fn client_without_retries(s: &Sandbox, m: Method) -> Client {
    client_builder(s, m).max_retries(0).build().unwrap()
}

/// Step 1 for `number`, asking for formfilling.
fn request(number: &str) -> InitiateReady {
    InitiateRequest::new()
        .number(number)
        .name("ACME")
        .formfilling()
}

/// `user_infos` as a caller fills it, with the phone some operators require.
fn infos() -> UserInfos {
    let mut infos = UserInfos::default();
    infos.firstname = Some("Zoé".to_owned());
    infos.lastname = Some("Lefèvre".to_owned());
    infos.phone = Some("0612345678".to_owned());
    infos
}

// ---- Raw forms, as a caller with a bug sends them

/// A plain HTTP client that neither follows redirects nor keeps cookies nor connections (it
/// serves every test's runtime), made once. reqwest is built here without a crypto provider of
/// its own (dqe-client configures its own and installs none), so this test picks the process's,
/// as an application does.
fn http() -> reqwest::Client {
    static HTTP: OnceLock<reqwest::Client> = OnceLock::new();
    HTTP.get_or_init(|| {
        // *ring*, as dqe-client's own default (newer rustls deprecates it for lacking
        // post-quantum key exchange; see dqe-client's client/tls.rs for why it stays).
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .build()
            .unwrap()
    })
    .clone()
}

/// Posts a raw form to an endpoint of `s`; the whole response.
async fn post(s: &Sandbox, path: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
    http()
        .post(format!("{}{path}", s.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Posts a raw form to an endpoint of `s`; the JSON answer.
async fn post_json(s: &Sandbox, path: &str, body: &str) -> serde_json::Value {
    post(s, path, body.to_owned()).await.json().await.unwrap()
}

/// The error id of an answer (`none` without one).
fn id(v: &serde_json::Value) -> &str {
    v["error_id"].as_str().unwrap_or("none")
}

/// The token request of the sandbox's default account.
const TOKEN_BODY: &str =
    "licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET&grant_type=client_idmobile";

/// A new token of `s`.
async fn new_token(s: &Sandbox) -> String {
    let v = post_json(s, AccessTokenRequest::INFO.path, TOKEN_BODY).await;
    v["access_token"].as_str().unwrap().to_owned()
}

/// Step 1's form without its scope: number `0612345678`, partner `ACME`, the default licence.
fn step1_base(token: &str) -> String {
    format!("number=0612345678&token={token}&name=ACME&licence={DEFAULT_LICENCE}")
}

/// Step 1's form for formfilling, then `extra`.
fn step1_body(token: &str, extra: &str) -> String {
    format!("{}&mode=2&scope=formfilling{extra}", step1_base(token))
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

// ---- The consent page, as a browser uses it

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

/// Submits the consent page's form, with the `Cookie` header if given.
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
