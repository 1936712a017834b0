//! What the command-line tests share: [`Dqe`], the one way to run the binary; a sandbox in
//! process or as `dqe sandbox`; [`replying`], a stand-in server (`dqe_sandbox::standin`)
//! answering in turn; the options the binary gives the spec's parameters, as its `--help`
//! says; and the checks every hostile run passes.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use dqe_client::{AccessTokenReply, AccessTokenSuccess, List, Scope};
use dqe_sandbox::standin::{Answer, Standin, in_turn};
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};

/// The licence and client secret the hostile tests run with.
pub const LICENCE: &str = "HOSTILE-LICENCE-31";
pub const SECRET: &str = "HOSTILE-SECRET-42";
/// The token of the flows the hostile tests retrieve, and the token the stand-in issues.
pub const TOKEN: &str = "HOSTILE-TOKEN-5150";
/// The phone number the hostile tests send.
pub const NUMBER: &str = "0698765432";
/// The phone number sent to the sandbox (the sandbox's ordinary number: Orange, success).
pub const SANDBOX_NUMBER: &str = "0612345678";
/// A server nobody answers on.
pub const UNREACHABLE: &str = "http://127.0.0.1:9";

// ---- Running `dqe`

/// `dqe`, run as a subprocess within a time limit (a command that hangs fails its test instead
/// of blocking it), with no DQE configuration from the test's own environment: the shared
/// options written before the command, then the command's arguments.
pub struct Dqe {
    command: Command,
    global: Vec<OsString>,
    args: Vec<OsString>,
    number: &'static str,
    limit: Duration,
    /// `--poll-interval 1` for a command that polls ([`POLLING`]).
    poll_every_second: bool,
}

/// The commands that poll step 2, and so take `--poll-interval` (the others refuse it).
pub const POLLING: [&str; 2] = ["flow", "retrieve"];

impl Dqe {
    fn with(licence: Option<&str>, secret: Option<&str>, number: &'static str) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dqe"));
        command
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("DQE_SERVER")
            .env_remove("DQE_LICENCE")
            .env_remove("DQE_CLIENT_SECRET")
            .env_remove("RUST_LOG");
        if let Some(licence) = licence {
            command.env("DQE_LICENCE", licence);
        }
        if let Some(secret) = secret {
            command.env("DQE_CLIENT_SECRET", secret);
        }
        Self {
            command,
            global: Vec::new(),
            args: Vec::new(),
            number,
            limit: Duration::from_secs(60),
            poll_every_second: false,
        }
    }

    /// With the sandbox's default account, and no server.
    pub fn new() -> Self {
        Self::with(
            Some(DEFAULT_LICENCE),
            Some(DEFAULT_CLIENT_SECRET),
            SANDBOX_NUMBER,
        )
    }

    /// Against the sandbox at `url`, with its default account; [`Dqe::step1`] sends
    /// [`SANDBOX_NUMBER`]. A command that polls ([`POLLING`]) polls every second, not every two
    /// (the library's default), as `demo` polls its sandbox: a retryable scenario gives up in
    /// half the time.
    pub fn sandbox(url: &str) -> Self {
        let dqe = Self::new().server(url);
        Self {
            poll_every_second: true,
            ..dqe
        }
    }

    /// Against a stand-in server, with the hostile tests' account ([`LICENCE`], [`SECRET`]);
    /// [`Dqe::step1`] sends [`NUMBER`].
    pub fn hostile(url: &str) -> Self {
        Self::with(Some(LICENCE), Some(SECRET), NUMBER).server(url)
    }

    /// Without an account, nor any server.
    pub fn bare() -> Self {
        Self::with(None, None, SANDBOX_NUMBER)
    }

    /// `DQE_SERVER`.
    pub fn server(mut self, url: &str) -> Self {
        self.command.env("DQE_SERVER", url);
        self
    }

    /// Runs it from `dir` instead of the crate's directory.
    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// An environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.command.env(key, value);
        self
    }

    /// An option written before the command (`--json`, `-v`), which `dqe` reads as its own.
    pub fn global(mut self, option: &str) -> Self {
        self.global.push(option.into());
        self
    }

    /// `--json`.
    pub fn json(self) -> Self {
        self.global("--json")
    }

    /// `--json` if `json`.
    pub fn json_if(self, json: bool) -> Self {
        if json { self.json() } else { self }
    }

    /// Arguments of the command.
    pub fn args<S: Into<OsString>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// One argument.
    pub fn arg(self, arg: impl Into<OsString>) -> Self {
        self.args([arg])
    }

    /// `COMMAND --number N --name ACME`: a command that sends step 1 (`flow`, `initiate`,
    /// `demo`), for the number of this run's server.
    pub fn step1(self, command: &str) -> Self {
        let number = self.number;
        self.args([command, "--number", number, "--name", "ACME"])
    }

    /// `flow --number N --name ACME --wait 20`.
    pub fn flow(self) -> Self {
        self.step1("flow").wait(20)
    }

    /// `--wait SECONDS`.
    pub fn wait(self, seconds: u32) -> Self {
        self.args(["--wait".to_owned(), seconds.to_string()])
    }

    /// The whole argument list (also for messages): the options before the command
    /// (`--poll-interval 1` among them for a command that polls against the sandbox), then the
    /// command's arguments.
    fn written(&self) -> Vec<OsString> {
        let polls = (self.args.first()).is_some_and(|c| POLLING.contains(&&*c.to_string_lossy()));
        let mut all = self.global.clone();
        if self.poll_every_second && polls {
            all.extend(["--poll-interval".into(), "1".into()]);
        }
        all.extend(self.args.iter().cloned());
        all
    }

    fn command(mut self) -> (Command, Duration) {
        self.command.args(self.written());
        (self.command, self.limit)
    }

    /// Runs it to its end, killing it (and failing) past the time limit.
    pub fn run(self) -> Run {
        let what = format!("{:?}", self.written());
        let (command, limit) = self.command();
        Run(within(command, limit, &what))
    }

    /// Starts it, its standard output and error piped.
    pub fn spawn(self) -> Child {
        let (mut command, _) = self.command();
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs")
    }
}

/// Runs a command to its end, killing it (and failing) past `limit`.
fn within(mut command: Command, limit: Duration, what: &str) -> Output {
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
            panic!("dqe {what} did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// What a run of `dqe` gave.
pub struct Run(pub Output);

impl std::ops::Deref for Run {
    type Target = Output;
    fn deref(&self) -> &Output {
        &self.0
    }
}

impl Run {
    /// The exit code.
    pub fn code(&self) -> Option<i32> {
        self.0.status.code()
    }
    /// Standard output, as text.
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    /// Standard error, as text.
    pub fn err(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    /// Standard output and error, as text.
    pub fn text(&self) -> (String, String) {
        (self.out(), self.err())
    }
    /// Standard output, as one JSON document.
    pub fn json(&self) -> serde_json::Value {
        let out = self.out();
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }
}

/// Runs each of `runs` on a thread of its own, all at once; their results in order.
pub fn all(runs: Vec<Dqe>) -> Vec<Run> {
    let threads: Vec<_> = runs
        .into_iter()
        .map(|d| std::thread::spawn(move || d.run()))
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

// ---- Files

/// A fresh directory for this test's files.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The stored pages (`tests/pages/`) that its `sources.toml` lists as frozen fixtures of the
/// reader (`[frozen]`): the other forms of a DQE page, made by hand at one time, which the spec
/// does not follow.
pub fn frozen_pages() -> Vec<String> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages/sources.toml");
    let text = std::fs::read_to_string(file).unwrap();
    let sources = dqe_spec_tools::page::sources::read(&text, |_| Ok(())).unwrap();
    sources.table("frozen").to_vec()
}

/// A `user_infos` file (some keys only: the others are sent empty), as `@PATH`.
pub fn infos_file(name: &str) -> String {
    let file = temp_dir(name).join("infos.json");
    std::fs::write(
        &file,
        "{\"lastname\": \"Lefèvre\", \"firstname\": \"Zoé\", \"phone\": \"0612345678\"}\n",
    )
    .unwrap();
    format!("@{}", file.display())
}

// ---- Sandboxes

/// A sandbox in this process that approves at once and answers at once.
pub async fn sandbox() -> Sandbox {
    sandbox_with(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await
}

/// A sandbox in this process.
pub async fn sandbox_with(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap()
}

/// A `dqe sandbox` process that approves at once, killed when dropped.
pub struct SandboxProcess {
    child: Child,
    pub url: String,
}

impl SandboxProcess {
    pub fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dqe"))
            .args(["sandbox", "--port", "0", "--auto-approve"])
            .args(["--pending-seconds", "0"])
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

// ---- The stand-in server

/// A stand-in server on loopback (`dqe_sandbox::standin`), on a thread of its own: answers the
/// n-th request with the n-th reply (the last one again once they run out), counts requests
/// and keeps their bodies.
pub fn replying(replies: Vec<Answer>) -> Standin {
    Standin::on_thread(in_turn(replies)).expect("a stand-in on loopback")
}

/// The form parameters of the n-th request (from 0) `stub` received, by wire name.
pub fn sent_form(stub: &Standin, n: usize) -> Vec<(String, String)> {
    let requests = stub.requests();
    let body = requests.get(n).map(|r| &r.body[..]).unwrap_or_default();
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// A JSON reply with status 200, as DQE sends them.
pub fn json_reply(value: &impl serde::Serialize) -> Answer {
    Answer::json(200, serde_json::to_string(value).unwrap())
}

/// The token reply of the stand-in.
pub fn token_reply() -> Answer {
    let mut token = AccessTokenSuccess::default();
    token.access_token = Some(TOKEN.to_owned());
    json_reply(&AccessTokenReply::Success(token))
}

/// A flow (as `dqe initiate` prints it) with the given times.
pub fn flow_json(started_at: u64, token_expires_at: Option<u64>) -> String {
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

/// A flow started now.
pub fn fresh_flow() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    flow_json(now, None)
}

// ---- What every hostile run shows

/// No panic, and none of the secrets in the output; the token only where the command prints a
/// flow or a token on stdout by design (`token_on_stdout`).
pub fn assert_clean(o: &Run, token_on_stdout: bool) {
    let (out, err) = o.text();
    assert_ne!(o.code(), Some(101), "panicked: {err}");
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
pub fn assert_no_control(s: &str) {
    assert!(
        !s.chars()
            .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)),
        "a raw control character reached the terminal: {s:?}"
    );
}

// ---- The options of the spec's parameters, as the binary names them

/// The option `dqe initiate` gives each parameter of step 1, by wire name: read from its
/// `--help`, where each parameter's option says which wire name it is sent as, so that these
/// tests follow the binary's naming instead of computing names of their own.
pub fn option(wire: &str) -> String {
    static OPTIONS: OnceLock<HashMap<String, String>> = OnceLock::new();
    let options = OPTIONS.get_or_init(|| {
        let o = Dqe::bare().args(["initiate", "--help"]).run();
        assert_eq!(o.code(), Some(0), "{}", o.err());
        options_in_help(&o.out())
    });
    options
        .get(wire)
        .unwrap_or_else(|| panic!("`dqe initiate --help` has no option sent as `{wire}`"))
        .clone()
}

/// The options of a `--help` text, by the wire name their help says they are sent as.
fn options_in_help(help: &str) -> HashMap<String, String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in help.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('-') && line.len() > trimmed.len() {
            blocks.push(String::new());
        }
        if let Some(block) = blocks.last_mut() {
            block.push(' ');
            block.push_str(trimmed);
        }
    }
    blocks
        .iter()
        .filter_map(|block| {
            let words = block.split_whitespace().collect::<Vec<_>>().join(" ");
            let long = words
                .split([' ', ','])
                .find(|w| w.starts_with("--"))?
                .to_owned();
            let (_, after) = words.split_once("Sent as `")?;
            let (wire, _) = after.split_once('`')?;
            Some((wire.to_owned(), long))
        })
        .collect()
}
