//! Step 2's answer: `pending` until consent and for the pending time after it, then the
//! number's scenario error or the data of the scopes asked for.

use std::time::Instant;

use axum::http::StatusCode;
use axum::response::Response;

use super::errors::{FALLBACK, situation_error, worded};
use super::reply::Replies;
use super::reply_data;
use super::request::Request;
use super::scenario::{DEFAULT_OPERATOR, Failure};
use super::shared::Shared;
use super::store::{ConsentState, Session};
use dqe_client::endpoint::Situation;

/// Step 2: `pending` until consent and for the pending time after it, then the number's
/// scenario error or the data of the scopes asked for.
pub(super) fn answer(shared: &Shared, replies: &Replies, request: &Request) -> Response {
    let info = replies.info;
    let token = request.params.token(info);
    let now = Instant::now();
    let mut store = shared.store();
    let Some(session) = store.session_mut(token) else {
        drop(store);
        let e = situation_error(info, Situation::InvalidToken);
        return replies.error(
            StatusCode::OK,
            worded(info, e, &request.scopes),
            DEFAULT_OPERATOR,
        );
    };
    // The outcome (pending, or success) with its data made from the spec.
    let reply = |session: &Session, pending: bool| match replies.outcome_info(pending) {
        Some(outcome) => replies.outcome(
            outcome,
            reply_data::outcome(outcome, &session.scopes, &session.sent),
        ),
        None => replies.undecodable(),
    };
    let approved_at = match session.settle(now) {
        ConsentState::Waiting => return reply(session, true),
        ConsentState::Failed(id) => {
            let e = info
                .error(id)
                .map_or(&FALLBACK, |e| worded(info, e, &session.scopes));
            return replies.error(StatusCode::OK, e, session.operator);
        }
        // The code was never checked: what the spec names for an unfinished code check.
        ConsentState::Expired => {
            let e = situation_error(info, Situation::ConsentWrongCode);
            return replies.error(
                StatusCode::OK,
                worded(info, e, &session.scopes),
                session.operator,
            );
        }
        ConsentState::Approved(at) => at,
    };
    let ready = approved_at.checked_add(shared.config.pending_time);
    if ready.is_none_or(|ready| now < ready) {
        return reply(session, true);
    }
    match session.failure {
        Some(Failure::Step2(e)) => return replies.error(StatusCode::OK, e, session.operator),
        Some(Failure::Step2Once(e)) if !session.failed_once => {
            session.failed_once = true;
            return replies.error(StatusCode::OK, e, session.operator);
        }
        _ => {}
    }
    reply(session, false)
}
