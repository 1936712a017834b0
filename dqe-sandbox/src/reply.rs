//! Every API reply the sandbox writes, in one place: the JSON body, its HTTP status, the
//! documented error shape and the outcomes, each written through the spec's generated reply
//! type as the client decodes it (functions monomorphized for it: [`Replies::of`]), so that
//! what the sandbox answers is what the client reads. Also the replies of a sandbox that
//! cannot answer: the OS gave no randomness, the data made from the spec does not decode, or
//! too many tokens live.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

use super::config::{FULL_ERROR_ID, SandboxConfig};
use super::errors::Refusal;
use super::scenario::DEFAULT_OPERATOR;
use dqe_client::endpoint::{ApiError, EndpointInfo, ErrorInfo, Outcome, OutcomeInfo, Reply};
use dqe_client::journey::ApiInfo;

/// An endpoint's reply carrying an error: its id and its text as sent.
type ErrorReply = fn(StatusCode, String, String) -> Response;

/// An endpoint's reply carrying an outcome with these keys, as its reply type decodes and
/// writes it; `None` when the keys do not decode as that outcome.
type OutcomeReply = fn(&str, &OutcomeInfo, Map<String, Value>) -> Option<Response>;

/// How one API endpoint's replies are written.
#[derive(Clone, Copy)]
pub(super) struct Replies {
    /// What the spec says of the endpoint.
    pub(super) info: &'static EndpointInfo,
    /// How its errors are written.
    error: ErrorReply,
    /// How its success and pending outcomes are written.
    outcome: OutcomeReply,
    /// The key naming a reply's outcome.
    status_key: &'static str,
}

impl Replies {
    /// The replies of the endpoint `info` of `api`, of type `R`.
    pub(super) fn of<R: Reply>(api: &'static ApiInfo, info: &'static EndpointInfo) -> Self {
        Self {
            info,
            error: error_reply::<R>,
            outcome: outcome_reply::<R>,
            status_key: api.status_key,
        }
    }

    /// Its reply carrying a documented error, its text rendered for `operator`.
    pub(super) fn error(&self, status: StatusCode, e: &ErrorInfo, operator: &str) -> Response {
        (self.error)(status, e.id.to_owned(), e.render(|_| operator.to_owned()))
    }

    /// Its reply to a refused request: HTTP 405 without a body for a method it does not take,
    /// else the documented error (rendered for the default operator: no number chose one yet).
    pub(super) fn refusal(&self, refusal: Refusal) -> Response {
        match refusal {
            Refusal::Method => StatusCode::METHOD_NOT_ALLOWED.into_response(),
            Refusal::Error { status, error } => self.error(status, error, DEFAULT_OPERATOR),
        }
    }

    /// Its success outcome, or with `pending` its pending one, as the spec describes it.
    pub(super) fn outcome_info(&self, pending: bool) -> Option<&'static OutcomeInfo> {
        self.info.outcome(pending)
    }

    /// Its reply carrying `outcome` with the keys of `data`, as the client decodes it; HTTP
    /// 500 when they do not decode so.
    pub(super) fn outcome(&self, outcome: &OutcomeInfo, data: Map<String, Value>) -> Response {
        (self.outcome)(self.status_key, outcome, data).unwrap_or_else(|| self.undecodable())
    }

    /// What the sandbox answers when the data it made from the spec does not decode as the
    /// reply type (a spec the generated types cannot read): HTTP 500, logged.
    pub(super) fn undecodable(&self) -> Response {
        tracing::error!(
            target: "dqe_sandbox",
            endpoint = self.info.name,
            "the sample data made from the spec does not decode as the reply"
        );
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }

    /// What the token endpoint answers while `max_entries` tokens live: HTTP 503, when to
    /// retry, and an error reply (so that no client reads it as a token) saying why.
    pub(super) fn full(&self, config: &SandboxConfig, next_expiry: Duration) -> Response {
        let secs = next_expiry
            .as_secs()
            .saturating_add(u64::from(next_expiry.subsec_nanos() > 0))
            .max(1);
        tracing::warn!(
            target: "dqe_sandbox",
            max_entries = config.max_entries,
            retry_after = secs,
            "sandbox full: token refused"
        );
        let text = format!(
            "sandbox full: {} tokens live, its maximum (max_entries); the next expires in {secs} s",
            config.max_entries
        );
        let mut response = (self.error)(
            StatusCode::SERVICE_UNAVAILABLE,
            FULL_ERROR_ID.to_owned(),
            text,
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        response
    }
}

/// The OS could not give randomness: nothing safe can be handed out.
pub(super) fn no_randomness() -> Response {
    tracing::error!(target: "dqe_sandbox", "the OS random generator failed");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
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

/// An endpoint's reply of type `R` carrying the error `id` with its `text`.
fn error_reply<R: Reply>(status: StatusCode, id: String, text: String) -> Response {
    json(
        status,
        &R::from_error(<R::Error as ApiError>::from_parts(id, text)),
    )
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
