//! The sandbox's settings ([`SandboxConfig`]), their defaults, and the limits that keep its
//! memory bounded and its inputs short.

use std::fmt;
use std::time::Duration;

use dqe_client::redact::REDACTED_MARK;

/// The licence the sandbox accepts by default.
pub const DEFAULT_LICENCE: &str = "SANDBOX-LICENCE";
/// The client secret the sandbox accepts by default.
pub const DEFAULT_CLIENT_SECRET: &str = "SANDBOX-SECRET";

/// The longest duration a [`SandboxConfig`] setting may hold (one day):
/// [`Sandbox::start`](super::Sandbox::start) refuses longer ones.
pub const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);

/// The longest parameter value the endpoints accept, in bytes once decoded (for the redirect
/// address: [`MAX_URL_BYTES`]; for a JSON-valued parameter: [`MAX_JSON_BYTES`]).
///
/// Longer ones get the documented invalid-request error.
pub const MAX_VALUE_BYTES: usize = 256;

/// The longest redirect address (the parameter the spec gives the redirect role, `redirect_uri`
/// in this crate's spec) the endpoints accept, in bytes once decoded.
pub const MAX_URL_BYTES: usize = 4096;

/// The longest value of a parameter sent as a JSON object (`user_infos` in this crate's spec)
/// the endpoints accept, in bytes once decoded.
pub const MAX_JSON_BYTES: usize = 4096;

/// The largest request body the sandbox accepts, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The error id of the token endpoint's reply (HTTP 503) while [`SandboxConfig::max_entries`]
/// tokens are live.
///
/// Not a DQE id (DQE's are two digits), so it never matches a documented one.
pub const FULL_ERROR_ID: &str = "SANDBOX_FULL";

/// How the sandbox behaves.
///
/// `Debug` shows the accounts as `<redacted>`.
#[derive(Clone)]
pub struct SandboxConfig {
    /// The accepted `(licence, client secret)` pairs.
    pub accounts: Vec<(String, String)>,
    /// How long a token lives; the flow started with it goes when it expires.
    ///
    /// At most [`MAX_DURATION`].
    pub token_lifetime: Duration,
    /// How long the consent page takes an answer (never longer than the token lives).
    ///
    /// At most [`MAX_DURATION`].
    pub consent_lifetime: Duration,
    /// How long step 2 answers `pending` after consent is given.
    ///
    /// At most [`MAX_DURATION`].
    pub pending_time: Duration,
    /// Consent is given at once, without the consent page.
    pub auto_approve: bool,
    /// Test mode: the consent page shows the SMS code.
    pub show_code: bool,
    /// The address the consent URL starts with (default: the address the sandbox listens on).
    pub public_url: Option<String>,
    /// How many tokens (each with at most one flow) may live at once; at least 1.
    ///
    /// While that many live, the token endpoint answers HTTP 503.
    pub max_entries: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            accounts: vec![(DEFAULT_LICENCE.to_owned(), DEFAULT_CLIENT_SECRET.to_owned())],
            token_lifetime: Duration::from_secs(300),
            consent_lifetime: Duration::from_secs(300),
            pending_time: Duration::from_secs(2),
            auto_approve: false,
            show_code: false,
            public_url: None,
            max_entries: 10_000,
        }
    }
}

impl fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Destructured, so that a new field cannot be forgotten here.
        let Self {
            accounts,
            token_lifetime,
            consent_lifetime,
            pending_time,
            auto_approve,
            show_code,
            public_url,
            max_entries,
        } = self;
        let accounts: Vec<_> = accounts
            .iter()
            .map(|_| (REDACTED_MARK, REDACTED_MARK))
            .collect();
        f.debug_struct("SandboxConfig")
            .field("accounts", &accounts)
            .field("token_lifetime", token_lifetime)
            .field("consent_lifetime", consent_lifetime)
            .field("pending_time", pending_time)
            .field("auto_approve", auto_approve)
            .field("show_code", show_code)
            .field("public_url", public_url)
            .field("max_entries", max_entries)
            .finish()
    }
}

impl SandboxConfig {
    /// The first setting out of range, as the error
    /// [`Sandbox::start`](super::Sandbox::start) answers.
    pub(super) fn check(&self) -> std::io::Result<()> {
        let invalid =
            |message: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, message);
        for (name, value) in [
            ("token_lifetime", self.token_lifetime),
            ("consent_lifetime", self.consent_lifetime),
            ("pending_time", self.pending_time),
        ] {
            if value > MAX_DURATION {
                return Err(invalid(format!(
                    "sandbox setting {name} is {} s: at most {} s (a day) is accepted",
                    value.as_secs(),
                    MAX_DURATION.as_secs()
                )));
            }
        }
        if self.max_entries == 0 {
            return Err(invalid(
                "sandbox setting max_entries is 0: it could not issue a single token".to_owned(),
            ));
        }
        Ok(())
    }
}
