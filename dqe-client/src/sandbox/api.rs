//! The three API endpoints (token, step 1 and step 2): what each answers a request that passed
//! the [checks](super::checks), and how their replies are written.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, Method as HttpMethod, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::checks::{Checked, FALLBACK, Params, accept, situation_error};
use super::fake::{self, Sent};
use super::roles::Roles;
use super::scenario::{self, DEFAULT_OPERATOR, Failure};
use super::state::{ConsentState, Session};
use super::{FULL_ERROR_ID, SandboxConfig, Shared, random};
use crate::endpoint::{ApiError, EndpointInfo, ErrorInfo, ParamSource, Reply, Situation};
use crate::{
    AccessTokenReply, AccessTokenRequest, AccessTokenSuccess, InitiateReply, InitiateRequest,
    InitiateSuccess, RetrievePending, RetrieveReply, RetrieveRequest, RetrieveSuccess, Scope,
    Seconds,
};

/// An endpoint's reply carrying a documented error, its text rendered for an operator: the
/// [`error_reply`] of the endpoint's reply type.
type ErrorReply = fn(StatusCode, &ErrorInfo, &str) -> Response;

/// What an endpoint answers a request that passed the checks.
type Answer = fn(&Shared, &'static EndpointInfo, &Checked) -> Response;

/// One API endpoint of the sandbox.
#[derive(Clone, Copy)]
pub(super) struct Api {
    /// What the spec says of it.
    pub(super) info: &'static EndpointInfo,
    /// How its refusals are written.
    pub(super) error_reply: ErrorReply,
    /// What it answers a request that passed the checks.
    answer: Answer,
}

/// The API endpoints the sandbox serves, each at its spec path.
pub(super) const ENDPOINTS: [Api; 3] = [
    Api {
        info: &AccessTokenRequest::INFO,
        error_reply: error_reply::<AccessTokenReply>,
        answer: token,
    },
    Api {
        info: &InitiateRequest::INFO,
        error_reply: error_reply::<InitiateReply>,
        answer: initiate,
    },
    Api {
        info: &RetrieveRequest::INFO,
        error_reply: error_reply::<RetrieveReply>,
        answer: retrieve,
    },
];

impl Api {
    /// Its route, over any method: [`accept`] checks the request, then the endpoint answers.
    pub(super) fn route(self) -> MethodRouter<Arc<Shared>> {
        any(
            move |State(shared): State<Arc<Shared>>,
                  method: HttpMethod,
                  RawQuery(query): RawQuery,
                  body: Result<Bytes, BytesRejection>| async move {
                match accept(&shared, self, &method, query.as_deref(), body) {
                    Ok(request) => (self.answer)(&shared, self.info, &request),
                    Err(refusal) => *refusal,
                }
            },
        )
    }
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

/// The token endpoint: a new token, unless [`SandboxConfig::max_entries`] are live.
fn token(shared: &Shared, _: &'static EndpointInfo, _: &Checked) -> Response {
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

/// Step 1: the number's scenario error; else the result of the scopes answered at once, and,
/// when a scope needs consent, a flow started on the token (its SMS code logged) and the
/// consent page's address.
fn initiate(shared: &Shared, info: &'static EndpointInfo, request: &Checked) -> Response {
    let params = &request.params;
    let roles = Roles::of(info);
    let number = roles.phone(params);
    let operator = scenario::operator(&number);
    let failure = scenario::failure(&number);
    if let Some(Failure::Step1(e)) = failure {
        return error_reply::<InitiateReply>(StatusCode::OK, e, operator);
    }
    let sent = Sent::of(info, params, &roles);
    let Some(mut ok) = outcome::<InitiateSuccess>(info, false, &request.scopes, &sent) else {
        return undecodable(info);
    };
    ok.operator = Some(operator.to_owned());
    ok.url = None;
    if request.scopes.iter().all(Scope::is_one_step) {
        return json(StatusCode::OK, &InitiateReply::Success(ok));
    }
    let token = carried_token(info, params);
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
            situation_error(info, Situation::InvalidToken),
            DEFAULT_OPERATOR,
        );
    };
    let consent_until = now
        .checked_add(shared.config.consent_lifetime)
        .map_or(token_expires, |t| t.min(token_expires));
    tracing::info!(target: "dqe_client::sandbox", %code, "SMS code sent (sandbox)");
    ok.url = Some(shared.consent_url(&consent_id));
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
    json(StatusCode::OK, &InitiateReply::Success(ok))
}

/// Step 2: `pending` until consent and for the pending time after it, then the number's
/// scenario error or the data of the scopes asked for.
fn retrieve(shared: &Shared, info: &'static EndpointInfo, request: &Checked) -> Response {
    let error = error_reply::<RetrieveReply>;
    let token = carried_token(info, &request.params);
    let now = Instant::now();
    let mut store = shared.store();
    let Some(session) = store.session_mut(&token) else {
        drop(store);
        return error(
            StatusCode::OK,
            situation_error(info, Situation::InvalidToken),
            DEFAULT_OPERATOR,
        );
    };
    let pending = |session: &Session| match outcome::<RetrievePending>(
        info,
        true,
        &session.scopes,
        &session.sent,
    ) {
        Some(p) => json(StatusCode::OK, &RetrieveReply::Pending(p)),
        None => undecodable(info),
    };
    let approved_at = match session.settle(now) {
        ConsentState::Waiting => return pending(session),
        ConsentState::Failed(id) => {
            let e = info.error(id).unwrap_or(&FALLBACK);
            return error(StatusCode::OK, e, session.operator);
        }
        // The code was never checked: what the spec names for an unfinished code check.
        ConsentState::Expired => {
            let e = situation_error(info, Situation::ConsentWrongCode);
            return error(StatusCode::OK, e, session.operator);
        }
        ConsentState::Approved(at) => at,
    };
    let ready = approved_at.checked_add(shared.config.pending_time);
    if ready.is_none_or(|ready| now < ready) {
        return pending(session);
    }
    match session.failure {
        Some(Failure::Step2(e)) => return error(StatusCode::OK, e, session.operator),
        Some(Failure::Step2Once(e)) if !session.failed_once => {
            session.failed_once = true;
            return error(StatusCode::OK, e, session.operator);
        }
        _ => {}
    }
    match outcome::<RetrieveSuccess>(info, false, &session.scopes, &session.sent) {
        Some(ok) => json(StatusCode::OK, &RetrieveReply::Success(ok)),
        None => undecodable(info),
    }
}

/// An endpoint's success (or, with `pending`, its pending outcome) for a request asking for
/// `scopes` that sent `sent`: its data made from the spec ([`fake`]), decoded as the client
/// decodes it.
fn outcome<T: DeserializeOwned>(
    info: &'static EndpointInfo,
    pending: bool,
    scopes: &[Scope],
    sent: &Sent,
) -> Option<T> {
    let outcome = info.outcomes.iter().find(|o| o.pending == pending)?;
    serde_json::from_value(fake::outcome(outcome, scopes, sent)).ok()
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
pub(super) fn no_randomness() -> Response {
    tracing::error!(target: "dqe_client::sandbox", "the OS random generator failed");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
