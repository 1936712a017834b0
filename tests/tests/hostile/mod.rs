//! The client against hostile and broken servers: a stand-in HTTP server on loopback
//! (`dqe_sandbox::standin`, scripted by path) answers redirects of every kind, huge and slow
//! bodies, byte order marks, HTML, absurd numbers, non-string statuses and ids, escape
//! sequences; a forged callback is refused. Every case
//! shows step 1 sent exactly once, no panic, and no licence, secret, token, phone number or
//! identity value in any error, `Debug` or log output.

use std::time::Duration;

use crate::common::{Capture, CaptureGuard};
use dqe_client::client::{
    Client, ConfigError, DEFAULT_MAX_BODY_SIZE, DecodeKind, Error, ErrorKind, Flow, Token,
};
use dqe_client::endpoint::CallbackError;
use dqe_client::*;
use dqe_sandbox::standin::{Answer, Standin};

const LICENCE: &str = "LIC-HOSTILE-4242";
const SECRET: &str = "SECRET-HOSTILE-77";
const TOKEN: &str = "TOKEN-HOSTILE-9931";
const NUMBER: &str = "0687654321";
const FAMILY_NAME: &str = "HOSTILE-DUPONT";

/// Every value that must never be printed.
const SECRETS: [&str; 5] = [LICENCE, SECRET, TOKEN, NUMBER, FAMILY_NAME];

/// Everything the client logs on this test's thread, at every level: a capture installed on
/// the first call (a test's first client), kept until the thread ends.
fn logs() -> Capture {
    thread_local! {
        static LOGS: (Capture, CaptureGuard) = {
            let capture = Capture::default();
            let guard = capture.install(false);
            (capture, guard)
        };
    }
    LOGS.with(|(capture, _)| capture.clone())
}

/// Asserts that no secret shows in an error's `Display` and `Debug`, nor in the logs.
fn assert_private<E: std::fmt::Display + std::fmt::Debug>(e: &E) {
    let shown = format!("{e}\n{e:?}\n{}", logs().text());
    for secret in SECRETS {
        assert!(!shown.contains(secret), "`{secret}` leaked in:\n{shown}");
    }
    assert!(
        !shown.contains('\x1b'),
        "a raw escape character in:\n{shown}"
    );
}

fn json(body: &str) -> Answer {
    Answer::json(200, body)
}

fn token_reply() -> Answer {
    json(&format!(
        r#"{{"access_token":"{TOKEN}","token_type":"Bearer","expires_in":"300"}}"#
    ))
}

/// A stand-in on loopback answering by path from `script`.
async fn scripted(script: impl Fn(&str) -> Answer + Send + Sync + 'static) -> Standin {
    Standin::start(move |request| script(&request.path))
        .await
        .unwrap()
}

/// The body bytes `server` wrote for a huge answer on `path`, once it stopped writing (the
/// client hung up, or it wrote them all), waiting for it up to ten seconds.
async fn finished_writing(server: &Standin, path: &str) -> usize {
    for _ in 0..1000 {
        if let Some(n) = server.written(path) {
            return n;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the server still writes to {path}: the client reads on")
}

fn client(server: &Standin) -> Client {
    logs();
    Client::builder()
        .server(server.url())
        .credentials(Credentials::new(LICENCE, SECRET))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn step1() -> impl dqe_client::endpoint::Endpoint<Credentials = Credentials, Reply = InitiateReply>
+ dqe_client::endpoint::HasScopes<Scope = Scope> {
    InitiateRequest::new()
        .number(NUMBER)
        .name("ACME")
        .formfilling()
}

const TOKEN_PATH: &str = AccessTokenRequest::INFO.path;
const STEP1: &str = InitiateRequest::INFO.path;
const STEP2: &str = RetrieveRequest::INFO.path;

fn redirect(status: u16) -> Answer {
    Answer::redirect(status, &format!("/elsewhere/?leak={TOKEN}"))
}

mod journey;
mod values;
mod wire;
