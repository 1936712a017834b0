//! What the sandbox remembers: each live token and the flow started with it. A flow lives in
//! its token's entry, so it goes when the token expires; expired entries are purged whenever
//! the store is used, and the number of live tokens is capped.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::Session;

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
