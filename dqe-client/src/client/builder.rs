//! [`ClientBuilder`]: the client's settings, each checked against its range when the client
//! is built, the server address check and the HTTP client's safety settings (no redirects, no
//! proxy for loopback, TLS settings of its own: see `tls.rs`).

use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use super::{
    Client, Clock, ConfigError, Inner, MAX_POLL_INTERVAL, MIN_POLL_INTERVAL, PollPolicy,
    SystemClock, Token,
};
use crate::endpoint::Method;
use crate::journey::Journey;

/// How many requests a client has in flight at most, by default: enough for thousands of
/// concurrent flows (each spends most of its time waiting between polls), while bounding
/// connections and file descriptors.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 256;

/// The longest reply body read by default from an endpoint whose spec gives no `max_body`: far
/// above any documented reply without a document (a few hundred bytes), far below memory
/// trouble.
pub const DEFAULT_MAX_BODY_SIZE: usize = 1024 * 1024;

/// Longest timeout accepted.
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

/// Builds a [`Client`].
///
/// Every setting is checked by [`ClientBuilder::build`].
///
/// For the shipped spec, start from [`Client::builder`]; for a client of your own spec's
/// [`Api`](crate::journey::Journey), from `ClientBuilder::<Api>::new()`.
#[must_use]
pub struct ClientBuilder<A: Journey = crate::Api> {
    server: Option<String>,
    credentials: Option<A::Credentials>,
    method: Method,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    allow_plain_http: bool,
    poll: PollPolicy,
    clock: Arc<dyn Clock>,
    token: Option<Token>,
    max_in_flight: usize,
    /// `None`: each endpoint's limit from the spec, else the default.
    max_body_size: Option<usize>,
    api: PhantomData<fn() -> A>,
}

impl<A: Journey> Default for ClientBuilder<A> {
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
            max_body_size: None,
            api: PhantomData,
        }
    }
}

impl<A: Journey> ClientBuilder<A> {
    /// A builder for a client of the API `A`, with POST, a 5 s connect timeout, a 20 s request
    /// timeout and 2 s polling.
    ///
    /// [`Client::builder`] is this for the shipped spec.
    pub fn new() -> Self {
        Self::default()
    }

    /// The server address and the credentials from the environment: the server from the
    /// variable the spec names (`[api] server_env`, [`SERVER_ENV`](crate::SERVER_ENV) for the
    /// shipped spec), each credential from its `env`.
    ///
    /// # Errors
    /// Names the first variable that is missing.
    pub fn with_env(self) -> Result<Self, ConfigError> {
        let env = A::INFO.server_env;
        let server = env
            .and_then(|env| std::env::var(env).ok())
            .filter(|s| !s.is_empty())
            .ok_or(ConfigError::MissingServer { env })?;
        let credentials = A::credentials_from_env().map_err(ConfigError::MissingCredential)?;
        Ok(self.server(server).credentials(credentials))
    }

    /// The server's address, e.g. `https://server.example`.
    ///
    /// HTTPS, except loopback addresses or with [`ClientBuilder::allow_plain_http`].
    pub fn server(mut self, url: impl Into<String>) -> Self {
        self.server = Some(url.into());
        self
    }

    /// Sets the credentials the client adds to the requests that need them.
    pub fn credentials(mut self, credentials: A::Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// How parameters are sent: POST (the default) keeps secrets and phone numbers out of URLs
    /// and proxy logs; GET puts them in the query string.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// How long to wait for a connection (default 5 s; more than zero, at most an hour).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take in all, reading the reply included (default 20 s; more than
    /// zero, at most an hour).
    ///
    /// A server that drips its reply slowly hits it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the `User-Agent` header sent with every request, so that server logs tell the
    /// application apart.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Allows a plain `http://` server that is not a loopback address.
    ///
    /// For test setups only.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// The polling interval of [`Client::wait`] (default 2 s; from 1 s to an hour); it grows
    /// gently between polls, with jitter, up to [`ClientBuilder::max_poll_interval`].
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll.interval = interval;
        self.poll.max_interval = self.poll.max_interval.max(interval);
        self
    }

    /// The longest interval between polls (default 8 s; from the polling interval to an hour).
    pub fn max_poll_interval(mut self, interval: Duration) -> Self {
        self.poll.max_interval = interval;
        self
    }

    /// How many retryable failures in a row [`Client::wait`] tolerates (default 3, at most 100).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.poll.max_retries = retries;
        self
    }

    /// The clock, for tests that must not really wait.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// How many requests may be in flight at once (default 256); further requests wait for a slot.
    ///
    /// `0` means no limit; at most `tokio::sync::Semaphore::MAX_PERMITS`.
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.max_in_flight = requests;
        self
    }

    /// The longest reply body read, in bytes, from every endpoint (from 1 KiB to 1 GiB).
    ///
    /// A longer reply is refused with [`Error::BodyTooLarge`](super::Error) as soon as its length
    /// is known or read, without reading it whole.
    ///
    /// Unset (the default), each endpoint has its own limit: the spec's `max_body` for it
    /// ([`EndpointInfo::max_body`](crate::endpoint::EndpointInfo::max_body); the shipped spec
    /// gives step 2 16 MiB, for a document such as a scanned bill), else
    /// [`DEFAULT_MAX_BODY_SIZE`], 1 MiB. Set, this limit replaces them all, the spec's larger
    /// ones included: a caller who bounds the memory a reply may take gets that bound
    /// everywhere (and one who raises it, for every endpoint).
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = Some(bytes);
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
    /// A missing, malformed or insecure server address, missing credentials, a setting out of
    /// its range, a proxy variable that is not a URL, or an HTTP client that cannot be built.
    pub fn build(self) -> Result<Client<A>, ConfigError> {
        let server = self.server.as_deref().ok_or(ConfigError::MissingServer {
            env: A::INFO.server_env,
        })?;
        let (base, loopback) = check_server(server, self.allow_plain_http)?;
        self.check_ranges()?;
        let credentials = self.credentials.ok_or(ConfigError::MissingCredentials)?;
        let mut http = reqwest::Client::builder()
            .tls_backend_preconfigured(super::tls::client_config()?)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(self.user_agent)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .no_proxy();
        if let Some(proxy) = https_proxy_from_env()? {
            http = http.proxy(proxy);
        }
        let http = http
            .build()
            .map_err(|e| ConfigError::Http(Arc::new(e.without_url())))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                loopback,
                credentials,
                poll: self.poll,
                clock: self.clock,
                timeout: self.timeout,
                max_body_size: self.max_body_size,
                fixed_token: self.token,
                tokens: tokio::sync::Mutex::default(),
                token_fetches: AtomicU64::new(0),
                in_flight: (self.max_in_flight > 0)
                    .then(|| Arc::new(tokio::sync::Semaphore::new(self.max_in_flight))),
                departures: Default::default(),
            }),
            method: self.method,
        })
    }

    /// Every numeric setting within its range, so that no arithmetic on them can overflow.
    fn check_ranges(&self) -> Result<(), ConfigError> {
        let check = |ok: bool, setting, range| {
            if ok {
                Ok(())
            } else {
                Err(ConfigError::OutOfRange { setting, range })
            }
        };
        let timeout_ok = |t: Duration| !t.is_zero() && t <= MAX_TIMEOUT;
        check(
            timeout_ok(self.connect_timeout),
            "connect_timeout",
            "more than zero, at most an hour",
        )?;
        check(
            timeout_ok(self.timeout),
            "timeout",
            "more than zero, at most an hour",
        )?;
        check(
            (MIN_POLL_INTERVAL..=MAX_POLL_INTERVAL).contains(&self.poll.interval),
            "poll_interval",
            "from 1 s to an hour",
        )?;
        check(
            (self.poll.interval..=MAX_POLL_INTERVAL).contains(&self.poll.max_interval),
            "max_poll_interval",
            "from the polling interval to an hour",
        )?;
        check(self.poll.max_retries <= 100, "max_retries", "at most 100")?;
        check(
            self.max_in_flight <= tokio::sync::Semaphore::MAX_PERMITS,
            "max_in_flight",
            "at most tokio's Semaphore::MAX_PERMITS",
        )?;
        check(
            self.max_body_size
                .is_none_or(|size| (1024..=1024 * 1024 * 1024).contains(&size)),
            "max_body_size",
            "from 1 KiB to 1 GiB",
        )
    }
}

/// The HTTPS proxy the environment names (`HTTPS_PROXY`, else `ALL_PROXY`, either case), for
/// HTTPS requests only, never for loopback addresses nor those in `NO_PROXY`. Plain HTTP (only
/// ever sent to loopback or with `allow_plain_http`) is never proxied.
fn https_proxy_from_env() -> Result<Option<reqwest::Proxy>, ConfigError> {
    const VARS: [&str; 4] = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];
    let Some((env, url)) = VARS.iter().find_map(|env| {
        std::env::var(env)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(|v| (*env, v))
    }) else {
        return Ok(None);
    };
    let proxy = reqwest::Proxy::https(url.trim()).map_err(|_| ConfigError::InvalidProxy { env })?;
    let mut bypass = std::env::var("NO_PROXY")
        .or_else(|_| std::env::var("no_proxy"))
        .unwrap_or_default();
    bypass.push_str(",localhost,127.0.0.0/8,::1");
    Ok(Some(proxy.no_proxy(reqwest::NoProxy::from_string(&bypass))))
}

/// The server's address without its final slash, and whether it is a loopback address.
pub(super) fn check_server(
    server: &str,
    allow_plain_http: bool,
) -> Result<(String, bool), ConfigError> {
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
    Ok((url.as_str().trim_end_matches('/').to_owned(), loopback))
}
