//! Acting as the customer without a browser: a test approves, declines or types a wrong code
//! for a consent, by its URL or its flow's token, as the consent page would
//! ([`Sandbox::answer`](super::Sandbox::answer)), or lets it expire at once
//! ([`Sandbox::expire`](super::Sandbox::expire)); and what a consent becomes with the
//! customer's answer, whichever way it came (the page or a test).

use std::fmt;
use std::time::Instant;

use super::errors::situation_error;
use super::shared::Shared;
use super::store::{ConsentState, Session, Store};
use dqe_client::endpoint::{EndpointInfo, Situation};

/// What the customer does on the consent page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CustomerAnswer {
    /// Types the right code and approves: step 2 gives the data.
    Approve,
    /// Declines: step 2 answers the error the spec names for a declined consent (`21`).
    Decline,
    /// Approves with a wrong code: step 2 answers the spec's wrong-code error (`20`).
    WrongCode,
}

/// Why a consent could not be answered, or let expire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnswerError {
    /// No live flow has this consent URL or token.
    Unknown,
    /// The consent expired before this answer (`consent_lifetime`).
    Expired,
    /// The consent was answered already (or given at once, with `auto_approve`).
    AlreadyAnswered,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AnswerError::Unknown => "no live flow has this consent URL or token",
            AnswerError::Expired => "the consent has expired",
            AnswerError::AlreadyAnswered => "the consent was answered already",
        })
    }
}

impl std::error::Error for AnswerError {}

/// The consent id a consent URL ends with (its last path segment), or the text itself.
fn consent_id(consent: &str) -> &str {
    let path = consent.split(['?', '#']).next().unwrap_or(consent);
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

/// Answers the consent `consent` (its URL, its id, or its flow's token) with `answer`.
pub(super) fn answer(
    shared: &Shared,
    consent: &str,
    answer: CustomerAnswer,
) -> Result<(), AnswerError> {
    let now = Instant::now();
    let mut store = shared.store();
    let session = waiting(&mut store, consent, now)?;
    session.consent = answered(shared.api.retrieve, answer, now);
    Ok(())
}

/// Lets the consent `consent` (its URL, its id, or its flow's token) expire now, as if its
/// customer had left it unanswered for the whole consent lifetime.
pub(super) fn expire(shared: &Shared, consent: &str) -> Result<(), AnswerError> {
    let now = Instant::now();
    let mut store = shared.store();
    let session = waiting(&mut store, consent, now)?;
    session.consent_until = now;
    session.settle(now);
    Ok(())
}

/// The flow of the consent `consent` (its URL, its id, or its flow's token), if it still waits
/// for an answer at `now`.
fn waiting<'s>(
    store: &'s mut Store,
    consent: &str,
    now: Instant,
) -> Result<&'s mut Session, AnswerError> {
    let id = consent_id(consent);
    let session = if store.by_consent(id).is_some() {
        store.by_consent(id).map(|(_, session)| session)
    } else {
        store.session_mut(consent)
    }
    .ok_or(AnswerError::Unknown)?;
    match session.settle(now) {
        ConsentState::Waiting => Ok(session),
        ConsentState::Expired => Err(AnswerError::Expired),
        ConsentState::Approved(_) | ConsentState::Failed(_) => Err(AnswerError::AlreadyAnswered),
    }
}

/// What a waiting consent becomes with the customer's answer: approved, or the error step 2
/// (`info`) answers for a wrong code or a decline.
pub(super) fn answered(
    info: &'static EndpointInfo,
    answer: CustomerAnswer,
    now: Instant,
) -> ConsentState {
    match answer {
        CustomerAnswer::Approve => ConsentState::Approved(now),
        CustomerAnswer::WrongCode => {
            ConsentState::Failed(situation_error(info, Situation::ConsentWrongCode).id)
        }
        CustomerAnswer::Decline => {
            ConsentState::Failed(situation_error(info, Situation::ConsentDeclined).id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consent_is_named_by_its_url_or_its_id() {
        assert_eq!(consent_id("http://127.0.0.1:8080/consent/abc123"), "abc123");
        assert_eq!(
            consent_id("http://127.0.0.1:8080/consent/abc123/?x=1#y"),
            "abc123"
        );
        assert_eq!(consent_id("abc123"), "abc123");
    }
}
