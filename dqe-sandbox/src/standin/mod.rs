//! A stand-in HTTP server that answers what a script says, to see how a client treats a broken
//! or hostile server: garbage, redirects, huge bodies, bodies that drip one byte at a time.
//!
//! The [`Sandbox`](crate::Sandbox) plays DQE by the book; a [`Standin`] plays whatever your
//! test scripts, byte for byte. Point your application at its [`url`](Standin::url) instead of
//! DQE's, and check that it fails the way you want (an error shown, the request not sent
//! twice, no secret printed) instead of hanging, following a redirect or reading 100 MB.
//!
//! The script is a closure called once per request with the [`Request`] (method, path, body,
//! and its index in arrival order), returning the [`Answer`]: answer by path, in turn
//! ([`in_turn`]), or both. Afterwards, the stand-in tells how many requests came
//! ([`count`](Standin::count), [`hits`](Standin::hits) by path), what they were
//! ([`requests`](Standin::requests)) and how much of a streamed body it could write before the
//! client hung up ([`written`](Standin::written)).
//!
//! It runs on the caller's tokio runtime ([`Standin::start`]) or on a thread of its own
//! ([`Standin::on_thread`], for a synchronous test that runs a program as a subprocess), and
//! stops when dropped.
//!
//! ```no_run
//! use dqe_sandbox::standin::{Answer, Standin};
//! use std::time::Duration;
//!
//! # async fn test() -> std::io::Result<()> {
//! let standin = Standin::start(|request| match request.path.as_str() {
//!     // Whatever your application asks first: a redirect it must not follow.
//!     "/first" => Answer::redirect(302, "https://elsewhere.example/"),
//!     // Anything else: a body too big to read, declared as such...
//!     "/big" => Answer::Huge { len: 100 << 20, declared: true },
//!     // ...or a reply that never ends.
//!     _ => Answer::Drip { every: Duration::from_millis(500) },
//! })
//! .await?;
//! // Run your application against `standin.url()`, then:
//! assert_eq!(standin.hits("/first"), 1, "asked once, not retried");
//! # Ok(())
//! # }
//! ```
//!
//! # Limits
//! The stand-in reads one request per connection (its head, then a body of `Content-Length`
//! bytes), answers it and closes the connection. Whatever the client sends, it does not panic
//! and its memory stays bounded: a head past [`MAX_HEAD_BYTES`] gets HTTP 431 unscripted; of
//! each body only the first [`KEPT_BODY_BYTES`] are kept (the rest is read and dropped); only
//! the first [`KEPT_REQUESTS`] requests are kept, and [`hits`](Standin::hits) and
//! [`written`](Standin::written) count the first [`KEPT_PATHS`] paths
//! ([`count`](Standin::count) counts every request). A client silent for 10 seconds is hung up
//! on.

use std::collections::HashMap;
use std::io;
use std::net::{SocketAddr, TcpListener as StdListener};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{AbortHandle, JoinSet};

#[cfg(test)]
mod tests;

/// The longest request head (request line and headers) read; a longer one gets HTTP 431.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The bytes of each request body kept in its [`Request::body`].
pub const KEPT_BODY_BYTES: usize = 64 * 1024;
/// The requests kept for [`Standin::requests`], the first ones.
pub const KEPT_REQUESTS: usize = 1024;
/// The distinct paths counted by [`Standin::hits`] and [`Standin::written`], the first ones.
pub const KEPT_PATHS: usize = 256;

/// How long the stand-in waits for a client that sends nothing before hanging up.
const IDLE: Duration = Duration::from_secs(10);

/// A request, as the script sees it and [`Standin::requests`] keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Request {
    /// Its index in arrival order, from 0.
    pub index: usize,
    /// The method, as sent (`GET`, `POST`...).
    pub method: String,
    /// The request target, as sent (the path and the query string).
    pub target: String,
    /// The path: the target before any `?`.
    pub path: String,
    /// The body's first [`KEPT_BODY_BYTES`] bytes.
    pub body: Vec<u8>,
    /// The body's length: all the bytes read, kept or not.
    pub body_len: usize,
}

impl Request {
    /// The body (its kept bytes) as text, invalid UTF-8 replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the stand-in answers a request; the connection closes after it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Answer {
    /// These bytes, written as they are: a whole response ([`Answer::http`]), half of one, or
    /// garbage.
    ///
    /// Empty, the connection closes without a word.
    Raw(Vec<u8>),
    /// HTTP 200 with `Content-Type: application/json` and a body of `len` spaces, sent in
    /// blocks of 64 KiB until the client stops reading; `declared`, with its
    /// `Content-Length`, else with none (the end of the body is the connection's).
    Huge {
        /// The body's length.
        len: usize,
        /// Whether the head declares the length.
        declared: bool,
    },
    /// HTTP 200 with `Content-Type: application/json` and a `Content-Length` of 100 000 at
    /// once, then a body of `{` and a space every `every`: a server too slow to ever finish.
    Drip {
        /// The time between two bytes.
        every: Duration,
    },
    /// Nothing for `after`, then `answer`: a server slow to answer at all ([`Answer::after`]).
    Late {
        /// The time before the answer starts.
        after: Duration,
        /// The answer then.
        answer: Box<Answer>,
    },
}

impl Answer {
    /// A complete response: `HTTP/1.1 {status} {reason}`, the headers, the body's `Content-Length`,
    /// `Connection: close`, then the body.
    ///
    /// The reason is the status's usual one, if any.
    pub fn http(status: u16, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> Self {
        let body = body.as_ref();
        let reason = axum::http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Status");
        let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        Self::Raw([head.as_bytes(), body].concat())
    }

    /// A JSON body (`Content-Type: application/json`) with this status.
    pub fn json(status: u16, body: impl AsRef<str>) -> Self {
        let json = [("Content-Type", "application/json")];
        Self::http(status, &json, body.as_ref())
    }

    /// This answer, `delay` late.
    pub fn after(self, delay: Duration) -> Self {
        Self::Late {
            after: delay,
            answer: Box::new(self),
        }
    }

    /// A redirect to `location` with this status (301, 302, 307...) and an empty body.
    pub fn redirect(status: u16, location: &str) -> Self {
        Self::http(status, &[("Location", location)], "")
    }
}

/// A script answering the n-th request with the n-th answer, the last one again once they run
/// out (none: the connection closes without a word).
pub fn in_turn(answers: Vec<Answer>) -> impl Fn(&Request) -> Answer + Send + Sync + 'static {
    move |request| {
        let last = answers.len().saturating_sub(1);
        let answer = answers.get(request.index.min(last));
        answer.cloned().unwrap_or(Answer::Raw(Vec::new()))
    }
}

/// A stand-in HTTP/1.1 server on loopback, answering each request what its script says; see the
/// [module docs](self).
///
/// It stops (its connections too) when dropped.
pub struct Standin {
    url: String,
    addr: SocketAddr,
    seen: Arc<Mutex<Seen>>,
    _stop: Stop,
}

impl std::fmt::Debug for Standin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Standin").field("url", &self.url).finish()
    }
}

type Script = Arc<dyn Fn(&Request) -> Answer + Send + Sync>;

impl Standin {
    /// Starts a stand-in on `127.0.0.1`, a free port, served by tasks of the caller's tokio
    /// runtime (awaited on another executor, it panics, as `tokio::spawn` does).
    pub async fn start(
        script: impl Fn(&Request) -> Answer + Send + Sync + 'static,
    ) -> io::Result<Self> {
        let (listener, seen) = (bind()?, Arc::default());
        let addr = listener.local_addr()?;
        let listener = TcpListener::from_std(listener)?;
        let task = tokio::spawn(accept(listener, Arc::new(script), Arc::clone(&seen)));
        Ok(Self::new(addr, seen, Stop::Task(task.abort_handle())))
    }

    /// Starts a stand-in on `127.0.0.1`, a free port, served by a thread of its own (a tokio
    /// runtime of one thread): for a test that is not async.
    pub fn on_thread(
        script: impl Fn(&Request) -> Answer + Send + Sync + 'static,
    ) -> io::Result<Self> {
        let (listener, seen) = (bind()?, Arc::default());
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let script: Script = Arc::new(script);
        let shared = Arc::clone(&seen);
        std::thread::Builder::new()
            .name(format!("standin {addr}"))
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(listener) else {
                        return;
                    };
                    let task = tokio::spawn(accept(listener, script, shared));
                    let _ = stopped.await; // the sender dropped with the stand-in
                    task.abort();
                });
            })?;
        Ok(Self::new(addr, seen, Stop::Thread(stop)))
    }

    fn new(addr: SocketAddr, seen: Arc<Mutex<Seen>>, stop: Stop) -> Self {
        let url = format!("http://{addr}");
        Self {
            url,
            addr,
            seen,
            _stop: stop,
        }
    }

    /// Its base URL, `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many requests it received (read whole, and so answered or being answered).
    pub fn count(&self) -> usize {
        lock(&self.seen).count
    }

    /// How many requests it received for `path` (the target without its query string).
    pub fn hits(&self, path: &str) -> usize {
        lock(&self.seen).paths.get(path).map_or(0, |p| p.hits)
    }

    /// The requests it received, in arrival order (the first [`KEPT_REQUESTS`]).
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.seen).requests.clone()
    }

    /// The body bytes it wrote for the last [`Answer::Huge`] or [`Answer::Drip`] on `path`, once it
    /// stopped writing it (the client hung up, or all was written); `None` before.
    ///
    /// A client that stops reading a huge body leaves most of it unwritten.
    pub fn written(&self, path: &str) -> Option<usize> {
        lock(&self.seen).paths.get(path).and_then(|p| p.written)
    }
}

/// How the stand-in stops when dropped.
enum Stop {
    /// Its accept task on the caller's runtime, aborted (its connections with it).
    Task(AbortHandle),
    /// Its thread, which ends when the sender drops.
    Thread(#[allow(dead_code)] tokio::sync::oneshot::Sender<()>),
}

impl Drop for Stop {
    fn drop(&mut self) {
        if let Stop::Task(task) = self {
            task.abort();
        }
    }
}

/// What the stand-in saw, bounded.
#[derive(Default)]
struct Seen {
    count: usize,
    requests: Vec<Request>,
    paths: HashMap<String, ByPath>,
}

/// What it saw of one path.
#[derive(Default)]
struct ByPath {
    hits: usize,
    written: Option<usize>,
}

impl Seen {
    /// Counts a request and gives it its index.
    fn record(&mut self, mut request: Request) -> Request {
        request.index = self.count;
        self.count += 1;
        if let Some(p) = self.by_path(&request.path) {
            p.hits += 1;
        }
        if self.requests.len() < KEPT_REQUESTS {
            self.requests.push(request.clone());
        }
        request
    }

    fn by_path(&mut self, path: &str) -> Option<&mut ByPath> {
        if !self.paths.contains_key(path) && self.paths.len() >= KEPT_PATHS {
            return None;
        }
        Some(self.paths.entry(path.to_owned()).or_default())
    }
}

/// Locks, even a lock a panicking thread held: what it guards stays consistent.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn bind() -> io::Result<StdListener> {
    let listener = StdListener::bind(("127.0.0.1", 0))?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// Accepts connections, each served by a task that ends with this one.
async fn accept(listener: TcpListener, script: Script, seen: Arc<Mutex<Seen>>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(10)).await; // out of file descriptors
            continue;
        };
        while connections.try_join_next().is_some() {}
        connections.spawn(serve(socket, Arc::clone(&script), Arc::clone(&seen)));
    }
}

/// Serves one request on `socket`.
async fn serve(mut socket: TcpStream, script: Script, seen: Arc<Mutex<Seen>>) {
    let request = match read_request(&mut socket).await {
        Ok(Some(request)) => request,
        Ok(None) => {
            write_answer(&mut socket, &Answer::http(431, &[], "")).await;
            return;
        }
        Err(_) => return,
    };
    let request = lock(&seen).record(request);
    let written = write_answer(&mut socket, &script(&request)).await;
    if let Some(n) = written
        && let Some(p) = lock(&seen).by_path(&request.path)
    {
        p.written = Some(n);
    }
    let _ = socket.shutdown().await;
}

/// Reads with the idle limit: 0 at the end, an error past the limit.
async fn read_some(socket: &mut (impl AsyncRead + Unpin), buf: &mut [u8]) -> io::Result<usize> {
    match tokio::time::timeout(IDLE, socket.read(buf)).await {
        Ok(read) => read,
        Err(_) => Err(io::ErrorKind::TimedOut.into()),
    }
}

/// Reads a request: its head, then its body of `Content-Length` bytes, kept up to
/// [`KEPT_BODY_BYTES`]. `None` for a head past [`MAX_HEAD_BYTES`]; an error for a connection
/// that ends (or goes silent) first.
async fn read_request(socket: &mut (impl AsyncRead + Unpin)) -> io::Result<Option<Request>> {
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if data.len() > MAX_HEAD_BYTES {
            return Ok(None);
        }
        match read_some(socket, &mut chunk).await? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => data.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or_default().to_owned();
    let target = words.next().unwrap_or("/").to_owned();
    let path = target.split('?').next().unwrap_or_default().to_owned();
    let length = content_length(&head);
    let mut body = data.split_off(head_end);
    let mut body_len = body.len();
    body.truncate(KEPT_BODY_BYTES);
    while body_len < length {
        let n = read_some(socket, &mut chunk).await?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let keep = n.min(KEPT_BODY_BYTES.saturating_sub(body.len()));
        body.extend_from_slice(&chunk[..keep]);
        body_len += n;
    }
    let index = 0; // given when recorded
    Ok(Some(Request {
        index,
        method,
        target,
        path,
        body,
        body_len,
    }))
}

/// The `Content-Length` of a head, 0 if none or not a number.
fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

/// Writes `answer`; for a streamed body, the body bytes written before it ended or the client
/// hung up (which is its right).
async fn write_answer(socket: &mut TcpStream, mut answer: &Answer) -> Option<usize> {
    const JSON_200: &str = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    while let Answer::Late {
        after,
        answer: then,
    } = answer
    {
        tokio::time::sleep(*after).await;
        answer = then;
    }
    match *answer {
        Answer::Raw(ref bytes) => {
            let _ = socket.write_all(bytes).await;
            None
        }
        Answer::Huge { len, declared } => {
            let length = if declared {
                format!("Content-Length: {len}\r\n")
            } else {
                String::new()
            };
            let head = format!("{JSON_200}{length}Connection: close\r\n\r\n");
            socket.write_all(head.as_bytes()).await.ok()?;
            let block = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < len {
                let n = block.len().min(len - sent);
                if socket.write_all(&block[..n]).await.is_err() {
                    break;
                }
                sent += n;
            }
            Some(sent)
        }
        Answer::Drip { every } => {
            const LEN: usize = 100_000;
            let head = format!("{JSON_200}Content-Length: {LEN}\r\nConnection: close\r\n\r\n{{");
            socket.write_all(head.as_bytes()).await.ok()?;
            let mut sent = 1;
            while sent < LEN {
                tokio::time::sleep(every).await;
                if socket.write_all(b" ").await.is_err() {
                    break;
                }
                sent += 1;
            }
            Some(sent)
        }
        Answer::Late { .. } => None, // waited for above
    }
}
