//! Spec diagnostics, in-process: specs with mistakes, loaded by `dqe-codegen` directly (no
//! compiler), and the rendered diagnostics checked. Each directory under
//! `dqe-cli/tests/specs/` holds one kind of mistake; the text the macro would report for it is a snapshot
//! (`snapshots/diagnostics__<directory>.snap`), so a rule's message is reviewed like code. What
//! only a compiler shows (the spans, the path relative to the invoking file) stays in
//! `tests/ui/fail/` (trybuild).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use dqe_codegen::SourceFile;

/// The shipped spec's files, with `edit` applied to the API file's text.
fn shipped_with(edit: impl Fn(&str) -> String) -> Vec<SourceFile> {
    let mut files = tests::shipped_spec_files();
    files[0].text = edit(&files[0].text);
    files
}

fn diagnostics(files: Vec<SourceFile>) -> Vec<String> {
    match dqe_codegen::load_spec_from(files) {
        Ok(_) => Vec::new(),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_shipped_spec_has_no_diagnostic() {
    assert_eq!(
        diagnostics(shipped_with(str::to_owned)),
        Vec::<String>::new()
    );
}

#[test]
fn an_error_of_a_step_that_is_not_idempotent_cannot_be_retryable() {
    let files = shipped_with(|text| {
        text.replace(
            "variant = \"OperatorUnreachable\"",
            "variant = \"OperatorUnreachable\"\nretryable = true",
        )
    });
    let found = diagnostics(files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("`endpoints.initiate.errors[13].retryable`: an error of an endpoint that is not idempotent cannot be `retryable`"),
        "{}",
        found[0]
    );
    assert!(found[0].starts_with("spec/api.toml:"), "{}", found[0]);
}

/// Every spec directory under `dqe-cli/tests/specs/` (inside that crate, whose own tests
/// use them from its package too), named as from `dqe-cli/` (`tests/specs/<directory>`, as
/// `dqe spec check` run there prints them), with its diagnostics rendered one per paragraph, as
/// the compiler prints them.
#[test]
fn every_spec_mistake_has_its_reviewed_message() {
    let manifest = env!("CARGO_MANIFEST_DIR");
    let client = std::fs::canonicalize(Path::new(manifest).join("../dqe-cli")).unwrap();
    let specs = client.join("tests/specs");
    let mut dirs: Vec<_> = std::fs::read_dir(&specs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let names: Vec<String> = dirs
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    // No snapshot outlives its spec directory.
    let mut snapshots: Vec<String> = std::fs::read_dir(Path::new(manifest).join("tests/snapshots"))
        .unwrap()
        .filter_map(|e| {
            let file = e.unwrap().file_name().to_string_lossy().into_owned();
            let name = file.strip_prefix("diagnostics__")?.strip_suffix(".snap")?;
            Some(name.to_owned())
        })
        .collect();
    snapshots.sort();
    let orphans: Vec<_> = snapshots.iter().filter(|s| !names.contains(s)).collect();
    assert!(
        orphans.is_empty(),
        "snapshots without a spec directory: {orphans:?}"
    );
    let mut failed = Vec::new();
    for (dir, name) in dirs.iter().zip(names) {
        let diags = match dqe_codegen::load_spec(dir, &format!("tests/specs/{name}")) {
            Ok(_) => panic!("{name}: the spec loads without a diagnostic"),
            Err(diags) => diags,
        };
        assert!(!diags.is_empty(), "{name}: an error without a diagnostic");
        // A message naming a path on disk (a missing file) names it from `dqe-cli/`.
        let prefix = format!("{}/", client.display());
        let text = diags
            .iter()
            .map(|d| d.to_string().replace(&prefix, ""))
            .collect::<Vec<_>>()
            .join("\n\n");
        // Every spec is checked, then the test fails naming each one whose text changed (each
        // change is a `.snap.new` for `cargo insta review`).
        if catch_unwind(AssertUnwindSafe(|| {
            insta::assert_snapshot!(name.as_str(), text)
        }))
        .is_err()
        {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "changed diagnostics: {failed:?}");
}

#[test]
fn a_misspelt_or_misplaced_sandbox_situation_is_a_diagnostic() {
    let files = shipped_with(|text| {
        text.replacen("invalid_scope = \"04\"", "invalid_scop = \"04\"", 1)
            .replacen(
                "not_json = { user_infos = \"06\" }",
                "not_json = { number = \"06\" }",
                1,
            )
    });
    let found = diagnostics(files).join("\n");
    assert!(
        found.contains("`endpoints.initiate.sandbox.invalid_scop`"),
        "{found}"
    );
    assert!(found.contains("invalid_scope"), "did you mean: {found}");
    assert!(
        found.contains("`endpoints.initiate.sandbox.not_json.number`: this endpoint has no parameter `number` whose value is an object"),
        "{found}"
    );
}

/// Columns count characters, as editors do: a mistake after `é` on its line is at the column
/// an editor shows, not one further per extra byte.
#[test]
fn columns_count_characters_not_bytes() {
    let from = "credentials = { licence = \"22\", client_secret = \"03\" }";
    let to = "credentials = { licence = \"22\", client_secret = \"03\", \"clé\" = \"01\", bogus = \"01\" }";
    let files = shipped_with(|text| text.replacen(from, to, 1));
    let text = &files[0].text;
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            // The diagnostic points at the value, after `bogus = `.
            let value = l.find("bogus = ")? + "bogus = ".len();
            Some((i + 1, l[..value].chars().count() + 1))
        })
        .unwrap();
    let found = diagnostics(files);
    let at = format!("spec/api.toml:{line}:{col}: ");
    assert!(
        found
            .iter()
            .any(|d| d.starts_with(&at) && d.contains("bogus")),
        "no diagnostic at {at} in {found:#?}"
    );
}

/// A document (`base64`) is something a reply gives: not a request parameter, nor a word of a
/// comma-separated list.
#[test]
fn a_document_is_neither_a_parameter_nor_in_a_list() {
    let files = shipped_with(|text| {
        text.replacen(
            "name = \"code_name\"\n",
            "name = \"code_name\"\ntype = \"base64\"\n",
            1,
        )
        .replacen(
            "name = \"scope\"\ntype = \"list<scope>\"\ndescription = \"Contains the scope previously sent",
            "name = \"scope\"\ntype = \"list<base64>\"\ndescription = \"Contains the scope previously sent",
            1,
        )
    });
    let found = diagnostics(files);
    // The third: step 2's pending outcome still says `list<scope>` for the same key.
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0]
            .contains("`endpoints.initiate.params[4].type`: a request parameter takes a string"),
        "{}",
        found[0]
    );
    assert!(
        found[1].contains("`endpoints.retrieve.success.fields[0].type`: `base64` is a document; a list holds strings, scopes or enums"),
        "{}",
        found[1]
    );
}

/// `max_body` is a size with a binary unit or a whole number of bytes, from 1 KiB to 1 GiB: any
/// other is a diagnostic at the key, saying what it takes.
#[test]
fn a_body_limit_is_a_size_in_range() {
    for (value, message) in [
        ("\"16 MB\"", "unknown unit `MB`"),
        ("\"lots\"", "`lots` is not a size"),
        ("12", "`12` is out of range: a size is from 1 KiB to 1 GiB"),
        ("\"2 GiB\"", "`2 GiB` is out of range"),
        ("true", "expected a string or an integer, found a boolean"),
    ] {
        let files = shipped_with(|text| {
            text.replacen("max_body = \"16 MiB\"", &format!("max_body = {value}"), 1)
        });
        let found = diagnostics(files);
        assert_eq!(found.len(), 1, "{value}: {found:#?}");
        assert!(
            found[0].contains("`endpoints.retrieve.max_body`: ") && found[0].contains(message),
            "{value}: {}",
            found[0]
        );
    }
    let files =
        shipped_with(|text| text.replacen("max_body = \"16 MiB\"", "max_body = 1048576", 1));
    assert_eq!(diagnostics(files), Vec::<String>::new());
}

#[test]
fn an_unknown_customer_outcome_is_a_diagnostic_with_a_suggestion() {
    let files =
        shipped_with(|api| api.replacen("outcome = \"declined\"", "outcome = \"declinde\"", 1));
    let found = diagnostics(files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("`endpoints.retrieve.errors[5].outcome`: unknown outcome `declinde` (did you mean `declined`?)"), "{}", found[0]);
}

#[test]
fn a_customer_text_is_a_language_tag_and_a_text_each() {
    let mut files = tests::shipped_spec_files();
    let scope = files
        .iter_mut()
        .find(|f| f.text.contains("customer_text = {"))
        .expect("a shipped scope has a customer_text");
    let start = scope.text.find("customer_text = {").unwrap();
    let end = start + scope.text[start..].find('\n').unwrap();
    scope.text.replace_range(
        start..end,
        r#"customer_text = { FR = "Texte", de = "", it = 7 }"#,
    );
    let found = diagnostics(files);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].contains("`scope.customer_text`: `FR` is not a language tag"),
        "{}",
        found[0]
    );
    for (d, lang) in found[1..].iter().zip(["de", "it"]) {
        assert!(
            d.contains("`scope.customer_text`: expected the text the customer reads"),
            "{lang}: {d}"
        );
    }
}
