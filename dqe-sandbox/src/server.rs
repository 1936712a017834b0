//! The running sandbox ([`Sandbox`]): starting it on an address with a spec's journey, its
//! routes (the API endpoints at their spec paths, the consent page), what a test reads off it
//! (SMS codes, consent URLs), and stopping it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::map_response;
use axum::routing::get;

use super::config::{MAX_BODY_BYTES, SandboxConfig};
use super::consent_page;
use super::customer::{self, AnswerError, CustomerAnswer};
use super::endpoints::{self, ServedEndpoint};
use super::shared::Shared;
use super::store::Store;
use dqe_client::journey::Journey;

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
    /// Answers a consent as the customer would on its page, without a browser: a merchant's test
    /// approves, declines or types a wrong code for the flow it started.
    ///
    /// `consent` is the consent URL step 1 gave
    /// (`Consent::url` of `dqe_client::client`), or the flow's token. Step 2 then
    /// answers as after that answer on the page.
    ///
    /// # Errors
    /// No live flow has that URL or token, the consent expired, or it was answered already.
    pub fn answer(&self, consent: &str, answer: CustomerAnswer) -> Result<(), AnswerError> {
        customer::answer(&self.shared, consent, answer)
    }

    /// Lets a consent expire now, as if its customer had left the page unanswered for the
    /// whole [`consent_lifetime`](super::SandboxConfig::consent_lifetime): a merchant's test of
    /// the expired case needs no short lifetime to race.
    ///
    /// `consent` is the consent URL step 1 gave, or the flow's token, as with
    /// [`Sandbox::answer`]. The consent page then answers that the request expired (HTTP
    /// 410), and step 2 the error the spec names for an unfinished code check.
    ///
    /// # Errors
    /// No live flow has that URL or token, the consent expired already, or it was answered.
    pub fn expire(&self, consent: &str) -> Result<(), AnswerError> {
        customer::expire(&self.shared, consent)
    }

    /// Starts a sandbox of this crate's spec ([`Api`](dqe_client::Api)) listening on `addr`
    /// (`127.0.0.1:0` picks a free port).
    ///
    /// [`Sandbox::start_for`] serves another spec.
    ///
    /// # Errors
    /// A setting is out of range (kind [`std::io::ErrorKind::InvalidInput`], naming it: a
    /// duration over [`MAX_DURATION`](super::MAX_DURATION), `max_entries` 0), or the address
    /// cannot be bound.
    pub async fn start(config: SandboxConfig, addr: SocketAddr) -> std::io::Result<Self> {
        Self::start_for::<dqe_client::Api>(config, addr).await
    }

    /// Starts a sandbox of the spec `A` names (the `Api` type `generate_api!` generated for
    /// it) listening on `addr` (`127.0.0.1:0` picks a free port).
    ///
    /// # Errors
    /// A setting is out of range (kind [`std::io::ErrorKind::InvalidInput`], naming it: a
    /// duration over [`MAX_DURATION`](super::MAX_DURATION), `max_entries` 0), or the address
    /// cannot be bound.
    pub async fn start_for<A: Journey>(
        config: SandboxConfig,
        addr: SocketAddr,
    ) -> std::io::Result<Self> {
        config.check()?;
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let url = format!("http://{addr}");
        let base_url = config.public_url.clone().unwrap_or_else(|| url.clone());
        let shared = Arc::new(Shared {
            api: A::INFO,
            callback_query: A::callback_query,
            config,
            base_url,
            store: Mutex::new(Store::default()),
        });
        let app = router(Arc::clone(&shared), endpoints::served::<A>());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        tracing::info!(target: "dqe_sandbox", %url, "sandbox listening");
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

/// The sandbox's routes: the API endpoints at their spec paths, and the consent page (every
/// response of which forbids framing it).
fn router(shared: Arc<Shared>, endpoints: [ServedEndpoint; 3]) -> Router {
    let mut router = Router::new();
    for endpoint in endpoints {
        router = router.route(endpoint.path(), endpoint.route());
    }
    router
        .route(
            "/consent/{id}",
            get(consent_page::show)
                .post(consent_page::answer)
                .layer(map_response(consent_page::no_framing)),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(shared)
}
