//! The HTTP client: a [`Client`] holds the server address, the credentials, one connection
//! pool and a token cache; it runs the consent flow (token, step 1, step 2) and polls step 2.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use dqe_client::client::Client;
//! use dqe_client::InitiateRequest;
//!
//! let client = Client::from_env()?; // DQE_SERVER, DQE_LICENCE, DQE_CLIENT_SECRET
//! let consent = client
//!     .initiate(&InitiateRequest::new()
//!         .number("0612345678")
//!         .name("ACME")
//!         .formfilling())
//!     .await?;
//! // Send the customer's browser to `consent.url()`, then:
//! let data = client.wait(consent.flow(), Duration::from_secs(180)).await?;
//! if let Some(identity) = data.formfilling {
//!     println!("{:?}", identity.family_name.as_deref());
//! }
//! # Ok(()) }
//! ```
//!
//! The code is in two layers: the transport ([`ClientBuilder`], the server check, the token
//! cache, sending one request and reading its reply: `builder.rs`, `transport.rs`), and the
//! consent journey on top of it (step 1, step 2, polling, the callback: `journey.rs`).
//!
//! # Hostile servers
//! The client assumes the server, or a proxy in front of it, may answer anything:
//! - no redirect is followed (a 3xx is [`Error::Redirect`]) and no `Referer` is sent;
//! - reply bodies are read up to a limit, and refused past it without being read whole: the
//!   spec's `max_body` for the endpoint (16 MiB for step 2, which may carry a document), else
//!   1 MiB, unless [`ClientBuilder::max_body_size`] sets one for every endpoint;
//! - a leading UTF-8 byte order mark is skipped; a body that is not JSON is an error naming the
//!   HTTP status, the content type and the length, never the body's text;
//! - durations the server sends are checked (an absurd `expires_in` reads as unknown);
//! - step 1 is sent at most once, whatever the answer; when it may have reached the server
//!   without a clear answer, [`Error::Unconfirmed`] gives back its flow to poll;
//! - step 1's consent URL, which a page renders as a link, must be an absolute `https` URL of a
//!   named host without user info (`http` only from a loopback server): any other is
//!   [`Error::ConsentUrl`] ([`UnsafeUrl`] says which rule it broke), never shown;
//! - [`Client::wait`]'s budget is a deadline, a poll in flight included;
//! - proxies from the environment (`HTTPS_PROXY`, `ALL_PROXY`, with `NO_PROXY`) apply to HTTPS
//!   only, and loopback addresses are never proxied.

mod builder;
mod clock;
mod consent_url;
mod departures;
mod error;
mod flow;
mod journey;
mod tls;
mod transport;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use secrecy::SecretString;

pub use builder::{ClientBuilder, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_IN_FLIGHT};
pub use clock::{Clock, Sleep, SystemClock};
pub use consent_url::{MAX_CONSENT_URL_LEN, UnsafeUrl};
pub use departures::MAX_DEPARTURE_PLACES;
pub use error::{ConfigError, DecodeError, DecodeKind, Error, ErrorKind, Transport};
pub use flow::{Check, Consent, Flow, Started};

use crate::endpoint::Method;
use crate::journey::{Journey, TokenErrorOf};

/// Shortest allowed polling interval: DQE publishes none, and comparable standards never poll
/// faster than once a second.
pub const MIN_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// The least time left of a [`Client::wait`] in which a poll is started: a step 2 reply is a
/// lookup at DQE that comes well within a second on a working connection, and a poll started
/// with less would mostly be cut by the deadline, so the wait ends at once instead.
pub const MIN_POLL_TIME: Duration = Duration::from_secs(1);

/// Whole milliseconds of a duration, for logs (saturating).
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Longest allowed polling interval.
pub const MAX_POLL_INTERVAL: Duration = Duration::from_secs(3600);

/// The lifetime assumed for a token whose reply gives none, or an absurd one: the shortest
/// DQE has been seen to issue.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(300);

/// Longest token lifetime believed: an `expires_in` above it reads as unknown
/// ([`DEFAULT_TOKEN_LIFETIME`]).
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// A token, with when it expires if known.
///
/// `Debug` never shows it.
#[derive(Clone)]
pub struct Token {
    value: SecretString,
    expires_at: Option<Instant>,
    refresh_at: Option<Instant>,
}

impl Token {
    /// A token obtained elsewhere, of unknown lifetime.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            value: SecretString::from(value.into()),
            expires_at: None,
            refresh_at: None,
        }
    }

    /// The token's value, for a caller that sends a request itself.
    ///
    /// A secret: handle with care.
    pub fn secret(&self) -> &SecretString {
        &self.value
    }

    /// When it expires, if known.
    pub fn expires_at(&self) -> Option<Instant> {
        self.expires_at
    }

    /// A token just issued with the lifetime the server gave, if it is believable (more than
    /// zero, at most [`MAX_TOKEN_LIFETIME`]); else [`DEFAULT_TOKEN_LIFETIME`]. It is refreshed
    /// a fifth of its lifetime (at most 30 s) before it expires.
    fn issued(value: &str, lifetime: Option<Duration>, now: Instant) -> Self {
        let lifetime = lifetime
            .filter(|l| !l.is_zero() && *l <= MAX_TOKEN_LIFETIME)
            .unwrap_or(DEFAULT_TOKEN_LIFETIME);
        let margin = (lifetime / 5).min(Duration::from_secs(30));
        Self {
            value: SecretString::from(value.to_owned()),
            expires_at: now.checked_add(lifetime),
            refresh_at: now.checked_add(lifetime - margin),
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("value", &crate::redact::REDACTED_MARK)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// How [`Client::wait`] polls.
#[derive(Clone, Debug)]
struct PollPolicy {
    interval: Duration,
    max_interval: Duration,
    backoff: f64,
    max_retries: u32,
}

/// The token cache: the current token, and the last failed fetch with its number, so that
/// callers that waited on a fetch share its failure instead of each trying again.
struct TokenCache<A: Journey> {
    token: Option<Token>,
    failure: Option<(u64, Error<TokenErrorOf<A>, A>)>,
}

impl<A: Journey> Default for TokenCache<A> {
    fn default() -> Self {
        Self {
            token: None,
            failure: None,
        }
    }
}

struct Inner<A: Journey> {
    http: reqwest::Client,
    base: String,
    /// Whether `base` is a loopback address (the sandbox): then a consent URL may be `http`.
    loopback: bool,
    credentials: A::Credentials,
    poll: PollPolicy,
    clock: Arc<dyn Clock>,
    /// How long one request may take in all.
    timeout: Duration,
    /// The limit set on the builder, replacing every endpoint's ([`transport`]'s `body_limit`).
    max_body_size: Option<usize>,
    fixed_token: Option<Token>,
    tokens: tokio::sync::Mutex<TokenCache<A>>,
    /// How many token fetches have ended.
    token_fetches: AtomicU64,
    in_flight: Option<Arc<tokio::sync::Semaphore>>,
    /// The departures from the spec noticed in replies (`Client::departures`).
    departures: departures::Seen,
}

/// The ID Mobile client.
///
/// Cheap to clone: clones share the connection pool and the token cache.
///
/// Generic over the spec it runs: `A` is the `Api` type `generate_api!` generates, this
/// crate's own [`Api`](crate::Api) (the shipped spec) by default. A crate that generates its
/// own spec's types names its `Api`: `Client<Api>`, built with `ClientBuilder::<Api>::new()`.
#[derive(Clone)]
pub struct Client<A: Journey = crate::Api> {
    inner: Arc<Inner<A>>,
    method: Method,
}

impl<A: Journey> std::fmt::Debug for Client<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("method", &self.method)
            .field("credentials", &self.inner.credentials)
            .field("poll", &self.inner.poll)
            .field("max_body_size", &self.inner.max_body_size)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for the shipped spec, with POST, a 5 s connect timeout, a 20 s request timeout and
    /// 2 s polling.
    ///
    /// For your own spec: `ClientBuilder::<Api>::new()`.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client of the shipped spec configured from the environment: the server address from
    /// [`SERVER_ENV`](crate::SERVER_ENV) and the credentials from their variables.
    ///
    /// For your own spec: `ClientBuilder::<Api>::new().with_env()?.build()`.
    ///
    /// # Errors
    /// Names the first variable that is missing, or what is wrong with the address.
    pub fn from_env() -> Result<Self, ConfigError> {
        ClientBuilder::new().with_env()?.build()
    }
}

impl<A: Journey> Client<A> {
    /// The same client, sending with `method` (for endpoints that accept it).
    pub fn with_method(&self, method: Method) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            method,
        }
    }

    /// The method requests are sent with.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The clock the client uses.
    pub fn clock(&self) -> &dyn Clock {
        self.inner.clock.as_ref()
    }
}
