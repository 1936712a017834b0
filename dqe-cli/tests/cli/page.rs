//! `dqe spec page` against the HTTPS server on loopback of [`crate::fetch`]: an article is
//! printed as fetched, or as pipe text that is `page::as_text` of it and reads as the same page;
//! `--refresh` writes the pages a `sources.toml` names (the stored one, its host pointed at the
//! server), nothing when an article fails, and refuses a source that is not https.

use std::path::{Path, PathBuf};

use dqe_spec_tools::page::{Form, Page, as_text, read};

use crate::fetch::{MARKER, Server, article, pages, response};
use crate::support::Dqe;

/// DQE's help centre, as `sources.toml` names it.
const HELP_CENTRE: &str = "https://helpcenter.dqe.tech";

/// A page's model, whatever form it came in: its lines set to 0, its file, form and date left
/// out.
fn model(page: Page) -> String {
    let page = Page {
        file: String::new(),
        form: Form::default(),
        updated_at: None,
        ..page
    };
    let text = format!("{page:?}");
    let mut out = String::new();
    let mut rest = text.as_str();
    // `line: N` and `errors_line: Some(N)`, N set to 0.
    while let Some(i) = rest.find("line: ") {
        out.push_str(&rest[..i + "line: ".len()]);
        rest = &rest[i + "line: ".len()..];
        if let Some(after) = rest.strip_prefix("Some(") {
            out.push_str("Some(");
            rest = after;
        }
        out.push('0');
        rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// A server answering the stored article for every article's API URL, 404 (with text never to
/// be printed) for article 404.
fn serving_the_article(name: &str) -> Server {
    Server::start(name, |line| {
        if line.contains("/articles/404.json") {
            response("404 Not Found", &[], MARKER.as_bytes())
        } else if line.contains("/api/v2/help_center/") {
            response(
                "200 OK",
                &[("content-type", "application/json")],
                &article(),
            )
        } else {
            response("400 Bad Request", &[], MARKER.as_bytes())
        }
    })
}

#[test]
fn an_article_is_printed_as_fetched_or_as_the_pipe_text_that_reads_as_it() {
    let server = serving_the_article("page");
    let url = server.url("localhost", "/hc/en-gb/articles/48305506156177-x");
    let o = server.dqe(&["spec", "page", &url]);
    assert_eq!(o.code(), Some(0), "{}", o.err());
    assert_eq!(o.out().as_bytes(), article());
    assert_eq!(o.err(), "");

    let o = server.dqe(&["spec", "page", "--text", &url]);
    assert_eq!(o.code(), Some(0), "{}", o.err());
    let text = o.out();
    assert_eq!(text, as_text(&article()).unwrap());
    let from_text = read(text.as_bytes(), "text").unwrap();
    assert_eq!(from_text.form, Form::Pipes);
    let from_json = read(&article(), "json").unwrap();
    assert!(from_json.updated_at.is_some());
    assert_eq!(model(from_text), model(from_json));
    assert_eq!(
        server.requests(),
        ["GET /api/v2/help_center/en-gb/articles/48305506156177.json HTTP/1.1"; 2]
    );

    // A file, as it is; what is not a page exits 2 without its text.
    let o = Dqe::bare()
        .args(["spec", "page", "tests/pages/fortune.html"])
        .run();
    assert_eq!(o.code(), Some(0), "{}", o.err());
    assert_eq!(
        o.out(),
        std::fs::read_to_string("tests/pages/fortune.html").unwrap()
    );
    let o = server.dqe(&[
        "spec",
        "page",
        &server.url("localhost", "/hc/fr/articles/404-x"),
    ]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(2), "{out}{err}");
    assert!(err.contains("HTTP 404") && !err.contains(MARKER), "{err}");
    assert_eq!(out, "");
    let o = Dqe::bare()
        .args(["spec", "page", "--text", "tests/pages/sources.toml"])
        .run();
    assert_eq!(o.code(), Some(2), "{}", o.err());
    assert!(o.err().contains("no step found"), "{}", o.err());
    assert_eq!(o.out(), "");
}

/// A copy of the stored pages, `sources.toml`'s help centre replaced by `server`.
fn stored_pages_served_by(server: &Server, name: &str) -> PathBuf {
    let dir = crate::support::temp_dir(name);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(pages()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let sources = std::fs::read_to_string(dir.join("sources.toml")).unwrap();
    assert!(sources.contains(HELP_CENTRE));
    let served = sources.replace(HELP_CENTRE, &server.url("localhost", ""));
    std::fs::write(dir.join("sources.toml"), served).unwrap();
    dir
}

/// The stored `sources.toml` names every stored file once: a refresh from a server answering
/// every article rewrites the pages of `[pages]` (formfilling.txt and billing.txt) as pipe
/// text, each from its own article, and leaves every other file as it was.
#[test]
fn the_stored_pages_are_refreshed_from_their_articles() {
    let server = serving_the_article("refresh");
    let dir = stored_pages_served_by(&server, "refresh-pages");
    let dir_arg = dir.to_str().unwrap();
    let o = server.dqe(&["spec", "page", "--refresh", dir_arg]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(0), "{out}{err}");
    let refreshed = ["billing.txt", "formfilling.txt"];
    let written: Vec<String> = refreshed
        .iter()
        .map(|f| format!("{}\n", dir.join(f).display()))
        .collect();
    assert_eq!(out, written.concat());
    assert!(
        err.contains("formfilling.txt: changed, from https://localhost:"),
        "{err}"
    );
    let mut requests = server.requests();
    requests.sort();
    assert_eq!(
        requests,
        [
            "GET /api/v2/help_center/en-gb/articles/48305499064593.json HTTP/1.1",
            "GET /api/v2/help_center/en-gb/articles/48305506156177.json HTTP/1.1"
        ]
    );
    let text = as_text(&article()).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let now = std::fs::read(&path).unwrap();
        if refreshed.contains(&name.as_str()) {
            assert_eq!(String::from_utf8(now).unwrap(), text, "{name}");
        } else if name != "sources.toml" {
            assert_eq!(now, std::fs::read(pages().join(&name)).unwrap(), "{name}");
        }
    }

    // --dry-run: what would change is said, nothing written.
    std::fs::copy(pages().join("billing.txt"), dir.join("billing.txt")).unwrap();
    let o = server.dqe(&["spec", "page", "--refresh", dir_arg, "--dry-run"]);
    let err = o.err();
    assert_eq!(o.code(), Some(0), "{err}");
    assert!(err.contains("billing.txt: would change"), "{err}");
    assert!(err.contains("formfilling.txt: unchanged"), "{err}");
    let billing = std::fs::read(dir.join("billing.txt")).unwrap();
    assert_eq!(billing, std::fs::read(pages().join("billing.txt")).unwrap());

    // A new file of the directory, listed nowhere: refused, naming it.
    std::fs::write(dir.join("new.txt"), "x").unwrap();
    let o = server.dqe(&["spec", "page", "--refresh", dir_arg]);
    assert_eq!(o.code(), Some(2), "{}", o.err());
    assert!(o.err().contains("does not list new.txt"), "{}", o.err());
}

/// `sources.toml` of `entries` (`"FILE" = "URL"` lines of `[pages]`) in a fresh directory.
fn sources_dir(name: &str, entries: &[(&str, String)]) -> PathBuf {
    let dir = crate::support::temp_dir(name);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = "[pages]\n".to_owned();
    for (file, url) in entries {
        text.push_str(&format!("{file:?} = {url:?}\n"));
    }
    std::fs::write(dir.join("sources.toml"), text).unwrap();
    dir
}

fn files_of(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A `.json` page is written as fetched; an article that fails, or a source that is not
/// https://, writes nothing at all (and the latter sends nothing).
#[test]
fn a_refresh_writes_json_as_fetched_and_nothing_when_a_source_fails() {
    let server = serving_the_article("refresh-json");
    let good = server.url("localhost", "/hc/en-gb/articles/1-x");
    let dir = sources_dir("refresh-json", &[("a.json", good.clone())]);
    let o = server.dqe(&["spec", "page", "--refresh", dir.to_str().unwrap()]);
    assert_eq!(o.code(), Some(0), "{}", o.err());
    assert!(o.err().contains("a.json: created"), "{}", o.err());
    assert_eq!(std::fs::read(dir.join("a.json")).unwrap(), article());

    let failing = server.url("localhost", "/hc/en-gb/articles/404-x");
    let dir = sources_dir(
        "refresh-failing",
        &[("a.txt", good.clone()), ("b.txt", failing)],
    );
    let o = server.dqe(&["spec", "page", "--refresh", dir.to_str().unwrap()]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(2), "{out}{err}");
    assert!(err.contains("b.txt") && err.contains("HTTP 404"), "{err}");
    assert!(!err.contains(MARKER), "{err}");
    assert_eq!(out, "");
    assert_eq!(files_of(&dir), ["sources.toml"]);

    let before = server.requests().len();
    let plain = good.replacen("https://", "http://", 1);
    let dir = sources_dir("refresh-http", &[("a.txt", good), ("b.txt", plain)]);
    let o = server.dqe(&["spec", "page", "--refresh", dir.to_str().unwrap()]);
    assert_eq!(o.code(), Some(2), "{}", o.err());
    assert!(o.err().contains("plain http:// is refused"), "{}", o.err());
    assert_eq!(files_of(&dir), ["sources.toml"]);
    assert_eq!(server.requests().len(), before, "a request was sent");
}
