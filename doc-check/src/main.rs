//! `doc-check`: lists the public items of the workspace whose rustdoc does not start with one
//! sentence (the rule of [`doc_check::rule`]), and fails when there is one.
//!
//! ```text
//! cargo run -p doc-check [-- [--locked] [PACKAGE...]]
//! ```
//!
//! For each library of the workspace's packages (all of them, or those named), it runs
//! `cargo rustdoc --lib --all-features` with rustdoc's JSON output (unstable, turned on with
//! `RUSTC_BOOTSTRAP=1`, its flags given in `RUSTDOCFLAGS`: the items as rustdoc sees them,
//! generated ones included), then reads
//! `TARGET/doc/CRATE.json`; a binary's front page alone is checked. It prints one line per
//! offender, `file:line path: problem: "first paragraph"`, and exits with 1 when there is one.

use std::path::Path;
use std::process::{Command, ExitCode};

use doc_check::walk::{self, Scope};
use serde_json::Value;

/// The packages not checked: the test suite, the benchmarks and this checker, which nobody
/// depends on and whose items are not an API.
const NOT_CHECKED: &[&str] = &["tests", "benches", "doc-check"];

/// The items whose documentation is prose, not checked: the guide's chapters
/// (`dqe-client/src/guide/*.md`), each opening with its title as a heading.
const PROSE: &[&str] = &["dqe_client::guide::"];

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let locked = args.iter().any(|a| a == "--locked");
    args.retain(|a| a != "--locked");
    let metadata = match cargo_metadata(locked) {
        Ok(metadata) => metadata,
        Err(e) => {
            eprintln!("doc-check: {e}");
            return ExitCode::from(2);
        }
    };
    let target_dir = metadata["target_directory"].as_str().unwrap_or("target");
    let mut offenders = 0;
    let mut checked = 0;
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let name = package["name"].as_str().unwrap_or_default();
        if NOT_CHECKED.contains(&name) || !(args.is_empty() || args.iter().any(|a| a == name)) {
            continue;
        }
        for target in package["targets"].as_array().into_iter().flatten() {
            let Some((selector, scope)) = selector(target) else {
                continue;
            };
            // The target's crate name, as rustdoc names its JSON file: a binary and a library
            // of one package write the same file, read before the next run overwrites it.
            let crate_name = target["name"].as_str().unwrap_or(name).replace('-', "_");
            let found = match check(name, &selector, &crate_name, scope, target_dir, locked) {
                Ok(found) => found,
                Err(e) => {
                    eprintln!("doc-check: {name} ({}): {e}", selector.join(" "));
                    return ExitCode::from(2);
                }
            };
            checked += 1;
            offenders += found.len();
            for offender in found {
                println!("{offender}");
            }
        }
    }
    if offenders > 0 {
        eprintln!(
            "doc-check: {offenders} item(s) whose documentation does not start with one sentence \
             (the rule: doc-check/src/rule.rs)"
        );
        return ExitCode::FAILURE;
    }
    eprintln!("doc-check: {checked} crate(s), every public item starts with one sentence");
    ExitCode::SUCCESS
}

/// The arguments selecting a target of a package for `cargo rustdoc`, with what is checked of
/// it: a library's public items, a binary's front page; `None` for tests, examples, benches.
fn selector(target: &Value) -> Option<(Vec<String>, Scope)> {
    let kinds: Vec<&str> = target["kind"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let name = target["name"].as_str()?;
    if kinds.iter().any(|k| *k == "lib" || *k == "proc-macro") {
        Some((vec!["--lib".to_owned()], Scope::Public))
    } else if kinds.contains(&"bin") {
        Some((vec!["--bin".to_owned(), name.to_owned()], Scope::Root))
    } else {
        None
    }
}

/// Runs `cargo rustdoc` with JSON output on one target and returns its offenders.
fn check(
    package: &str,
    selector: &[String],
    crate_name: &str,
    scope: Scope,
    target_dir: &str,
    locked: bool,
) -> Result<Vec<walk::Offender>, String> {
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    cargo
        .args(["rustdoc", "--quiet", "--all-features", "-p", package])
        .args(selector)
        .args(locked.then_some("--locked"))
        .env("RUSTDOCFLAGS", rustdoc_flags())
        .env("RUSTC_BOOTSTRAP", "1");
    let status = cargo
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo rustdoc failed ({status})"));
    }
    let file = Path::new(target_dir)
        .join("doc")
        .join(format!("{crate_name}.json"));
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let krate: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(walk::offenders(&krate, scope, PROSE))
}

/// The flags for rustdoc's JSON output, after those of the environment's `RUSTDOCFLAGS`. Given
/// as `RUSTDOCFLAGS`, not after `--`: cargo fingerprints the first, so that a later
/// `cargo doc` does not take the JSON run for its own HTML one and skip the crate.
fn rustdoc_flags() -> String {
    let json = "-Z unstable-options --output-format json";
    match std::env::var("RUSTDOCFLAGS") {
        Ok(flags) if !flags.trim().is_empty() => format!("{flags} {json}"),
        _ => json.to_owned(),
    }
}

/// `cargo metadata` of the workspace's own packages.
fn cargo_metadata(locked: bool) -> Result<Value, String> {
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    cargo.args(["metadata", "--no-deps", "--format-version", "1"]);
    cargo.args(locked.then_some("--locked"));
    let output = cargo
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))
}
