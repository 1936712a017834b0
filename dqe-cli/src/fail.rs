//! How a command fails: an exit code and a one-line message, from [`Error::kind`].

use dqe_client::client::{Error, ErrorKind};
use dqe_client::endpoint::ApiError;
use dqe_client::redact::Printable;

/// Success, and a closed stdout (the reader had what it wanted).
pub const SUCCESS: u8 = 0;
/// Bad usage or configuration (and a failure to write the output).
pub const USAGE: u8 = 1;
/// DQE answered an error, documented or not.
pub const API: u8 = 2;
/// The server could not be reached or did not answer in time.
pub const TRANSPORT: u8 = 3;
/// The reply was not what DQE sends: undecodable, an unknown status, an unexpected HTTP
/// status, a redirect, an oversized body, a consent URL refused.
pub const UNEXPECTED: u8 = 4;

/// The exit codes, for `--help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success (also when stdout is closed early, as by `dqe flow ... | head -1`)
  1  bad usage or configuration
  2  DQE answered an error, documented or not (its id and type are printed)
  3  transport failure or timeout: the server could not be reached or did not answer in time
  4  the reply was not what DQE sends: not decodable, an unknown status, an unexpected HTTP
     status, a redirect, a body over the size limit, a consent URL refused";

/// A failure, with its exit code, already described; or a quiet end.
#[derive(Debug)]
pub struct Fail {
    /// The exit code.
    pub code: u8,
    /// What to print on stderr; `None` ends quietly.
    pub message: Option<String>,
}

impl Fail {
    /// A failure to report.
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: Some(message.into()),
        }
    }

    /// An end with `code` and nothing more to say (what there was is printed).
    pub fn quiet_with(code: u8) -> Self {
        Self {
            code,
            message: None,
        }
    }

    /// The end of a command whose stdout was closed: nothing more to say.
    pub fn quiet() -> Self {
        Self {
            code: SUCCESS,
            message: None,
        }
    }
}

/// Bad usage or configuration.
pub fn usage(message: impl Into<String>) -> Fail {
    Fail::new(USAGE, message)
}

/// The exit code of a kind of client failure.
pub fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Api => API,
        ErrorKind::Transport => TRANSPORT,
        ErrorKind::Usage => USAGE,
        // `Unexpected`, and any kind a later version adds: not what DQE sends.
        _ => UNEXPECTED,
    }
}

/// The exit code and message of a client error. The API's errors show their id and type as
/// received, through [`Printable`]; every other message is the error's `Display`, which prints
/// server text only through [`Printable`] too.
pub fn fail<E: ApiError>(e: &Error<E>) -> Fail {
    Fail::new(exit_code(e.kind()), describe(e))
}

fn describe<E: ApiError>(e: &Error<E>) -> String {
    match e {
        Error::Api(api) => format!("error {}: {}", Printable(api.id()), Printable(api.text())),
        Error::Token(inner) => format!("could not obtain a token: {}", describe(&**inner)),
        Error::Unconfirmed { cause, .. } => format!(
            "{}; the request may have reached DQE (and sent the SMS), so it is not sent again: \
             learn what became of it with `dqe retrieve --flow '<the flow printed on stdout>'`",
            describe(&**cause)
        ),
        other => other.to_string(),
    }
}
