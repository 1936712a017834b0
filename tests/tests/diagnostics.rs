//! Spec diagnostics, in-process: the shipped spec with one mistake made in memory, loaded by
//! `dqe-codegen` directly (no compiler), and the rendered diagnostics checked.

use std::path::Path;

use dqe_codegen::SourceFile;

/// The shipped spec's files, with `edit` applied to the API file's text.
fn shipped_with(edit: impl Fn(&str) -> String) -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let read = |rel: &str| std::fs::read_to_string(dir.join(rel)).unwrap();
    let mut files = vec![SourceFile {
        display: "spec/api.toml".into(),
        absolute: dir.join("api.toml"),
        text: edit(&read("api.toml")),
    }];
    let mut scopes: Vec<_> = std::fs::read_dir(dir.join("scopes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    scopes.sort();
    for path in scopes {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push(SourceFile {
            display: format!("spec/scopes/{name}"),
            text: std::fs::read_to_string(&path).unwrap(),
            absolute: path,
        });
    }
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
    assert_eq!(diagnostics(shipped_with(str::to_owned)), Vec::<String>::new());
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
