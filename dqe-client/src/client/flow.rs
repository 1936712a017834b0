//! The consent flow's state: a [`Flow`] handle that serializes, so that a flow started in one
//! process (the one that sent step 1) can be resumed in another (the one that receives the
//! redirect).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use super::{Clock, Token};
use crate::List;
use crate::journey::{ConsentSuccessOf, Journey, RetrievePendingOf, RetrieveSuccessOf};

/// One consent flow: the token it was started with, the scopes it asked for, when it started and
/// when its token expires.
///
/// Serialize it to resume the flow elsewhere; the serialized form holds the token, a secret, so
/// store it as you store sessions. `Debug` never shows the token.
///
/// A flow read back is checked: times past the year 9999 or a token expiring before the flow
/// started are refused, so that no arithmetic on them can overflow.
///
/// `A` is the spec's `Api` (the shipped spec's by default): the flow holds its scopes.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "FlowRepr<A>", bound = "")]
pub struct Flow<A: Journey = crate::Api> {
    token: String,
    scopes: List<A::Scope>,
    started_at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token_expires_at: Option<u64>,
}

/// A flow as read, before its times are checked.
#[derive(Deserialize)]
#[serde(bound = "")]
struct FlowRepr<A: Journey> {
    token: String,
    scopes: List<A::Scope>,
    started_at: u64,
    #[serde(default)]
    token_expires_at: Option<u64>,
}

/// 9999-12-31T23:59:59Z, the last second a flow's times may name.
const MAX_UNIX: u64 = 253_402_300_799;

impl<A: Journey> TryFrom<FlowRepr<A>> for Flow<A> {
    type Error = &'static str;

    fn try_from(r: FlowRepr<A>) -> Result<Self, Self::Error> {
        if r.token.is_empty() {
            return Err("the flow has an empty token");
        }
        if r.started_at > MAX_UNIX || r.token_expires_at.is_some_and(|t| t > MAX_UNIX) {
            return Err("a time of the flow is past the year 9999");
        }
        Ok(Self {
            token: r.token,
            scopes: r.scopes,
            started_at: r.started_at,
            token_expires_at: r.token_expires_at,
        })
    }
}

/// Seconds since the Unix epoch, within what a flow may name.
fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .min(MAX_UNIX)
}

/// The instant `secs` after the Unix epoch (at most [`MAX_UNIX`], which every platform holds).
fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH
        .checked_add(Duration::from_secs(secs.min(MAX_UNIX)))
        .unwrap_or(UNIX_EPOCH)
}

impl<A: Journey> Flow<A> {
    /// A flow started now with `token`, for `scopes`.
    pub fn new(token: &Token, scopes: impl Into<List<A::Scope>>, clock: &dyn Clock) -> Self {
        Self::started(token, scopes.into(), clock)
    }

    pub(crate) fn started(token: &Token, scopes: List<A::Scope>, clock: &dyn Clock) -> Self {
        let wall = clock.wall();
        let now = clock.now();
        Self {
            token: token.value.expose_secret().to_owned(),
            scopes,
            started_at: unix(wall),
            token_expires_at: token.expires_at.map(|expires| {
                let left = expires.saturating_duration_since(now);
                wall.checked_add(left).map_or(MAX_UNIX, unix)
            }),
        }
    }

    /// The token of the flow.
    pub fn token(&self) -> Token {
        Token::new(self.token.clone())
    }

    /// Whether `token` is this flow's token, compared in constant time.
    pub fn has_token(&self, token: &str) -> bool {
        let (a, b) = (self.token.as_bytes(), token.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// The scopes it asked for.
    pub fn scopes(&self) -> &List<A::Scope> {
        &self.scopes
    }

    /// When it started.
    pub fn started_at(&self) -> SystemTime {
        at(self.started_at)
    }

    /// When its token expires, if known.
    pub fn token_expires_at(&self) -> Option<SystemTime> {
        self.token_expires_at.map(at)
    }

    /// How long its token has left at `now`, if known.
    pub fn token_time_left(&self, now: SystemTime) -> Option<Duration> {
        self.token_expires_at()
            .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO))
    }
}

impl<A: Journey> std::fmt::Debug for Flow<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flow")
            .field("token", &crate::redact::REDACTED_MARK)
            .field("scopes", &self.scopes)
            .field("started_at", &self.started_at)
            .field("token_expires_at", &self.token_expires_at)
            .finish()
    }
}

/// What step 1 gave: where to send the customer's browser, and the flow to retrieve with.
#[derive(Clone, Debug)]
pub struct Consent<A: Journey = crate::Api> {
    pub(crate) flow: Flow<A>,
    pub(crate) reply: ConsentSuccessOf<A>,
}

impl<A: Journey> Consent<A> {
    /// The flow, for step 2.
    pub fn flow(&self) -> &Flow<A> {
        &self.flow
    }

    /// The operator's consent URL, where the customer's browser goes.
    ///
    /// Checked when step 1 answered (an absolute `https` URL of a named host, see
    /// [`Client::initiate`]): `Some` for every request whose scopes need consent. Opaque otherwise:
    /// do not parse it.
    ///
    /// [`Client::initiate`]: super::Client::initiate
    pub fn url(&self) -> Option<&str> {
        A::consent_url(&self.reply)
    }

    /// The customer's mobile operator as step 1 named it, if it did, for logs or the page.
    pub fn operator(&self) -> Option<&str> {
        A::operator(&self.reply)
    }

    /// The whole reply.
    pub fn reply(&self) -> &ConsentSuccessOf<A> {
        &self.reply
    }

    /// The flow, taking it.
    pub fn into_flow(self) -> Flow<A> {
        self.flow
    }
}

/// One look at step 2.
#[derive(Clone, Debug)]
pub enum Check<A: Journey = crate::Api> {
    /// The data is there.
    Ready(RetrieveSuccessOf<A>),
    /// Not yet: ask again later.
    Pending(RetrievePendingOf<A>),
}

impl<A: Journey> PartialEq for Check<A>
where
    RetrieveSuccessOf<A>: PartialEq,
    RetrievePendingOf<A>: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Check::Ready(a), Check::Ready(b)) => a == b,
            (Check::Pending(a), Check::Pending(b)) => a == b,
            _ => false,
        }
    }
}

/// What step 1 gave, by the scopes asked for: the result itself for one-step scopes (no
/// consent, no step 2), or the consent and the flow to retrieve with.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Started<A: Journey = crate::Api> {
    /// Every scope asked for answers in step 1: this is the result.
    Done(Box<ConsentSuccessOf<A>>),
    /// The customer gives consent at [`Consent::url`]; then step 2 answers.
    Consent(Box<Consent<A>>),
}
