//! A blocking client, for synchronous programs (feature `blocking`): [`Client`] has the
//! methods of the async [`client::Client`], each a plain function that returns when the call
//! is done.
//!
//! ```no_run
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use dqe_client::blocking::Client;
//! use dqe_client::InitiateRequest;
//!
//! let client = Client::from_env()?; // DQE_SERVER, DQE_LICENCE, DQE_CLIENT_SECRET
//! let request = InitiateRequest::new().number("0612345678").name("ACME").formfilling();
//! let consent = client.initiate(&request)?; // a token, then step 1
//! println!("send the customer to {}", consent.url().unwrap_or_default());
//! let data = client.wait(consent.flow(), Duration::from_secs(180))?; // step 2
//! # Ok(()) }
//! ```
//!
//! # How it works
//! As `reqwest::blocking` does, each client owns a thread that runs a single-threaded tokio
//! runtime: it drives the client's connections, timers and background tasks. A blocking call
//! runs the async method's future on that runtime
//! ([`Handle::block_on`](tokio::runtime::Handle::block_on): the calling thread waits, woken
//! by the runtime thread as the connection and the timers progress) and returns its result;
//! the logic (tokens, step 1 sent at most once, polling, the callback check, the error types)
//! is the async client's own, not a copy. Requests are borrowed, never cloned, so any request
//! the async client takes works here too, and calls from several threads run side by side.
//! Clones share the thread, the connection pool and the token cache; when the last clone is
//! dropped, the thread stops its runtime and ends (the drop waits for it).
//!
//! # Inside an async runtime
//! A blocking call must not run on a thread that is driving asynchronous tasks (inside
//! `#[tokio::main]`, a `tokio::spawn`ed task, or `Runtime::block_on`): it would stall every
//! other task of that thread. There it **panics before anything is sent**, with tokio's
//! message (`Cannot start a runtime from within a runtime...`) and the caller's location. In
//! async code, use the async [`client::Client`] instead, or make the call inside
//! `tokio::task::spawn_blocking`, where blocking is allowed. Building, cloning and dropping a
//! blocking client never panics there (dropping the last clone waits a moment for its thread
//! to end).

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::client::{self, Check, Clock, ConfigError, Consent, Error, Flow, Started, Token};
use crate::endpoint::{Endpoint, HasScopes, Method, Outcome, Reply};
use crate::journey::{ConsentErrorOf, Journey, RetrieveErrorOf, RetrieveSuccessOf, TokenErrorOf};

/// The name of the thread each client runs its runtime on.
pub const THREAD_NAME: &str = "dqe-blocking";

/// The name of the threads the runtime starts for blocking work (name resolution).
const POOL_THREAD_NAME: &str = "dqe-blocking-io";

/// How long the runtime thread waits, when the client is dropped, for the runtime's blocking
/// threads to end (a name resolution still running is left to finish on its own).
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(1);

/// Why a blocking client could not be built.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum BuildError {
    /// A setting is wrong, as the async builder says it.
    Config(ConfigError),
    /// The thread running the client's runtime, or the runtime, could not be started.
    Runtime(Arc<std::io::Error>),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Config(e) => e.fmt(f),
            BuildError::Runtime(e) => {
                write!(f, "the blocking client's runtime could not be started: {e}")
            }
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Config(e) => Some(e),
            BuildError::Runtime(e) => Some(e.as_ref()),
        }
    }
}

impl From<ConfigError> for BuildError {
    fn from(e: ConfigError) -> Self {
        BuildError::Config(e)
    }
}

/// The thread running a client's runtime, and how to stop it.
struct Runtime {
    handle: tokio::runtime::Handle,
    /// Dropping it stops the runtime.
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Runtime {
    /// Starts the thread, which builds its runtime and runs it until told to stop.
    fn start() -> std::io::Result<Self> {
        let (started_tx, started_rx) = mpsc::sync_channel(1);
        let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = thread::Builder::new()
            .name(THREAD_NAME.to_owned())
            .spawn(move || {
                let built = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .thread_name(POOL_THREAD_NAME)
                    .build();
                let runtime = match built {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = started_tx.send(Err(e));
                        return;
                    }
                };
                if started_tx.send(Ok(runtime.handle().clone())).is_err() {
                    return;
                }
                // Drives every connection, timer and task of the client's calls until the
                // last clone is dropped. The runtime is dropped here, on its own thread.
                runtime.block_on(async {
                    let _ = shutdown_rx.await;
                });
                runtime.shutdown_timeout(SHUTDOWN_TIMEOUT);
            })?;
        let started = started_rx.recv();
        let handle = match started {
            Ok(Ok(handle)) => handle,
            Ok(Err(e)) => {
                let _ = thread.join();
                return Err(e);
            }
            Err(_) => {
                let _ = thread.join();
                return Err(std::io::Error::other(
                    "the runtime thread ended before starting its runtime",
                ));
            }
        };
        Ok(Self {
            handle,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        })
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Dropping the sender ends the runtime's `block_on`.
        drop(self.shutdown.take());
        if let Some(thread) = self.thread.take() {
            // Dropped on its own thread (by a task holding the last clone): it ends by itself.
            if thread.thread().id() != thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

/// The ID Mobile client for synchronous programs: the async [`client::Client`] driven by a
/// runtime on a thread of its own (see [the module](self)).
///
/// Cheap to clone, `Send` and `Sync`: clones share the thread, the connection pool and the
/// token cache, and may be used from many threads at once. Dropping the last clone stops the
/// thread.
///
/// # Panics
/// Every method that calls the server panics, before sending anything, when called on a
/// thread that drives asynchronous tasks (see [the module](self#inside-an-async-runtime)).
///
/// Generic over the spec as the async client is: `A` is the shipped spec's
/// [`Api`](crate::Api) by default.
#[derive(Clone)]
pub struct Client<A: Journey = crate::Api> {
    client: client::Client<A>,
    runtime: Arc<Runtime>,
}

impl<A: Journey> fmt::Debug for Client<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Client")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client configured from the environment, as [`client::Client::from_env`].
    ///
    /// Any other configuration is the async client's builder's, finished with
    /// [`build_blocking`](client::ClientBuilder::build_blocking):
    /// `client::Client::builder().server(..).credentials(..).build_blocking()`.
    ///
    /// # Errors
    /// Names the first variable that is missing, or what is wrong with the address; or the
    /// runtime thread could not be started.
    pub fn from_env() -> Result<Self, BuildError> {
        client::ClientBuilder::new().with_env()?.build_blocking()
    }
}

impl<A: Journey> Client<A> {
    /// A blocking client running `client`, which keeps its settings, connection pool and
    /// token cache (shared with its other clones).
    ///
    /// # Errors
    /// The runtime thread could not be started.
    pub fn new(client: client::Client<A>) -> Result<Self, BuildError> {
        let runtime = Runtime::start().map_err(|e| BuildError::Runtime(Arc::new(e)))?;
        Ok(Self {
            client,
            runtime: Arc::new(runtime),
        })
    }

    /// The async client it runs.
    ///
    /// Its futures need a tokio runtime: in async code, use it (or a clone) rather than the
    /// blocking methods.
    pub fn as_async(&self) -> &client::Client<A> {
        &self.client
    }

    /// The same client, sending with `method` (for endpoints that accept it), on the same
    /// thread.
    pub fn with_method(&self, method: Method) -> Self {
        Self {
            client: self.client.with_method(method),
            runtime: Arc::clone(&self.runtime),
        }
    }

    /// The method requests are sent with.
    pub fn method(&self) -> Method {
        self.client.method()
    }

    /// The clock the client uses.
    pub fn clock(&self) -> &dyn Clock {
        self.client.clock()
    }

    /// How many times this client saw each departure from the spec in the replies it received
    /// (the async client's counts, [`client::Client::departures`]): never blocks on the
    /// runtime.
    pub fn departures(&self) -> Vec<crate::departure::DepartureCount> {
        self.client.departures()
    }

    /// Runs a call of the async client on this client's runtime and waits for its result:
    /// what every blocking method does, for a call this type has no method for.
    ///
    /// ```no_run
    /// # fn run(client: dqe_client::blocking::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let token = client.block_on(|c| c.new_token())?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Panics
    /// When called on a thread that drives asynchronous tasks, before `call`'s future is
    /// polled (see [the module](self#inside-an-async-runtime)); and if the future panics.
    #[track_caller]
    pub fn block_on<'a, F, Fut>(&'a self, call: F) -> Fut::Output
    where
        F: FnOnce(&'a client::Client<A>) -> Fut,
        Fut: Future,
    {
        self.runtime.handle.block_on(call(&self.client))
    }

    /// A valid token, cached, as [`client::Client::token`].
    ///
    /// # Errors
    /// What the token endpoint answered, or what went wrong reaching it.
    ///
    /// # Panics
    /// Inside an async runtime (see [the module](self#inside-an-async-runtime)).
    #[track_caller]
    pub fn token(&self) -> Result<Token, Error<TokenErrorOf<A>, A>> {
        self.block_on(|c| c.token())
    }

    /// A new token, not cached, as [`client::Client::new_token`].
    ///
    /// # Errors
    /// What the token endpoint answered, or what went wrong reaching it.
    ///
    /// # Panics
    /// Inside an async runtime (see [the module](self#inside-an-async-runtime)).
    #[track_caller]
    pub fn new_token(&self) -> Result<Token, Error<TokenErrorOf<A>, A>> {
        self.block_on(|c| c.new_token())
    }

    /// Forgets the cached token (and a cached failure), as [`client::Client::forget_token`].
    ///
    /// # Panics
    /// Inside an async runtime (see [the module](self#inside-an-async-runtime)).
    #[track_caller]
    pub fn forget_token(&self) {
        self.block_on(|c| c.forget_token());
    }

    /// Step 1 with a new token, as [`client::Client::initiate`]: the consent URL and the flow for
    /// step 2.
    ///
    /// Sent at most once; see [`Error::Unconfirmed`].
    ///
    /// # Errors
    /// As [`client::Client::initiate`].
    ///
    /// # Panics
    /// Inside an async runtime, before anything is sent (see
    /// [the module](self#inside-an-async-runtime)).
    #[track_caller]
    pub fn initiate<R>(&self, request: &R) -> Result<Consent<A>, Error<ConsentErrorOf<A>, A>>
    where
        R: Endpoint<Credentials = A::Credentials, Reply = A::ConsentReply>
            + HasScopes<Scope = A::Scope>,
    {
        self.block_on(|c| c.initiate(request))
    }

    /// Step 1 for any scope, as [`client::Client::start`]: [`Started::Done`] with the result
    /// when every scope asked for answers in step 1, else [`Started::Consent`].
    ///
    /// # Errors
    /// As [`client::Client::initiate`].
    ///
    /// # Panics
    /// Inside an async runtime, before anything is sent (see
    /// [the module](self#inside-an-async-runtime)).
    #[track_caller]
    pub fn start<R>(&self, request: &R) -> Result<Started<A>, Error<ConsentErrorOf<A>, A>>
    where
        R: Endpoint<Credentials = A::Credentials, Reply = A::ConsentReply>
            + HasScopes<Scope = A::Scope>,
    {
        self.block_on(|c| c.start(request))
    }

    /// Step 1 with a token obtained elsewhere, as [`client::Client::initiate_with_token`].
    ///
    /// # Errors
    /// As [`client::Client::initiate`].
    ///
    /// # Panics
    /// Inside an async runtime, before anything is sent (see
    /// [the module](self#inside-an-async-runtime)).
    #[track_caller]
    pub fn initiate_with_token<R>(
        &self,
        request: &R,
        token: Token,
    ) -> Result<Consent<A>, Error<ConsentErrorOf<A>, A>>
    where
        R: Endpoint<Credentials = A::Credentials, Reply = A::ConsentReply>
            + HasScopes<Scope = A::Scope>,
    {
        self.block_on(|c| c.initiate_with_token(request, token))
    }

    /// Step 2, once, as [`client::Client::retrieve`]: `Ready` with the data, or `Pending`.
    ///
    /// # Errors
    /// As [`client::Client::retrieve`].
    ///
    /// # Panics
    /// Inside an async runtime (see [the module](self#inside-an-async-runtime)).
    #[track_caller]
    pub fn retrieve(&self, flow: &Flow<A>) -> Result<Check<A>, Error<RetrieveErrorOf<A>, A>> {
        self.block_on(|c| c.retrieve(flow))
    }

    /// Step 2 until the data is there or a final error comes, for at most `max_wait`, as
    /// [`client::Client::wait`].
    ///
    /// The calling thread sleeps between polls.
    ///
    /// # Errors
    /// As [`client::Client::wait`].
    ///
    /// # Panics
    /// Inside an async runtime (see [the module](self#inside-an-async-runtime)).
    #[track_caller]
    pub fn wait(
        &self,
        flow: &Flow<A>,
        max_wait: Duration,
    ) -> Result<RetrieveSuccessOf<A>, Error<RetrieveErrorOf<A>, A>> {
        self.block_on(|c| c.wait(flow, max_wait))
    }

    /// The redirect checked and step 2 asked once, as [`client::Client::check_callback`].
    ///
    /// # Errors
    /// As [`client::Client::check_callback`].
    ///
    /// # Panics
    /// Inside an async runtime (see [the module](self#inside-an-async-runtime)).
    #[track_caller]
    pub fn check_callback(
        &self,
        query: &str,
        expected: &Flow<A>,
    ) -> Result<Check<A>, Error<RetrieveErrorOf<A>, A>> {
        self.block_on(|c| c.check_callback(query, expected))
    }

    /// From the redirect's query string (or the whole URL) to the data, for the flow this user
    /// started, as [`client::Client::complete_callback`]: a callback carrying another flow's
    /// token is refused before any request.
    ///
    /// # Errors
    /// As [`client::Client::complete_callback`].
    ///
    /// # Panics
    /// Inside an async runtime (see [the module](self#inside-an-async-runtime)).
    #[track_caller]
    pub fn complete_callback(
        &self,
        query: &str,
        expected: &Flow<A>,
        max_wait: Duration,
    ) -> Result<RetrieveSuccessOf<A>, Error<RetrieveErrorOf<A>, A>> {
        self.block_on(|c| c.complete_callback(query, expected, max_wait))
    }

    /// Sends one request and decodes its reply, as [`client::Client::send`].
    ///
    /// # Errors
    /// See [`Error`].
    ///
    /// # Panics
    /// Inside an async runtime, before anything is sent (see
    /// [the module](self#inside-an-async-runtime)).
    #[allow(clippy::type_complexity)]
    #[track_caller]
    pub fn send<E>(
        &self,
        request: &E,
        token: Option<&Token>,
    ) -> Result<
        Outcome<
            <E::Reply as Reply>::Success,
            <E::Reply as Reply>::Pending,
            <E::Reply as Reply>::Error,
        >,
        Error<<E::Reply as Reply>::Error, A>,
    >
    where
        E: Endpoint<Credentials = A::Credentials>,
    {
        self.block_on(|c| c.send(request, token))
    }
}

impl<A: Journey> client::ClientBuilder<A> {
    /// Builds a blocking [`Client`] (feature `blocking`) with these settings, each checked as
    /// [`build`](client::ClientBuilder::build) checks them, and starts its runtime thread: the
    /// one builder serves both clients.
    ///
    /// # Errors
    /// What [`build`](client::ClientBuilder::build) refuses, or the runtime thread could not be
    /// started.
    pub fn build_blocking(self) -> Result<Client<A>, BuildError> {
        let runtime = Runtime::start().map_err(|e| BuildError::Runtime(Arc::new(e)))?;
        // The async client is built in its runtime's context, as it will run.
        let client = {
            let _in_runtime = runtime.handle.enter();
            self.build()?
        };
        Ok(Client {
            client,
            runtime: Arc::new(runtime),
        })
    }
}
