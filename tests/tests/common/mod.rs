//! Setup shared by the client tests (`client`, `client_privacy`, `hostile`): a mock DQE server
//! on loopback (wiremock) and what to mount on it, a fake clock, clients built against them,
//! the request and flow of a consent journey, and log captures; the settings of every property
//! test of this binary ([`cases`]); and the lock of the tests with a blocking client
//! ([`blocking_clients`]).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use dqe_client::client::{Client, ClientBuilder, Clock, Flow, Sleep, Token};
use dqe_client::endpoint::Method;
use dqe_client::{Credentials, InitiateReady, InitiateRequest, Scope};
use wiremock::matchers::{header, method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// The licence of [`builder`]'s clients (`LIC-4242` in the expected forms).
pub const LICENCE: &str = "LIC-4242";
/// The client secret of [`builder`]'s clients (`s3cr%26t%3D%2B` in the expected forms).
pub const SECRET: &str = "s3cr&t=+";

// ---- Property tests

/// The settings of a property test of `n` cases: proptest's defaults, with its cases drawn by
/// XorShift rather than ChaCha. A test's cases need no cryptographic generator, and ChaCha,
/// unoptimized in a test build, was a fifth of this binary's CPU time (measured with perf).
pub fn cases(n: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: n,
        rng_algorithm: proptest::test_runner::RngAlgorithm::XorShift,
        ..proptest::test_runner::Config::default()
    }
}

// ---- Blocking clients

/// Held by every test while it has a blocking client: `blocking`'s thread-count test counts
/// the client runtime threads of the whole process, which another test's blocking client
/// starting or ending meanwhile would change.
pub fn blocking_clients() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

// ---- The mock server

/// A reply with a JSON body.
pub fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

/// Step 2's pending reply.
pub fn pending() -> ResponseTemplate {
    json(200, r#"{"status":"pending","scope":"formfilling"}"#)
}

/// Step 2's success, with the family name `Martin`.
pub fn success() -> ResponseTemplate {
    json(
        200,
        r#"{"status":"success","scope":"formfilling","formfilling":{"family_name":"Martin"}}"#,
    )
}

/// Answers every POST to `p` with `response`.
pub async fn on_post(server: &MockServer, p: &str, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(p))
        .respond_with(response)
        .mount(server)
        .await;
}

/// Matches the exact query string, or the absence of one.
pub struct QueryIs(pub Option<String>);

impl Match for QueryIs {
    fn matches(&self, request: &Request) -> bool {
        request.url.query().map(str::to_owned) == self.0
    }
}

/// Mounts a mock that answers `body` only to the exact documented request.
pub async fn expect_exact(
    server: &MockServer,
    m: Method,
    p: &str,
    form: &str,
    status: u16,
    body: &str,
) {
    server.reset().await;
    let mock = match m {
        Method::Post => Mock::given(method("POST"))
            .and(path(p))
            .and(header("content-type", "application/x-www-form-urlencoded"))
            .and(wiremock::matchers::body_string(form))
            .and(QueryIs(None)),
        Method::Get => Mock::given(method("GET"))
            .and(path(p))
            .and(QueryIs(Some(form.to_owned())))
            .and(wiremock::matchers::body_string("")),
    };
    mock.respond_with(json(status, body))
        .expect(1)
        .mount(server)
        .await;
}

/// Replaces the server's mocks with step 2 answering each response so many times, in order.
pub async fn mount_sequence(server: &MockServer, steps: Vec<(ResponseTemplate, u64)>) {
    server.reset().await;
    for (priority, (response, times)) in steps.into_iter().enumerate() {
        Mock::given(method("POST"))
            .and(path("/GET/"))
            .respond_with(response)
            .up_to_n_times(times)
            .with_priority(u8::try_from(priority + 1).unwrap())
            .mount(server)
            .await;
    }
}

/// How many requests the server received (since its last reset).
pub async fn polls(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

// ---- The fake clock

/// A clock whose sleeps advance time at once (yielding to the runtime) and are recorded.
#[derive(Clone)]
pub struct FakeClock {
    base: Instant,
    wall: SystemTime,
    offset: Arc<Mutex<Duration>>,
    sleeps: Arc<Mutex<Vec<Duration>>>,
    /// How long each sleep really lasts (zero: only a yield).
    pub real_sleep: Duration,
}

impl FakeClock {
    pub fn new() -> Self {
        Self {
            base: Instant::now(),
            wall: SystemTime::now(),
            offset: Arc::default(),
            sleeps: Arc::default(),
            real_sleep: Duration::ZERO,
        }
    }
    pub fn advance(&self, d: Duration) {
        *self.offset.lock().unwrap() += d;
    }
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.base + *self.offset.lock().unwrap()
    }
    fn wall(&self) -> SystemTime {
        self.wall + *self.offset.lock().unwrap()
    }
    fn sleep(&self, d: Duration) -> Sleep {
        self.advance(d);
        self.sleeps.lock().unwrap().push(d);
        let real = self.real_sleep;
        Box::pin(async move {
            if real.is_zero() {
                tokio::task::yield_now().await;
            } else {
                tokio::time::sleep(real).await;
            }
        })
    }
}

// ---- Clients

/// A client builder for the server at `server`, with `credentials`.
pub fn builder_with(server: impl Into<String>, credentials: Credentials) -> ClientBuilder {
    Client::builder().server(server).credentials(credentials)
}

/// A client builder for the server at `server`, with [`LICENCE`] and [`SECRET`].
pub fn builder(server: impl Into<String>) -> ClientBuilder {
    builder_with(server, Credentials::new(LICENCE, SECRET))
}

/// A client of the mock server sending with `m`.
pub fn client(server: &MockServer, m: Method) -> Client {
    builder(server.uri()).method(m).build().unwrap()
}

/// A client of the mock server on the fake clock.
pub fn fake_client(server: &MockServer, clock: &FakeClock) -> Client {
    builder(server.uri())
        .clock(clock.clone())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

// ---- A consent journey

/// Step 1's request for `number`, with every mandatory parameter.
pub fn step1(number: &str) -> InitiateReady {
    InitiateRequest::new()
        .number(number)
        .name("ACME")
        .formfilling()
}

/// The flow step 1 leaves with token `T`, for the formfilling scope.
pub fn test_flow(clock: &dyn Clock) -> Flow {
    Flow::new(&Token::new("T"), Scope::Formfilling, clock)
}

// ---- Log captures

/// What tracing writes, kept in memory, for a test's thread ([`Capture::install`]).
///
/// Every test of this binary shares one process, and tracing caches per call site whether
/// anyone listens: scoped subscribers (`set_default`) installed and dropped on many threads at
/// once make that cache race, and spans go missing. So one global subscriber, installed once,
/// is the only subscriber; it asks at every event (a dynamic filter) whether the thread it runs
/// on has a capture, and writes there (a `#[tokio::test]`'s runtime and the tasks it spawns run
/// on the test's thread). Other threads' logs are not formatted at all.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Vec<u8>>>);

/// The capture of this thread, and whether it wants span close events too.
#[derive(Clone)]
struct Current {
    capture: Capture,
    spans: bool,
}

thread_local! {
    static CURRENT: std::cell::RefCell<Option<Current>> = const { std::cell::RefCell::new(None) };
}

fn current() -> Option<Current> {
    CURRENT.with(|c| c.borrow().clone())
}

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes to the running thread's capture, if any.
struct ThreadCapture;

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for ThreadCapture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Capture {
        current().map(|c| c.capture).unwrap_or_default()
    }
}

/// Installs the global subscriber, once: every event at every level, without colours, to the
/// thread's capture; span close events too where that capture asked for them.
fn install_global() {
    use tracing_subscriber::filter::filter_fn;
    use tracing_subscriber::fmt::format::FmtSpan;
    use tracing_subscriber::prelude::*;
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // A capture that asked for span events, and one that did not.
        let wants = |spans: bool| filter_fn(move |_| current().is_some_and(|c| c.spans == spans));
        let subscriber = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(ThreadCapture)
                    .with_ansi(false)
                    .with_span_events(FmtSpan::CLOSE)
                    .with_filter(wants(true)),
            )
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(ThreadCapture)
                    .with_ansi(false)
                    .with_filter(wants(false)),
            );
        tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
    });
}

/// Ends a thread's capture, putting back the one it replaced.
pub struct CaptureGuard(Option<Current>);

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

impl Capture {
    /// Captures on this thread, until the guard drops, every event at every level and, with
    /// `spans`, each span's close with its fields.
    pub fn install(&self, spans: bool) -> CaptureGuard {
        install_global();
        let next = Current {
            capture: self.clone(),
            spans,
        };
        CaptureGuard(CURRENT.with(|c| c.borrow_mut().replace(next)))
    }

    /// What was captured so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}
