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
//! status, as DQE does. The SMS code is logged (target `dqe_client::sandbox`) and, in test
//! mode, shown on the page; `auto_approve` skips the page for headless runs.

mod identities;
mod page;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, Method as HttpMethod, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{any, get};
use serde::Serialize;

use crate::endpoint::{ApiError, EndpointInfo, ErrorInfo, ParamSource, Reply};
use crate::{
    AccessTokenReply, AccessTokenRequest, AccessTokenSuccess, Callback, CallbackStatus,
    InitiateReply, InitiateRequest, InitiateSuccess, List, RetrievePending, RetrieveReply,
    RetrieveRequest, RetrieveSuccess, Scope, Seconds,
};

/// The licence the sandbox accepts by default.
pub const DEFAULT_LICENCE: &str = "SANDBOX-LICENCE";
/// The client secret the sandbox accepts by default.
pub const DEFAULT_CLIENT_SECRET: &str = "SANDBOX-SECRET";

/// How the sandbox behaves.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// The accepted `(licence, client secret)` pairs.
    pub accounts: Vec<(String, String)>,
    /// How long a token lives.
    pub token_lifetime: Duration,
    /// How long step 2 answers `pending` after consent is given.
    pub pending_time: Duration,
    /// Consent is given at once, without the consent page.
    pub auto_approve: bool,
    /// Test mode: the consent page shows the SMS code.
    pub show_code: bool,
    /// The address the consent URL starts with (default: the address the sandbox listens on).
    pub public_url: Option<String>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            accounts: vec![(DEFAULT_LICENCE.to_owned(), DEFAULT_CLIENT_SECRET.to_owned())],
            token_lifetime: Duration::from_secs(300),
            pending_time: Duration::from_secs(2),
            auto_approve: false,
            show_code: false,
            public_url: None,
        }
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

#[derive(Clone, Debug)]
enum Consent {
    Waiting,
    Approved(Instant),
    Failed(&'static str),
}

#[derive(Clone, Debug)]
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
}

#[derive(Default)]
struct Store {
    tokens: HashMap<String, Instant>,
    sessions: HashMap<String, Session>,
    consents: HashMap<String, String>,
}

struct Shared {
    config: SandboxConfig,
    base_url: String,
    store: Mutex<Store>,
}

impl Shared {
    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave the maps inconsistent enough to matter
        // for a simulator: keep serving.
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
    /// The address cannot be bound.
    pub async fn start(config: SandboxConfig, addr: SocketAddr) -> std::io::Result<Self> {
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

    /// The SMS code of the flow started with `token`, as a test would read it off the phone.
    pub fn sms_code(&self, token: &str) -> Option<String> {
        self.shared
            .store()
            .sessions
            .get(token)
            .map(|s| s.code.clone())
    }

    /// The consent URL of the flow started with `token`.
    pub fn consent_url(&self, token: &str) -> Option<String> {
        let store = self.shared.store();
        store
            .sessions
            .get(token)
            .map(|s| format!("{}/consent/{}", self.shared.base_url, s.consent_id))
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
                let fresh = shared
                    .store()
                    .tokens
                    .get(t)
                    .is_some_and(|exp| Instant::now() < *exp);
                if !fresh {
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

/// What every endpoint does first: check the method, read the parameters and check them
/// against the spec. `Err` is the reply to send at once.
fn accept<R: Reply>(
    shared: &Shared,
    info: &'static EndpointInfo,
    method: &HttpMethod,
    query: Option<&str>,
    body: &[u8],
) -> Result<HashMap<String, String>, Box<Response>> {
    if !info.methods.iter().any(|m| m.as_str() == method.as_str()) {
        return Err(Box::new(StatusCode::METHOD_NOT_ALLOWED.into_response()));
    }
    let params = pairs(query, body);
    validate(shared, info, &params).map_err(|e| {
        Box::new(error_reply::<R>(
            StatusCode::BAD_REQUEST,
            e,
            DEFAULT_OPERATOR,
        ))
    })?;
    Ok(params)
}

async fn token_endpoint(
    State(shared): State<Arc<Shared>>,
    method: HttpMethod,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let info = &AccessTokenRequest::INFO;
    if let Err(response) =
        accept::<AccessTokenReply>(&shared, info, &method, query.as_deref(), &body)
    {
        return *response;
    }
    let token = format!("sbx-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
    let lifetime = shared.config.token_lifetime;
    shared
        .store()
        .tokens
        .insert(token.clone(), Instant::now() + lifetime);
    let ok = AccessTokenSuccess {
        access_token: Some(token),
        token_type: Some("Bearer".to_owned()),
        expires_in: Some(Seconds(lifetime.as_secs())),
        refresh_token: Some(format!("*{:016x}", fastrand::u64(..))),
        ..AccessTokenSuccess::default()
    };
    json(StatusCode::OK, &AccessTokenReply::Success(ok))
}

async fn initiate_endpoint(
    State(shared): State<Arc<Shared>>,
    method: HttpMethod,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let info = &InitiateRequest::INFO;
    let params = match accept::<InitiateReply>(&shared, info, &method, query.as_deref(), &body) {
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
    let consent_id = format!("{:016x}", fastrand::u64(..));
    let code = format!("{:06}", fastrand::u32(0..1_000_000));
    tracing::info!(target: "dqe_client::sandbox", %code, "SMS code sent (sandbox)");
    let session = Session {
        consent_id: consent_id.clone(),
        number,
        partner: get("name").unwrap_or_default(),
        code_name: get("code_name"),
        scopes,
        operator,
        code,
        redirect_uri: get("redirect_uri"),
        failure,
        failed_once: false,
        consent: if shared.config.auto_approve {
            Consent::Approved(Instant::now())
        } else {
            Consent::Waiting
        },
    };
    {
        let mut store = shared.store();
        if let Some(old) = store.sessions.insert(token.clone(), session) {
            store.consents.remove(&old.consent_id);
        }
        store.consents.insert(consent_id.clone(), token);
    }
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
    body: Bytes,
) -> Response {
    let info = &RetrieveRequest::INFO;
    let params = match accept::<RetrieveReply>(&shared, info, &method, query.as_deref(), &body) {
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
    let mut store = shared.store();
    let Some(session) = store.sessions.get_mut(&token) else {
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
    let approved_at = match &session.consent {
        Consent::Waiting => return pending(),
        Consent::Failed(id) => {
            let e = info.error(id).unwrap_or(&FALLBACK);
            let operator = session.operator;
            drop(store);
            return error(StatusCode::OK, e, operator);
        }
        Consent::Approved(at) => *at,
    };
    if Instant::now() < approved_at + shared.config.pending_time {
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

async fn consent_page(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let store = shared.store();
    let Some(session) = store
        .consents
        .get(&id)
        .and_then(|token| store.sessions.get(token))
    else {
        return (StatusCode::NOT_FOUND, Html("No such consent request.")).into_response();
    };
    if !matches!(session.consent, Consent::Waiting) {
        let approved = matches!(session.consent, Consent::Approved(_));
        return Html(page::done(session.operator, approved)).into_response();
    }
    let code = shared.config.show_code.then_some(session.code.as_str());
    Html(page::consent(
        &id,
        session.operator,
        &session.partner,
        &session.scopes,
        &masked(&session.number),
        code,
    ))
    .into_response()
}

async fn consent_submit(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let form = pairs(None, &body);
    let info = &RetrieveRequest::INFO;
    let mut store = shared.store();
    let Some(token) = store.consents.get(&id).cloned() else {
        return (StatusCode::NOT_FOUND, Html("No such consent request.")).into_response();
    };
    let Some(session) = store.sessions.get_mut(&token) else {
        return (StatusCode::NOT_FOUND, Html("No such consent request.")).into_response();
    };
    if matches!(session.consent, Consent::Waiting) {
        let approve = form.get("action").map(String::as_str) == Some("approve");
        let code_ok = form.get("code").map(|c| c.trim()) == Some(session.code.as_str());
        session.consent = match (approve, code_ok) {
            (true, true) => Consent::Approved(Instant::now()),
            (true, false) => Consent::Failed(situation_error(info, "consent_wrong_code").id),
            (false, _) => Consent::Failed(situation_error(info, "consent_declined").id),
        };
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
    let separator = if redirect.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{redirect}{separator}{}", callback.to_query())).into_response()
}
