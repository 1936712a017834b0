//! A simulator of the whole ID Mobile journey, for tests and demos: the token endpoint, both
//! steps over GET and POST, and the operator's consent page, stateful and in memory.
//!
//! Requests are validated from the spec ([`EndpointInfo`]): a missing mandatory parameter, a
//! wrong fixed value, an unknown licence or a wrong secret, an unknown or expired token, an
//! unknown scope each get the documented error the spec names for that situation. Replies are
//! the generated types the client decodes.
//!
//! # Scenarios
//! Like payment test cards, phone numbers choose what happens. A number is 10 digits,
//! `06` then:
//!
//! | digit 3 | operator |
//! |---|---|
//! | `1` | Orange |
//! | `2` | SFR |
//! | `3` | Bouygues Telecom |
//! | `4` | Free Mobile |
//! | other | Orange |
//!
//! When digit 4 is `9`, digit 5 says which step fails and the last two digits which documented
//! error it answers: `0619100013` makes step 1 answer error `13` (operator Orange not found);
//! `0629200021` makes step 2 answer error `21` once consent is given; digit 5 `3` makes step 2
//! answer the error once and then succeed. Any other number goes through: step 1 succeeds, the
//! consent page asks for the code, and step 2 answers `pending` until consent and for the
//! configured pending time, then the identity. [`scenarios`] lists every scenario number.
//!
//! The consent page approves with the right code, answers the wrong-code error with a wrong one
//! and the declined error on Decline, then redirects to `redirect_uri` with the token and a
//! status added to its query string (before its fragment, if it has one), as DQE does. The SMS code is logged (target `dqe_client::sandbox`) and, in test
//! mode, shown on the page; `auto_approve` skips the page for headless runs.
//!
//! # Anti-forgery
//! The consent page gives the browser that opens it a random value, both in a cookie
//! (`HttpOnly`, `SameSite=Strict`) and in a hidden field of its form. A submit whose field does
//! not match its cookie and a value the page issued for that consent (a form forged on another
//! site, a POST made without loading the page) is refused with HTTP 403 and changes nothing.
//!
//! # Limits
//! The sandbox can be left running: its memory is bounded.
//!
//! - Every token lives [`SandboxConfig::token_lifetime`] and takes its flow with it when it
//!   expires; expired entries are purged whenever the sandbox's state is used. A consent left
//!   unanswered for [`SandboxConfig::consent_lifetime`] expires: its page answers HTTP 410 and
//!   step 2 the error the spec names for an unfinished code check (`consent_wrong_code`).
//! - At most [`SandboxConfig::max_entries`] tokens live at once (each holds at most one flow).
//!   While that many live, the token endpoint answers HTTP 503 with a `Retry-After` header and
//!   an error reply whose id is [`FULL_ERROR_ID`], saying so.
//! - A parameter value longer than [`MAX_VALUE_BYTES`] ([`MAX_URL_BYTES`] for `redirect_uri`,
//!   which must also hold no control character) gets the endpoint's documented invalid-request
//!   error (HTTP 400); a body over [`MAX_BODY_BYTES`] gets the same error with HTTP 413. (The
//!   HTTP server refuses a request line over 64 KiB on its own, with 414.)
//! - Durations longer than [`MAX_DURATION`] are refused by [`Sandbox::start`].
//!
//! Tokens, refresh tokens, consent ids, SMS codes and anti-forgery values come from the
//! operating system's CSPRNG.

mod identities;
mod page;
mod random;
mod state;

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method as HttpMethod, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{any, get};
use serde::Serialize;

use crate::endpoint::{ApiError, EndpointInfo, ErrorInfo, ParamInfo, ParamSource, Reply};
use crate::redact::REDACTED_MARK;
use crate::{
    AccessTokenReply, AccessTokenRequest, AccessTokenSuccess, Callback, CallbackStatus,
    InitiateReply, InitiateRequest, InitiateSuccess, List, RetrievePending, RetrieveReply,
    RetrieveRequest, RetrieveSuccess, Scope, Seconds,
};
use state::Store;

/// The licence the sandbox accepts by default.
pub const DEFAULT_LICENCE: &str = "SANDBOX-LICENCE";
/// The client secret the sandbox accepts by default.
pub const DEFAULT_CLIENT_SECRET: &str = "SANDBOX-SECRET";

/// The longest duration a [`SandboxConfig`] setting may hold (one day): [`Sandbox::start`]
/// refuses longer ones.
pub const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);

/// The longest parameter value the endpoints accept, in bytes once decoded (for
/// `redirect_uri`: [`MAX_URL_BYTES`]). Longer ones get the documented invalid-request error.
pub const MAX_VALUE_BYTES: usize = 256;

/// The longest `redirect_uri` the endpoints accept, in bytes once decoded.
pub const MAX_URL_BYTES: usize = 4096;

/// The largest request body the sandbox accepts, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The error id of the token endpoint's reply (HTTP 503) while [`SandboxConfig::max_entries`]
/// tokens are live. Not a DQE id (DQE's are two digits), so it never matches a documented one.
pub const FULL_ERROR_ID: &str = "SANDBOX_FULL";

/// The spec's name of step 1's parameter the consent page redirects to.
const REDIRECT_PARAM: &str = "redirect_uri";

/// How many anti-forgery values a consent keeps (one per browser that opened its page), the
/// oldest forgotten first.
const FORM_KEYS: usize = 8;

/// How the sandbox behaves.
///
/// `Debug` shows the accounts as `<redacted>`.
#[derive(Clone)]
pub struct SandboxConfig {
    /// The accepted `(licence, client secret)` pairs.
    pub accounts: Vec<(String, String)>,
    /// How long a token lives; the flow started with it goes when it expires. At most
    /// [`MAX_DURATION`].
    pub token_lifetime: Duration,
    /// How long the consent page takes an answer (never longer than the token lives). At
    /// most [`MAX_DURATION`].
    pub consent_lifetime: Duration,
    /// How long step 2 answers `pending` after consent is given. At most [`MAX_DURATION`].
    pub pending_time: Duration,
    /// Consent is given at once, without the consent page.
    pub auto_approve: bool,
    /// Test mode: the consent page shows the SMS code.
    pub show_code: bool,
    /// The address the consent URL starts with (default: the address the sandbox listens on).
    pub public_url: Option<String>,
    /// How many tokens (each with at most one flow) may live at once; at least 1. While that
    /// many live, the token endpoint answers HTTP 503.
    pub max_entries: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            accounts: vec![(DEFAULT_LICENCE.to_owned(), DEFAULT_CLIENT_SECRET.to_owned())],
            token_lifetime: Duration::from_secs(300),
            consent_lifetime: Duration::from_secs(300),
            pending_time: Duration::from_secs(2),
            auto_approve: false,
            show_code: false,
            public_url: None,
            max_entries: 10_000,
        }
    }
}

impl fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Destructured, so that a new field cannot be forgotten here.
        let Self {
            accounts,
            token_lifetime,
            consent_lifetime,
            pending_time,
            auto_approve,
            show_code,
            public_url,
            max_entries,
        } = self;
        let accounts: Vec<_> = accounts
            .iter()
            .map(|_| (REDACTED_MARK, REDACTED_MARK))
            .collect();
        f.debug_struct("SandboxConfig")
            .field("accounts", &accounts)
            .field("token_lifetime", token_lifetime)
            .field("consent_lifetime", consent_lifetime)
            .field("pending_time", pending_time)
            .field("auto_approve", auto_approve)
            .field("show_code", show_code)
            .field("public_url", public_url)
            .field("max_entries", max_entries)
            .finish()
    }
}

impl SandboxConfig {
    /// The first setting out of range, as the error [`Sandbox::start`] answers.
    fn check(&self) -> std::io::Result<()> {
        let invalid =
            |message: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, message);
        for (name, value) in [
            ("token_lifetime", self.token_lifetime),
            ("consent_lifetime", self.consent_lifetime),
            ("pending_time", self.pending_time),
        ] {
            if value > MAX_DURATION {
                return Err(invalid(format!(
                    "sandbox setting {name} is {} s: at most {} s (a day) is accepted",
                    value.as_secs(),
                    MAX_DURATION.as_secs()
                )));
            }
        }
        if self.max_entries == 0 {
            return Err(invalid(
                "sandbox setting max_entries is 0: it could not issue a single token".to_owned(),
            ));
        }
        Ok(())
    }
}

/// Which step fails, by scenario number.
#[derive(Clone, Copy, Debug)]
enum Failure {
    None,
    Step1(&'static ErrorInfo),
    Step2(&'static ErrorInfo),
    Step2Once(&'static ErrorInfo),
}

#[derive(Clone, Copy, Debug)]
enum Consent {
    Waiting,
    Approved(Instant),
    Failed(&'static str),
    /// Not answered within the consent lifetime.
    Expired,
}

struct Session {
    consent_id: String,
    number: String,
    partner: String,
    code_name: Option<String>,
    scopes: Vec<Scope>,
    operator: &'static str,
    code: String,
    redirect_uri: Option<String>,
    failure: Failure,
    failed_once: bool,
    consent: Consent,
    /// Until when the consent page takes an answer.
    consent_until: Instant,
    /// The anti-forgery values the consent page issued, the newest last.
    form_keys: Vec<String>,
}

impl Session {
    /// The consent's state at `now`: unanswered past its lifetime, it has expired.
    fn settle(&mut self, now: Instant) -> Consent {
        if matches!(self.consent, Consent::Waiting) && now >= self.consent_until {
            self.consent = Consent::Expired;
        }
        self.consent
    }
}

struct Shared {
    config: SandboxConfig,
    base_url: String,
    store: Mutex<Store>,
}

impl Shared {
    /// The state, expired entries purged.
    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave the maps inconsistent enough to matter
        // for a simulator: keep serving.
        let mut store = self
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        store.purge(Instant::now());
        store
    }
}

/// A running sandbox.
pub struct Sandbox {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox listening on `addr` (`127.0.0.1:0` picks a free port).
    ///
    /// # Errors
    /// A setting is out of range (kind [`std::io::ErrorKind::InvalidInput`], naming it: a
    /// duration over [`MAX_DURATION`], `max_entries` 0), or the address cannot be bound.
    pub async fn start(config: SandboxConfig, addr: SocketAddr) -> std::io::Result<Self> {
        config.check()?;
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let url = format!("http://{addr}");
        let base_url = config.public_url.clone().unwrap_or_else(|| url.clone());
        let shared = Arc::new(Shared {
            config,
            base_url,
            store: Mutex::new(Store::default()),
        });
        let app = router(Arc::clone(&shared));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        tracing::info!(target: "dqe_client::sandbox", %url, "sandbox listening");
        Ok(Self {
            addr,
            url,
            shared,
            shutdown: Some(tx),
            task,
        })
    }

    /// Where it listens, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The SMS code of the flow started with `token`, as a test would read it off the phone;
    /// `None` once the token has expired.
    pub fn sms_code(&self, token: &str) -> Option<String> {
        self.shared
            .store()
            .entry(token)
            .and_then(|e| e.session.as_ref())
            .map(|s| s.code.clone())
    }

    /// The consent URL of the flow started with `token`; `None` once the token has expired.
    pub fn consent_url(&self, token: &str) -> Option<String> {
        self.shared
            .store()
            .entry(token)
            .and_then(|e| e.session.as_ref())
            .map(|s| format!("{}/consent/{}", self.shared.base_url, s.consent_id))
    }

    /// How many tokens are live (each with at most one flow), expired ones left out.
    pub fn live_entries(&self) -> usize {
        self.shared.store().len()
    }

    /// Stops it and waits until it has stopped.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Serves until the process is stopped.
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(AccessTokenRequest::INFO.path, any(token_endpoint))
        .route(InitiateRequest::INFO.path, any(initiate_endpoint))
        .route(RetrieveRequest::INFO.path, any(retrieve_endpoint))
        .route("/consent/{id}", get(consent_page).post(consent_submit))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(shared)
}

/// The operator chosen by a number's third digit.
fn operator(number: &str) -> &'static str {
    match number.as_bytes().get(2) {
        Some(b'2') => "SFR",
        Some(b'3') => "Bouygues Telecom",
        Some(b'4') => "Free Mobile",
        _ => DEFAULT_OPERATOR,
    }
}

fn failure(number: &str) -> Failure {
    let b = number.as_bytes();
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) || b[3] != b'9' {
        return Failure::None;
    }
    let id = &number[8..];
    let find = |info: &'static EndpointInfo| info.errors.iter().find(|e| e.id == id);
    match b[4] {
        b'1' => find(&InitiateRequest::INFO).map_or(Failure::None, Failure::Step1),
        b'2' => find(&RetrieveRequest::INFO).map_or(Failure::None, Failure::Step2),
        b'3' => find(&RetrieveRequest::INFO).map_or(Failure::None, Failure::Step2Once),
        _ => Failure::None,
    }
}

/// Every scenario number: `(number, step, error id, error text)`, step 1 first.
pub fn scenarios() -> Vec<(String, u8, &'static str, String)> {
    let mut out = Vec::new();
    for (step, info) in [(1u8, &InitiateRequest::INFO), (2u8, &RetrieveRequest::INFO)] {
        for e in info.errors {
            let number = format!("0619{step}000{:0>2}", e.id);
            out.push((
                number,
                step,
                e.id,
                e.render(|_| DEFAULT_OPERATOR.to_owned()),
            ));
        }
    }
    out
}

/// The parameters of a request: the query string, then a form body.
fn pairs(query: Option<&str>, body: &[u8]) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    if let Some(q) = query {
        out.extend(form_urlencoded::parse(q.as_bytes()).into_owned());
    }
    out.extend(form_urlencoded::parse(body).into_owned());
    out
}

/// The documented error for a situation, falling back to the spec's `missing_parameter`
/// answer, then to the endpoint's first error.
fn situation_error(info: &'static EndpointInfo, situation: &str) -> &'static ErrorInfo {
    info.situation(situation)
        .or_else(|| info.situation("invalid_value"))
        .or_else(|| info.situation("missing_parameter"))
        .and_then(|id| info.error(id))
        .or_else(|| info.errors.first())
        .unwrap_or(&FALLBACK)
}

static FALLBACK: ErrorInfo = ErrorInfo {
    id: "00",
    text: "invalid request",
    description: "",
    retryable: false,
};

/// Whether a value is one DQE could take for this parameter: not longer than
/// [`MAX_VALUE_BYTES`]; the redirect address up to [`MAX_URL_BYTES`], without control
/// characters (it becomes a `Location` header).
fn acceptable(p: &ParamInfo, value: &str) -> bool {
    if p.name == REDIRECT_PARAM {
        value.len() <= MAX_URL_BYTES && !value.chars().any(char::is_control)
    } else {
        value.len() <= MAX_VALUE_BYTES
    }
}

/// Checks a request against the spec's parameter list; the error to answer, if any.
fn validate(
    shared: &Shared,
    info: &'static EndpointInfo,
    params: &HashMap<String, String>,
) -> Result<(), &'static ErrorInfo> {
    let value = |wire: &str| params.get(wire).map(String::as_str);
    // Credentials first, as a server checks who is calling before what is asked.
    let mut licence = None;
    for p in info.params {
        if let ParamSource::Credential(name) = p.source {
            let Some(v) = value(p.wire).filter(|v| !v.is_empty()) else {
                return Err(situation_error(info, "missing_parameter"));
            };
            let ok = match licence {
                None => shared.config.accounts.iter().any(|(l, _)| l == v),
                Some(l) => shared
                    .config
                    .accounts
                    .iter()
                    .any(|(al, s)| al == l && s == v),
            };
            if !ok {
                return Err(situation_error(info, &format!("credentials:{name}")));
            }
            licence.get_or_insert(v);
        }
    }
    for p in info.params {
        let v = value(p.wire);
        match p.source {
            ParamSource::Credential(_) => {}
            ParamSource::Fixed(expected) => match v {
                None | Some("") => return Err(situation_error(info, "missing_parameter")),
                Some(v) if v != expected => return Err(situation_error(info, "fixed_mismatch")),
                Some(_) => {}
            },
            ParamSource::Token => {
                let Some(t) = v.filter(|t| !t.is_empty()) else {
                    return Err(situation_error(info, "missing_parameter"));
                };
                if !shared.store().fresh(t, Instant::now()) {
                    return Err(situation_error(info, "invalid_token"));
                }
            }
            ParamSource::Caller => match v {
                None if p.required => return Err(situation_error(info, "missing_parameter")),
                None => {}
                Some("") => {
                    let empty = format!("empty:{}", p.name);
                    if info.situation(&empty).is_some() {
                        return Err(situation_error(info, &empty));
                    }
                    if p.required {
                        return Err(situation_error(info, "missing_parameter"));
                    }
                }
                Some(v) => {
                    let items = || v.split(',').map(str::trim).filter(|s| !s.is_empty());
                    if p.scopes && items().any(|s| matches!(Scope::from(s), Scope::Other(_))) {
                        return Err(situation_error(info, "invalid_scope"));
                    }
                    if !p.values.is_empty() && items().any(|s| !p.values.contains(&s)) {
                        return Err(situation_error(info, "invalid_value"));
                    }
                }
            },
        }
    }
    Ok(())
}

fn json(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The operator named in errors answered before a number chose one.
const DEFAULT_OPERATOR: &str = "Orange";

/// An endpoint's reply carrying a documented error, its text rendered for `operator`.
fn error_reply<R: Reply>(status: StatusCode, e: &ErrorInfo, operator: &str) -> Response {
    let text = e.render(|_| operator.to_owned());
    json(
        status,
        &R::from_error(<R::Error as ApiError>::from_parts(e.id.to_owned(), text)),
    )
}

/// What the token endpoint answers while `max_entries` tokens live: HTTP 503, when to retry,
/// and an error reply (so that no client reads it as a token) saying why.
fn full(config: &SandboxConfig, next_expiry: Duration) -> Response {
    let secs = next_expiry
        .as_secs()
        .saturating_add(u64::from(next_expiry.subsec_nanos() > 0))
        .max(1);
    tracing::warn!(
        target: "dqe_client::sandbox",
        max_entries = config.max_entries,
        retry_after = secs,
        "sandbox full: token refused"
    );
    let text = format!(
        "sandbox full: {} tokens live, its maximum (max_entries); the next expires in {secs} s",
        config.max_entries
    );
    let error = <<AccessTokenReply as Reply>::Error as ApiError>::from_parts(
        FULL_ERROR_ID.to_owned(),
        text,
    );
    let mut response = json(
        StatusCode::SERVICE_UNAVAILABLE,
        &AccessTokenReply::from_error(error),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    response
}

/// The OS could not give randomness: nothing safe can be handed out.
fn no_randomness() -> Response {
    tracing::error!(target: "dqe_client::sandbox", "the OS random generator failed");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// What every endpoint does first: check the method, read the parameters within their bounds
/// and check them against the spec. `Err` is the reply to send at once.
fn accept<R: Reply>(
    shared: &Shared,
    info: &'static EndpointInfo,
    method: &HttpMethod,
    query: Option<&str>,
    body: Result<Bytes, BytesRejection>,
) -> Result<HashMap<String, String>, Box<Response>> {
    if !info.methods.iter().any(|m| m.as_str() == method.as_str()) {
        return Err(Box::new(StatusCode::METHOD_NOT_ALLOWED.into_response()));
    }
    let refuse =
        |status: StatusCode, e: &ErrorInfo| Box::new(error_reply::<R>(status, e, DEFAULT_OPERATOR));
    let invalid = situation_error(info, "invalid_value");
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => refuse(StatusCode::PAYLOAD_TOO_LARGE, invalid),
        _ => refuse(StatusCode::BAD_REQUEST, invalid),
    })?;
    let params = pairs(query, &body);
    let too_long = info
        .params
        .iter()
        .any(|p| params.get(p.wire).is_some_and(|v| !acceptable(p, v)));
    if too_long {
        return Err(refuse(StatusCode::BAD_REQUEST, invalid));
    }
    validate(shared, info, &params).map_err(|e| refuse(StatusCode::BAD_REQUEST, e))?;
    Ok(params)
}

async fn token_endpoint(
    State(shared): State<Arc<Shared>>,
    method: HttpMethod,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let info = &AccessTokenRequest::INFO;
    if let Err(response) =
        accept::<AccessTokenReply>(&shared, info, &method, query.as_deref(), body)
    {
        return *response;
    }
    let (Some(token), Some(refresh)) = (random::id(), random::id()) else {
        return no_randomness();
    };
    let token = format!("sbx-{token}");
    let lifetime = shared.config.token_lifetime;
    let now = Instant::now();
    // `Sandbox::start` refused lifetimes long enough to overflow; were one to, the token
    // would be born expired rather than the sandbox panic.
    let expires = now.checked_add(lifetime).unwrap_or(now);
    let issued = shared
        .store()
        .issue(token.clone(), expires, shared.config.max_entries, now);
    if let Err(next_expiry) = issued {
        return full(&shared.config, next_expiry);
    }
    let ok = AccessTokenSuccess {
        access_token: Some(token),
        token_type: Some("Bearer".to_owned()),
        expires_in: Some(Seconds(lifetime.as_secs())),
        refresh_token: Some(format!("*{refresh}")),
        ..AccessTokenSuccess::default()
    };
    json(StatusCode::OK, &AccessTokenReply::Success(ok))
}

async fn initiate_endpoint(
    State(shared): State<Arc<Shared>>,
    method: HttpMethod,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let info = &InitiateRequest::INFO;
    let params = match accept::<InitiateReply>(&shared, info, &method, query.as_deref(), body) {
        Ok(params) => params,
        Err(response) => return *response,
    };
    let get = |name: &str| {
        info.params
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| params.get(p.wire))
            .filter(|v| !v.is_empty())
            .cloned()
    };
    let number: String = get("number")
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let operator = operator(&number);
    let failure = failure(&number);
    if let Failure::Step1(e) = failure {
        return error_reply::<InitiateReply>(StatusCode::OK, e, operator);
    }
    let token = get("token").unwrap_or_default();
    let scopes: Vec<Scope> = get("scope")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(Scope::from)
        .collect();
    let (Some(consent_id), Some(code)) = (random::id(), random::sms_code()) else {
        return no_randomness();
    };
    let now = Instant::now();
    let mut store = shared.store();
    // The token was fresh when checked; it may have expired since.
    let Some(token_expires) = store.entry(&token).map(|e| e.expires) else {
        drop(store);
        return error_reply::<InitiateReply>(
            StatusCode::BAD_REQUEST,
            situation_error(info, "invalid_token"),
            DEFAULT_OPERATOR,
        );
    };
    let consent_until = now
        .checked_add(shared.config.consent_lifetime)
        .map_or(token_expires, |t| t.min(token_expires));
    tracing::info!(target: "dqe_client::sandbox", %code, "SMS code sent (sandbox)");
    let session = Session {
        consent_id: consent_id.clone(),
        number,
        partner: get("name").unwrap_or_default(),
        code_name: get("code_name"),
        scopes,
        operator,
        code,
        redirect_uri: get(REDIRECT_PARAM),
        failure,
        failed_once: false,
        consent: if shared.config.auto_approve {
            Consent::Approved(now)
        } else {
            Consent::Waiting
        },
        consent_until,
        form_keys: Vec::new(),
    };
    // The entry was found under this lock, so the flow starts.
    let _ = store.start(&token, session);
    drop(store);
    let ok = InitiateSuccess {
        operator: Some(operator.to_owned()),
        url: Some(format!("{}/consent/{consent_id}", shared.base_url)),
        ..InitiateSuccess::default()
    };
    json(StatusCode::OK, &InitiateReply::Success(ok))
}

async fn retrieve_endpoint(
    State(shared): State<Arc<Shared>>,
    method: HttpMethod,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let info = &RetrieveRequest::INFO;
    let params = match accept::<RetrieveReply>(&shared, info, &method, query.as_deref(), body) {
        Ok(params) => params,
        Err(response) => return *response,
    };
    let error = error_reply::<RetrieveReply>;
    let token_wire = info
        .params
        .iter()
        .find(|p| p.source == ParamSource::Token)
        .map_or("", |p| p.wire);
    let token = params.get(token_wire).cloned().unwrap_or_default();
    let now = Instant::now();
    let mut store = shared.store();
    let Some(session) = store.session_mut(&token) else {
        drop(store);
        return error(
            StatusCode::OK,
            situation_error(info, "invalid_token"),
            DEFAULT_OPERATOR,
        );
    };
    let scope = List::from(session.scopes.clone());
    let pending = || {
        let p = RetrievePending {
            scope: Some(scope.clone()),
            ..RetrievePending::default()
        };
        json(StatusCode::OK, &RetrieveReply::Pending(p))
    };
    let approved_at = match session.settle(now) {
        Consent::Waiting => return pending(),
        Consent::Failed(id) => {
            let e = info.error(id).unwrap_or(&FALLBACK);
            return error(StatusCode::OK, e, session.operator);
        }
        // The code was never checked: what the spec names for an unfinished code check.
        Consent::Expired => {
            let e = situation_error(info, "consent_wrong_code");
            return error(StatusCode::OK, e, session.operator);
        }
        Consent::Approved(at) => at,
    };
    let ready = approved_at.checked_add(shared.config.pending_time);
    if ready.is_none_or(|ready| now < ready) {
        return pending();
    }
    match session.failure {
        Failure::Step2(e) => return error(StatusCode::OK, e, session.operator),
        Failure::Step2Once(e) if !session.failed_once => {
            session.failed_once = true;
            return error(StatusCode::OK, e, session.operator);
        }
        _ => {}
    }
    let ok = RetrieveSuccess {
        code_name: session.code_name.clone(),
        formfilling: session
            .scopes
            .contains(&Scope::Formfilling)
            .then(|| Box::new(identities::for_number(&session.number))),
        scope: Some(scope),
        ..RetrieveSuccess::default()
    };
    json(StatusCode::OK, &RetrieveReply::Success(ok))
}

fn masked(number: &str) -> String {
    let n = number.len();
    number
        .chars()
        .enumerate()
        .map(|(i, c)| if i >= 2 && i + 2 < n { '•' } else { c })
        .collect()
}

/// `redirect_uri` with the callback's query added: to its query string (kept, if it has one),
/// before its fragment (kept, if it has one).
fn callback_url(redirect: &str, callback_query: &str) -> String {
    let (base, fragment) = match redirect.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (redirect, None),
    };
    let separator = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with(['?', '&']) => "",
        Some(_) => "&",
    };
    let mut out = format!("{base}{separator}{callback_query}");
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// The cookie holding a consent form's anti-forgery value in the browser that opened it.
fn form_cookie(consent_id: &str) -> String {
    format!("dqe_sandbox_{consent_id}")
}

/// A cookie's value in a request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Html("No such consent request.")).into_response()
}

fn expired(operator: &str) -> Response {
    let html = page::notice(
        operator,
        "This consent request has expired.",
        "Nothing will be shared. Start again from the partner's site.",
    );
    (StatusCode::GONE, Html(html)).into_response()
}

async fn consent_page(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let now = Instant::now();
    let mut store = shared.store();
    let Some((_, session)) = store.by_consent(&id) else {
        return not_found();
    };
    match session.settle(now) {
        Consent::Waiting => {}
        Consent::Expired => return expired(session.operator),
        done => {
            let approved = matches!(done, Consent::Approved(_));
            return Html(page::done(session.operator, approved)).into_response();
        }
    }
    // The value this browser holds already (another tab, a reload), or a new one.
    let name = form_cookie(&id);
    let held = cookie(&headers, &name).filter(|held| {
        session
            .form_keys
            .iter()
            .any(|k| random::same(k.as_bytes(), held.as_bytes()))
    });
    let key = match held {
        Some(held) => held.to_owned(),
        None => {
            let Some(key) = random::id() else {
                return no_randomness();
            };
            if session.form_keys.len() >= FORM_KEYS {
                session.form_keys.remove(0);
            }
            session.form_keys.push(key.clone());
            key
        }
    };
    let max_age = session
        .consent_until
        .saturating_duration_since(now)
        .as_secs()
        .max(1);
    let secure = if shared.base_url.starts_with("https:") {
        "; Secure"
    } else {
        ""
    };
    let Ok(set_cookie) = HeaderValue::try_from(format!(
        "{name}={key}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    )) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let code = shared.config.show_code.then_some(session.code.as_str());
    let html = page::consent(
        &id,
        &key,
        session.operator,
        &session.partner,
        &session.scopes,
        &masked(&session.number),
        code,
    );
    (
        [
            (header::SET_COOKIE, set_cookie),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Html(html),
    )
        .into_response()
}

async fn consent_submit(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(body) = body else {
        return (StatusCode::PAYLOAD_TOO_LARGE, Html("Request too large.")).into_response();
    };
    let form = pairs(None, &body);
    let info = &RetrieveRequest::INFO;
    let now = Instant::now();
    let mut store = shared.store();
    let Some((token, session)) = store.by_consent(&id) else {
        return not_found();
    };
    // The form's value must be the one this browser's cookie holds, and one the page issued.
    let sent = form.get(page::FORM_KEY).map_or("", String::as_str);
    let held = cookie(&headers, &form_cookie(&id)).unwrap_or("");
    let issued = session.form_keys.iter().fold(false, |found, k| {
        found | random::same(k.as_bytes(), sent.as_bytes())
    });
    if sent.is_empty() || !random::same(sent.as_bytes(), held.as_bytes()) || !issued {
        tracing::warn!(
            target: "dqe_client::sandbox",
            "consent form refused: it did not come from the consent page"
        );
        let html = page::notice(
            session.operator,
            "This answer did not come from the consent page.",
            "Nothing was changed. Open the link you were sent again to answer.",
        );
        return (StatusCode::FORBIDDEN, Html(html)).into_response();
    }
    let token = token.to_owned();
    match session.settle(now) {
        Consent::Expired => return expired(session.operator),
        Consent::Waiting => {
            let approve = form.get("action").map(String::as_str) == Some("approve");
            let code_ok = form
                .get("code")
                .is_some_and(|c| random::same(c.trim().as_bytes(), session.code.as_bytes()));
            session.consent = match (approve, code_ok) {
                (true, true) => Consent::Approved(now),
                (true, false) => Consent::Failed(situation_error(info, "consent_wrong_code").id),
                (false, _) => Consent::Failed(situation_error(info, "consent_declined").id),
            };
        }
        Consent::Approved(_) | Consent::Failed(_) => {}
    }
    let approved = matches!(session.consent, Consent::Approved(_));
    let operator = session.operator;
    let Some(redirect) = session.redirect_uri.clone() else {
        return Html(page::done(operator, approved)).into_response();
    };
    drop(store);
    let callback = Callback {
        token,
        status: if approved {
            CallbackStatus::Success
        } else {
            CallbackStatus::Error
        },
    };
    Redirect::to(&callback_url(&redirect, &callback.to_query())).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_parameters_go_to_the_query_before_the_fragment() {
        for (redirect, want) in [
            ("https://shop/back", "https://shop/back?q=1"),
            (
                "https://shop/back?order=42",
                "https://shop/back?order=42&q=1",
            ),
            ("https://shop/back?", "https://shop/back?q=1"),
            ("https://shop/back?a=1&", "https://shop/back?a=1&q=1"),
            ("https://shop/back#done", "https://shop/back?q=1#done"),
            (
                "https://shop/back?order=42#x?y",
                "https://shop/back?order=42&q=1#x?y",
            ),
            ("https://shop/back#", "https://shop/back?q=1#"),
        ] {
            assert_eq!(callback_url(redirect, "q=1"), want, "{redirect}");
        }
    }
}
