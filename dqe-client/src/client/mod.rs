//! The HTTP client: a [`Client`] holds the server address, the credentials, one connection
//! pool and a token cache; it runs the consent flow (token, step 1, step 2) and polls step 2.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use dqe_client::client::Client;
//! use dqe_client::{InitiateRequest, Mode, Scope};
//!
//! let client = Client::from_env()?; // DQE_SERVER, DQE_LICENCE, DQE_CLIENT_SECRET
//! let consent = client
//!     .initiate(&InitiateRequest::new()
//!         .number("0612345678")
//!         .mode(Mode::Code)
//!         .name("ACME")
//!         .scope(Scope::Formfilling))
//!     .await?;
//! // Send the customer's browser to `consent.url()`, then:
//! let data = client.wait(consent.flow(), Duration::from_secs(180)).await?;
//! if let Some(identity) = data.formfilling {
//!     println!("{:?}", identity.family_name.as_deref());
//! }
//! # Ok(()) }
//! ```

mod clock;
mod error;
mod flow;

use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument;

pub use clock::{Clock, Sleep, SystemClock};
pub use error::{ConfigError, DecodeError, Error, Transport};
pub use flow::{Check, Consent, Flow};

use crate::endpoint::{ApiError, EncodeContext, Endpoint, Method, Outcome, Reply, TokenGrant};
use crate::{AccessTokenError, AccessTokenRequest, Credentials};

/// Shortest allowed polling interval: DQE publishes none, and comparable standards never poll
/// faster than once a second.
pub const MIN_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// A token, with when it expires if the server said. `Debug` never shows it.
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

    /// The token. A secret: handle with care.
    pub fn secret(&self) -> &SecretString {
        &self.value
    }

    /// When it expires, if known.
    pub fn expires_at(&self) -> Option<Instant> {
        self.expires_at
    }

    fn issued(value: &str, lifetime: Option<Duration>, now: Instant) -> Self {
        // Without a lifetime, assume the shortest seen (300 s) and refresh after a minute.
        let (expires_at, refresh_at) = match lifetime {
            Some(l) => {
                let margin = (l / 5).min(Duration::from_secs(30));
                (Some(now + l), Some(now + l.saturating_sub(margin)))
            }
            None => (None, Some(now + Duration::from_secs(60))),
        };
        Self {
            value: SecretString::from(value.to_owned()),
            expires_at,
            refresh_at,
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

#[derive(Clone, Debug)]
struct PollPolicy {
    interval: Duration,
    max_interval: Duration,
    backoff: f64,
    max_retries: u32,
}

struct Inner {
    http: reqwest::Client,
    base: String,
    credentials: Credentials,
    poll: PollPolicy,
    clock: Arc<dyn Clock>,
    fixed_token: Option<Token>,
    tokens: tokio::sync::Mutex<Option<Token>>,
    in_flight: Option<Arc<tokio::sync::Semaphore>>,
}

/// The ID Mobile client. Cheap to clone: clones share the connection pool and the token cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    method: Method,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("method", &self.method)
            .field("credentials", &self.inner.credentials)
            .field("poll", &self.inner.poll)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`].
#[must_use]
pub struct ClientBuilder {
    server: Option<String>,
    credentials: Option<Credentials>,
    method: Method,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    allow_plain_http: bool,
    poll: PollPolicy,
    clock: Arc<dyn Clock>,
    token: Option<Token>,
    max_in_flight: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            server: None,
            credentials: None,
            method: Method::Post,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(20),
            user_agent: concat!("dqe-client/", env!("CARGO_PKG_VERSION")).to_owned(),
            allow_plain_http: false,
            poll: PollPolicy {
                interval: Duration::from_secs(2),
                max_interval: Duration::from_secs(8),
                backoff: 1.2,
                max_retries: 3,
            },
            clock: Arc::new(SystemClock),
            token: None,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
        }
    }
}

/// How many requests a client has in flight at most, by default: enough for thousands of
/// concurrent flows (each spends most of its time waiting between polls), while bounding
/// connections and file descriptors.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 256;

impl ClientBuilder {
    /// The server's address, e.g. `https://server.example`. HTTPS, except loopback addresses
    /// or with [`ClientBuilder::allow_plain_http`].
    pub fn server(mut self, url: impl Into<String>) -> Self {
        self.server = Some(url.into());
        self
    }

    /// The credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// How parameters are sent: POST (the default) keeps secrets and phone numbers out of URLs
    /// and proxy logs; GET puts them in the query string.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// How long to wait for a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take in all (default 20 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Allows a plain `http://` server that is not a loopback address. For test setups only.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// The polling interval of [`Client::wait`] (default 2 s, never under 1 s); it grows gently
    /// between polls, with jitter.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll.interval = interval.max(MIN_POLL_INTERVAL);
        self.poll.max_interval = self.poll.max_interval.max(self.poll.interval);
        self
    }

    /// The longest interval between polls (default 8 s).
    pub fn max_poll_interval(mut self, interval: Duration) -> Self {
        self.poll.max_interval = interval.max(self.poll.interval);
        self
    }

    /// How many retryable failures in a row [`Client::wait`] tolerates (default 3).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.poll.max_retries = retries;
        self
    }

    /// The clock, for tests that must not really wait.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// How many requests may be in flight at once (default 256); further requests wait for a
    /// slot. `0` means no limit.
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.max_in_flight = requests;
        self
    }

    /// Use this token instead of obtaining tokens.
    pub fn token(mut self, token: Token) -> Self {
        self.token = Some(token);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// A missing, malformed or insecure server address, missing credentials, or an HTTP client
    /// that cannot be built.
    pub fn build(self) -> Result<Client, ConfigError> {
        let server = self.server.ok_or(ConfigError::MissingServer {
            env: crate::SERVER_ENV,
        })?;
        let base = check_server(&server, self.allow_plain_http)?;
        let credentials = self.credentials.ok_or(ConfigError::MissingCredentials)?;
        // reqwest is built with rustls and no crypto provider of its own: use ring, unless the
        // application installed another.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(self.user_agent)
            .build()
            .map_err(|e| ConfigError::Http(e.without_url()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                credentials,
                poll: self.poll,
                clock: self.clock,
                fixed_token: self.token,
                tokens: tokio::sync::Mutex::new(None),
                in_flight: (self.max_in_flight > 0)
                    .then(|| Arc::new(tokio::sync::Semaphore::new(self.max_in_flight))),
            }),
            method: self.method,
        })
    }
}

fn check_server(server: &str, allow_plain_http: bool) -> Result<String, ConfigError> {
    let url = reqwest::Url::parse(server.trim())
        .map_err(|_| ConfigError::InvalidServer("not an absolute URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ConfigError::InvalidServer(
            "it holds a user name or password",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::InvalidServer("it holds a query or fragment"));
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => return Err(ConfigError::InvalidServer("it has no host")),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback || allow_plain_http => {}
        "http" => return Err(ConfigError::InsecureServer),
        _ => {
            return Err(ConfigError::InvalidServer(
                "the scheme is neither https nor http",
            ));
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

impl Client {
    /// A builder, with POST, a 5 s connect timeout, a 20 s request timeout and 2 s polling.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: the server address from
    /// [`SERVER_ENV`](crate::SERVER_ENV) and the credentials from their variables.
    ///
    /// # Errors
    /// Names the first variable that is missing, or what is wrong with the address.
    pub fn from_env() -> Result<Self, ConfigError> {
        let server = std::env::var(crate::SERVER_ENV)
            .ok()
            .filter(|s| !s.is_empty())
            .ok_or(ConfigError::MissingServer {
                env: crate::SERVER_ENV,
            })?;
        let credentials = Credentials::from_env().map_err(ConfigError::MissingCredential)?;
        Self::builder()
            .server(server)
            .credentials(credentials)
            .build()
    }

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

    /// A valid token: the one given to the builder, else a cached one, else a new one from the
    /// token endpoint. Concurrent callers share one fetch; a token is refreshed shortly before
    /// it expires.
    ///
    /// # Errors
    /// What the token endpoint answered, or what went wrong reaching it.
    pub async fn token(&self) -> Result<Token, Error<AccessTokenError>> {
        if let Some(t) = &self.inner.fixed_token {
            return Ok(t.clone());
        }
        let mut cache = self.inner.tokens.lock().await;
        let now = self.inner.clock.now();
        if let Some(t) = cache.as_ref()
            && t.refresh_at.is_none_or(|r| now < r)
        {
            return Ok(t.clone());
        }
        let token = self.fetch_token().await?;
        *cache = Some(token.clone());
        Ok(token)
    }

    /// A new token from the token endpoint, not cached: what each consent flow starts with,
    /// since step 2 finds its session by the token alone.
    ///
    /// # Errors
    /// What the token endpoint answered, or what went wrong reaching it.
    pub async fn new_token(&self) -> Result<Token, Error<AccessTokenError>> {
        match &self.inner.fixed_token {
            Some(t) => Ok(t.clone()),
            None => self.fetch_token().await,
        }
    }

    async fn fetch_token(&self) -> Result<Token, Error<AccessTokenError>> {
        let request = AccessTokenRequest::default();
        let grant = match self.send(&request, None).await? {
            Outcome::Success(s) => s,
            Outcome::Pending(never) => match never {},
            Outcome::Error(e) => return Err(Error::Api(e)),
            Outcome::Unrecognized(s) => return Err(Error::UnrecognizedStatus(s)),
        };
        let Some(value) = grant.token() else {
            return Err(Error::Decode(DecodeError {
                path: "access token".to_owned(),
                kind: "missing",
                line: 0,
                column: 0,
            }));
        };
        Ok(Token::issued(
            value,
            grant.lifetime(),
            self.inner.clock.now(),
        ))
    }

    /// Forgets the cached token, so that the next call obtains a new one.
    pub async fn forget_token(&self) {
        *self.inner.tokens.lock().await = None;
    }

    /// Sends one request and decodes its reply. Endpoints that take a token get `token`.
    /// A documented error is `Err(Error::Api(..))` whatever its HTTP status; an unknown status
    /// is `Ok(Outcome::Unrecognized(..))`. Never retries.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn send<E>(
        &self,
        request: &E,
        token: Option<&Token>,
    ) -> Result<
        Outcome<
            <E::Reply as Reply>::Success,
            <E::Reply as Reply>::Pending,
            <E::Reply as Reply>::Error,
        >,
        Error<<E::Reply as Reply>::Error>,
    >
    where
        E: Endpoint<Credentials = Credentials>,
    {
        let method = if E::accepts(self.method) {
            self.method
        } else {
            E::METHODS.first().copied().unwrap_or(Method::Post)
        };
        let span = tracing::info_span!(
            "dqe.request",
            endpoint = E::NAME,
            method = method.as_str(),
            http.status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
            error_id = tracing::field::Empty,
        );
        async move {
            let started = Instant::now();
            let result = self.exchange::<E>(request, token, method).await;
            let span = tracing::Span::current();
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            match &result {
                Ok(exchange) => {
                    span.record("http.status", exchange.status);
                }
                Err(Error::HttpStatus { status, .. }) => {
                    span.record("http.status", status);
                }
                Err(_) => {}
            }
            let exchange = result?;
            match exchange.reply.into_outcome() {
                Outcome::Error(e) => {
                    span.record("error_id", e.id());
                    Err(Error::Api(e))
                }
                // The body is not a documented reply: the HTTP status says more.
                Outcome::Unrecognized(_) if !(200..300).contains(&exchange.status) => {
                    Err(Error::HttpStatus {
                        status: exchange.status,
                        content_type: exchange.content_type,
                        body_len: exchange.body_len,
                    })
                }
                other => Ok(other),
            }
        }
        .instrument(span)
        .await
    }

    async fn exchange<E>(
        &self,
        request: &E,
        token: Option<&Token>,
        method: Method,
    ) -> Result<Exchange<E::Reply>, Error<<E::Reply as Reply>::Error>>
    where
        E: Endpoint<Credentials = Credentials>,
    {
        let token = token.map(|t| t.value.expose_secret());
        let form = request.to_form(&EncodeContext::new(&self.inner.credentials, token));
        let url = format!("{}{}", self.inner.base, E::PATH);
        let builder = match method {
            Method::Post => self
                .inner
                .http
                .post(url)
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(form),
            Method::Get => {
                let url = if form.is_empty() {
                    url
                } else {
                    format!("{url}?{form}")
                };
                self.inner.http.get(url)
            }
        };
        // The semaphore is never closed, so acquiring only waits.
        let _slot = match &self.inner.in_flight {
            Some(limit) => Some(Arc::clone(limit).acquire_owned().await),
            None => None,
        };
        let response = builder
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.bytes().await.map_err(transport_error)?;
        let mut de = serde_json::Deserializer::from_slice(&body);
        let decoded = serde_path_to_error::deserialize::<_, E::Reply>(&mut de)
            .map_err(|e| (e.path().to_string(), e.into_inner()))
            .and_then(|reply| de.end().map(|()| reply).map_err(|e| (".".to_owned(), e)));
        match decoded {
            Ok(reply) => Ok(Exchange {
                status,
                content_type,
                body_len: body.len(),
                reply,
            }),
            // Not a reply at all (an HTML error page...): the HTTP status says more.
            Err(_) if !(200..300).contains(&status) => Err(Error::HttpStatus {
                status,
                content_type,
                body_len: body.len(),
            }),
            Err((path, inner)) => Err(Error::Decode(DecodeError {
                path,
                kind: match inner.classify() {
                    serde_json::error::Category::Syntax => "syntax",
                    serde_json::error::Category::Data => "data",
                    serde_json::error::Category::Eof => "end of input",
                    serde_json::error::Category::Io => "input",
                },
                line: inner.line(),
                column: inner.column(),
            })),
        }
    }

    /// Step 1 with a new token ([`Client::new_token`]: step 2 finds the session by its token
    /// alone, so each flow has its own): sends the consent request and returns the consent URL
    /// with the flow handle for step 2. Never retried: it sends the customer an SMS.
    ///
    /// # Errors
    /// The step's documented error, a failure to obtain the token ([`Error::Token`]), or a
    /// transport or decoding failure.
    pub async fn initiate<R>(&self, request: &R) -> Result<Consent, Error<crate::InitiateError>>
    where
        R: Endpoint<Credentials = Credentials, Reply = crate::InitiateReply>
            + crate::endpoint::HasScopes<Scope = crate::Scope>,
    {
        let token = self
            .new_token()
            .await
            .map_err(|e| Error::Token(Box::new(e)))?;
        self.initiate_with_token(request, token).await
    }

    /// Step 1 with a token obtained elsewhere.
    ///
    /// # Errors
    /// As [`Client::initiate`].
    pub async fn initiate_with_token<R>(
        &self,
        request: &R,
        token: Token,
    ) -> Result<Consent, Error<crate::InitiateError>>
    where
        R: Endpoint<Credentials = Credentials, Reply = crate::InitiateReply>
            + crate::endpoint::HasScopes<Scope = crate::Scope>,
    {
        match self.send(request, Some(&token)).await? {
            Outcome::Success(reply) => Ok(Consent {
                flow: Flow::started(&token, request.scopes().unwrap_or_default(), self.clock()),
                reply,
            }),
            Outcome::Pending(never) => match never {},
            Outcome::Error(e) => Err(Error::Api(e)),
            Outcome::Unrecognized(s) => Err(Error::UnrecognizedStatus(s)),
        }
    }

    /// Step 2, once: `Ready` with the data, or `Pending`.
    ///
    /// # Errors
    /// The step's documented error (`21` when the customer declined...), or a transport or
    /// decoding failure.
    pub async fn retrieve(&self, flow: &Flow) -> Result<Check, Error<crate::RetrieveError>> {
        let request = crate::RetrieveRequest::new().scope(flow.scopes().clone());
        match self.send(&request, Some(&flow.token())).await? {
            Outcome::Success(s) => Ok(Check::Ready(s)),
            Outcome::Pending(p) => Ok(Check::Pending(p)),
            Outcome::Error(e) => Err(Error::Api(e)),
            Outcome::Unrecognized(s) => Err(Error::UnrecognizedStatus(s)),
        }
    }

    /// Step 2 until the data is there or a final error comes, for at most `max_wait` and never
    /// past the token's expiry. Polls at the configured interval, growing gently, with jitter;
    /// retries transport failures, HTTP 5xx and retryable errors a bounded number of times in a
    /// row. Dropping the future stops it.
    ///
    /// # Errors
    /// A final documented error, [`Error::WaitTimeout`], or the last failure once retries are
    /// spent.
    pub async fn wait(
        &self,
        flow: &Flow,
        max_wait: Duration,
    ) -> Result<crate::RetrieveSuccess, Error<crate::RetrieveError>> {
        let clock = &self.inner.clock;
        let policy = &self.inner.poll;
        let start = clock.now();
        let mut budget = max_wait;
        if let Some(left) = flow.token_time_left(clock.wall()) {
            budget = budget.min(left);
        }
        let deadline = start + budget;
        let mut delay = policy.interval;
        let mut failures = 0;
        let mut polls = 0;
        loop {
            polls += 1;
            match self.retrieve(flow).await {
                Ok(Check::Ready(data)) => return Ok(data),
                Ok(Check::Pending(_)) => failures = 0,
                Err(e) if e.is_retryable() && failures < policy.max_retries => {
                    failures += 1;
                    tracing::debug!(polls, failures, "retrying after a retryable failure");
                }
                Err(e) => return Err(e),
            }
            let now = clock.now();
            if now >= deadline {
                return Err(Error::WaitTimeout {
                    waited: now - start,
                    polls,
                });
            }
            let jittered = delay
                .mul_f64(0.9 + fastrand::f64() * 0.2)
                .max(MIN_POLL_INTERVAL);
            clock.sleep(jittered.min(deadline - now)).await;
            delay = delay.mul_f64(policy.backoff).min(policy.max_interval);
        }
    }

    /// From the redirect DQE sends the customer's browser to (its query string, or the whole
    /// URL) to the data, in one call: reads the callback's token and status, then waits for
    /// step 2 as [`Client::wait`] does. A callback with an error status still asks step 2, which
    /// says which error it was.
    ///
    /// # Errors
    /// [`Error::Callback`] for a query without a token, else as [`Client::wait`].
    pub async fn complete_callback(
        &self,
        query: &str,
        scopes: impl Into<crate::List<crate::Scope>>,
        max_wait: Duration,
    ) -> Result<crate::RetrieveSuccess, Error<crate::RetrieveError>> {
        let callback = crate::Callback::from_query(query).map_err(Error::Callback)?;
        let flow = Flow::from_callback(&callback, scopes, self.clock());
        self.wait(&flow, max_wait).await
    }
}

/// A decoded reply with what the HTTP layer said about it.
struct Exchange<R> {
    status: u16,
    content_type: Option<String>,
    body_len: usize,
    reply: R,
}

fn transport_error<E>(e: reqwest::Error) -> Error<E> {
    let e = e.without_url();
    if e.is_connect() {
        Error::Connect(Transport(e))
    } else if e.is_timeout() {
        Error::Timeout(Transport(e))
    } else {
        Error::Transport(Transport(e))
    }
}
