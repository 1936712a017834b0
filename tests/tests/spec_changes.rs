//! What `dqe spec diff` says a spec change means, checked against the compiler. For one change
//! of each kind (`tests::edits::CASES`: a new mandatory parameter, a removed key, a changed
//! type, a new error id, a new scope, a description edited...), a crate generated from the
//! changed spec is built with a consumer written once against the shipped spec
//! (`fixtures/consumer/main.rs`: it builds requests, matches the error enums, reads every key of
//! the replies it decodes), which then runs and prints what it read. The verdict must be what
//! happens:
//!
//! - `major` exactly when the consumer no longer compiles, or reads the same replies
//!   differently;
//! - otherwise `minor` exactly when the public API (`public_api::listing`) gains lines, and
//!   `patch` when it is the same.
//!
//! The same cases make the documentation's table of "What a spec change means for users of
//! `dqe-client`" (the snapshot `integration__spec_changes__table.snap`, which `cargo insta
//! review` refreshes); the documentation's copy of it is a generated block (`tests::docs`,
//! checked by the test `docs`), so it cannot say otherwise.
//!
//! The crates live in one scratch workspace (`api-NAME` generates the API from its own copy of
//! the spec, `use-NAME` is the consumer depending on it), built by one `cargo build
//! --keep-going` with `tests::cargo` (the dependencies those the workspace's build compiled):
//! each crate is small; a warm run rebuilds only the consumers that fail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dqe_spec_tools::diff::{SpecDiff, Verdict, diff};
use tests::edits::{CASES, Case, SpecFiles};
use tests::{cargo, write_if_changed};

use crate::public_api::listing;

/// The consumer, written against the shipped spec.
const CONSUMER: &str = include_str!("fixtures/consumer/main.rs");

/// The name of the crates of the shipped spec.
const SHIPPED: &str = "shipped";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The scratch workspace: per spec, `api-NAME` and `use-NAME`. Every file is written only when
/// its bytes differ, so that a warm run rebuilds nothing that did not change.
fn workspace(work: &Path, specs: &[(&str, SpecFiles)]) {
    let client = std::fs::canonicalize(root().join("dqe-client")).unwrap();
    let client = format!(
        "dqe-client = {{ path = {:?}, default-features = false }}",
        client.display().to_string()
    );
    let package = |name: &str| {
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n"
        )
    };
    let mut members = Vec::new();
    for (name, spec) in specs {
        let api = work.join(format!("api-{name}"));
        spec.write_to(&api.join("spec"));
        std::fs::create_dir_all(api.join("src")).unwrap();
        let manifest = format!("{}{client}\n", package(&format!("api-{name}")));
        write_if_changed(&api.join("Cargo.toml"), manifest.as_bytes());
        let lib = "//! The API of a spec.\n#![allow(missing_docs)]\ndqe_client::generate_api!(\"../spec\");\n";
        write_if_changed(&api.join("src/lib.rs"), lib.as_bytes());
        let user = work.join(format!("use-{name}"));
        std::fs::create_dir_all(user.join("src")).unwrap();
        // serde_json as dqe-client has it, so that the probes share one build of it.
        let manifest = format!(
            "{}api = {{ package = \"api-{name}\", path = \"../api-{name}\" }}\n{client}\nserde_json = {{ version = \"1\", features = [\"float_roundtrip\"] }}\n",
            package(&format!("use-{name}"))
        );
        write_if_changed(&user.join("Cargo.toml"), manifest.as_bytes());
        write_if_changed(&user.join("src/main.rs"), CONSUMER.as_bytes());
        members.push(format!("\"api-{name}\", \"use-{name}\""));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    write_if_changed(&work.join("Cargo.toml"), manifest.as_bytes());
    // The workspace's versions (cargo adds the scratch crates to it).
    let lock = std::fs::read(root().join("Cargo.lock")).unwrap();
    write_if_changed(&work.join("Cargo.lock"), &lock);
}

/// What one build of the workspace gave: the consumers built, and each one's errors.
#[derive(Default)]
struct Built {
    /// By crate name, the program built.
    programs: BTreeMap<String, PathBuf>,
    /// By crate name, the compiler's error messages.
    errors: BTreeMap<String, Vec<String>>,
}

/// Builds every crate of the workspace at `work`, into `work/target`, going on past those that
/// fail; `tmp` is the test's `CARGO_TARGET_TMPDIR`.
fn build(work: &Path, tmp: &Path) -> Built {
    let out = cargo(tmp)
        .args([
            "build",
            "--offline",
            "--keep-going",
            "--workspace",
            "--message-format=json",
            "--target-dir",
        ])
        .arg(work.join("target"))
        .current_dir(work)
        .output()
        .expect("cargo runs");
    let mut built = Built::default();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(m) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let name = m["target"]["name"].as_str().unwrap_or_default().to_owned();
        match m["reason"].as_str() {
            Some("compiler-artifact") => {
                if let Some(exe) = m["executable"].as_str() {
                    built.programs.insert(name, PathBuf::from(exe));
                }
            }
            Some("compiler-message") if m["message"]["level"] == "error" => {
                let message = m["message"]["message"].as_str().unwrap_or_default();
                built
                    .errors
                    .entry(name)
                    .or_default()
                    .push(message.to_owned());
            }
            _ => {}
        }
    }
    assert!(
        built.programs.contains_key(&format!("use-{SHIPPED}")),
        "the consumer builds against the shipped spec: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    built
}

/// What the consumer printed.
fn run(program: &Path) -> String {
    let out = std::process::Command::new(program)
        .output()
        .expect("the consumer runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What a crate written for the old spec meets with the new one.
struct Met {
    /// The compiler's errors, when the consumer no longer compiles.
    errors: Option<Vec<String>>,
    /// The first line the consumer printed otherwise than against the old spec, then as now.
    reads: Option<(String, String)>,
    /// Lines of the public API added and gone.
    added: usize,
    gone: usize,
}

impl Met {
    /// The verdict this makes: major when the consumer breaks (or when an item went that it
    /// does not use), minor when items were added, patch else.
    fn verdict(&self) -> Verdict {
        if self.errors.is_some() || self.reads.is_some() || self.gone > 0 {
            Verdict::Major
        } else if self.added > 0 {
            Verdict::Minor
        } else {
            Verdict::Patch
        }
    }

    /// For the table: what a crate written for the old spec meets.
    fn said(&self) -> String {
        if let Some(errors) = &self.errors {
            let mut distinct: Vec<&str> = Vec::new();
            for e in errors {
                if !distinct.contains(&e.as_str()) {
                    distinct.push(e);
                }
            }
            distinct.truncate(2);
            return format!("does not compile: {}", distinct.join("; "));
        }
        if let Some((then, now)) = &self.reads {
            return format!(
                "compiles, and reads the same reply differently: `{then}`, now `{now}`"
            );
        }
        match (self.added, self.gone) {
            (0, 0) => "compiles and reads as before; the public API is the same".to_owned(),
            (n, 0) => format!(
                "compiles and reads as before; the public API has {n} new line{}",
                if n == 1 { "" } else { "s" }
            ),
            (_, n) => format!("compiles and reads as before, but {n} public API lines went"),
        }
    }
}

/// What happened to the crate of `case`.
fn observe(
    built: &Built,
    shipped_output: &str,
    before: &[String],
    after: &[String],
    case: &Case,
) -> Met {
    let name = format!("use-{}", case.name);
    let reads = built.programs.get(&name).and_then(|program| {
        let output = run(program);
        let differ = shipped_output
            .lines()
            .zip(output.lines())
            .find(|(a, b)| a != b);
        differ
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .or_else(|| (output != shipped_output).then(|| ("(the whole output)".into(), output)))
    });
    // The compiler names the generated crate's items by its name: `api_new_scope::Scope`.
    let krate = format!("api_{}::", case.name.replace('-', "_"));
    let errors = built.errors.get(&name).into_iter().flatten();
    Met {
        errors: (!built.programs.contains_key(&name))
            .then(|| errors.map(|e| e.replace(&krate, "")).collect()),
        reads,
        added: after.iter().filter(|l| !before.contains(l)).count(),
        gone: before.iter().filter(|l| !after.contains(l)).count(),
    }
}

/// The change of `kind` in `found`, or a failure naming what was found.
fn kind_found(found: &SpecDiff, case: &Case) {
    let kinds: Vec<&str> = found.changes.iter().map(|c| c.kind.id()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == case.kind).count(),
        1,
        "{}: one change of kind {} expected, found {kinds:?}",
        case.name,
        case.kind
    );
}

#[test]
fn each_verdict_is_what_a_crate_written_for_the_old_spec_meets() {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let work = tmp.join("spec-changes");
    let shipped = SpecFiles::shipped();
    let mut specs = vec![(SHIPPED, shipped.clone())];
    specs.extend(CASES.iter().map(|c| (c.name, c.spec())));
    workspace(&work, &specs);
    // Where earlier versions of this test and `spec_edit` built.
    let _ = std::fs::remove_dir_all(tmp.join("probes-target"));
    let built = build(&work, &tmp);
    let shipped_output = run(&built.programs[&format!("use-{SHIPPED}")]);
    let old = shipped.load("old");
    let before = listing(&old);
    let mut rows = Vec::new();
    let mut wrong = Vec::new();
    for case in CASES {
        let new = case.spec().load("new");
        let found = diff(&old, &new);
        kind_found(&found, case);
        let verdict = found.next_version().expect("a change");
        let met = observe(&built, &shipped_output, &before, &listing(&new), case);
        let breaks = met.errors.is_some() || met.reads.is_some();
        if met.verdict() != verdict || (verdict == Verdict::Major) != breaks {
            wrong.push(format!(
                "{}: `dqe spec diff` says {verdict}, the consumer meets: {} (errors: {:?})",
                case.name,
                met.said(),
                met.errors
            ));
        }
        rows.push((case, verdict, met.said()));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    insta::assert_snapshot!("table", table(&rows));
}

/// The table of what each change means, from the cases.
fn table(rows: &[(&Case, Verdict, String)]) -> String {
    let mut out = String::from(
        "| Spec change | `dqe spec diff` | Next version | A crate written for the old spec |\n|---|---|---|---|\n",
    );
    for (case, verdict, said) in rows {
        out.push_str(&format!(
            "| {} | `{}` | {verdict} | {} |\n",
            case.label,
            case.kind,
            said.replace('|', "\\|")
        ));
    }
    out
}
