//! Which documented error the sandbox answers for a situation it can tell apart (the spec's
//! `[endpoints.*.sandbox]` table, with its fallbacks), and a refusal: a request turned down
//! before it is answered, as a plain value (the error and the HTTP status) that
//! [`reply`](super::reply) writes.

use axum::http::StatusCode;

use dqe_client::endpoint::{EndpointInfo, ErrorInfo, Piece, ScopeInfo, Situation};

/// The documented error for a situation, falling back to the spec's `invalid_value`, then
/// `missing_parameter` answer, then to the endpoint's first error.
pub(super) fn situation_error(
    info: &'static EndpointInfo,
    situation: Situation,
) -> &'static ErrorInfo {
    info.situation(situation)
        .or_else(|| info.situation(Situation::InvalidValue))
        .or_else(|| info.situation(Situation::MissingParameter))
        .and_then(|id| info.error(id))
        .or_else(|| info.errors.first())
        .unwrap_or(&FALLBACK)
}

/// The documented error `e` of `info` in the words of the scopes asked for
/// ([`EndpointInfo::error_for`]: a scope's file may word it otherwise); the endpoint's words
/// when none of them documents it (the spec's checks let no scope do without an error the
/// sandbox answers in a situation).
pub(super) fn worded(
    info: &'static EndpointInfo,
    e: &'static ErrorInfo,
    scopes: &[&'static ScopeInfo],
) -> &'static ErrorInfo {
    info.error_for(e.id, scopes).unwrap_or(e)
}

/// The error answered when the spec documents none that fits.
pub(super) static FALLBACK: ErrorInfo = ErrorInfo {
    id: "00",
    text: "the sandbox cannot answer this request",
    template: &[Piece::Lit("the sandbox cannot answer this request")],
    description: "",
    retryable: false,
};

/// Why a request is turned down before it is answered.
#[derive(Clone, Copy, Debug)]
pub(super) enum Refusal {
    /// The endpoint takes no request over this HTTP method: HTTP 405, no body.
    Method,
    /// The documented error `error`, answered with the HTTP status `status`.
    Error {
        /// The HTTP status of the reply.
        status: StatusCode,
        /// The documented error the reply carries.
        error: &'static ErrorInfo,
    },
}

impl Refusal {
    /// A request the spec's checks turned down: `error`, with HTTP 400.
    pub(super) fn bad_request(error: &'static ErrorInfo) -> Self {
        Self::Error {
            status: StatusCode::BAD_REQUEST,
            error,
        }
    }
}
