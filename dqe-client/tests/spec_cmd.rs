//! `dqe spec`, run as a subprocess: `check` exits 0 with an `ok` line on the shipped spec, and 1
//! with each problem (file, line, column, key) on a spec with mistakes; `openapi` prints the
//! document `dqe_codegen::openapi` makes, and nothing but the problems for a bad spec.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate's directory: it holds the shipped spec as `spec` and the specs with mistakes as
/// `tests/specs`, in the repository and in the package alike, so that these tests run from
/// either.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// `dqe ARGS`, run from the crate's directory, with no DQE configuration in its environment.
fn dqe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dqe"))
        .args(args)
        .current_dir(root())
        .env_remove("DQE_SERVER")
        .env_remove("DQE_LICENCE")
        .env_remove("DQE_CLIENT_SECRET")
        .output()
        .expect("the binary runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn check_passes_the_shipped_spec() {
    for args in [&["spec", "check"][..], &["spec", "check", "spec"]] {
        let o = dqe(args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {out}{err}");
        assert!(out.starts_with("ok: spec: "), "{out}");
        assert_eq!(out.lines().count(), 1, "{out}");
        assert_eq!(err, "");
    }
}

#[test]
fn check_reports_a_mistake_and_exits_1() {
    let o = dqe(&["spec", "check", "tests/specs/unknown_key"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert_eq!(out, "");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("tests/specs/unknown_key/api.toml:25:1: "),
        "{err}"
    );
    assert!(lines[0].contains("unknown key `requird`"), "{err}");
    assert!(lines[0].contains("did you mean `required`?"), "{err}");
    assert_eq!(
        lines[1],
        "dqe: the spec in tests/specs/unknown_key has 1 problem"
    );
}

#[test]
fn check_reports_every_mistake_at_once() {
    let o = dqe(&["spec", "check", "tests/specs/many_errors"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    let problems = err
        .lines()
        .filter(|l| l.starts_with("tests/specs/many_errors/api.toml:"))
        .count();
    assert!(problems > 1, "{err}");
    assert!(
        err.ends_with(&format!(
            "dqe: the spec in tests/specs/many_errors has {problems} problems\n"
        )),
        "{err}"
    );
}

#[test]
fn check_reports_a_missing_directory() {
    let o = dqe(&["spec", "check", "no/such/spec"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert!(err.contains("missing spec file"), "{err}");
}

#[test]
fn openapi_prints_the_document_of_the_spec() {
    let o = dqe(&["spec", "openapi", "spec"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(err, "");
    let printed: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let spec = dqe_codegen::load_spec(&root().join("spec"), "spec").unwrap();
    assert_eq!(printed, dqe_codegen::openapi(&spec));
    assert_eq!(printed["openapi"], dqe_codegen::OPENAPI_VERSION);
    // The default directory is `spec`, in the current directory.
    assert_eq!(dqe(&["spec", "openapi"]).stdout, o.stdout);
}

#[test]
fn openapi_prints_nothing_for_a_spec_with_mistakes() {
    let o = dqe(&["spec", "openapi", "tests/specs/unknown_key"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert_eq!(out, "");
    assert!(err.contains("unknown key `requird`"), "{err}");
}
