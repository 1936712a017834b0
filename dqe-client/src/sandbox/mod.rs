//! A simulator of the whole ID Mobile journey, for tests and demos: the token endpoint, both
//! steps over GET and POST, and the operator's consent page, stateful and in memory.
//!
//! Requests are validated from the spec ([`EndpointInfo`](crate::endpoint::EndpointInfo)): a
//! missing mandatory parameter, a wrong fixed value, an unknown licence or a wrong secret, an
//! unknown or expired token, an unknown scope each get the documented error the spec names for
//! that situation. Replies are the generated types the client decodes.
//!
//! # Any spec
//! The sandbox serves a spec through its [`Journey`]: what the spec
//! says of its journey ([`ApiInfo`]: the token endpoint, both steps,
//! every scope) and the types `generate_api!` made for it. [`Sandbox::start`] serves this
//! crate's own spec ([`Api`](crate::Api)); [`Sandbox::start_for`] serves any other, such as a
//! crate's own spec with its private scopes:
//!
//! ```ignore
//! dqe_client::generate_api!("../spec"); // in your crate: your `Api`, `Scope`, requests...
//!
//! let sandbox = Sandbox::start_for::<Api>(SandboxConfig::default(), addr).await?;
//! ```
//!
//! The sandbox names no endpoint, parameter or reply key itself: paths, parameters, errors, the
//! keys it fills (the token and its lifetime, the consent URL, the operator: named by the
//! spec's `[journey]`, in [`ApiInfo`]) and the callback's query string all come from the spec.
//!
//! # Scopes
//! Every scope of the spec is served from the spec alone ([`ScopeInfo`](crate::endpoint::ScopeInfo),
//! listed in [`ApiInfo::scopes`]), so a new scope file needs
//! no Rust:
//!
//! - Each scope asked for must have the parameters it requires, present and not empty, else
//!   the error the spec names for that parameter being empty (`Situation::Empty`). A
//!   JSON-valued parameter must be a JSON object (else `Situation::NotJson`) with a value for
//!   each key the spec names an error for (`Situation::MissingKey`); a whole number must be
//!   one. A shared parameter that no scope asked for takes (`without`) is not required.
//! - The reply data is made from the spec: each key a scope asked for adds to the reply, from
//!   the field's `example` (`{param}` standing for the value sent for that parameter) or from
//!   its type; a shared key holding scopes echoes those asked for, and one named like a step 1
//!   parameter echoes the value sent.
//! - A one-step scope answers with its result at step 1: no consent page, no flow. When some
//!   scope asked for needs consent, step 1 also gives the consent page's address, and the page
//!   lists each such scope with its description.
//!
//! The phone number, the partner's name and the redirect address are told apart by what the
//! spec says of each parameter, not by name (see the `roles` module).
//!
//! # Scenarios
//! Like payment test cards, phone numbers choose what happens. A number is 10 digits,
//! `06` then:
//!
//! | digit 3 | operator |
//! |---|---|
//! | `1` | Orange |
//! | `2` | SFR |
//! | `3` | Bouygues Telecom |
//! | `4` | Free Mobile |
//! | other | Orange |
//!
//! When digit 4 is `9`, digit 5 says which step fails and the last two digits which documented
//! error it answers: `0619100013` makes step 1 answer error `13` (operator Orange not found);
//! `0629200021` makes step 2 answer error `21` once consent is given; digit 5 `3` makes step 2
//! answer the error once and then succeed. Any other number goes through: step 1 succeeds, the
//! consent page asks for the code, and step 2 answers `pending` until consent and for the
//! configured pending time, then the data. The numbers work for every scope: step 1 failures
//! for all, step 2 failures for the scopes that have a step 2. [`scenarios`] lists every
//! scenario number of this crate's spec, [`scenarios_of`] those of any spec.
//!
//! The consent page approves with the right code, answers the wrong-code error with a wrong one
//! and the declined error on Decline, then redirects to the redirect address (`redirect_uri`)
//! with the spec's callback (the token, and whether the customer approved) added to its query
//! string (before its fragment, if it has one), as DQE does. The SMS code is logged (target
//! `dqe_client::sandbox`) and, in test mode, shown on the page; `auto_approve` skips the page
//! for headless runs.
//!
//! # Anti-forgery
//! The consent page gives the browser that opens it a random value, both in a cookie
//! (`HttpOnly`, `SameSite=Strict`) and in a hidden field of its form. A submit whose field does
//! not match its cookie and a value the page issued for that consent (a form forged on another
//! site, a POST made without loading the page) is refused with HTTP 403 and changes nothing.
//!
//! # Limits
//! The sandbox can be left running: its memory is bounded.
//!
//! - Every token lives [`SandboxConfig::token_lifetime`] (the lifetime its reply states) and
//!   takes its flow with it when it expires; expired entries are purged whenever the sandbox's
//!   state is used. A consent left unanswered for [`SandboxConfig::consent_lifetime`] expires:
//!   its page answers HTTP 410 and step 2 the error the spec names for an unfinished code check
//!   (`consent_wrong_code`).
//! - At most [`SandboxConfig::max_entries`] tokens live at once (each holds at most one flow).
//!   While that many live, the token endpoint answers HTTP 503 with a `Retry-After` header and
//!   an error reply whose id is [`FULL_ERROR_ID`], saying so.
//! - A parameter value longer than [`MAX_VALUE_BYTES`] ([`MAX_URL_BYTES`] for the redirect
//!   address, which must also hold no control character; [`MAX_JSON_BYTES`] for a JSON-valued
//!   one) gets the endpoint's documented invalid-request error (HTTP 400); a body over
//!   [`MAX_BODY_BYTES`] gets the same error with HTTP 413. (The HTTP server refuses a request
//!   line over 64 KiB on its own, with 414.)
//! - Durations longer than [`MAX_DURATION`] are refused by [`Sandbox::start`] (and
//!   [`Sandbox::start_for`]).
//!
//! Tokens (and every other secret key of the token reply, such as a refresh token), consent ids,
//! SMS codes and anti-forgery values come from the operating system's CSPRNG.

mod checks;
mod consent_html;
mod consent_page;
mod customer;
mod endpoints;
mod pdf;
mod random;
mod reply_data;
mod roles;
mod scenario;
mod store;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

use crate::journey::{ApiInfo, Journey};
use crate::redact::REDACTED_MARK;
use endpoints::Hooks;
use store::Store;

pub use customer::{AnswerError, CustomerAnswer};
pub use scenario::{scenarios, scenarios_of};

/// The licence the sandbox accepts by default.
pub const DEFAULT_LICENCE: &str = "SANDBOX-LICENCE";
/// The client secret the sandbox accepts by default.
pub const DEFAULT_CLIENT_SECRET: &str = "SANDBOX-SECRET";

/// The longest duration a [`SandboxConfig`] setting may hold (one day): [`Sandbox::start`]
/// refuses longer ones.
pub const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);

/// The longest parameter value the endpoints accept, in bytes once decoded (for the redirect
/// address: [`MAX_URL_BYTES`]; for a JSON-valued parameter: [`MAX_JSON_BYTES`]). Longer ones
/// get the documented invalid-request error.
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
/// tokens are live. Not a DQE id (DQE's are two digits), so it never matches a documented one.
pub const FULL_ERROR_ID: &str = "SANDBOX_FULL";

/// How the sandbox behaves.
///
/// `Debug` shows the accounts as `<redacted>`.
#[derive(Clone)]
pub struct SandboxConfig {
    /// The accepted `(licence, client secret)` pairs.
    pub accounts: Vec<(String, String)>,
    /// How long a token lives; the flow started with it goes when it expires. At most
    /// [`MAX_DURATION`].
    pub token_lifetime: Duration,
    /// How long the consent page takes an answer (never longer than the token lives). At
    /// most [`MAX_DURATION`].
    pub consent_lifetime: Duration,
    /// How long step 2 answers `pending` after consent is given. At most [`MAX_DURATION`].
    pub pending_time: Duration,
    /// Consent is given at once, without the consent page.
    pub auto_approve: bool,
    /// Test mode: the consent page shows the SMS code.
    pub show_code: bool,
    /// The address the consent URL starts with (default: the address the sandbox listens on).
    pub public_url: Option<String>,
    /// How many tokens (each with at most one flow) may live at once; at least 1. While that
    /// many live, the token endpoint answers HTTP 503.
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
    /// The first setting out of range, as the error [`Sandbox::start`] answers.
    fn check(&self) -> std::io::Result<()> {
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

/// What the handlers share: the spec served, the settings and the state.
struct Shared {
    /// What the spec says of the journey served.
    api: &'static ApiInfo,
    /// What the sandbox needs of the spec's generated types.
    hooks: Hooks,
    /// The settings.
    config: SandboxConfig,
    /// The address the consent URLs start with.
    base_url: String,
    /// The live tokens and their flows.
    store: Mutex<Store>,
}

impl Shared {
    /// The consent page's address for a consent id.
    fn consent_url(&self, consent_id: &str) -> String {
        format!("{}/consent/{consent_id}", self.base_url)
    }

    /// The state, expired entries purged.
    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave the maps inconsistent enough to matter
        // for a simulator: keep serving.
        let mut store = self
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        store.purge(Instant::now());
        store
    }
}

/// A running sandbox.
pub struct Sandbox {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Answers a consent as the customer would on its page, without a browser: a merchant's
    /// test approves, declines or types a wrong code for the flow it started. `consent` is the
    /// consent URL step 1 gave ([`Consent::url`](crate::client::Consent::url)), or the flow's
    /// token. Step 2 then answers as after that answer on the page.
    ///
    /// # Errors
    /// No live flow has that URL or token, the consent expired, or it was answered already.
    pub fn answer(&self, consent: &str, answer: CustomerAnswer) -> Result<(), AnswerError> {
        customer::answer(&self.shared, consent, answer)
    }

    /// Starts a sandbox of this crate's spec ([`Api`](crate::Api)) listening on `addr`
    /// (`127.0.0.1:0` picks a free port). [`Sandbox::start_for`] serves another spec.
    ///
    /// # Errors
    /// A setting is out of range (kind [`std::io::ErrorKind::InvalidInput`], naming it: a
    /// duration over [`MAX_DURATION`], `max_entries` 0), or the address cannot be bound.
    pub async fn start(config: SandboxConfig, addr: SocketAddr) -> std::io::Result<Self> {
        Self::start_for::<crate::Api>(config, addr).await
    }

    /// Starts a sandbox of the spec `A` names (the `Api` type `generate_api!` generated for
    /// it) listening on `addr` (`127.0.0.1:0` picks a free port).
    ///
    /// # Errors
    /// A setting is out of range (kind [`std::io::ErrorKind::InvalidInput`], naming it: a
    /// duration over [`MAX_DURATION`], `max_entries` 0), or the address cannot be bound.
    pub async fn start_for<A: Journey>(
        config: SandboxConfig,
        addr: SocketAddr,
    ) -> std::io::Result<Self> {
        config.check()?;
        let hooks = Hooks::of::<A>();
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let url = format!("http://{addr}");
        let base_url = config.public_url.clone().unwrap_or_else(|| url.clone());
        let shared = Arc::new(Shared {
            api: A::INFO,
            hooks,
            config,
            base_url,
            store: Mutex::new(Store::default()),
        });
        let app = router(Arc::clone(&shared));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        tracing::info!(target: "dqe_client::sandbox", %url, "sandbox listening");
        Ok(Self {
            addr,
            url,
            shared,
            shutdown: Some(tx),
            task,
        })
    }

    /// Where it listens, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The SMS code of the flow started with `token`, as a test would read it off the phone;
    /// `None` once the token has expired.
    pub fn sms_code(&self, token: &str) -> Option<String> {
        self.shared
            .store()
            .entry(token)
            .and_then(|e| e.session.as_ref())
            .map(|s| s.code.clone())
    }

    /// The consent URL of the flow started with `token`; `None` once the token has expired.
    pub fn consent_url(&self, token: &str) -> Option<String> {
        self.shared
            .store()
            .entry(token)
            .and_then(|e| e.session.as_ref())
            .map(|s| self.shared.consent_url(&s.consent_id))
    }

    /// How many tokens are live (each with at most one flow), expired ones left out.
    pub fn live_entries(&self) -> usize {
        self.shared.store().len()
    }

    /// Stops it and waits until it has stopped.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Serves until the process is stopped.
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The sandbox's routes: the API endpoints at their spec paths, and the consent page.
fn router(shared: Arc<Shared>) -> Router {
    let mut router = Router::new();
    for endpoint in shared.hooks.endpoints {
        router = router.route(endpoint.info.path, endpoint.route());
    }
    router
        .route(
            "/consent/{id}",
            get(consent_page::show).post(consent_page::answer),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(shared)
}
