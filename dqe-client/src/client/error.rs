//! The client's error: the endpoint's documented error, or what went wrong on the way. No
//! variant holds or prints a URL, a secret, a token, a phone number or an identity value.

use std::fmt;
use std::time::Duration;

use crate::endpoint::{ApiError, CallbackError, MissingCredential};

/// What went wrong with a call to an endpoint whose documented errors are `E`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The API answered one of the endpoint's documented errors (or an unknown id, kept),
    /// whatever the HTTP status it came with.
    Api(E),
    /// Obtaining the token this call needed failed.
    Token(Box<Error<crate::AccessTokenError>>),
    /// The server could not be reached: the request was not sent.
    Connect(Transport),
    /// No answer within the timeout: the request may have reached the server.
    Timeout(Transport),
    /// Another transport failure: the request may have reached the server.
    Transport(Transport),
    /// An HTTP error status without a documented error in the body.
    HttpStatus {
        /// The HTTP status.
        status: u16,
        /// The reply's content type, if any.
        content_type: Option<String>,
        /// The body's length in bytes (the body itself is not kept).
        body_len: usize,
    },
    /// The body is not a reply of the expected shape.
    Decode(DecodeError),
    /// A status the spec does not know (or none), kept as received.
    UnrecognizedStatus(Option<String>),
    /// Polling ended without a final answer.
    WaitTimeout {
        /// How long it polled.
        waited: Duration,
        /// How many times it asked.
        polls: u32,
    },
    /// The redirect's query string could not be read.
    Callback(CallbackError),
    /// The client is not configured right; no request was sent.
    Config(ConfigError),
}

impl<E: ApiError> Error<E> {
    /// The documented error, if that is what this is.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The API's error id, if the API answered an error.
    pub fn error_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.id()),
            Error::Token(t) => t.error_id(),
            _ => None,
        }
    }

    /// Whether asking again may succeed: a transport failure, an HTTP 5xx or 429, or a
    /// documented error the spec marks retryable.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Token(t) => t.is_retryable(),
            Error::Connect(_) | Error::Timeout(_) | Error::Transport(_) => true,
            Error::HttpStatus { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }

    /// Whether the request certainly did not reach the server (so sending it again cannot
    /// repeat its effect). A failed token fetch means the request itself was never sent.
    pub fn was_not_sent(&self) -> bool {
        matches!(
            self,
            Error::Connect(_) | Error::Config(_) | Error::Token(_) | Error::Callback(_)
        )
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => write!(f, "the API answered an error: {e}"),
            Error::Token(e) => write!(f, "could not obtain a token: {e}"),
            Error::Connect(t) => write!(f, "could not connect to the server: {t}"),
            Error::Timeout(t) => write!(f, "the server did not answer in time: {t}"),
            Error::Transport(t) => write!(f, "the request failed: {t}"),
            Error::HttpStatus {
                status,
                content_type,
                body_len,
            } => write!(
                f,
                "unexpected HTTP status {status} ({}, {body_len} bytes)",
                content_type.as_deref().unwrap_or("no content type")
            ),
            Error::Decode(d) => write!(f, "the reply could not be decoded: {d}"),
            Error::UnrecognizedStatus(Some(s)) => {
                write!(f, "the reply has an unknown status `{s}`")
            }
            Error::UnrecognizedStatus(None) => f.write_str("the reply has no status"),
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

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(e) => Some(e),
            Error::Token(e) => Some(e.as_ref()),
            Error::Connect(t) | Error::Timeout(t) | Error::Transport(t) => Some(t),
            Error::Decode(d) => Some(d),
            Error::Callback(e) => Some(e),
            Error::Config(e) => Some(e),
            _ => None,
        }
    }
}

/// A transport failure, without its URL.
#[derive(Debug)]
pub struct Transport(pub(crate) reqwest::Error);

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // reqwest's own message, then its causes (connection refused, ...), never the URL.
        write!(f, "{}", self.0)?;
        let mut source = std::error::Error::source(&self.0);
        while let Some(s) = source {
            write!(f, ": {s}")?;
            source = s.source();
        }
        Ok(())
    }
}

impl std::error::Error for Transport {}

/// Where and why decoding failed: the path of the failing key and the kind of problem, never
/// the value found there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The path of the key where decoding failed (`.` for the whole body).
    pub path: String,
    /// What kind of problem: `syntax`, `data` or `end of input`.
    pub kind: &'static str,
    /// Line of the problem in the body.
    pub line: usize,
    /// Column of the problem in the body.
    pub column: usize,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} error at `{}` (line {}, column {})",
            self.kind, self.path, self.line, self.column
        )
    }
}

impl std::error::Error for DecodeError {}

/// The client is not configured right.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// No server address was given.
    MissingServer {
        /// The environment variable it can be read from.
        env: &'static str,
    },
    /// The server address is not a URL the client can use.
    InvalidServer(&'static str),
    /// The server address is not HTTPS (and not loopback, and plain HTTP was not allowed).
    InsecureServer,
    /// A credential is missing.
    MissingCredential(MissingCredential),
    /// No credentials were given.
    MissingCredentials,
    /// The HTTP client could not be built.
    Http(reqwest::Error),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingServer { env } => write!(
                f,
                "no server address: set {env} or call ClientBuilder::server"
            ),
            ConfigError::InvalidServer(why) => write!(f, "the server address is invalid: {why}"),
            ConfigError::InsecureServer => f.write_str(
                "the server address is not HTTPS: only loopback addresses may use plain HTTP, unless ClientBuilder::allow_plain_http is set",
            ),
            ConfigError::MissingCredential(m) => m.fmt(f),
            ConfigError::MissingCredentials => {
                f.write_str("no credentials: call ClientBuilder::credentials")
            }
            ConfigError::Http(e) => write!(f, "the HTTP client could not be built: {e}"),
        }
    }
}

impl std::error::Error for ConfigError {}
