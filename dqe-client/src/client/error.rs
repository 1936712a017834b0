//! The client's error: the endpoint's documented error, or what went wrong on the way. No
//! variant holds or prints a URL, a secret, a token, a phone number or an identity value, and
//! text the server chose is printed only through [`Printable`] (control characters escaped).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{Flow, UnsafeUrl};
use crate::endpoint::{ApiError, CallbackError, MissingCredential};
use crate::journey::{Journey, TokenErrorOf};
use crate::redact::Printable;

/// What went wrong with a call to an endpoint whose documented errors are `E`, of the API `A`
/// (the shipped spec's by default; it gives the token endpoint's errors and the flow's type).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error<E, A: Journey = crate::Api> {
    /// The API answered one of the endpoint's documented errors (or an unknown id, kept),
    /// whatever the HTTP status it came with.
    Api(E),
    /// Obtaining the token this call needed failed; the call itself was not sent.
    ///
    /// Shared: callers that waited on the same token fetch get the same failure.
    Token(Arc<Error<TokenErrorOf<A>, A>>),
    /// The server could not be reached: the request was not sent.
    Connect(Transport),
    /// No answer within the timeout: the request may have reached the server.
    Timeout(Transport),
    /// Another transport failure: the request may have reached the server.
    Transport(Transport),
    /// The server answered with a redirect.
    ///
    /// Redirects are never followed: a request carrying credentials (and, for step 1, sending an
    /// SMS) is sent to the configured server only.
    Redirect {
        /// The HTTP status (301, 302, 303, 307, 308...).
        ///
        /// The location is not kept.
        status: u16,
    },
    /// An HTTP error status without a documented error in the body.
    HttpStatus {
        /// The HTTP status.
        status: u16,
        /// The reply's content type, if any, as received (print it with [`Printable`]).
        content_type: Option<String>,
        /// The body's length in bytes (the body itself is not kept).
        body_len: usize,
    },
    /// The reply's body is longer than the client accepts from this endpoint (the spec's
    /// `max_body` for it, else 1 MiB, or the limit set with
    /// [`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size)); reading stopped
    /// there.
    BodyTooLarge {
        /// The HTTP status.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body is not a reply of the expected shape.
    Decode(DecodeError),
    /// Step 1's consent URL is not one to send a customer's browser to (a `javascript:` or relative
    /// URL, a user name in it, none where the scopes need consent...): which rule it broke, never
    /// the URL itself.
    ///
    /// Step 1 may have sent the SMS: it comes as the cause of an [`Error::Unconfirmed`].
    ConsentUrl(UnsafeUrl),
    /// A status the spec does not know (or none), kept as received.
    ///
    /// A status that is not a string, number or boolean is kept as its JSON type (`<a JSON
    /// object>`), not its content.
    UnrecognizedStatus(Option<String>),
    /// A request that is not idempotent (step 1, which sends an SMS) may have reached the server,
    /// but its answer was not understood (`cause`).
    ///
    /// It is never sent again: poll `flow` to learn what became of it.
    Unconfirmed {
        /// The flow the request may have started: its token and start time.
        flow: Box<Flow<A>>,
        /// What went wrong.
        cause: Box<Error<E, A>>,
    },
    /// Polling ended without a final answer.
    WaitTimeout {
        /// How long it polled.
        waited: Duration,
        /// How many times it asked.
        polls: u32,
    },
    /// The redirect's query string could not be read, or belongs to another flow.
    Callback(CallbackError),
    /// The client is not configured right; no request was sent.
    Config(ConfigError),
}

/// What kind of failure an [`Error`] is, for a program that must decide what to do (the
/// command line's exit codes are one such decision).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The API answered an error, documented or not.
    Api,
    /// The server could not be reached or did not answer in time.
    Transport,
    /// The server answered something that is not what the API sends: a body that does not
    /// decode, an unknown status, an unexpected HTTP status, a redirect, an oversized body, a
    /// consent URL refused.
    Unexpected,
    /// The caller's configuration or input (a callback query string) is wrong.
    Usage,
}

impl<E: ApiError, A: Journey> Error<E, A> {
    /// The documented error, if that is what this is.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(e),
            Error::Unconfirmed { cause, .. } => cause.api(),
            _ => None,
        }
    }

    /// The API's error id, if the API answered an error.
    pub fn error_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.id()),
            Error::Token(t) => t.error_id(),
            Error::Unconfirmed { cause, .. } => cause.error_id(),
            _ => None,
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Api(_) => ErrorKind::Api,
            Error::Token(t) => t.kind(),
            Error::Unconfirmed { cause, .. } => cause.kind(),
            Error::Connect(_) | Error::Timeout(_) | Error::Transport(_) => ErrorKind::Transport,
            Error::WaitTimeout { .. } => ErrorKind::Transport,
            Error::Redirect { .. }
            | Error::HttpStatus { .. }
            | Error::BodyTooLarge { .. }
            | Error::Decode(_)
            | Error::ConsentUrl(_)
            | Error::UnrecognizedStatus(_) => ErrorKind::Unexpected,
            Error::Callback(_) | Error::Config(_) => ErrorKind::Usage,
        }
    }

    /// Whether sending the same request again may succeed: a transport failure, an HTTP 5xx or
    /// 429, or a documented error the spec marks retryable.
    ///
    /// Always `false` for a request that is not idempotent (step 1 sends an SMS): its failures
    /// come as [`Error::Unconfirmed`] once it may have reached the server, and its documented
    /// errors are never retryable. Use [`Error::was_not_sent`] to know whether sending it
    /// again is safe.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Token(t) => t.is_retryable(),
            Error::Connect(_) | Error::Timeout(_) | Error::Transport(_) => true,
            Error::HttpStatus { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }

    /// Whether the request certainly did not reach the server, so that sending it again cannot
    /// repeat its effect: it could not connect, the client is misconfigured, the token it
    /// needed could not be obtained, or the callback was refused before any request.
    pub fn was_not_sent(&self) -> bool {
        matches!(
            self,
            Error::Connect(_) | Error::Config(_) | Error::Token(_) | Error::Callback(_)
        )
    }

    /// A short name of what went wrong, for logs: the variant, never a value.
    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            Error::Api(_) => "api error",
            Error::Token(_) => "token",
            Error::Connect(_) => "connect",
            Error::Timeout(_) => "timeout",
            Error::Transport(_) => "transport",
            Error::Redirect { .. } => "redirect",
            Error::HttpStatus { .. } => "http status",
            Error::BodyTooLarge { .. } => "body too large",
            Error::Decode(_) => "decode",
            Error::ConsentUrl(_) => "consent url",
            Error::UnrecognizedStatus(_) => "unrecognized status",
            Error::Unconfirmed { .. } => "unconfirmed",
            Error::WaitTimeout { .. } => "wait timeout",
            Error::Callback(_) => "callback",
            Error::Config(_) => "config",
        }
    }

    /// What this failure means to the customer, for the page to say
    /// ([`CustomerOutcome::message`](crate::CustomerOutcome::message) is a sentence for it): a
    /// documented error as the spec maps its id; the server unreachable, slow or answering 5xx,
    /// `Unavailable` (try later); no final answer in time, `Expired`; a reply not understood or a
    /// misconfiguration, `Failed`.
    ///
    /// [`Error::Unconfirmed`] is `Unavailable`: there is no consent URL to send the customer to,
    /// and step 1 must not be sent again; keep its flow and poll it (the customer may still receive
    /// the SMS), and let the customer fill the form.
    pub fn customer_outcome(&self) -> crate::CustomerOutcome {
        use crate::CustomerOutcome as O;
        match self {
            Error::Api(e) => e.customer_outcome(),
            Error::Token(t) => t.customer_outcome(),
            Error::Unconfirmed { .. } => O::Unavailable,
            Error::Connect(_) | Error::Timeout(_) | Error::Transport(_) => O::Unavailable,
            Error::HttpStatus { status, .. } if *status >= 500 || *status == 429 => O::Unavailable,
            Error::WaitTimeout { .. } => O::Expired,
            _ => O::Failed,
        }
    }

    /// The flow of a step 1 that may have reached the server ([`Error::Unconfirmed`]).
    pub fn unconfirmed_flow(&self) -> Option<&Flow<A>> {
        match self {
            Error::Unconfirmed { flow, .. } => Some(flow),
            _ => None,
        }
    }
}

impl<E: fmt::Display, A: Journey> fmt::Display for Error<E, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => write!(f, "the API answered an error: {e}"),
            Error::Token(e) => write!(f, "could not obtain a token: {e}"),
            Error::Connect(t) => write!(f, "could not connect to the server: {t}"),
            Error::Timeout(t) => write!(f, "the server did not answer in time: {t}"),
            Error::Transport(t) => write!(f, "the request failed: {t}"),
            Error::Redirect { status } => write!(
                f,
                "the server answered a redirect (HTTP {status}); redirects are not followed"
            ),
            Error::HttpStatus {
                status,
                content_type,
                body_len,
            } => write!(
                f,
                "unexpected HTTP status {status} ({}, {body_len} bytes)",
                ContentType(content_type.as_deref())
            ),
            Error::BodyTooLarge { status, limit } => write!(
                f,
                "the reply (HTTP {status}) is longer than the {limit} bytes accepted"
            ),
            Error::Decode(d) => write!(f, "the reply could not be decoded: {d}"),
            Error::ConsentUrl(why) => write!(f, "step 1's consent URL was refused: {why}"),
            Error::UnrecognizedStatus(Some(s)) => {
                write!(f, "the reply has an unknown status `{}`", Printable(s))
            }
            Error::UnrecognizedStatus(None) => f.write_str("the reply has no status"),
            Error::Unconfirmed { cause, .. } => write!(
                f,
                "the request may have reached the server, but its answer was not understood \
                 ({cause}); it is not sent again: poll its flow to learn what became of it"
            ),
            Error::WaitTimeout { waited, polls } => write!(
                f,
                "no final answer after {:.1} s and {polls} polls",
                waited.as_secs_f64()
            ),
            Error::Callback(e) => write!(f, "bad callback: {e}"),
            Error::Config(e) => write!(f, "configuration: {e}"),
        }
    }
}

impl<E: std::error::Error + 'static, A: Journey> std::error::Error for Error<E, A> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(e) => Some(e),
            Error::Token(e) => Some(e.as_ref()),
            Error::Connect(t) | Error::Timeout(t) | Error::Transport(t) => Some(t),
            Error::Decode(d) => Some(d),
            Error::ConsentUrl(why) => Some(why),
            Error::Unconfirmed { cause, .. } => Some(cause.as_ref()),
            Error::Callback(e) => Some(e),
            Error::Config(e) => Some(e),
            _ => None,
        }
    }
}

/// A content type as received, printed safely.
struct ContentType<'a>(Option<&'a str>);

impl fmt::Display for ContentType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(t) => Printable(t).fmt(f),
            None => f.write_str("no content type"),
        }
    }
}

/// A transport failure, without its URL.
///
/// Cheap to clone (shared).
#[derive(Debug, Clone)]
pub struct Transport(pub(crate) Arc<reqwest::Error>);

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // reqwest's own message, then its causes (connection refused, ...), never the URL.
        write!(f, "{}", self.0)?;
        let mut source = std::error::Error::source(self.0.as_ref());
        while let Some(s) = source {
            write!(f, ": {s}")?;
            source = s.source();
        }
        Ok(())
    }
}

impl std::error::Error for Transport {}

/// Why a reply's body could not be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeKind {
    /// The body is not JSON (an HTML page, a truncated body...).
    NotJson,
    /// The body is JSON, but not an object.
    NotAnObject,
    /// A JSON value is followed by more text.
    TrailingData,
}

impl fmt::Display for DecodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeKind::NotJson => "the body is not JSON",
            DecodeKind::NotAnObject => "the body is not a JSON object",
            DecodeKind::TrailingData => "the JSON value is followed by more text",
        })
    }
}

/// A body that could not be decoded: what the HTTP layer said of it and where decoding
/// stopped, never the body's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Why the body could not be read (not JSON, not an object, text after the JSON).
    pub kind: DecodeKind,
    /// The HTTP status it came with.
    pub status: u16,
    /// Its content type, as received (print it with [`Printable`]).
    pub content_type: Option<String>,
    /// Its length in bytes.
    pub body_len: usize,
    /// Line where decoding stopped.
    pub line: usize,
    /// Column where decoding stopped.
    pub column: usize,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (HTTP {}, {}, {} bytes; stopped at line {}, column {})",
            self.kind,
            self.status,
            ContentType(self.content_type.as_deref()),
            self.body_len,
            self.line,
            self.column
        )
    }
}

impl std::error::Error for DecodeError {}

/// The client is not configured right.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ConfigError {
    /// No server address was given.
    MissingServer {
        /// The environment variable it can be read from, if the spec names one.
        env: Option<&'static str>,
    },
    /// The server address is not a URL the client can use.
    InvalidServer(&'static str),
    /// The server address is not HTTPS (and not loopback, and plain HTTP was not allowed).
    InsecureServer,
    /// A credential is missing.
    MissingCredential(MissingCredential),
    /// No credentials were given.
    MissingCredentials,
    /// A setting is out of its range.
    OutOfRange {
        /// The setting (the builder method's name).
        setting: &'static str,
        /// Its range, in words.
        range: &'static str,
    },
    /// A proxy from the environment could not be used.
    InvalidProxy {
        /// The environment variable it came from.
        env: &'static str,
    },
    /// The HTTP client could not be built.
    Http(Arc<reqwest::Error>),
    /// The TLS settings could not be made (on Linux: no root certificate could be loaded from
    /// the system, nor from `SSL_CERT_FILE` or `SSL_CERT_DIR`).
    Tls(Arc<rustls::Error>),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingServer { env: Some(env) } => write!(
                f,
                "no server address: set {env} or call ClientBuilder::server"
            ),
            ConfigError::MissingServer { env: None } => {
                f.write_str("no server address: call ClientBuilder::server")
            }
            ConfigError::InvalidServer(why) => write!(f, "the server address is invalid: {why}"),
            ConfigError::InsecureServer => f.write_str(
                "the server address is not HTTPS: only loopback addresses may use plain HTTP, unless ClientBuilder::allow_plain_http is set",
            ),
            ConfigError::MissingCredential(m) => m.fmt(f),
            ConfigError::MissingCredentials => {
                f.write_str("no credentials: call ClientBuilder::credentials")
            }
            ConfigError::OutOfRange { setting, range } => {
                write!(f, "`{setting}` is out of range: {range}")
            }
            ConfigError::InvalidProxy { env } => {
                write!(f, "the proxy in {env} is not a URL the client can use")
            }
            ConfigError::Http(e) => write!(f, "the HTTP client could not be built: {e}"),
            ConfigError::Tls(e) => write!(f, "the TLS settings could not be made: {e}"),
        }
    }
}

impl std::error::Error for ConfigError {}
