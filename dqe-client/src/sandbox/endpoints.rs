//! The three API endpoints (token, step 1 and step 2): what each answers a request that passed
//! the [checks](super::checks), and how their replies are written. The sandbox works from what
//! the spec says of each endpoint; only writing a reply goes through the spec's generated
//! types, with functions monomorphized for its [`Journey`] ([`Hooks::of`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, Method as HttpMethod, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any};
use serde::Serialize;
use serde_json::{Map, Value};

use super::checks::{Checked, FALLBACK, Params, accept, situation_error};
use super::reply_data::{self, SentValues};
use super::roles::Roles;
use super::scenario::{self, DEFAULT_OPERATOR, Failure};
use super::store::{ConsentState, Session};
use super::{FULL_ERROR_ID, SandboxConfig, Shared, random};
use crate::endpoint::{
    ApiError, Endpoint, EndpointInfo, ErrorInfo, FieldKind, Outcome, OutcomeInfo, ParamSource,
    Reply, Situation,
};
use crate::journey::{ApiInfo, Journey};

/// An endpoint's reply carrying an error: its id and its text as sent.
type ErrorReply = fn(StatusCode, String, String) -> Response;

/// An endpoint's reply carrying an outcome with these keys, as its reply type decodes and
/// writes it; `None` when the keys do not decode as that outcome.
type OutcomeReply = fn(&str, &OutcomeInfo, Map<String, Value>) -> Option<Response>;

/// What an endpoint answers a request that passed the checks.
type Answer = fn(&Shared, ServedEndpoint, &Checked) -> Response;

/// The reply type of an API's token endpoint.
type TokenReply<A> = <<A as Journey>::Token as Endpoint>::Reply;

/// The reply type of an API's step 2.
type RetrieveReply<A> = <<A as Journey>::Retrieve as Endpoint>::Reply;

/// One API endpoint the sandbox serves: what the spec says of it, how its replies are written
/// and what it answers.
#[derive(Clone, Copy)]
pub(super) struct ServedEndpoint {
    /// What the spec says of it.
    pub(super) info: &'static EndpointInfo,
    /// How its errors are written.
    error: ErrorReply,
    /// How its success and pending outcomes are written.
    outcome: OutcomeReply,
    /// The key naming a reply's outcome.
    status_key: &'static str,
    /// What it answers a request that passed the checks.
    answer: Answer,
}

impl ServedEndpoint {
    /// The endpoint `info`, its replies of type `R`.
    fn of<R: Reply>(api: &'static ApiInfo, info: &'static EndpointInfo, answer: Answer) -> Self {
        Self {
            info,
            error: error_reply::<R>,
            outcome: outcome_reply::<R>,
            status_key: api.status_key,
            answer,
        }
    }

    /// Its route, over any method: [`accept`] checks the request, then the endpoint answers.
    pub(super) fn route(self) -> MethodRouter<Arc<Shared>> {
        any(
            move |State(shared): State<Arc<Shared>>,
                  method: HttpMethod,
                  RawQuery(query): RawQuery,
                  body: Result<Bytes, BytesRejection>| async move {
                match accept(&shared, self, &method, query.as_deref(), body) {
                    Ok(request) => (self.answer)(&shared, self, &request),
                    Err(refusal) => *refusal,
                }
            },
        )
    }

    /// Its reply carrying a documented error, its text rendered for `operator`.
    pub(super) fn error(self, status: StatusCode, e: &ErrorInfo, operator: &str) -> Response {
        (self.error)(status, e.id.to_owned(), e.render(|_| operator.to_owned()))
    }

    /// Its success outcome, or with `pending` its pending one, as the spec describes it.
    fn outcome_info(self, pending: bool) -> Option<&'static OutcomeInfo> {
        self.info.outcome(pending)
    }

    /// Its reply carrying `outcome` with the keys of `data`, as the client decodes it; HTTP
    /// 500 when they do not decode so.
    fn reply(self, outcome: &OutcomeInfo, data: Map<String, Value>) -> Response {
        (self.outcome)(self.status_key, outcome, data).unwrap_or_else(|| undecodable(self.info))
    }
}

/// What the sandbox needs of a spec's generated types, as functions monomorphized for its
/// [`Journey`].
pub(super) struct Hooks {
    /// The API endpoints the sandbox serves, each at its spec path: the token endpoint, step 1
    /// and step 2.
    pub(super) endpoints: [ServedEndpoint; 3],
    /// The query string the consent page sends the browser back with: the flow's token, and
    /// whether the customer approved ([`Journey::callback_query`]).
    pub(super) callback_query: fn(&str, bool) -> String,
}

impl Hooks {
    /// The hooks of the spec `A` names.
    pub(super) fn of<A: Journey>() -> Self {
        Self {
            endpoints: endpoints::<A>(),
            callback_query: A::callback_query,
        }
    }
}

/// The API endpoints of the spec `A` names: the token endpoint, step 1 and step 2.
fn endpoints<A: Journey>() -> [ServedEndpoint; 3] {
    let api = A::INFO;
    [
        ServedEndpoint::of::<TokenReply<A>>(api, api.token, token),
        ServedEndpoint::of::<A::ConsentReply>(api, api.consent, initiate),
        ServedEndpoint::of::<RetrieveReply<A>>(api, api.retrieve, retrieve),
    ]
}

/// The token a request carries (checked fresh by [`accept`]).
fn carried_token(info: &EndpointInfo, params: &Params) -> String {
    info.params
        .iter()
        .find(|p| p.source == ParamSource::Token)
        .and_then(|p| params.get(p.wire))
        .cloned()
        .unwrap_or_default()
}

/// The token endpoint: a new token, unless [`SandboxConfig::max_entries`] are live. Its reply
/// is made from the spec, but for the token, its lifetime (the configured one) and every other
/// secret key (sensitive text, such as a refresh token): a fresh random value.
fn token(shared: &Shared, endpoint: ServedEndpoint, _: &Checked) -> Response {
    let Some(token) = random::id() else {
        return no_randomness();
    };
    let token = format!("sbx-{token}");
    let Some(success) = endpoint.outcome_info(false) else {
        return undecodable(endpoint.info);
    };
    let lifetime = shared.config.token_lifetime;
    let api = shared.api;
    let mut data = reply_data::outcome(success, &[], &SentValues::default());
    for field in success.fields {
        let value = if field.wire == api.token_key {
            Value::from(token.as_str())
        } else if Some(field.wire) == api.token_lifetime_key {
            Value::from(lifetime.as_secs().to_string())
        } else if field.sensitive
            && matches!(field.kind, FieldKind::Text)
            && data.contains_key(field.wire)
        {
            let Some(secret) = random::id() else {
                return no_randomness();
            };
            Value::from(secret)
        } else {
            continue;
        };
        data.insert(field.wire.to_owned(), value);
    }
    // Written before the token is kept, so that a reply that cannot be written keeps nothing.
    let reply = endpoint.reply(success, data);
    if !reply.status().is_success() {
        return reply;
    }
    let now = Instant::now();
    // `Sandbox::start` refused lifetimes long enough to overflow; were one to, the token
    // would be born expired rather than the sandbox panic.
    let expires = now.checked_add(lifetime).unwrap_or(now);
    let issued = shared
        .store()
        .issue(token, expires, shared.config.max_entries, now);
    match issued {
        Ok(()) => reply,
        Err(next_expiry) => full(&shared.config, endpoint, next_expiry),
    }
}

/// Step 1: the number's scenario error; else the result of the scopes answered at once, and,
/// when a scope needs consent, a flow started on the token (its SMS code logged) and the
/// consent page's address.
fn initiate(shared: &Shared, endpoint: ServedEndpoint, request: &Checked) -> Response {
    let info = endpoint.info;
    let params = &request.params;
    let roles = Roles::of(info);
    let number = roles.phone(params);
    let operator = scenario::operator(&number);
    let failure = scenario::failure(shared.api, &number);
    if let Some(Failure::Step1(e)) = failure {
        return endpoint.error(StatusCode::OK, e, operator);
    }
    let Some(success) = endpoint.outcome_info(false) else {
        return undecodable(info);
    };
    let sent = SentValues::of(info, params, &roles, &request.scopes);
    let api = shared.api;
    let mut data = reply_data::outcome(success, &request.scopes, &sent);
    if let Some(key) = api.operator_key {
        data.insert(key.to_owned(), Value::from(operator));
    }
    data.remove(api.consent_url_key);
    if request.scopes.iter().all(|s| s.one_step) {
        return endpoint.reply(success, data);
    }
    let token = carried_token(info, params);
    let (Some(consent_id), Some(code)) = (random::id(), random::sms_code()) else {
        return no_randomness();
    };
    data.insert(
        api.consent_url_key.to_owned(),
        Value::from(shared.consent_url(&consent_id)),
    );
    // Written before the flow starts, so that a reply that cannot be written starts none.
    let reply = endpoint.reply(success, data);
    if !reply.status().is_success() {
        return reply;
    }
    let now = Instant::now();
    let mut store = shared.store();
    // The token was fresh when checked; it may have expired since.
    let Some(token_expires) = store.entry(&token).map(|e| e.expires) else {
        drop(store);
        return endpoint.error(
            StatusCode::BAD_REQUEST,
            situation_error(info, Situation::InvalidToken),
            DEFAULT_OPERATOR,
        );
    };
    let consent_until = now
        .checked_add(shared.config.consent_lifetime)
        .map_or(token_expires, |t| t.min(token_expires));
    tracing::info!(target: "dqe_client::sandbox", %code, "SMS code sent (sandbox)");
    let session = Session {
        consent_id,
        number,
        partner: roles.partner(params),
        sent,
        scopes: request.scopes.clone(),
        operator,
        code,
        redirect_uri: roles.redirect(params),
        failure,
        failed_once: false,
        consent: if shared.config.auto_approve {
            ConsentState::Approved(now)
        } else {
            ConsentState::Waiting
        },
        consent_until,
        form_keys: Vec::new(),
    };
    // The entry was found under this lock, so the flow starts.
    let _ = store.start(&token, session);
    drop(store);
    reply
}

/// Step 2: `pending` until consent and for the pending time after it, then the number's
/// scenario error or the data of the scopes asked for.
fn retrieve(shared: &Shared, endpoint: ServedEndpoint, request: &Checked) -> Response {
    let info = endpoint.info;
    let token = carried_token(info, &request.params);
    let now = Instant::now();
    let mut store = shared.store();
    let Some(session) = store.session_mut(&token) else {
        drop(store);
        return endpoint.error(
            StatusCode::OK,
            situation_error(info, Situation::InvalidToken),
            DEFAULT_OPERATOR,
        );
    };
    // The outcome (pending, or success) with its data made from the spec.
    let reply = |session: &Session, pending: bool| match endpoint.outcome_info(pending) {
        Some(outcome) => endpoint.reply(
            outcome,
            reply_data::outcome(outcome, &session.scopes, &session.sent),
        ),
        None => undecodable(info),
    };
    let approved_at = match session.settle(now) {
        ConsentState::Waiting => return reply(session, true),
        ConsentState::Failed(id) => {
            let e = info.error(id).unwrap_or(&FALLBACK);
            return endpoint.error(StatusCode::OK, e, session.operator);
        }
        // The code was never checked: what the spec names for an unfinished code check.
        ConsentState::Expired => {
            let e = situation_error(info, Situation::ConsentWrongCode);
            return endpoint.error(StatusCode::OK, e, session.operator);
        }
        ConsentState::Approved(at) => at,
    };
    let ready = approved_at.checked_add(shared.config.pending_time);
    if ready.is_none_or(|ready| now < ready) {
        return reply(session, true);
    }
    match session.failure {
        Some(Failure::Step2(e)) => return endpoint.error(StatusCode::OK, e, session.operator),
        Some(Failure::Step2Once(e)) if !session.failed_once => {
            session.failed_once = true;
            return endpoint.error(StatusCode::OK, e, session.operator);
        }
        _ => {}
    }
    reply(session, false)
}

/// The reply `R` carrying `outcome` with the keys of `data` (its status added), as the client
/// decodes it; `None` when it does not decode as that outcome.
fn decode<R: Reply>(
    status_key: &str,
    outcome: &OutcomeInfo,
    mut data: Map<String, Value>,
) -> Option<R> {
    data.insert(status_key.to_owned(), Value::from(outcome.status));
    let reply: R = serde_json::from_value(Value::Object(data)).ok()?;
    let is_outcome = match reply.clone().into_outcome() {
        Outcome::Success(_) => !outcome.pending,
        Outcome::Pending(_) => outcome.pending,
        Outcome::Error(_) | Outcome::Unrecognized(_) => false,
    };
    is_outcome.then_some(reply)
}

/// An endpoint's reply of type `R` carrying `outcome` with the keys of `data`: decoded as the
/// client decodes it, then written as the type writes it.
fn outcome_reply<R: Reply>(
    status_key: &str,
    outcome: &OutcomeInfo,
    data: Map<String, Value>,
) -> Option<Response> {
    decode::<R>(status_key, outcome, data).map(|reply| json(StatusCode::OK, &reply))
}

/// What the sandbox answers when the data it made from the spec does not decode as the reply
/// type (a spec the generated types cannot read): HTTP 500, logged.
fn undecodable(info: &EndpointInfo) -> Response {
    tracing::error!(
        target: "dqe_client::sandbox",
        endpoint = info.name,
        "the sample data made from the spec does not decode as the reply"
    );
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// A JSON reply.
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

/// An endpoint's reply of type `R` carrying the error `id` with its `text`.
fn error_reply<R: Reply>(status: StatusCode, id: String, text: String) -> Response {
    json(
        status,
        &R::from_error(<R::Error as ApiError>::from_parts(id, text)),
    )
}

/// What the token endpoint answers while `max_entries` tokens live: HTTP 503, when to retry,
/// and an error reply (so that no client reads it as a token) saying why.
fn full(config: &SandboxConfig, endpoint: ServedEndpoint, next_expiry: Duration) -> Response {
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
    let mut response = (endpoint.error)(
        StatusCode::SERVICE_UNAVAILABLE,
        FULL_ERROR_ID.to_owned(),
        text,
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    response
}

/// The OS could not give randomness: nothing safe can be handed out.
pub(super) fn no_randomness() -> Response {
    tracing::error!(target: "dqe_client::sandbox", "the OS random generator failed");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
