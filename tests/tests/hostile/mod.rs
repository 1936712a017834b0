//! The client against hostile and broken servers: a scripted HTTP server on loopback answers
//! redirects of every kind, huge and slow bodies, byte order marks, HTML, absurd numbers,
//! non-string statuses and ids, escape sequences; a forged callback is refused. Every case
//! shows step 1 sent exactly once, no panic, and no licence, secret, token, phone number or
//! identity value in any error, `Debug` or log output.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{Capture, CaptureGuard};
use dqe_client::client::{
    Client, ConfigError, DEFAULT_MAX_BODY_SIZE, DecodeKind, Error, ErrorKind, Flow, Token,
};
use dqe_client::endpoint::CallbackError;
use dqe_client::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

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

/// What the scripted server answers.
#[derive(Clone)]
enum Answer {
    /// These bytes, then the connection closes.
    Raw(Vec<u8>),
    /// A JSON body with this status.
    Json(u16, String),
    /// A body of `len` zero bytes, sent in chunks, declared or not.
    Huge { len: usize, declared: bool },
    /// A valid header, then a body dripping one byte every `every`.
    Drip { every: Duration },
}

fn json(body: &str) -> Answer {
    Answer::Json(200, body.to_owned())
}

fn token_reply() -> Answer {
    json(&format!(
        r#"{{"access_token":"{TOKEN}","token_type":"Bearer","expires_in":"300"}}"#
    ))
}

type Script = Arc<dyn Fn(&str) -> Answer + Send + Sync>;

/// How many requests, or bytes, by path.
type Counts = Arc<Mutex<HashMap<String, usize>>>;

/// A loopback HTTP/1.1 server that answers by path from a script and counts requests by path,
/// and the body bytes of each [`Answer::Huge`] it could write before the client hung up.
struct Scripted {
    url: String,
    hits: Counts,
    written: Counts,
}

impl Scripted {
    async fn start(script: impl Fn(&str) -> Answer + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (hits, written): (Counts, Counts) = Default::default();
        let script: Script = Arc::new(script);
        let counts = (Arc::clone(&hits), Arc::clone(&written));
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let counts = (Arc::clone(&counts.0), Arc::clone(&counts.1));
                tokio::spawn(serve(socket, Arc::clone(&script), counts));
            }
        });
        Self { url, hits, written }
    }

    /// The body bytes the server wrote for a huge answer on `path`, once it stopped writing
    /// (the client hung up, or it wrote them all), waiting for it up to ten seconds.
    async fn written(&self, path: &str) -> usize {
        for _ in 0..1000 {
            if let Some(n) = self.written.lock().unwrap().get(path) {
                return *n;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the server still writes to {path}: the client reads on")
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }
}

async fn serve(mut socket: TcpStream, script: Script, (hits, written): (Counts, Counts)) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let target = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let path = target.split('?').next().unwrap_or("/").to_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    match script(&path) {
        Answer::Raw(bytes) => {
            let _ = socket.write_all(&bytes).await;
        }
        Answer::Json(status, body) => {
            let response = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
        }
        Answer::Huge { len, declared } => {
            let head = if declared {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
                )
            } else {
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                    .to_owned()
            };
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let block = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < len {
                let n = block.len().min(len - sent);
                if socket.write_all(&block[..n]).await.is_err() {
                    break; // the client stopped reading: what we want
                }
                sent += n;
            }
            written.lock().unwrap().insert(path, sent);
            return;
        }
        Answer::Drip { every } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n{";
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for _ in 0..100_000 {
                tokio::time::sleep(every).await;
                if socket.write_all(b" ").await.is_err() {
                    return;
                }
            }
        }
    }
    let _ = socket.shutdown().await;
}

fn client(server: &Scripted) -> Client {
    logs();
    Client::builder()
        .server(&server.url)
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
    Answer::Raw(
        format!(
            "HTTP/1.1 {status} Moved\r\nLocation: /elsewhere/?leak={TOKEN}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .into_bytes(),
    )
}

mod journey;
mod values;
mod wire;
