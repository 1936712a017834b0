//! The blocking client (feature `blocking`) against the real sandbox on loopback, from plain
//! `#[test]` functions with no async runtime of their own: a whole consent flow over POST and
//! GET (step 1, a pending step 2, the redirect, the identity), a one-step scope through
//! `start`, a documented error, use of clones from many threads at once, what happens inside
//! an async runtime (a clear panic before anything is sent; `spawn_blocking` works), and the
//! runtime thread ending when the last clone is dropped.

use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use dqe_client::blocking::{BuildError, Client};
use dqe_client::client::{Check, ConfigError, Error, ErrorKind, Started};
use dqe_client::endpoint::{CallbackError, Method};
use dqe_client::{Credentials, ExposeSecret, InitiateReady, InitiateRequest};
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};

use crate::common::blocking_clients;

/// Held by every test: the thread-count test counts the client threads of the whole process
/// ([`blocking_clients`], which the other modules' tests with a blocking client hold too).
fn serial() -> std::sync::MutexGuard<'static, ()> {
    blocking_clients()
}

/// The sandbox, served by the worker threads of a runtime of its own: the test's thread has
/// no runtime. Dropped in field order: the sandbox stops, then its runtime.
struct Served {
    sandbox: Sandbox,
    _runtime: tokio::runtime::Runtime,
}

fn serve(pending_time: Duration) -> Served {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let config = SandboxConfig {
        auto_approve: true,
        pending_time,
        ..SandboxConfig::default()
    };
    let sandbox = runtime
        .block_on(Sandbox::start(
            config,
            SocketAddr::from(([127, 0, 0, 1], 0)),
        ))
        .unwrap();
    Served {
        sandbox,
        _runtime: runtime,
    }
}

fn client(s: &Served) -> Client {
    dqe_client::client::Client::builder()
        .server(s.sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .poll_interval(Duration::from_secs(1))
        .build_blocking()
        .unwrap()
}

fn request(number: &str) -> InitiateReady {
    InitiateRequest::new()
        .number(number)
        .name("ACME")
        .formfilling()
}

#[test]
fn a_whole_consent_flow() {
    let _serial = serial();
    let pending_time = Duration::from_millis(800);
    let s = serve(pending_time);
    let c = client(&s);
    assert!(!format!("{c:?}").contains(DEFAULT_CLIENT_SECRET));
    assert!(c.token().unwrap().expires_at().is_some());
    for m in [Method::Post, Method::Get] {
        let c = c.with_method(m);
        assert_eq!(c.method(), m);
        let asked = Instant::now();
        let consent = c.initiate(&request("0612345678")).unwrap();
        assert_eq!(consent.operator(), Some("Orange"));
        assert!(
            consent
                .url()
                .is_some_and(|u| u.starts_with(s.sandbox.url()))
        );
        // Consent given at once, then pending for 0.8 s: a poll within that time is pending,
        // the next (a second later) ready.
        let check = c.retrieve(consent.flow());
        if asked.elapsed() < pending_time {
            assert!(matches!(check, Ok(Check::Pending(_))), "{m:?}: {check:?}");
        } else {
            assert!(check.is_ok(), "{m:?}: {check:?}");
        }
        // The browser comes back: a redirect carrying another flow's token is refused before
        // any request, this flow's own goes to the data.
        let forged = "token=SOMEONE-ELSE&status=success";
        let e = c
            .complete_callback(forged, consent.flow(), Duration::from_secs(30))
            .unwrap_err();
        assert!(
            matches!(e, Error::Callback(CallbackError::OtherFlow)),
            "{e:?}"
        );
        let token = consent.flow().token();
        let query = format!(
            "https://shop.example/back?token={}&status=success",
            token.secret().expose_secret()
        );
        let started = Instant::now();
        let data = c
            .complete_callback(&query, consent.flow(), Duration::from_secs(30))
            .unwrap();
        assert!(started.elapsed() < Duration::from_secs(20));
        let identity = data.formfilling.expect("the identity");
        assert_eq!(identity.family_name.as_deref(), Some("Lefèvre"), "{m:?}");
        // Once ready, `wait` answers at once.
        let again = c.wait(consent.flow(), Duration::from_secs(30)).unwrap();
        assert!(again.formfilling.is_some());
    }
}

#[test]
fn a_one_step_scope_answers_at_start() {
    let _serial = serial();
    let s = serve(Duration::ZERO);
    let c = client(&s);
    let simswap = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .simswap(24);
    let Started::Done(result) = c.start(&simswap).unwrap() else {
        panic!("a one-step scope answers at step 1")
    };
    assert_eq!(result.swapped, Some(false), "the spec's example");
    assert_eq!(result.url, None, "no consent page");
    // A scope with consent starts a flow.
    let Started::Consent(consent) = c.start(&request("0612345678")).unwrap() else {
        panic!("formfilling needs consent")
    };
    let data = c.wait(consent.flow(), Duration::from_secs(30)).unwrap();
    assert!(data.formfilling.is_some());
}

#[test]
fn a_documented_error_comes_typed() {
    let _serial = serial();
    let s = serve(Duration::ZERO);
    let c = client(&s);
    let e = c.initiate(&request("0619100010")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    let Error::Api(api) = &e else { panic!("{e:?}") };
    assert_eq!((api.id(), api.error_type()), ("10", "invalid phone number"));
    assert!(!e.is_retryable());
    // Step 2's errors too.
    let consent = c.initiate(&request("0619200021")).unwrap();
    let e = c.wait(consent.flow(), Duration::from_secs(30)).unwrap_err();
    assert_eq!(e.error_id(), Some("21"), "{e:?}");
}

#[test]
fn clones_are_shared_across_threads() {
    fn send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    send_sync_clone::<Client>();
    send_sync_clone::<BuildError>();

    let _serial = serial();
    let s = serve(Duration::ZERO);
    let c = client(&s);
    let names = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..4)
            .map(|i| {
                let c = c.clone();
                scope.spawn(move || {
                    let number = format!("061234567{i}");
                    let consent = c.initiate(&request(&number)).unwrap();
                    let data = c.wait(consent.flow(), Duration::from_secs(30)).unwrap();
                    data.formfilling.and_then(|f| f.family_name)
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect::<Vec<_>>()
    });
    assert_eq!(names, vec![Some("Lefèvre".to_owned()); 4]);
    // A reference shared by threads works as well as clones.
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| c.token().unwrap());
        }
    });
}

#[test]
fn inside_an_async_runtime_it_panics_before_sending() {
    let _serial = serial();
    let s = serve(Duration::ZERO);
    let c = client(&s);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let inside = std::panic::catch_unwind(AssertUnwindSafe(|| {
        runtime.block_on(async { c.initiate(&request("0612345678")) })
    }));
    let payload = inside.expect_err("a blocking call inside a runtime panics");
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or_default();
    assert!(message.contains("from within a runtime"), "{message}");
    assert_eq!(
        s.sandbox.live_entries(),
        0,
        "not even a token was asked for"
    );

    // In async code, `spawn_blocking` is where blocking calls go; building, cloning and
    // dropping a blocking client there do not panic.
    let data = runtime.block_on(async {
        let mine = client(&s);
        let in_pool = mine.clone();
        let data = tokio::task::spawn_blocking(move || {
            let consent = in_pool.initiate(&request("0612345678")).unwrap();
            in_pool.wait(consent.flow(), Duration::from_secs(30))
        })
        .await
        .unwrap();
        drop(mine);
        data
    });
    assert!(data.unwrap().formfilling.is_some());
}

/// How many client runtime threads this process has.
#[cfg(target_os = "linux")]
fn client_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim_end() == dqe_client::blocking::THREAD_NAME)
        .count()
}

/// Waits (briefly) until the process has `n` client runtime threads.
#[cfg(target_os = "linux")]
fn settles_at(n: usize) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while client_threads() != n {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

#[cfg(target_os = "linux")]
#[test]
fn dropping_the_last_clone_ends_its_thread() {
    let _serial = serial();
    let s = serve(Duration::ZERO);
    let before = client_threads();
    let c = client(&s);
    assert_eq!(client_threads(), before + 1, "one thread per client");
    let clone = c.clone();
    let other_method = c.with_method(Method::Get);
    assert_eq!(client_threads(), before + 1, "clones share it");
    let consent = clone.initiate(&request("0612345678")).unwrap();
    other_method
        .wait(consent.flow(), Duration::from_secs(30))
        .unwrap();
    drop(c);
    drop(clone);
    assert_eq!(client_threads(), before + 1, "a clone is still alive");
    drop(other_method);
    assert!(settles_at(before), "the thread ended with the last clone");

    // A configuration error is reported and leaves no thread behind.
    let e = dqe_client::client::Client::builder()
        .build_blocking()
        .unwrap_err();
    assert!(
        matches!(e, BuildError::Config(ConfigError::MissingServer { .. })),
        "{e:?}"
    );
    assert!(e.to_string().contains("no server address"), "{e}");
    assert!(settles_at(before));

    // A blocking client over an async client keeps its settings.
    let async_client = dqe_client::client::Client::builder()
        .server(s.sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .method(Method::Get)
        .build()
        .unwrap();
    let c = Client::new(async_client).unwrap();
    assert_eq!(c.method(), Method::Get);
    assert!(c.block_on(|a| a.new_token()).is_ok());
    drop(c);
    assert!(settles_at(before));
}
