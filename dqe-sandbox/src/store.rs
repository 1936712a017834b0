//! The store: what the sandbox remembers, each live token and the flow started with it. A flow
//! lives in its token's entry, so it goes when the token expires; expired entries are purged
//! whenever the store is used, and the number of live tokens is capped.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::request::SentValues;
use super::scenario::Failure;
use dqe_client::endpoint::ScopeInfo;

/// Where a flow's consent stands.
#[derive(Clone, Copy, Debug)]
pub(super) enum ConsentState {
    /// The consent page has not been answered yet.
    Waiting,
    /// Approved with the right code, at this instant.
    Approved(Instant),
    /// Declined, or answered with a wrong code: the id of the documented error step 2 answers.
    Failed(&'static str),
    /// Not answered within the consent lifetime.
    Expired,
}

/// A flow: what step 1 asked for and where its consent stands. Only a request asking for a
/// scope that needs consent starts one.
pub(super) struct Session {
    /// The consent page's id, in its URL.
    pub(super) consent_id: String,
    /// The customer's phone number, as step 1 sent it (white space removed).
    pub(super) number: String,
    /// The partner's name, shown on the consent page.
    pub(super) partner: String,
    /// What step 1 sent, for the data step 2 answers (bounded: one value per parameter of the
    /// spec, each within the sandbox's limits).
    pub(super) sent: SentValues,
    /// The scopes step 1 asked for, each once.
    pub(super) scopes: Vec<&'static ScopeInfo>,
    /// The operator the number chose.
    pub(super) operator: &'static str,
    /// The SMS code the consent page asks for.
    pub(super) code: String,
    /// Where the consent page sends the browser back, if step 1 said.
    pub(super) redirect_uri: Option<String>,
    /// The failure the number's scenario asks for, if any.
    pub(super) failure: Option<Failure>,
    /// Whether step 2 has answered a [`Failure::Step2Once`] error already.
    pub(super) failed_once: bool,
    /// Where the consent stands; read it through [`Session::settle`].
    pub(super) consent: ConsentState,
    /// Until when the consent page takes an answer.
    pub(super) consent_until: Instant,
    /// The anti-forgery values the consent page issued, the newest last.
    pub(super) form_keys: Vec<String>,
}

impl Session {
    /// The consent's state at `now`: unanswered past its lifetime, it has expired.
    pub(super) fn settle(&mut self, now: Instant) -> ConsentState {
        if matches!(self.consent, ConsentState::Waiting) && now >= self.consent_until {
            self.consent = ConsentState::Expired;
        }
        self.consent
    }
}

/// A live token.
pub(super) struct Entry {
    /// When it stops being accepted.
    pub(super) expires: Instant,
    /// The flow step 1 started with it, if any.
    pub(super) session: Option<Session>,
}

/// Every live token, the flows they started, and their consent ids.
#[derive(Default)]
pub(super) struct Store {
    tokens: HashMap<String, Entry>,
    /// Consent id -> token.
    consents: HashMap<String, String>,
    /// Tokens by expiry. Every token lives the same configured time, so issuing order is
    /// expiry order and purging only looks at the front.
    order: VecDeque<(Instant, String)>,
}

impl Store {
    /// Forgets every token expired at `now`, with its flow and consent id.
    pub(super) fn purge(&mut self, now: Instant) {
        while let Some((expires, _)) = self.order.front() {
            if *expires > now {
                break;
            }
            let Some((_, token)) = self.order.pop_front() else {
                break;
            };
            if let Some(Entry {
                session: Some(session),
                ..
            }) = self.tokens.remove(&token)
            {
                self.consents.remove(&session.consent_id);
            }
        }
    }

    /// How many tokens are live (each holds at most one flow).
    pub(super) fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Remembers a new token, unless `max` are live already: then `Err` says how long until
    /// the next one expires.
    pub(super) fn issue(
        &mut self,
        token: String,
        expires: Instant,
        max: usize,
        now: Instant,
    ) -> Result<(), Duration> {
        self.purge(now);
        if self.tokens.len() >= max {
            let next = self
                .order
                .front()
                .map_or(Duration::ZERO, |(at, _)| at.saturating_duration_since(now));
            return Err(next);
        }
        self.order.push_back((expires, token.clone()));
        self.tokens.insert(
            token,
            Entry {
                expires,
                session: None,
            },
        );
        Ok(())
    }

    /// Whether `token` is accepted at `now`.
    pub(super) fn fresh(&self, token: &str, now: Instant) -> bool {
        self.tokens.get(token).is_some_and(|e| now < e.expires)
    }

    /// A live token's entry.
    pub(super) fn entry(&self, token: &str) -> Option<&Entry> {
        self.tokens.get(token)
    }

    /// The flow started with `token`.
    pub(super) fn session_mut(&mut self, token: &str) -> Option<&mut Session> {
        self.tokens.get_mut(token)?.session.as_mut()
    }

    /// Starts (or restarts) the flow of `token`; `Err` gives the session back when the token
    /// is no longer live.
    pub(super) fn start(&mut self, token: &str, session: Session) -> Result<(), Box<Session>> {
        let Some(entry) = self.tokens.get_mut(token) else {
            return Err(Box::new(session));
        };
        let consent_id = session.consent_id.clone();
        if let Some(old) = entry.session.replace(session) {
            self.consents.remove(&old.consent_id);
        }
        self.consents.insert(consent_id, token.to_owned());
        Ok(())
    }

    /// The token and flow of a consent id.
    pub(super) fn by_consent(&mut self, id: &str) -> Option<(&str, &mut Session)> {
        let token = self.consents.get(id)?;
        let entry = self.tokens.get_mut(token)?;
        Some((token.as_str(), entry.session.as_mut()?))
    }
}
