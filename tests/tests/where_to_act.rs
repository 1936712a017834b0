//! Each difference `dqe spec drift` finds says where to act: the spec file and table, why
//! there (the scope's own file, or the API file every scope shares), and for an addition the
//! TOML to add, which, added to that file, leaves nothing to report.

use std::path::Path;

use dqe_codegen::SourceFile;
use dqe_spec_tools::drift::{Action, Difference, Kind, drift};

fn test_page(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../dqe-cli/tests/pages")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// The shipped spec, with `extra` appended to the scope file shown as `file`.
fn shipped_with(file: &str, extra: &str) -> Vec<SourceFile> {
    let mut files = tests::shipped_spec_files();
    let f = files
        .iter_mut()
        .find(|f| f.display == file)
        .unwrap_or_else(|| panic!("no {file}"));
    f.text.push('\n');
    f.text.push_str(extra);
    files
}

/// The one difference of `page` (the fixture `name` edited) against `files`, of `kind`.
fn one(name: &str, page: &str, files: Vec<SourceFile>, kind: Kind) -> Difference {
    let spec = dqe_codegen::load_spec_from(files).unwrap();
    let found = drift(page.as_bytes(), name, &spec).unwrap();
    let shown: String = found.iter().map(|d| format!("{d}\n")).collect();
    assert_eq!(found.len(), 1, "{kind:?}: {shown}");
    assert_eq!(found[0].kind, kind, "{shown}");
    found.into_iter().next().unwrap()
}

/// The action of `d`, at `file` and `table`, with TOML to add or not.
fn at(d: &Difference, file: &str, table: &str, toml: bool) -> Action {
    let a = d.action.clone().unwrap_or_else(|| panic!("no action: {d}"));
    assert_eq!((a.file.as_str(), a.table.as_str()), (file, table), "{d}");
    assert_eq!(a.toml.is_some(), toml, "{d}");
    assert!(!a.reason.is_empty(), "{d}");
    a
}

const FORMFILLING: &str = "spec/scopes/formfilling.toml";
const API: &str = "spec/api.toml";

/// A change of `from` into `to` in DQE's formfilling page (which must hold `from`).
fn formfilling(from: &str, to: &str) -> String {
    let text = test_page("formfilling.txt");
    assert!(text.contains(from), "the page has no {from:?}");
    text.replace(from, to)
}

/// What a scope's page alone adds goes to the scope's file, with the TOML to add; added there,
/// nothing is left to report.
#[test]
fn an_addition_goes_to_the_scope_s_file_with_its_toml() {
    let shipped = tests::shipped_spec_files;
    let cases = [
        (
            formfilling(
                "| redirect_uri | Redirection URL. DQE adds the session token and status to the redirect. | Optional |",
                "| redirect_uri | Redirection URL. DQE adds the session token and status to the redirect. | Optional |\n| loyalty | A loyalty id. | Optional |",
            ),
            Kind::ParameterAdded,
            "[[extend.initiate.params]]",
        ),
        (
            formfilling(
                "| url | URL of the operator API. | STRING |",
                "| url | URL of the operator API. | STRING |\n| expires | When it expires. | STRING |",
            ),
            Kind::KeyAdded,
            "[[extend.initiate.success.fields]]",
        ),
        (
            formfilling(
                "| sub | Customer identifier in the operator database. | STRING |",
                "| sub | Customer identifier in the operator database. | STRING |\n| nickname | Nickname. | STRING |",
            ),
            Kind::KeyAdded,
            "[[objects.Formfilling.fields]]",
        ),
        (
            formfilling(
                "| 09 | ineligible phone number | The phone number is not eligible for the solution. |\n",
                "",
            ),
            Kind::ErrorRemoved,
            "[extend.initiate.errors]",
        ),
        (
            formfilling("| 21 | access denied |", "| 21 | access refused |"),
            Kind::ErrorTextChanged,
            "[extend.retrieve.errors.texts]",
        ),
        (
            formfilling(
                "| code_name | Contains the code name previously sent. | STRING |\n",
                "",
            ),
            Kind::KeyRemoved,
            "[extend.retrieve.page]",
        ),
    ];
    for (page, kind, table) in cases {
        let d = one("formfilling.txt", &page, shipped(), kind);
        let a = at(&d, FORMFILLING, table, true);
        let toml = a.toml.unwrap();
        assert!(toml.starts_with(table), "{toml}");
        let spec = dqe_codegen::load_spec_from(shipped_with(FORMFILLING, &toml))
            .unwrap_or_else(|e| panic!("{kind:?}: {e:?}\n{toml}"));
        let found = drift(page.as_bytes(), "formfilling.txt", &spec).unwrap();
        assert!(found.is_empty(), "{kind:?} with\n{toml}\n{:?}", found);
    }
}

/// What a scope's file says of the API file's parameters (`without`, `requires`) is edited in
/// its `[scope]`, with the line to write.
#[test]
fn a_scope_s_own_choice_of_the_api_s_parameters_is_in_its_scope_table() {
    let shipped = tests::shipped_spec_files;
    let page = formfilling(
        "| code_name | Optional field containing a code associated with name. |\nOptional |\n",
        "",
    );
    let d = one("formfilling.txt", &page, shipped(), Kind::ParameterRemoved);
    let a = at(&d, FORMFILLING, "[scope]", true);
    assert_eq!(
        a.toml.as_deref(),
        Some("without = [\"user_infos\", \"code_name\"]")
    );
    let page = formfilling(
        "code associated with name. |\nOptional |",
        "code associated with name. |\nMandatory |",
    );
    let d = one(
        "formfilling.txt",
        &page,
        shipped(),
        Kind::ParameterNowMandatory,
    );
    let a = at(&d, FORMFILLING, "[scope]", true);
    assert_eq!(a.toml.as_deref(), Some("requires = [\"code_name\"]"));
    // Fixed to another value than the scope's name: the scope's page note.
    let text = test_page("formfilling.txt").replacen("&scope=formfilling&", "&scope=formfill&", 1);
    let d = one("formfilling.txt", &text, shipped(), Kind::FixedValueChanged);
    let a = at(&d, FORMFILLING, "[extend.initiate.page]", true);
    assert_eq!(
        a.toml.as_deref(),
        Some("[extend.initiate.page]\nfixed = { scope = \"formfill\" }")
    );
}

/// What every scope shares is the API file's: an endpoint's path, a parameter mandatory with
/// every scope, an enum's values, a new error id (with the entry to add).
#[test]
fn what_every_scope_shares_goes_to_the_api_file() {
    let shipped = tests::shipped_spec_files;
    let page = formfilling(
        "https://{SERVER_ADDRESS}/IDMOBILE/",
        "https://{SERVER_ADDRESS}/IDMOBILE2/",
    );
    let d = one("formfilling.txt", &page, shipped(), Kind::PathChanged);
    at(&d, API, "[endpoints.initiate]", false);
    let page = formfilling(
        "| number | Phone number. | Mandatory |",
        "| number | Phone number. | Optional |",
    );
    let d = one(
        "formfilling.txt",
        &page,
        shipped(),
        Kind::ParameterNowOptional,
    );
    at(&d, API, "[[endpoints.initiate.params]]", false);
    let page = formfilling("2: authentication by code.", "3: authentication by app.");
    let d = one("formfilling.txt", &page, shipped(), Kind::ValuesChanged);
    at(&d, API, "[[enums.Mode.values]]", false);
    let page = formfilling(
        "| 18 | failed to retrieve data from operator |",
        "| 19 | brand new [Operator Name] error | New. |\n| 18 | failed to retrieve data from operator |",
    );
    let d = one("formfilling.txt", &page, shipped(), Kind::ErrorAdded);
    let a = at(&d, API, "[[endpoints.retrieve.errors]]", true);
    assert!(a.reason.contains("every scope"), "{d}");
    let toml = a.toml.unwrap();
    for part in [
        "id = \"19\"",
        "variant = \"BrandNewError\"",
        "type = \"brand new {operator_name} error\"",
        "description = \"New.\"",
    ] {
        assert!(toml.contains(part), "no {part} in {toml}");
    }
    // The entry added to the API file: nothing left to report.
    let mut files = shipped();
    let errors = files[0].text.find("[[endpoints.retrieve.errors]]").unwrap();
    files[0].text.insert_str(errors, &format!("{toml}\n\n"));
    let spec = dqe_codegen::load_spec_from(files).unwrap();
    assert!(
        drift(page.as_bytes(), "formfilling.txt", &spec)
            .unwrap()
            .is_empty()
    );
    // A type the spec cannot read: where the key is declared.
    let page = formfilling(
        "| birthdate | Birth date. | DATE |",
        "| birthdate | Birth date. | JSON OBJECT |",
    );
    let d = one("formfilling.txt", &page, shipped(), Kind::TypeUnreadable);
    at(&d, FORMFILLING, "[[objects.Formfilling.fields]]", false);
}

/// A page of a scope the spec does not have: a file of its own, holding `import`'s draft.
#[test]
fn a_new_scope_is_a_file_of_its_own_holding_the_draft() {
    let spec = dqe_codegen::load_spec_from(tests::shipped_spec_files()).unwrap();
    let page = test_page("fortune.txt");
    let found = drift(page.as_bytes(), "fortune.txt", &spec).unwrap();
    assert_eq!(found.len(), 1);
    let a = at(&found[0], "spec/scopes/fortune.toml", "[scope]", true);
    let draft = dqe_spec_tools::import::import(page.as_bytes(), "fortune.txt", &spec).unwrap();
    assert_eq!(a.toml.as_deref(), Some(draft.as_str()));
    assert!(
        a.reason
            .contains("dqe spec import fortune.txt > spec/scopes/fortune.toml")
    );
}

/// The page of a scope whose file does without an error, listing it again: take it out of
/// `without`.
#[test]
fn an_error_a_scope_did_without_is_taken_out_of_its_list() {
    let page = test_page("simswap.txt").replace(
        "| 10 | invalid phone number |",
        "| 09 | ineligible phone number | Not eligible. |\n| 10 | invalid phone number |",
    );
    let files = tests::shipped_spec_files();
    let d = one("simswap.txt", &page, files, Kind::ErrorAdded);
    let a = at(
        &d,
        "spec/scopes/simswap.toml",
        "[extend.initiate.errors]",
        true,
    );
    assert_eq!(a.toml.as_deref(), Some("without = []"));
}
