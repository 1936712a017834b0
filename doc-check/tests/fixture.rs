//! The checker on a small crate (`tests/fixture/lib.rs`): rustdoc's JSON of it, walked, gives
//! exactly the items whose documentation breaks the rule.

use std::process::Command;
use std::sync::OnceLock;

use doc_check::rule::Problem;
use doc_check::walk::{self, Scope};

/// rustdoc's JSON output for the fixture, made once for both tests.
fn fixture_json() -> &'static serde_json::Value {
    static JSON: OnceLock<serde_json::Value> = OnceLock::new();
    JSON.get_or_init(make_fixture_json)
}

/// Runs rustdoc on the fixture, in this test's own directory, and reads its JSON output.
fn make_fixture_json() -> serde_json::Value {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("doc-check-fixture");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixture/lib.rs");
    let rustdoc = std::env::var("RUSTDOC").unwrap_or_else(|_| "rustdoc".to_owned());
    let status = Command::new(rustdoc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "--crate-name",
            "fixture",
        ])
        .args(["-Z", "unstable-options", "--output-format", "json", "-o"])
        .arg(&out)
        .arg(fixture)
        .env("RUSTC_BOOTSTRAP", "1")
        .status()
        .expect("rustdoc runs");
    assert!(status.success(), "rustdoc failed on the fixture");
    let text = std::fs::read_to_string(out.join("fixture.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_fixture_s_failing_items_are_found_and_no_other() {
    let found = walk::offenders(fixture_json(), Scope::Public, &[]);
    let got: Vec<(&str, Problem)> = found.iter().map(|o| (o.path.as_str(), o.problem)).collect();
    assert_eq!(
        got,
        [
            ("fixture::fails_code_only", Problem::TooShort),
            ("fixture::fails_colon", Problem::NoPeriod),
            ("fixture::Passes::fails_field", Problem::TooShort),
            (
                "fixture::Passes::fails_two_sentences",
                Problem::MoreThanOneSentence
            ),
            ("fixture::FailsNot::FailsLowercase", Problem::Lowercase),
            ("fixture::fails_undocumented", Problem::Missing),
            (
                "fixture::inner::FAILS_HEADING",
                Problem::StartsWithBlock("a heading")
            ),
            ("fixture::fails_reexported", Problem::Lowercase),
        ],
        "{found:#?}"
    );
    // Where each is written: the fixture's file and the item's line.
    assert!(
        found
            .iter()
            .all(|o| o.file.ends_with("tests/fixture/lib.rs")),
        "{found:#?}"
    );
    assert_eq!(found[0].line, 12, "{found:#?}");
}

#[test]
fn prose_is_not_checked() {
    let found = walk::offenders(fixture_json(), Scope::Public, &["fixture::inner::"]);
    assert!(
        found
            .iter()
            .all(|o| !o.path.starts_with("fixture::inner::")),
        "{found:#?}"
    );
    assert_eq!(found.len(), 7, "{found:#?}");
}

#[test]
fn a_binary_s_front_page_alone_is_checked() {
    let found = walk::offenders(fixture_json(), Scope::Root, &[]);
    assert_eq!(found, []);
}
