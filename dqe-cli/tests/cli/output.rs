//! What `dqe` writes besides its result: logs that grow with `-v` and never show a value sent
//! or received, and a document written with `--out`, privately, never over a file unasked.

use dqe_client::endpoint::ValueKind;
use dqe_client::{AccessTokenRequest, InitiateRequest, RetrieveRequest, Scope};
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE};

use crate::support::{Dqe, all, infos_file, option, sandbox, temp_dir};

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

/// The partner name the verbose runs send.
const PARTNER: &str = "PartnerNameXyz";

/// Neither the values of `doc` nor those sent are in the log `err`, and a request to each of
/// `paths` is.
fn assert_logged_without_values(doc: &serde_json::Value, err: &str, paths: &[&str], what: &str) {
    let sent = [
        DEFAULT_LICENCE,
        DEFAULT_CLIENT_SECRET,
        "0612345678",
        PARTNER,
        "Lefèvre",
        "Zoé",
    ];
    let mut received = Vec::new();
    values(doc, &mut received);
    for value in received.iter().map(String::as_str).chain(sent) {
        assert!(!err.contains(value), "{what}: `{value}` logged:\n{err}");
    }
    for path in paths {
        assert!(
            err.contains(&format!("path=\"{path}\"")),
            "{what}: no request to {path} logged:\n{err}"
        );
    }
}

/// `dqe --json -vv` with `RUST_LOG=trace` against `url`: its JSON output and its log.
fn verbose(url: &str, args: &[String]) -> (serde_json::Value, String) {
    let o = Dqe::sandbox(url)
        .json()
        .global("-vv")
        .env("RUST_LOG", "trace")
        .args(args)
        .run();
    assert_eq!(o.code(), Some(0), "{args:?}: {}", o.err());
    (o.json(), o.err())
}

/// Every scope with `-vv` and `RUST_LOG=trace` against the sandbox: each request is on
/// stderr (its path), and none of the values sent (licence, secret, number, partner name,
/// user_infos) or received (token, consent URL, operator, identity values, scores) is.
#[tokio::test(flavor = "multi_thread")]
async fn verbose_logs_every_request_and_no_value() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    let infos = infos_file("verbose");
    let token = AccessTokenRequest::INFO.path;
    let step1 = InitiateRequest::INFO.path;
    let step2 = RetrieveRequest::INFO.path;
    let each_scope = Scope::INFO.iter().map(|scope| {
        let url = url.clone();
        let mut args: Vec<String> = ["initiate", "--number", "0612345678", "--name", PARTNER]
            .into_iter()
            .chain(["--scope", scope.wire])
            .map(str::to_owned)
            .collect();
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
        tokio::task::spawn_blocking(move || {
            let (doc, err) = verbose(&url, &args);
            let mut received = Vec::new();
            values(&doc, &mut received);
            assert!(!received.is_empty(), "{}: nothing in {doc}", scope.wire);
            assert_logged_without_values(&doc, &err, &[token, step1], scope.wire);
            if scope.one_step {
                return;
            }
            let flow = doc["flow"].to_string();
            let retrieve = ["retrieve", "--flow", &flow, "--wait", "30"].map(str::to_owned);
            let (data, err) = verbose(&url, &retrieve);
            assert_logged_without_values(&data, &err, &[step2], scope.wire);
            // Step 2's output holds what was received: checked against step 2's log too.
            assert_logged_without_values(&doc, &err, &[], scope.wire);
        })
    });
    for scope in each_scope.collect::<Vec<_>>() {
        scope.await.unwrap();
    }
}

/// Without `-v` nor `RUST_LOG`, nothing is logged; `-v` logs requests but not the schedule.
#[test]
fn logging_is_off_by_default_and_grows_with_v() {
    let [quiet, one, two] = all(vec![
        Dqe::new().arg("demo"),
        Dqe::new().global("-v").arg("demo"),
        Dqe::new().global("-vv").arg("demo"),
    ])
    .try_into()
    .ok()
    .unwrap();
    let err = quiet.err();
    assert_eq!(quiet.code(), Some(0), "{err}");
    assert!(!err.contains("request"), "{err}");
    let err = one.err();
    assert!(err.contains("INFO request"), "{err}");
    assert!(err.contains("step 2 pending: polling again"), "{err}");
    assert!(!err.contains("DEBUG"), "{err}");
    let (out, err) = two.text();
    assert!(err.contains("next poll scheduled"), "{err}");
    assert!(err.contains("token issued"), "{err}");
    assert!(
        !out.contains("INFO") && !out.contains("DEBUG"),
        "logs on stdout: {out}"
    );
}

/// The permissions of a file.
#[cfg(unix)]
fn mode(file: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).unwrap().permissions().mode() & 0o777
}

/// `--out FILE`: the billing document written as bytes, readable by its owner alone; an existing
/// file refused without `--force` and replaced with it.
#[tokio::test(flavor = "multi_thread")]
async fn out_writes_the_document_privately_and_never_over_a_file_unasked() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let file = temp_dir("out").join("bill.pdf");
        let _ = std::fs::remove_file(&file);
        let billing = || {
            Dqe::sandbox(&url)
                .flow()
                .args(["--scope", "billing", "--out"])
                .arg(&file)
        };
        let o = billing().run();
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{err}");
        assert!(out.contains("billing: <document: PDF, "), "{out}");
        assert!(err.contains("wrote `billing` (PDF, "), "{err}");
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
        assert!(
            bytes.trim_ascii_end().ends_with(b"%%EOF"),
            "not a whole PDF"
        );
        #[cfg(unix)]
        assert_eq!(mode(&file), 0o600, "{:o}", mode(&file));

        // An existing file: refused, left as it was.
        std::fs::write(&file, b"mine").unwrap();
        let o = billing().run();
        let err = o.err();
        assert_eq!(o.code(), Some(1), "{err}");
        assert!(err.contains("it exists: give --force"), "{err}");
        assert_eq!(std::fs::read(&file).unwrap(), b"mine");

        // --force replaces it, and makes it private.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let o = billing().arg("--force").run();
        assert_eq!(o.code(), Some(0), "{}", o.err());
        assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF-"));
        #[cfg(unix)]
        assert_eq!(mode(&file), 0o600, "{:o}", mode(&file));
    })
    .await
    .unwrap();
}

/// `--out` never writes through a symbolic link, even with `--force`; a result with no
/// document writes nothing and says so; a command that prints no result refuses it.
#[tokio::test(flavor = "multi_thread")]
async fn out_writes_no_link_and_nothing_without_a_document() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let dir = temp_dir("out-refused");
        #[cfg(unix)]
        {
            let target = dir.join("target.txt");
            std::fs::write(&target, b"keep").unwrap();
            let link = dir.join("link.pdf");
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(&target, &link).unwrap();
            let o = Dqe::sandbox(&url)
                .flow()
                .args(["--scope", "billing", "--out"])
                .arg(&link)
                .arg("--force")
                .run();
            let err = o.err();
            assert_eq!(o.code(), Some(1), "{err}");
            assert!(err.contains("symbolic link"), "{err}");
            assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        }

        let other = dir.join("none.pdf");
        let _ = std::fs::remove_file(&other);
        let o = Dqe::sandbox(&url).flow().arg("--out").arg(&other).run();
        let err = o.err();
        assert_eq!(o.code(), Some(1), "{err}");
        assert!(err.contains("no document"), "{err}");
        assert!(!other.exists());
        let o = Dqe::sandbox(&url)
            .args(["token", "--out"])
            .arg(&other)
            .run();
        assert_eq!(o.code(), Some(1));
    })
    .await
    .unwrap();
}
