//! Every page under `dqe-cli/tests/pages/` but the frozen reader fixtures its `sources.toml`
//! lists (DQE's page of each shipped scope, written as DQE writes them, which the spec
//! follows, and a made-up scope's), in-process through `dqe-spec-tools`: the page against
//! the shipped spec reports nothing (a made-up scope's, only that the spec lacks it); and with
//! its scope's file taken out of a copy of the spec, `import`'s draft of the page, saved as that
//! scope's file, passes the spec's checks and leaves nothing to report.

use std::path::{Path, PathBuf};

use dqe_codegen::SourceFile;
use dqe_codegen::model::Spec;
use dqe_spec_tools::drift::{Difference, Kind, drift};

/// The stored pages that `sources.toml` lists as frozen fixtures of the reader (`[frozen]`):
/// the other forms of a DQE page, made by hand at one time, which the spec does not follow.
fn frozen(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("sources.toml")).unwrap();
    let sources = dqe_spec_tools::page::sources::read(&text, |_| Ok(())).unwrap();
    sources.table("frozen").to_vec()
}

/// The page fixtures, every `.txt` of the directory but the frozen ones, in name order.
fn pages() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dqe-cli/tests/pages");
    let frozen = frozen(&dir);
    assert!(frozen.iter().any(|f| f.ends_with(".txt")), "{frozen:?}");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| !frozen.iter().any(|f| p.ends_with(f)))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no page fixture");
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn shown(found: &[Difference]) -> String {
    found.iter().map(|d| format!("{d}\n")).collect()
}

/// The scope a page documents, as drift reads it.
fn scope_of(text: &str, spec: &Spec) -> String {
    let page = dqe_spec_tools::page::read(text.as_bytes(), "page").unwrap();
    let surface =
        dqe_spec_tools::drift::surface::from_page(&page, dqe_spec_tools::drift::scope_wire(spec));
    surface.scope.expect("the page names its scope").0
}

/// The shipped spec's files without the file of `scope`, and that file's name (`scopes/x.toml`,
/// or one named after the scope for a scope the spec does not have).
fn shipped_without(scope: &str) -> (Vec<SourceFile>, String) {
    let files = tests::shipped_spec_files();
    let shipped = dqe_codegen::load_spec_from(files.clone()).unwrap();
    let display = match shipped.scopes.iter().find(|s| s.name.value == scope) {
        Some(s) => shipped.files[s.file].display.clone(),
        None => format!("spec/scopes/{}.toml", scope.to_lowercase()),
    };
    let rest = files.into_iter().filter(|f| f.display != display).collect();
    (rest, display)
}

/// (a) Every page against the shipped spec: nothing to report, but for a page of a scope the
/// spec does not have, which says that alone.
#[test]
fn every_page_against_the_shipped_spec_reports_nothing() {
    let spec = dqe_codegen::load_spec_from(tests::shipped_spec_files()).unwrap();
    for (name, text) in pages() {
        let found = drift(text.as_bytes(), &name, &spec).unwrap();
        let scope = scope_of(&text, &spec);
        if spec.scopes.iter().any(|s| s.name.value == scope) {
            assert!(found.is_empty(), "{name}:\n{}", shown(&found));
        } else {
            let kinds: Vec<Kind> = found.iter().map(|d| d.kind).collect();
            assert_eq!(kinds, [Kind::ScopeNotInSpec], "{name}:\n{}", shown(&found));
        }
    }
}

/// (b) Every page drafted into its scope's file by `import`, from the spec without that file:
/// the draft checks, and drift of the page against the spec holding it reports nothing.
#[test]
fn every_page_imported_into_its_scope_s_file_drifts_nothing() {
    let spec = dqe_codegen::load_spec_from(tests::shipped_spec_files()).unwrap();
    let mut failed = Vec::new();
    for (name, text) in pages() {
        let scope = scope_of(&text, &spec);
        let (mut files, display) = shipped_without(&scope);
        let without = dqe_codegen::load_spec_from(files.clone())
            .unwrap_or_else(|d| panic!("{name}: the spec without {display}: {d:#?}"));
        let draft = dqe_spec_tools::import::import(text.as_bytes(), &name, &without)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // Kept for a person to read when this fails.
        let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("draft-{name}.toml"));
        std::fs::write(&kept, &draft).unwrap();
        let absolute = files[0].absolute.with_file_name(&display["spec/".len()..]);
        files.push(SourceFile {
            display: display.clone(),
            absolute,
            text: draft,
        });
        let found = match dqe_codegen::load_spec_from(files) {
            Ok(with) => shown(&drift(text.as_bytes(), &name, &with).unwrap()),
            Err(d) => d.iter().map(|d| format!("{d}\n")).collect(),
        };
        if !found.is_empty() {
            failed.push(format!("{name} (draft: {}):\n{found}", kept.display()));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// A made-up scope's page whose step-1 table lists fewer errors and names the scope's own
/// parameter in 05 (`missing or empty parameter (lucky_number) ...`, where the API file says
/// `user_infos`): the draft does without the missing ones and words 05 as the page does, and
/// drifts nothing.
#[test]
fn a_page_naming_its_own_parameter_and_listing_fewer_errors_drafts_both() {
    let page = pages()
        .into_iter()
        .find(|(name, _)| name == "fortune.txt")
        .unwrap()
        .1;
    let from = "missing or empty parameter (user_infos) for this scope";
    assert!(page.contains(from));
    let page = page
        .replace(
            from,
            "missing or empty parameter (lucky_number) for this scope",
        )
        .replace(
            "| 12 | phone check failed | The operator verification failed. |\n",
            "",
        );
    let spec = dqe_codegen::load_spec_from(tests::shipped_spec_files()).unwrap();
    let draft = dqe_spec_tools::import::import(page.as_bytes(), "fortune.txt", &spec).unwrap();
    // The API file's step 1 errors the page does not list, 12 among them: derived, so that an
    // error the API file gains (every scope's) is one more here, not a test to edit.
    let listed: Vec<String> = dqe_spec_tools::page::read(page.as_bytes(), "fortune.txt")
        .unwrap()
        .steps[0]
        .errors
        .iter()
        .map(|e| e.id.clone())
        .collect();
    let initiate = spec.endpoints.iter().find(|e| e.key.value == "initiate");
    let without: Vec<String> = initiate
        .unwrap()
        .errors
        .iter()
        .map(|e| &e.id.value)
        .filter(|id| !listed.contains(id))
        .map(|id| format!("\"{id}\""))
        .collect();
    assert!(without.contains(&"\"12\"".to_owned()), "{without:?}");
    let without = format!(
        "[extend.initiate.errors]\nwithout = [{}]",
        without.join(", ")
    );
    for part in [
        without.as_str(),
        "[extend.initiate.errors.texts]\n05 = \"missing or empty parameter (lucky_number) for this scope\"",
    ] {
        assert!(draft.contains(part), "no {part} in\n{draft}");
    }
    let (mut files, display) = shipped_without("fortune");
    let absolute = files[0].absolute.with_file_name(&display["spec/".len()..]);
    files.push(SourceFile {
        display,
        absolute,
        text: draft.clone(),
    });
    let with = dqe_codegen::load_spec_from(files).unwrap();
    let found = drift(page.as_bytes(), "fortune.txt", &with).unwrap();
    assert!(found.is_empty(), "{}\n{draft}", shown(&found));
}

/// Drift reads a scope's errors over the spec's model, the sandbox over the generated tables:
/// for every scope and endpoint of the shipped spec, both give the same errors in the same
/// words (one rule, `dqe_spec_types::scope_errors::wording`, on both sides).
#[test]
fn drift_and_the_sandbox_read_a_scope_s_errors_the_same_way() {
    let spec = dqe_codegen::load_spec_from(tests::shipped_spec_files()).unwrap();
    let tables = [
        dqe_client::InitiateRequest::INFO,
        dqe_client::RetrieveRequest::INFO,
        dqe_client::AccessTokenRequest::INFO,
    ];
    for scope in &spec.scopes {
        let runtime = dqe_client::Scope::INFO
            .iter()
            .find(|s| s.wire == scope.name.value)
            .unwrap();
        for e in &spec.endpoints {
            let info = tables.iter().find(|t| t.name == e.key.value).unwrap();
            let model: Vec<(String, String)> = spec
                .errors_of_scope(e, scope)
                .iter()
                .map(|x| (x.entry.id.value.clone(), x.text().value.clone()))
                .collect();
            let sandbox: Vec<(String, String)> = info
                .errors
                .iter()
                .filter_map(|x| info.error_for(x.id, &[runtime]))
                .map(|x| (x.id.to_owned(), x.text.to_owned()))
                .collect();
            assert_eq!(model, sandbox, "{} {}", scope.name.value, e.key.value);
        }
    }
}
