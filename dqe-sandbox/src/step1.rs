//! Step 1's answer: the number's scenario error; else the result of the scopes answered at
//! once and, when a scope asked for needs consent, a flow started on the token (its SMS code
//! logged) and the consent page's address.

use std::time::Instant;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::errors::{situation_error, worded};
use super::random;
use super::reply::{Replies, no_randomness};
use super::reply_data;
use super::request::{Request, SentValues};
use super::roles::Roles;
use super::scenario::{self, DEFAULT_OPERATOR, Failure};
use super::shared::Shared;
use super::store::{ConsentState, Session};
use dqe_client::endpoint::{OutcomeInfo, Situation};

/// Step 1: the number's scenario error; else the result of the scopes answered at once, and,
/// when a scope needs consent, a flow started ([`start_flow`]).
pub(super) fn answer(shared: &Shared, replies: &Replies, request: &Request) -> Response {
    let info = replies.info;
    let roles = Roles::of(info);
    let number = request.params.phone(&roles);
    let operator = scenario::operator(&number);
    let failure = scenario::failure(shared.api, &number, &request.scopes);
    if let Some(Failure::Step1(e)) = failure {
        return replies.error(StatusCode::OK, e, operator);
    }
    let Some(success) = replies.outcome_info(false) else {
        return replies.undecodable();
    };
    let sent = SentValues::of(info, request, &roles);
    let api = shared.api;
    let mut data = reply_data::outcome(success, &request.scopes, &sent);
    if let Some(key) = api.operator_key {
        data.insert(key.to_owned(), Value::from(operator));
    }
    data.remove(api.consent_url_key);
    if !api.needs_consent(&request.scopes) {
        return replies.outcome(success, data);
    }
    let (Some(consent_id), Some(code)) = (random::id(), random::sms_code()) else {
        return no_randomness();
    };
    let session = Session {
        consent_id,
        number,
        partner: request.params.partner(&roles),
        sent,
        scopes: request.scopes.clone(),
        operator,
        code,
        redirect_uri: request.params.redirect(&roles),
        failure,
        failed_once: false,
        consent: ConsentState::Waiting,
        // Set by `start_flow`.
        consent_until: Instant::now(),
        form_keys: Vec::new(),
    };
    start_flow(shared, replies, request, success, data, session)
}

/// The reply of a step 1 that needs consent (`data` with the consent page's address added),
/// and the flow `session` started on the request's token, unless the reply cannot be written
/// or the token has expired since it was checked.
fn start_flow(
    shared: &Shared,
    replies: &Replies,
    request: &Request,
    success: &OutcomeInfo,
    mut data: Map<String, Value>,
    mut session: Session,
) -> Response {
    data.insert(
        shared.api.consent_url_key.to_owned(),
        Value::from(shared.consent_url(&session.consent_id)),
    );
    // Written before the flow starts, so that a reply that cannot be written starts none.
    let reply = replies.outcome(success, data);
    if !reply.status().is_success() {
        return reply;
    }
    let token = request.params.token(replies.info);
    let now = Instant::now();
    let mut store = shared.store();
    // The token was fresh when checked; it may have expired since.
    let Some(token_expires) = store.entry(token).map(|e| e.expires) else {
        drop(store);
        let e = situation_error(replies.info, Situation::InvalidToken);
        return replies.error(
            StatusCode::BAD_REQUEST,
            worded(replies.info, e, &request.scopes),
            DEFAULT_OPERATOR,
        );
    };
    session.consent_until = now
        .checked_add(shared.config.consent_lifetime)
        .map_or(token_expires, |t| t.min(token_expires));
    if shared.config.auto_approve {
        session.consent = ConsentState::Approved(now);
    }
    tracing::info!(target: "dqe_sandbox", code = %session.code, "SMS code sent (sandbox)");
    // The entry was found under this lock, so the flow starts.
    let _ = store.start(token, session);
    drop(store);
    reply
}
