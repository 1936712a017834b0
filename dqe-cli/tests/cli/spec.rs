//! `dqe spec`, run as a subprocess: `check` exits 0 with an `ok` line on the shipped spec, and 1
//! with each problem (file, line, column, key) on a spec with mistakes; `openapi` prints the
//! document `dqe_spec_tools::openapi` makes, and nothing but the problems for a bad spec.

use std::path::{Path, PathBuf};

use crate::support::{Dqe, Run};

/// The crate's directory: it holds the specs with mistakes as `tests/specs` and DQE's pages as
/// `tests/pages`, in the repository and in the package alike, so that these tests run from
/// either. It holds no `spec` directory: `dqe spec` reads the spec it was built with.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// `dqe ARGS`, run from the crate's directory, with no DQE configuration in its environment.
fn dqe(args: &[&str]) -> Run {
    Dqe::bare().args(args).run()
}

#[test]
fn check_passes_the_shipped_spec() {
    // Where no `spec` directory is, the spec dqe was built with; the shipped spec's directory
    // named; and from the repository's root, where `spec` is (when the tests run there).
    let repository = root().join("..");
    let mut runs = vec![
        (
            Dqe::bare().args(["spec", "check"]),
            "ok: spec (built into dqe): ",
        ),
        (Dqe::bare().args(["spec", "check", dqe_spec::DIR]), "ok: "),
    ];
    // A `spec` directory of something else (no `api.toml` in it) is not taken for a spec.
    let elsewhere =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("spec-of-another-kind");
    std::fs::create_dir_all(elsewhere.join("spec")).unwrap();
    runs.push((
        Dqe::bare().current_dir(&elsewhere).args(["spec", "check"]),
        "ok: spec (built into dqe): ",
    ));
    if repository.join("spec/api.toml").is_file() {
        let from_root = Dqe::bare().current_dir(&repository).args(["spec", "check"]);
        runs.push((from_root, "ok: spec: "));
    }
    for (dqe, start) in runs {
        let o = dqe.run();
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{out}{err}");
        assert!(out.starts_with(start), "{out}");
        assert_eq!(out.lines().count(), 1, "{out}");
        assert_eq!(err, "");
    }
}

#[test]
fn check_reports_a_mistake_and_exits_1() {
    let o = dqe(&["spec", "check", "tests/specs/unknown_key"]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
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
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
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
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
    assert!(err.contains("missing spec file"), "{err}");
}

#[test]
fn openapi_prints_the_document_of_the_spec() {
    let shipped = std::path::Path::new(dqe_spec::DIR);
    let o = dqe(&["spec", "openapi", dqe_spec::DIR]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(0), "{err}");
    assert_eq!(err, "");
    let printed: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let spec = dqe_codegen::load_spec(shipped, "spec").unwrap();
    assert_eq!(printed, dqe_spec_tools::openapi(&spec));
    assert_eq!(printed["openapi"], dqe_spec_tools::OPENAPI_VERSION);
    // With no `spec` directory here, the spec dqe was built with: the same document.
    assert_eq!(dqe(&["spec", "openapi"]).stdout, o.stdout);
}

#[test]
fn openapi_prints_nothing_for_a_spec_with_mistakes() {
    let o = dqe(&["spec", "openapi", "tests/specs/unknown_key"]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
    assert_eq!(out, "");
    assert!(err.contains("unknown key `requird`"), "{err}");
}

/// A file of this test's own, under the target directory.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec_cmd");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn drift_of_dqe_s_own_page_is_nothing() {
    for json in [false, true] {
        let mut args = vec!["spec", "drift", "tests/pages/formfilling.txt"];
        if json {
            args.insert(0, "--json");
        }
        let o = dqe(&args);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{out}{err}");
        if json {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["differences"], serde_json::json!([]));
            assert_eq!(v["pages"].as_array().map(Vec::len), Some(1), "{out}");
        } else {
            assert_eq!(
                out.trim(),
                "0 differences between 1 page and the spec in spec (built into dqe)"
            );
        }
    }
}

#[test]
fn drift_lists_each_difference_and_exits_1() {
    let page = std::fs::read_to_string(root().join("tests/pages/formfilling.txt")).unwrap();
    let edited = page
        .replace("| 21 | access denied |", "| 21 | access refused |")
        .replace(
            "| operator | Operator. | STRING |",
            "| operator | Operator. | JSON OBJECT |",
        );
    let path = scratch("edited.txt", edited.as_bytes());
    let path = path.to_str().unwrap();
    let o = dqe(&["spec", "drift", path]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
    // Each difference on a line of its own, then where to act, indented, with the TOML to add.
    let lines: Vec<&str> = out.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(lines.len(), 3, "{out}");
    // The line of the edited row, found in the page (not a number of today's page).
    let row = 1 + edited
        .lines()
        .position(|l| l == "| operator | Operator. | JSON OBJECT |")
        .unwrap();
    assert!(
        lines[0].contains(&format!("edited.txt:{row}: `operator`")),
        "{out}"
    );
    assert!(lines[0].contains("[type-unreadable]"), "{out}");
    assert!(lines[0].contains("(spec: spec/api.toml:"), "{out}");
    assert!(
        lines[1].contains("error 21 of step 2 reads `access refused` on the page"),
        "{out}"
    );
    assert_eq!(
        lines[2],
        "2 differences between 1 page and the spec in spec (built into dqe)"
    );
    let all: Vec<&str> = out.lines().collect();
    assert!(
        all[1].starts_with("    -> spec/api.toml [[endpoints.initiate.success.fields]]: "),
        "{out}"
    );
    let at = all.iter().position(|l| *l == lines[1]).unwrap();
    assert!(
        all[at + 1]
            .starts_with("    -> spec/scopes/formfilling.toml [extend.retrieve.errors.texts]: "),
        "{out}"
    );
    assert_eq!(
        all[at + 2..at + 4],
        [
            "        [extend.retrieve.errors.texts]",
            "        21 = \"access refused\""
        ],
        "{out}"
    );

    let o = dqe(&["--json", "spec", "drift", path]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = v["differences"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{out}");
    for d in list {
        for key in ["kind", "message", "page", "spec", "action"] {
            assert!(d.get(key).is_some(), "no {key} in {d}");
        }
    }
    assert_eq!(list[1]["kind"], "error-text-changed");
    let row = 1 + edited
        .lines()
        .position(|l| l.starts_with("| 21 | access refused |"))
        .unwrap();
    assert!(
        list[1]["page"]
            .as_str()
            .unwrap()
            .ends_with(&format!("edited.txt:{row}")),
        "{out}"
    );
    let action = &list[1]["action"];
    assert_eq!(action["file"], "spec/scopes/formfilling.toml");
    assert_eq!(action["table"], "[extend.retrieve.errors.texts]");
    assert_eq!(
        action["toml"],
        "[extend.retrieve.errors.texts]\n21 = \"access refused\""
    );
    assert!(
        action["reason"]
            .as_str()
            .is_some_and(|r| r.contains("every scope"))
    );
    assert_eq!(list[0]["action"]["toml"], serde_json::Value::Null);
}

#[test]
fn drift_of_what_is_not_a_page_exits_2_saying_why() {
    let other = "Step 1 — Validate\nGET request\nhttps://{SERVER_ADDRESS}/EMAIL/?email={E}\n| Parameter | Description | Mandatory/Optional |\n|---|---|---|\n| email | An address. | Mandatory |\n";
    let cases: [(&str, &[u8], &str); 5] = [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\0\0", "binary"),
        ("latin1.txt", b"Step 1 \xe9t\xe9", "not UTF-8"),
        ("prose.txt", b"Hello, this is a blog post.", "no step found"),
        ("other.txt", other.as_bytes(), "another product"),
    ];
    for (name, bytes, why) in cases {
        let path = scratch(name, bytes);
        let o = dqe(&["spec", "drift", path.to_str().unwrap()]);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(2), "{name}: {out}{err}");
        assert!(err.contains(why), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// A copy of the spec `dqe` was built with, in a directory of this test's own.
fn spec_copy(name: &str) -> PathBuf {
    let dir = crate::support::temp_dir(name).join("spec");
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in dqe_spec::FILES {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Every page under `tests/pages/` (the directory's) but the frozen reader fixtures its
/// `sources.toml` lists, through `dqe` as a maintainer runs it:
/// against the shipped spec, nothing to report (a made-up scope's page: only that the spec
/// lacks it, and the file to create); with its scope's file taken out of a copy of the spec
/// (the file `import` names when it refuses a scope the spec has), `import`'s draft saved as
/// that file passes `check`, and `drift` then reports nothing.
#[test]
fn every_page_imported_as_its_scope_s_file_checks_and_drifts_nothing() {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root().join("tests/pages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    let frozen = crate::support::frozen_pages();
    pages.retain(|p| !frozen.iter().any(|f| p.ends_with(f)));
    pages.sort();
    assert!(!pages.is_empty());
    for page in pages {
        let name = page.file_stem().unwrap().to_string_lossy().into_owned();
        let spec = spec_copy(&format!("import-{name}"));
        let (spec_arg, page_arg) = (spec.to_str().unwrap(), page.to_str().unwrap());
        let drift = |json: bool| {
            let mut args = vec!["spec", "drift", "--spec", spec_arg, page_arg];
            if json {
                args.push("--json");
            }
            dqe(&args)
        };
        let o = drift(true);
        let found = o.json()["differences"].clone();
        let file = match o.code() {
            Some(0) => {
                // A scope the spec has: `import` refuses it, naming its file.
                let o = dqe(&["spec", "import", "--spec", spec_arg, page_arg]);
                let err = o.err();
                assert_eq!(o.code(), Some(1), "{name}: {err}");
                let at = err
                    .find(spec_arg)
                    .unwrap_or_else(|| panic!("{name}: {err}"));
                let file = err[at..].split(':').next().unwrap().to_owned();
                std::fs::remove_file(&file).unwrap();
                file
            }
            _ => {
                assert_eq!(found[0]["kind"], "scope-not-in-spec", "{name}: {found}");
                found[0]["action"]["file"].as_str().unwrap().to_owned()
            }
        };
        let o = dqe(&["spec", "import", "--spec", spec_arg, page_arg]);
        assert_eq!(o.code(), Some(0), "{name}: {}", o.err());
        std::fs::write(&file, o.out()).unwrap();
        let o = dqe(&["spec", "check", spec_arg]);
        assert_eq!(o.code(), Some(0), "{name}: {}\n{}", o.err(), o.out());
        let o = drift(false);
        assert_eq!(o.code(), Some(0), "{name}: {}{}", o.out(), o.err());
    }
}
