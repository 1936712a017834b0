//! Workspace-level tests live under `tests/`. This library holds what several of them share:
//! building scratch crates from copies of the workspace's files, and the Chromium harness of the
//! browser tests ([`chromium`]), which merchant-signup's browser test uses too; the
//! documentation's tables made from the spec ([`docs`]); and the link check of the README, the
//! guide and the generated documentation ([`links`]).

pub mod chromium;
pub mod docs;
pub mod edits;
pub mod links;

/// The README's Rust samples, compiled as this crate's doctests (`cargo test -p tests --doc`,
/// part of `scripts/test`, the README's test command).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeSamples;

use std::path::Path;
use std::process::Command;

/// The published crates, `(directory, package)`, each after those it depends on: the spec's
/// data crate, then every crate between it and the `dqe` command line.
pub const PUBLISHED: [(&str, &str); 8] = [
    ("spec", "dqe-spec"),
    ("dqe-spec-types", "dqe-spec-types"),
    ("dqe-codegen", "dqe-codegen"),
    ("dqe-spec-tools", "dqe-spec-tools"),
    ("dqe-macros", "dqe-macros"),
    ("dqe-client", "dqe-client"),
    ("dqe-sandbox", "dqe-sandbox"),
    ("dqe-cli", "dqe-cli"),
];

/// Copies a directory tree, following links.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if std::fs::metadata(entry.path()).unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Makes `to` hold what `from` holds, writing only the files whose bytes differ and removing
/// what `from` lacks: a file left alone keeps its time, so that cargo rebuilds a copied crate
/// only when its sources changed.
pub fn sync_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let mut names = std::collections::HashSet::new();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        names.insert(entry.file_name());
        if std::fs::metadata(entry.path()).unwrap().is_dir() {
            sync_dir(&entry.path(), &target);
        } else {
            write_if_changed(&target, &std::fs::read(entry.path()).unwrap());
        }
    }
    for entry in std::fs::read_dir(to).unwrap() {
        let entry = entry.unwrap();
        if !names.contains(&entry.file_name()) {
            let path = entry.path();
            if path.is_dir() {
                std::fs::remove_dir_all(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
}

/// Writes `bytes` to `path` unless it already holds them (its time then stays).
pub fn write_if_changed(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes).unwrap();
    }
}

/// `cargo`, as the running cargo, for building a scratch crate on its own (the caller's
/// `RUSTFLAGS` and target directory are not passed on), from a test whose
/// `CARGO_TARGET_TMPDIR` is `tmp`. The caller names the scratch build's own target directory
/// (`--target-dir`, where its programs and documentation land), under `tmp`.
///
/// Its intermediate artifacts go to the workspace's own build directory (`build.build-dir`:
/// `tmp`'s parent, which `cargo test` unlocks while the tests run), with the workspace's profile
/// for dependencies (`.cargo/config.toml`): a registry crate the workspace compiled with the
/// same features is not compiled again, and the scratch builds
/// share what else they compile (the downstream crate, the packaged command line's tests, the
/// workspace copy with a made-up scope, the probes of `spec_edit` and `spec_changes`). Cargo's
/// lock on that directory takes their builds one at a time, not the tests around them. The
/// scratch crates' own code, thrown away once it ran, is built without debug information nor
/// incremental caches, which it would never use.
pub fn cargo(tmp: &Path) -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    let build_dir = tmp
        .parent()
        .expect("CARGO_TARGET_TMPDIR is under the build directory");
    c.env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env("CARGO_BUILD_BUILD_DIR", build_dir)
        // The scratch crates' own profile differs from the workspace's (no debug information):
        // a copy of a workspace crate (scope_end_to_end's) is named after its place in its
        // workspace, as the crate itself is, so under the same profile both would write the
        // same files in the shared build directory and one would be taken for the other.
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env("CARGO_INCREMENTAL", "0")
        // Found above `tmp` too, unless the target directory is elsewhere (CARGO_TARGET_DIR).
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cargo/config.toml"));
    // What cargo sets for this test process describes the `tests` package. A build script that
    // runs again when one of them changes (ring's reads `CARGO_MANIFEST_DIR` and
    // `CARGO_PKG_NAME`) would see values the workspace's build did not, and rebuild what both
    // share (ring, rustls, reqwest, dqe-client...) in turn, on every run.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let of_this_package = name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || ["CARGO_CRATE_NAME", "CARGO_PRIMARY_PACKAGE", "OUT_DIR"].contains(&&*name);
        if of_this_package {
            c.env_remove(&*name);
        }
    }
    c
}

/// The shipped spec's files (`spec`), read: the API file first, shown as
/// `spec/api.toml`, then the scope files in name order, shown as `spec/scopes/NAME.toml`.
pub fn shipped_spec_files() -> Vec<dqe_codegen::SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let read = |display: String, path: std::path::PathBuf| dqe_codegen::SourceFile {
        display,
        text: std::fs::read_to_string(&path).unwrap(),
        absolute: path,
    };
    let mut files = vec![read("spec/api.toml".into(), dir.join("api.toml"))];
    let mut scopes: Vec<_> = std::fs::read_dir(dir.join("scopes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    scopes.sort();
    for path in scopes {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push(read(format!("spec/scopes/{name}"), path));
    }
    files
}
