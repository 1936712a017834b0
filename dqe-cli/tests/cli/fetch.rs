//! `dqe spec drift URL` and `dqe spec import URL` against a real HTTPS server on loopback: a
//! help-centre article's URL is fetched through the Help Center API, with a certificate made
//! for the run by an authority the child trusts through `SSL_CERT_FILE` (the variable the
//! platform's verifier reads on Linux); `http://`, a redirect to another host and an oversized
//! answer are refused (exit 2) without printing what the server sent. Its server also serves
//! `dqe spec page`'s tests ([`crate::page`]).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::support::{Dqe, Run};

/// What the server answers for a request line (`GET /path HTTP/1.1`): the whole response.
type Handler = dyn Fn(&str) -> Vec<u8> + Send + Sync;

/// An HTTPS server on loopback, valid for `localhost` and `127.0.0.1`, and the file of the
/// authority that issued its certificate.
pub(crate) struct Server {
    addr: SocketAddr,
    ca_file: PathBuf,
    /// The request lines received, in order.
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves `handler` until the test's process ends, one connection at a time.
    pub(crate) fn start(
        name: &str,
        handler: impl Fn(&str) -> Vec<u8> + Send + Sync + 'static,
    ) -> Self {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "dqe-cli test authority");
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let params =
            rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
                .unwrap();
        let cert = params.signed_by(&key, &ca).unwrap();
        let dir = crate::support::temp_dir(&format!("fetch-{name}"));
        let ca_file = dir.join("ca.pem");
        std::fs::write(&ca_file, ca.pem()).unwrap();
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(cert.der().to_vec())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .unwrap();
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let handler: Arc<Handler> = Arc::new(handler);
        std::thread::spawn(move || {
            for tcp in listener.incoming() {
                let Ok(tcp) = tcp else { continue };
                let _ = serve(tcp, &config, &*handler, &seen);
            }
        });
        Server {
            addr,
            ca_file,
            requests,
        }
    }

    /// `https://HOST:PORT` with `host`.
    pub(crate) fn url(&self, host: &str, path: &str) -> String {
        format!("https://{host}:{}{path}", self.addr.port())
    }

    pub(crate) fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// `dqe ARGS` trusting this server's authority, with no proxy in its environment.
    pub(crate) fn dqe(&self, args: &[&str]) -> Run {
        let ca = self.ca_file.to_str().unwrap();
        let dir = self.ca_file.parent().unwrap().to_str().unwrap();
        let mut dqe = Dqe::bare()
            .env("SSL_CERT_FILE", ca)
            .env("SSL_CERT_DIR", dir);
        for proxy in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
            dqe = dqe.env(proxy, "");
        }
        dqe.args(args).run()
    }
}

/// One connection: the request's head read, the handler's answer written, the connection
/// closed. Errors (a client that hangs up) end it.
fn serve(
    tcp: std::net::TcpStream,
    config: &Arc<rustls::ServerConfig>,
    handler: &Handler,
    seen: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    tcp.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let conn = rustls::ServerConnection::new(Arc::clone(config)).map_err(std::io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        tls.read_exact(&mut byte)?;
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let line = head.lines().next().unwrap_or_default().to_owned();
    seen.lock().unwrap().push(line.clone());
    tls.write_all(&handler(&line))?;
    tls.conn.send_close_notify();
    tls.flush()
}

/// A response with `status`, `headers` and `body` (its length declared).
pub(crate) fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

pub(crate) fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages")
}

/// The Help Center API's answer for the formfilling article (the fixture).
pub(crate) fn article() -> Vec<u8> {
    std::fs::read(pages().join("formfilling.json")).unwrap()
}

/// Its `updated_at`, as the fixture says.
fn article_updated_at() -> String {
    let value: serde_json::Value = serde_json::from_slice(&article()).unwrap();
    value["article"]["updated_at"].as_str().unwrap().to_owned()
}

/// What the server sends in the bodies it should never see printed.
pub(crate) const MARKER: &str = "SERVER-TEXT-NEVER-PRINTED";

/// `dqe spec drift [--json] FILE` on the stored article (`formfilling.json`, a frozen fixture
/// of the reader, which the spec need not follow): what a URL serving it gives, its name aside.
fn drift_of_the_file(json: bool) -> Run {
    let mut args = vec!["spec", "drift", "tests/pages/formfilling.json"];
    if json {
        args.push("--json");
    }
    Dqe::bare().args(args).run()
}

#[test]
fn an_article_url_is_fetched_through_the_help_center_api_and_drifts_as_its_file() {
    let server = Server::start("article", |line| {
        if line.starts_with("GET /api/v2/help_center/fr/articles/123.json ") {
            response(
                "200 OK",
                &[("content-type", "application/json")],
                &article(),
            )
        } else {
            response("404 Not Found", &[], MARKER.as_bytes())
        }
    });
    let url = server.url(
        "localhost",
        "/hc/fr/articles/123-id-mobile-formfilling?x=1#step-2",
    );
    let o = server.dqe(&["spec", "drift", &url]);
    let (out, err) = o.text();
    let file = drift_of_the_file(false);
    assert_eq!(o.code(), file.code(), "{out}{err}");
    assert!(o.code().is_some_and(|c| c <= 1), "{out}{err}");
    let at = article_updated_at();
    assert!(
        out.starts_with(&format!("{url}: the article was last updated at {at}\n")),
        "{out}"
    );
    assert_eq!(
        out.replace(&url, "PAGE"),
        file.out().replace("tests/pages/formfilling.json", "PAGE")
    );
    assert_eq!(
        server.requests(),
        ["GET /api/v2/help_center/fr/articles/123.json HTTP/1.1"]
    );
    // Without trusting the server's authority: its certificate is refused.
    let o = Dqe::bare().args(["spec", "drift", &url]).run();
    assert_eq!(o.code(), Some(2), "{}{}", o.out(), o.err());
    assert!(o.err().contains("certificate"), "{}", o.err());
    assert_eq!(server.requests().len(), 1);

    // A changed article: one difference more than the file's, and each carries the article's
    // updated_at in --json.
    let changed = String::from_utf8(article())
        .unwrap()
        .replace("access denied", "access refused");
    let server = Server::start("changed", move |_| {
        response("200 OK", &[], changed.as_bytes())
    });
    let url = server.url(
        "localhost",
        "/hc/en-gb/articles/48305506156177-ID-Mobile-Formfilling",
    );
    let o = server.dqe(&["spec", "drift", "--json", &url]);
    assert_eq!(o.code(), Some(1), "{}", o.err());
    let out = o.json();
    assert_eq!(out["pages"][0]["updated_at"], at.as_str());
    let list = out["differences"].as_array().unwrap();
    let before = drift_of_the_file(true).json()["differences"].clone();
    assert_eq!(list.len(), before.as_array().unwrap().len() + 1, "{list:?}");
    let kinds = |l: &[serde_json::Value]| -> Vec<String> {
        l.iter().map(|d| d["kind"].to_string()).collect()
    };
    assert!(
        kinds(list).contains(&"\"error-text-changed\"".to_owned()),
        "{list:?}"
    );
    for d in list {
        assert_eq!(d["page_updated_at"], at.as_str());
        assert!(d["page"].as_str().unwrap().starts_with(&url));
    }
}

#[test]
fn same_host_redirects_are_followed_and_others_refused() {
    let server = Server::start("redirects", |line| {
        let path = line.split(' ').nth(1).unwrap_or_default();
        match path {
            "/api/v2/help_center/fr/articles/1.json" => response(
                "301 Moved Permanently",
                &[("location", "/api/v2/help_center/en-gb/articles/1.json")],
                b"",
            ),
            "/api/v2/help_center/en-gb/articles/1.json" => response("200 OK", &[], &article()),
            _ => response(
                "302 Found",
                &[("location", "https://127.0.0.1:9/x")],
                MARKER.as_bytes(),
            ),
        }
    });
    let o = server.dqe(&[
        "spec",
        "drift",
        &server.url("localhost", "/hc/fr/articles/1"),
    ]);
    assert_eq!(
        o.code(),
        drift_of_the_file(false).code(),
        "{}{}",
        o.out(),
        o.err()
    );
    assert_eq!(server.requests().len(), 2);

    // To another host (the same server, named by its address): not followed.
    let o = server.dqe(&[
        "spec",
        "import",
        &server.url("localhost", "/hc/fr/articles/2-x"),
    ]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(2), "{out}{err}");
    assert!(err.contains("redirect to another host"), "{err}");
    assert!(
        !err.contains("127.0.0.1:9") && !err.contains(MARKER),
        "{err}"
    );
    assert_eq!(out, "");
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn plain_http_is_refused_before_anything_is_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    for command in ["drift", "import", "page"] {
        let url = format!("http://127.0.0.1:{port}/hc/fr/articles/1-x");
        let o = Dqe::bare().args(["spec", command, &url]).run();
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(2), "{out}{err}");
        assert!(err.contains("plain http:// is refused"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert!(listener.accept().is_err(), "a connection was made");
}

#[test]
fn oversized_and_failed_answers_are_refused_without_their_text() {
    let limit = dqe_spec_tools::page::MAX_PAGE_SIZE;
    let server = Server::start("oversized", move |line| {
        if line.contains("/articles/1.json") {
            // A declared length over the limit.
            format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{MARKER}",
                limit + 1
            )
            .into_bytes()
        } else if line.contains("/articles/2.json") {
            // No length: read until the limit is passed.
            let mut out = b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n".to_vec();
            out.extend(MARKER.bytes().cycle().take(limit + 1));
            out
        } else {
            response(
                "404 Not Found",
                &[("content-type", "text/html")],
                MARKER.as_bytes(),
            )
        }
    });
    for (id, why) in [
        ("1", "larger than 4 MiB"),
        ("2", "larger than 4 MiB"),
        ("3", "answered HTTP 404 (`text/html`)"),
    ] {
        let url = server.url("localhost", &format!("/hc/fr/articles/{id}-x"));
        let o = server.dqe(&["spec", "drift", &url]);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(2), "{id}: {out}{err}");
        assert!(err.contains(why), "{id}: {err}");
        assert!(
            !out.contains(MARKER) && !err.contains(MARKER),
            "{id}: {out}{err}"
        );
    }
}

#[test]
fn a_url_that_is_not_an_article_is_refused() {
    let o = Dqe::bare()
        .args(["spec", "drift", "https://help.example/hc/fr/sections/1-x"])
        .run();
    assert_eq!(o.code(), Some(2));
    assert!(
        o.err().contains("not a help-centre article's URL"),
        "{}",
        o.err()
    );
}
