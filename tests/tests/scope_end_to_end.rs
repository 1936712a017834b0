//! A new scope is a new spec file, served end to end with no Rust edited, and that file comes
//! from the scope's page: `dqe spec import` drafts it from the help-centre page of a made-up
//! scope written in DQE's format (`dqe-cli/tests/pages/fortune.txt`: answered at step 1,
//! without `mode`, requiring a parameter of its own); the workspace's crates are copied with
//! that draft added to the shipped spec (`spec/scopes/`), built, and the copy's `dqe` command
//! line runs the scope against its own sandbox.
//!
//! The copy is built with `tests::cargo`, its dependencies those the workspace's build and
//! the other scratch builds compiled; a later run rebuilds the copied crates only when their
//! files changed.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use tests::{PUBLISHED, cargo, sync_dir, write_if_changed};

/// The crates the `dqe` program is built from, copied: `spec` (the shipped spec, the data
/// crate `dqe-macros` reads) and every crate between it and `dqe-cli`, by directory.
const CRATES: [&str; PUBLISHED.len()] = {
    let mut dirs = [""; PUBLISHED.len()];
    let mut i = 0;
    while i < dirs.len() {
        dirs[i] = PUBLISHED[i].0;
        i += 1;
    }
    dirs
};

/// A workspace holding a copy of the crates `dqe` is built from, whose spec is the shipped
/// API file with the scope files in `scopes` (the shipped ones and the drafted one).
fn scratch_workspace(root: &Path, work: &Path, scopes: &Path) {
    // Where earlier versions of this test kept their copies.
    for old in ["spec-with-extra", "dqe-client/spec", "imported"] {
        let _ = std::fs::remove_dir_all(work.join(old));
    }
    for name in CRATES {
        // Synced, not copied afresh: files left alone keep their time, so that a warm run
        // does not rebuild the copy.
        let (from, to) = (root.join(name), work.join(name));
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(&from).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_owned();
            if name == "spec" && file == "scopes" {
                // Synced from the whole set at once: a file removed and written again would
                // change the directory's time, which the spec's build script watches.
                sync_dir(scopes, &to.join(&file));
            } else if path.is_dir() && ["src", "scopes", "examples"].iter().any(|d| file == *d) {
                sync_dir(&path, &to.join(&file));
            } else if path.is_file() {
                write_if_changed(&to.join(&file), &std::fs::read(&path).unwrap());
            }
        }
    }
    write_if_changed(
        &work.join("Cargo.lock"),
        &std::fs::read(root.join("Cargo.lock")).unwrap(),
    );
    write_workspace_manifest(root, work);
}

/// The copy's workspace manifest: the repository's, with the copied crates its members.
fn write_workspace_manifest(root: &Path, work: &Path) {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let members = format!("members = {CRATES:?}");
    let manifest: String = manifest
        .lines()
        .filter(|l| !l.starts_with("exclude") && !l.starts_with('#'))
        .map(|l| {
            if l.starts_with("members") {
                members.clone()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    write_if_changed(&work.join("Cargo.toml"), manifest.as_bytes());
}

/// The copy's `dqe` program, built into `work/target`; `tmp` is the test's
/// `CARGO_TARGET_TMPDIR`.
fn build(work: &Path, tmp: &Path) -> PathBuf {
    let target = work.join("target");
    let out = cargo(tmp)
        .args([
            "build",
            "--quiet",
            "--offline",
            "-p",
            "dqe-cli",
            "--bin",
            "dqe",
        ])
        .arg("--target-dir")
        .arg(&target)
        .current_dir(work)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the copy with the made-up scope builds: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    target.join("debug/dqe")
}

/// `dqe sandbox` on a free port, and its address.
fn sandbox(dqe: &Path) -> (Child, String) {
    let mut child = Command::new(dqe)
        .args(["sandbox", "--port", "0", "--auto-approve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("the sandbox says its address: {line}"))
        .to_owned();
    (child, url)
}

fn dqe(dqe: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(dqe)
        .args([
            "flow",
            "--server",
            url,
            "--number",
            "0612345678",
            "--name",
            "ACME",
        ])
        .args(args)
        .env("DQE_LICENCE", dqe_sandbox::DEFAULT_LICENCE)
        .env("DQE_CLIENT_SECRET", dqe_sandbox::DEFAULT_CLIENT_SECRET)
        .output()
        .unwrap()
}

#[test]
fn a_made_up_one_step_scope_is_served_by_client_sandbox_and_cli() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let work = tmp.join("scope-end-to-end");
    // The draft `dqe spec import` makes of the page, as is.
    let spec = dqe_codegen::load_spec(&root.join("spec"), "spec").unwrap();
    let page = std::fs::read(root.join("dqe-cli/tests/pages/fortune.txt")).unwrap();
    let draft = dqe_spec_tools::import::import(&page, "fortune.txt", &spec).unwrap();
    let scopes = work.join("scopes");
    sync_dir(&root.join("spec/scopes"), &scopes);
    write_if_changed(&scopes.join("fortune.toml"), draft.as_bytes());
    scratch_workspace(&root, &work, &scopes);
    let dqe_bin = build(&work, &tmp);
    let (mut server, url) = sandbox(&dqe_bin);

    let out = dqe(
        &dqe_bin,
        &url,
        &["--scope", "fortune", "--lucky-number", "7"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("You will meet a tall dark operator."),
        "the scope's result, from its spec example: {stdout}"
    );
    assert!(!stdout.contains("consent"), "no consent step: {stdout}");

    // Its requirement, from the spec, checked before anything is sent.
    let out = dqe(&dqe_bin, &url, &["--scope", "fortune"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lucky_number"));

    let _ = server.kill();
    let _ = server.wait();
}
