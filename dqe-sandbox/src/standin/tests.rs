//! The stand-in against well-behaved and hostile clients, over raw TCP.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::{Answer, KEPT_BODY_BYTES, MAX_HEAD_BYTES, Standin, in_turn};

/// Sends `bytes` on a new connection, then reads all the stand-in answers.
fn exchange(standin: &Standin, bytes: &[u8]) -> String {
    let mut socket = TcpStream::connect(standin.addr()).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let _ = socket.write_all(bytes);
    let _ = socket.shutdown(std::net::Shutdown::Write);
    let mut reply = Vec::new();
    let _ = socket.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).into_owned()
}

/// The first `n` bytes `standin` answers a GET of `path` (read from a blocking thread), then
/// hangs up.
async fn first_bytes(standin: &Standin, path: &str, n: usize) -> String {
    let (addr, request) = (standin.addr(), format!("GET {path} HTTP/1.1\r\n\r\n"));
    tokio::task::spawn_blocking(move || {
        let mut socket = TcpStream::connect(addr).unwrap();
        socket.write_all(request.as_bytes()).unwrap();
        let mut buf = vec![0; n];
        socket.read_exact(&mut buf).unwrap();
        String::from_utf8_lossy(&buf).into_owned()
    })
    .await
    .unwrap()
}

fn post(path: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path}?q=1 HTTP/1.1\r\nHost: x\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[test]
fn answers_in_turn_counts_and_keeps_the_requests() {
    let standin = Standin::on_thread(in_turn(vec![
        Answer::json(200, "{}"),
        Answer::redirect(307, "/elsewhere/"),
    ]))
    .unwrap();
    let first = exchange(&standin, &post("/a", "x=1&y=2"));
    assert!(first.starts_with("HTTP/1.1 200 OK\r\n"), "{first}");
    assert!(
        first.contains("Content-Type: application/json\r\n"),
        "{first}"
    );
    assert!(first.ends_with("\r\n\r\n{}"), "{first}");
    for _ in 0..2 {
        let next = exchange(&standin, &post("/b", ""));
        assert!(
            next.starts_with("HTTP/1.1 307 Temporary Redirect\r\n"),
            "{next}"
        );
        assert!(next.contains("Location: /elsewhere/\r\n"), "{next}");
    }
    assert_eq!(
        (standin.count(), standin.hits("/a"), standin.hits("/b")),
        (3, 1, 2)
    );
    let requests = standin.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].target, "/a?q=1");
    assert_eq!(requests[0].text(), "x=1&y=2");
    assert_eq!(requests[2].index, 2);
}

#[test]
fn garbage_never_stops_it_and_an_empty_script_says_nothing() {
    let standin = Standin::on_thread(in_turn(Vec::new())).unwrap();
    for garbage in [
        &b"\xff\xfe\x00\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"\r\n\r\n",
        b"GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", // hangs up before the body
        b"no end of head",
    ] {
        assert_eq!(exchange(&standin, garbage), "");
    }
    let mut huge_head = b"GET / HTTP/1.1\r\nX: ".to_vec();
    huge_head.resize(MAX_HEAD_BYTES + 1, b'a'); // all read before the stand-in refuses it
    assert!(exchange(&standin, &huge_head).starts_with("HTTP/1.1 431 "));
    // Read whole (and so counted): the heads that end, but for the body cut short.
    assert_eq!(standin.count(), 5);
    assert_eq!(standin.hits("/"), 5);
}

#[test]
fn a_body_is_read_whole_and_kept_up_to_its_cap() {
    let standin = Standin::on_thread(|r| Answer::json(200, r.body_len.to_string())).unwrap();
    let body = "z".repeat(KEPT_BODY_BYTES * 3);
    let reply = exchange(&standin, &post("/", &body));
    assert!(
        reply.ends_with(&format!("\r\n\r\n{}", body.len())),
        "{reply}"
    );
    let kept = &standin.requests()[0];
    assert_eq!(
        (kept.body.len(), kept.body_len),
        (KEPT_BODY_BYTES, body.len())
    );
}

#[tokio::test]
async fn a_huge_body_is_written_until_the_client_hangs_up() {
    let standin = Standin::start(|_| Answer::Huge {
        len: 1 << 30,
        declared: false,
    })
    .await
    .unwrap();
    let read = first_bytes(&standin, "/big", 100_000).await;
    assert!(read.starts_with("HTTP/1.1 200 OK\r\n"), "{read}");
    assert!(!read.contains("Content-Length"), "{read}");
    let mut written = None;
    for _ in 0..1000 {
        written = standin.written("/big");
        if written.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let written = written.expect("the stand-in stops writing");
    assert!(written < 1 << 29, "{written} bytes written");
}

#[tokio::test]
async fn a_drip_sends_its_head_at_once() {
    let standin = Standin::start(|_| Answer::Drip {
        every: Duration::from_millis(20),
    })
    .await
    .unwrap();
    let head = first_bytes(&standin, "/", 96).await; // the head, `{` and a space
    assert!(head.contains("Content-Length: 100000\r\n"), "{head}");
    drop(standin);
}

#[test]
fn a_late_answer_comes_after_its_delay() {
    let late = Answer::http(503, &[], "").after(Duration::from_millis(200));
    let standin = Standin::on_thread(move |_| late.clone()).unwrap();
    let started = std::time::Instant::now();
    let reply = exchange(&standin, b"GET / HTTP/1.1\r\n\r\n");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(
        reply.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{reply}"
    );
    assert_eq!(standin.count(), 1, "counted before the wait");
}
