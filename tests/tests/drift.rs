//! `dqe spec drift`'s comparison, in-process: DQE's formfilling page against the shipped spec
//! reports nothing; copies of the page changed in one way each report that change, once.

use std::path::Path;

use dqe_codegen::model::Spec;
use dqe_spec_tools::drift::{Difference, Kind, NotComparable, drift};

fn spec() -> Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    dqe_codegen::load_spec(&dir, "spec").expect("the shipped spec is valid")
}

fn page() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dqe-cli/tests/pages/formfilling.txt");
    std::fs::read_to_string(path).unwrap()
}

fn differences(text: &str) -> Vec<Difference> {
    drift(text.as_bytes(), "formfilling.txt", &spec()).expect("a page of this API")
}

fn shown(found: &[Difference]) -> String {
    found.iter().map(|d| format!("{d}\n")).collect()
}

/// DQE's own page, read: its two steps.
fn read_page() -> dqe_spec_tools::page::Page {
    let page = dqe_spec_tools::page::read(page().as_bytes(), "formfilling.txt").unwrap();
    assert_eq!(page.steps.len(), 2);
    page
}

/// What the reader found on a page, one line an item (no line numbers): its steps, their
/// requests and parameters, replies, nested tables, examples and errors. What the stored page
/// holds is a snapshot to accept when DQE changes it, not counts to edit.
fn outline(page: &dqe_spec_tools::page::Page) -> String {
    let mut out = Vec::new();
    for step in &page.steps {
        out.push(format!("step {}: {}", step.number, step.title));
        for r in &step.requests {
            let params: Vec<String> = r
                .params
                .iter()
                .map(|p| match p.mandatory {
                    Some(true) => format!("{}*", p.name),
                    _ => p.name.clone(),
                })
                .collect();
            out.push(format!("  {:?}: {}", r.method, params.join(" ")));
        }
        let outcomes = [("success", &step.success), ("pending", &step.pending)];
        for (what, o) in outcomes {
            let Some(o) = o else { continue };
            let key = |k: &dqe_spec_tools::page::Key| {
                let name = k
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("(unnamed: {})", k.description));
                format!("{name}: {}", k.ty)
            };
            let keys: Vec<String> = o.keys.iter().map(key).collect();
            out.push(format!(
                "  {what}: {} ({} example(s))",
                keys.join(", "),
                o.examples.len()
            ));
            for n in &o.nested {
                let keys: Vec<String> = n.keys.iter().map(key).collect();
                out.push(format!("    {}: {}", n.parent, keys.join(", ")));
            }
        }
        for e in &step.errors {
            out.push(format!("  error {}: {}", e.id, e.text));
        }
        out.push(format!("  {} error example(s)", step.error_examples.len()));
    }
    out.join("\n")
}

/// Each of `want` is in `got`, in that order: what a stored page is known to hold, which a page
/// DQE extends still holds.
fn in_order<T: AsRef<str> + std::fmt::Debug>(got: &[T], want: &[&str]) {
    let mut rest = got.iter();
    for w in want {
        assert!(
            rest.any(|g| g.as_ref() == *w),
            "{w:?} is not read, or not in its place: {got:?}"
        );
    }
}

#[test]
fn dqe_formfilling_page_reads_whole() {
    insta::assert_snapshot!(outline(&read_page()));
}

/// The page reader on DQE's own page, step 1: both requests, their tables (broken rows joined),
/// the success keys, the example and the errors.
#[test]
fn dqe_formfilling_page_reads_step_1_whole() {
    let page = read_page();
    let (one, two) = (&page.steps[0], &page.steps[1]);
    assert_eq!(
        (one.number, one.title.as_str()),
        (1, "Initiate consent request")
    );
    assert_eq!(two.number, 2);
    let methods: Vec<_> = one.requests.iter().map(|r| r.method).collect();
    assert_eq!(
        methods,
        [
            dqe_codegen::model::Method::Get,
            dqe_codegen::model::Method::Post
        ]
    );
    let get = &one.requests[0];
    let url = get.url.as_ref().unwrap();
    assert_eq!(url.host_placeholders, ["SERVER_ADDRESS"]);
    assert!(
        url.query
            .contains(&("scope".to_owned(), "formfilling".to_owned()))
    );
    // What today's page has, in its order (the whole reading is the outline snapshot above: a
    // row DQE adds is a snapshot to accept, not an edit here).
    let names: Vec<_> = get.params.iter().map(|p| p.name.as_str()).collect();
    in_order(
        &names,
        &[
            "SERVER_ADDRESS",
            "licence",
            "number",
            "token",
            "mode",
            "name",
            "code_name",
            "scope",
            "redirect_uri",
        ],
    );
    let mode = get.params.iter().find(|p| p.name == "mode").unwrap();
    assert_eq!(mode.description, "2: authentication by code.");
    assert_eq!(mode.mandatory, Some(true));
    let code_name = get.params.iter().find(|p| p.name == "code_name").unwrap();
    assert_eq!(code_name.mandatory, Some(false));
    assert!(
        one.requests[1]
            .params
            .iter()
            .all(|p| p.name != "SERVER_ADDRESS"),
        "the POST table has no SERVER_ADDRESS"
    );
    let success = one.success.as_ref().unwrap();
    let keys: Vec<_> = success
        .keys
        .iter()
        .map(|k| k.name.clone().unwrap())
        .collect();
    in_order(&keys, &["status", "operator", "url"]);
    assert!(!success.examples.is_empty());
    assert!(
        one.errors
            .iter()
            .any(|e| e.text == "operator [Operator Name] not found")
    );
}

/// The page reader on DQE's own page, step 2: the nested table, its row without a key name and
/// its inline keys, the examples, the pending reply and the errors.
#[test]
fn dqe_formfilling_page_reads_step_2_whole() {
    let page = read_page();
    let two = &page.steps[1];
    assert_eq!(
        two.requests[0]
            .params
            .iter()
            .filter(|p| p.name == "Licence")
            .count(),
        1
    );
    let success = two.success.as_ref().unwrap();
    let nested = &success.nested[0];
    assert_eq!(nested.parent, "formfilling");
    let nameless: Vec<_> = nested.keys.iter().filter(|k| k.name.is_none()).collect();
    assert_eq!(nameless.len(), 1, "the page's row without a key name");
    assert_eq!(nameless[0].description, "Complete email address.");
    assert_eq!(nameless[0].ty, "STRING");
    let address = nested
        .keys
        .iter()
        .find(|k| k.name.as_deref() == Some("address"))
        .unwrap();
    in_order(
        &address.inline_keys,
        &[
            "country",
            "postal_code",
            "formatted",
            "street_address",
            "number",
            "locality",
        ],
    );
    assert_eq!(address.ty, "JSON OBJECT");
    let body: serde_json::Value = serde_json::from_str(&success.examples[0].body).unwrap();
    assert_eq!(body["formfilling"]["gender"], "M");
    let pending = two.pending.as_ref().unwrap();
    assert!(!pending.keys.is_empty() && !pending.examples.is_empty());
    assert!(!two.errors.is_empty() && !two.error_examples.is_empty());
}

#[test]
fn dqe_s_formfilling_page_matches_the_spec() {
    let found = differences(&page());
    assert!(found.is_empty(), "{}", shown(&found));
}

/// DQE's billing page, mistakes included, against the shipped `billing.toml` (drafted by
/// `dqe spec import`, reviewed by hand): nothing to report.
#[test]
fn dqe_s_billing_page_matches_the_spec() {
    let found = drift(test_page("billing.txt").as_bytes(), "billing.txt", &spec()).unwrap();
    assert!(found.is_empty(), "{}", shown(&found));
}

/// The page with `from` replaced by `to` (which must be there), everywhere.
fn edited(from: &str, to: &str) -> String {
    let text = page();
    assert!(text.contains(from), "the page has no {from:?}");
    text.replace(from, to)
}

/// The page with the first `from` replaced by `to`.
fn edited_once(from: &str, to: &str) -> String {
    let text = page();
    assert!(text.contains(from), "the page has no {from:?}");
    text.replacen(from, to, 1)
}

/// Exactly one difference, of `kind`, naming `lines` of the page.
fn one(text: &str, kind: Kind, words: &[&str]) -> Difference {
    let found = differences(text);
    assert_eq!(found.len(), 1, "{kind:?}: {}", shown(&found));
    let d = found.into_iter().next().unwrap();
    assert_eq!(d.kind, kind, "{d}");
    for w in words {
        assert!(d.message.contains(w), "no {w:?} in {d}");
    }
    assert!(!d.page.is_empty(), "{d}");
    d
}

#[test]
fn each_change_of_the_page_is_reported_once() {
    let text = edited_once(
        "| 18 | failed to retrieve data from operator |",
        "| 19 | brand new error | New. |\n| 18 | failed to retrieve data from operator |",
    );
    one(&text, Kind::ErrorAdded, &["19", "brand new error"]);
    let text = edited("| 21 | access denied |", "| 21 | access refused |");
    one(
        &text,
        Kind::ErrorTextChanged,
        &["21", "access refused", "access denied"],
    );
    let text = edited(
        "| 09 | ineligible phone number | The phone number is not eligible for the solution. |\n",
        "",
    );
    one(&text, Kind::ErrorRemoved, &["09"]);
    let text = edited(
        "| code_name | Optional field containing a code associated with name. |\nOptional |\n",
        "",
    );
    let d = one(&text, Kind::ParameterRemoved, &["code_name"]);
    assert!(d.spec.is_some(), "{d}");
    let text = edited(
        "code associated with name. |\nOptional |",
        "code associated with name. |\nMandatory |",
    );
    let d = one(&text, Kind::ParameterNowMandatory, &["code_name"]);
    assert_eq!(d.page.len(), 2, "the GET and POST tables: {d}");
    let text = edited(
        "| redirect_uri | Redirection URL. DQE adds the session token and status to the redirect. | Optional |",
        "| redirect_uri | Redirection URL. | Optional |\n| loyalty | A loyalty id. | Optional |",
    );
    let d = one(&text, Kind::ParameterAdded, &["loyalty"]);
    assert_eq!(d.page.len(), 2, "{d}");
    let text = edited(
        "| operator | Operator. | STRING |",
        "| operator_name | Operator. | STRING |",
    );
    one(&text, Kind::KeyRenamed, &["operator", "operator_name"]);
    let text = edited(
        "| url | URL of the operator API. | STRING |",
        "| url | URL of the operator API. | STRING |\n| expires | When it expires. | STRING |",
    );
    one(&text, Kind::KeyAdded, &["expires"]);
    let text = edited(
        "| sub | Customer identifier in the operator database. | STRING |",
        "| sub | Customer identifier in the operator database. | STRING |\n| nickname | Nickname. | STRING |",
    );
    one(&text, Kind::KeyAdded, &["formfilling.nickname"]);
    let text = edited(
        "| birthdate | Birth date. | DATE |",
        "| birthdate | Birth date. | JSON OBJECT |",
    );
    one(&text, Kind::TypeUnreadable, &["birthdate"]);
    let text = edited_once("&scope=formfilling&", "&scope=formfill&");
    one(
        &text,
        Kind::FixedValueChanged,
        &["formfill`", "formfilling"],
    );
    let text = edited(
        "https://{SERVER_ADDRESS}/IDMOBILE/",
        "https://{SERVER_ADDRESS}/IDMOBILE2/",
    );
    let d = one(&text, Kind::PathChanged, &["/IDMOBILE2/"]);
    assert_eq!(d.page.len(), 2, "{d}");
    // `locale` taken out of the formfilling object's table and put at the top level.
    let text = edited("| locale | Native language. | STRING(3) |\n", "")
        .replace("| code_name | Contains the code name previously sent. | STRING |", "| code_name | Contains the code name previously sent. | STRING |\n| locale | Native language. | STRING(3) |");
    let d = one(&text, Kind::KeyMoved, &["`locale`", "`formfilling.locale`"]);
    assert!(d.spec.is_some(), "{d}");
    let text = edited("2: authentication by code.", "3: authentication by app.");
    one(&text, Kind::ValuesChanged, &["mode", "`3`", "`2`"]);
    let text = edited("\"gender\": \"M\",", "\"gender\": {\"code\": \"M\"},");
    one(&text, Kind::ExampleUndecodable, &["formfilling.gender"]);
}

#[test]
fn formatting_alone_changes_nothing() {
    let text = page()
        .replace(
            "| mode |\n2: authentication by code. |\nMandatory |",
            "| mode | 2: authentication by code. | Mandatory |",
        )
        .replace(
            "| Key | Description | Type |",
            "|   Key   |   Description |  Type  |",
        )
        .replace("Response\n", "\nResponse\n\n")
        .replace(
            "| status |\nsuccess |\nSTRING |",
            "| status | success | STRING |",
        );
    let text: String = text.lines().map(|l| format!("{l}  \r\n")).collect();
    let found = differences(&text);
    assert!(found.is_empty(), "{}", shown(&found));
}

#[test]
fn what_cannot_be_compared_says_why() {
    let s = spec();
    let other = "Step 1 — Validate an e-mail\nGET request\nhttps://{SERVER_ADDRESS}/EMAIL/?email={EMAIL}\n| Parameter | Description | Mandatory/Optional |\n|---|---|---|\n| email | The address. | Mandatory |\n";
    assert!(
        matches!(drift(other.as_bytes(), "f", &s), Err(NotComparable::OtherProduct(p)) if p == ["/EMAIL/"])
    );
    let no_scope = page()
        .replace("scope=formfilling", "scope={SCOPE}")
        .replace("Must be formfilling", "The scope");
    assert!(matches!(
        drift(no_scope.as_bytes(), "f", &s),
        Err(NotComparable::NoScope)
    ));
    assert!(matches!(
        drift(b"", "f", &s),
        Err(NotComparable::Unreadable(_))
    ));
    let new_scope = page().replace("formfilling", "lifestyle");
    let found = drift(new_scope.as_bytes(), "f", &s).unwrap();
    assert_eq!(found.len(), 1, "{}", shown(&found));
    assert_eq!(found[0].kind, Kind::ScopeNotInSpec);
}

/// A row of one of the page's tables: the lines it spans, its cells, its table's first header
/// cell.
struct TableRow {
    lines: std::ops::Range<usize>,
    cells: Vec<String>,
    header: String,
}

/// Every row of every table of the page, read with the page reader's own table reader.
fn table_rows(lines: &[&str]) -> Vec<TableRow> {
    let mut rows = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].trim_start().starts_with('|') {
            i += 1;
            continue;
        }
        let (table, next) = dqe_spec_tools::page::table::read(lines, i);
        let starts: Vec<usize> = table.rows.iter().map(|r| r.line - 1).collect();
        for (n, row) in table.rows.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(next);
            rows.push(TableRow {
                lines: row.line - 1..end,
                cells: row.cells.clone(),
                header: table.header[0].to_ascii_lowercase(),
            });
        }
        i = next;
    }
    rows
}

/// The page with the row's lines replaced by `with` (none: the row deleted).
fn replace_row(lines: &[&str], row: &TableRow, with: &[String]) -> String {
    let mut out: Vec<String> = lines[..row.lines.start]
        .iter()
        .map(|l| l.to_string())
        .collect();
    out.extend(with.iter().cloned());
    out.extend(lines[row.lines.end..].iter().map(|l| l.to_string()));
    out.join("\n") + "\n"
}

fn row_text(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(crate::common::cases(96))]

    /// One random edit of one random row of the page's tables (a parameter made optional or
    /// mandatory, removed or added; a key renamed, removed or added; an error's text changed or
    /// the error removed) is reported exactly once, with the kind that edit is.
    #[test]
    fn any_single_table_edit_is_reported_once(pick in any::<prop::sample::Index>(), edit in 0u8..3) {
        let text = page();
        let lines: Vec<&str> = text.lines().collect();
        let host_or_unnamed = |r: &TableRow| {
            r.cells[0].chars().all(|c| c.is_ascii_uppercase() || c == '_') || r.cells[0].contains(' ')
        };
        let rows: Vec<TableRow> = table_rows(&lines).into_iter().filter(|r| !host_or_unnamed(r)).collect();
        let row = pick.get(&rows);
        let mut cells = row.cells.clone();
        let (with, kind) = match (row.header.as_str(), edit) {
            ("parameter", 0) => {
                let flipped = if cells[2].starts_with("Mandatory") { "Optional" } else { "Mandatory" };
                let kind = if flipped == "Mandatory" { Kind::ParameterNowMandatory } else { Kind::ParameterNowOptional };
                cells[2] = flipped.to_owned();
                (vec![row_text(&cells)], kind)
            }
            ("parameter", 1) => (vec![], Kind::ParameterRemoved),
            ("parameter", _) => {
                let new = row_text(&["fresh_param".into(), "New.".into(), "Optional".into()]);
                (vec![row_text(&cells), new], Kind::ParameterAdded)
            }
            ("key", 0) => {
                cells[0] = format!("{}_renamed", cells[0]);
                (vec![row_text(&cells)], Kind::KeyRenamed)
            }
            ("key", 1) => (vec![], Kind::KeyRemoved),
            ("key", _) => {
                let new = row_text(&["fresh_key".into(), "New.".into(), "STRING".into()]);
                (vec![row_text(&cells), new], Kind::KeyAdded)
            }
            (_, 0 | 2) => {
                cells[1] = format!("{} now", cells[1]);
                (vec![row_text(&cells)], Kind::ErrorTextChanged)
            }
            (_, _) => (vec![], Kind::ErrorRemoved),
        };
        let edited = replace_row(&lines, row, &with);
        let found = differences(&edited);
        prop_assert_eq!(found.len(), 1, "{:?} of {:?}: {}", kind, row.cells, shown(&found));
        prop_assert_eq!(found[0].kind, kind, "{}", found[0]);
    }
}

proptest! {
    #![proptest_config(crate::common::cases(256))]

    /// No panic on any bytes (the fuzz target `drift_page` runs the same longer).
    #[test]
    fn any_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = drift(&data, "f", &spec());
    }

    /// No panic on page-like text: the page's own lines, shuffled, cut and repeated.
    #[test]
    fn any_page_like_text_never_panics(picks in prop::collection::vec(any::<prop::sample::Index>(), 0..120), cut in any::<prop::sample::Index>()) {
        let text = page();
        let lines: Vec<&str> = text.lines().collect();
        let mut out: Vec<String> = picks.iter().map(|i| i.get(&lines).to_string()).collect();
        if let Some(last) = out.last_mut() {
            let at = cut.index(last.len() + 1);
            if last.is_char_boundary(at) {
                last.truncate(at);
            }
        }
        if let Ok(found) = drift(out.join("\n").as_bytes(), "f", &spec()) {
            for d in found {
                let _ = d.to_json();
            }
        }
    }
}

/// The shipped spec's files, but the scope file `NAME.toml` when `extra` names it, and `extra`'s
/// text as that file.
fn shipped_with(extra: Option<(&str, &str)>) -> Vec<dqe_codegen::SourceFile> {
    let mut files = tests::shipped_spec_files();
    if let Some((name, text)) = extra {
        let display = format!("spec/scopes/{name}.toml");
        files.retain(|f| f.display != display);
        let absolute = files[0]
            .absolute
            .with_file_name(format!("scopes/{name}.toml"));
        files.push(dqe_codegen::SourceFile {
            display,
            absolute,
            text: text.to_owned(),
        });
    }
    files
}

fn test_page(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../dqe-cli/tests/pages")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// A made-up scope's page, in DQE's format: its draft passes the spec's checks, and the page
/// compared with the spec holding the draft reports nothing.
#[test]
fn import_drafts_a_scope_that_checks_and_drifts_nothing() {
    let page = test_page("fortune.txt");
    let draft = dqe_spec_tools::import::import(page.as_bytes(), "fortune.txt", &spec()).unwrap();
    for part in [
        "name = \"fortune\"",
        "one_step = true",
        "without = [\"mode\", \"code_name\", \"user_infos\"]",
        "name = \"lucky_number\"",
        "required = true",
        "type = \"bool\"",
        "[enums.Mood]",
        "# [inf]",
    ] {
        assert!(draft.contains(part), "no {part} in\n{draft}");
    }
    let with = dqe_codegen::load_spec_from(shipped_with(Some(("fortune", &draft))))
        .unwrap_or_else(|d| panic!("the draft does not check: {d:?}\n{draft}"));
    let found = drift(page.as_bytes(), "fortune.txt", &with).unwrap();
    assert!(found.is_empty(), "{}\n{draft}", shown(&found));
    // A scope the spec has is refused, naming its file.
    let e = dqe_spec_tools::import::import(page.as_bytes(), "fortune.txt", &with).unwrap_err();
    assert!(e.to_string().contains("spec/scopes/fortune.toml"), "{e}");
}

/// DQE's billing page, as DQE publishes it, mistakes included (step 1's response shows step
/// 2's replies; step 2 fixes `scope` to the token endpoint's `client_idmobile`): the draft says
/// both in `[extend.E.page]` notes, passes the checks, and leaves nothing to report.
#[test]
fn the_billing_page_drafts_a_file_with_its_mistakes_noted() {
    let page = test_page("billing.txt");
    let without = dqe_codegen::load_spec_from(
        shipped_with(Some(("billing", "")))[..]
            .iter()
            .filter(|f| !f.text.is_empty())
            .cloned()
            .collect(),
    )
    .expect("the shipped spec without billing");
    let draft = dqe_spec_tools::import::import(page.as_bytes(), "billing.txt", &without).unwrap();
    for part in [
        "replies_of = \"retrieve\"",
        "fixed = { scope = \"client_idmobile\" }",
        "[[extend.retrieve.success.fields]]\nname = \"billing\"",
    ] {
        assert!(draft.contains(part), "no {part} in\n{draft}");
    }
    assert!(
        !draft.contains("[[extend.initiate.success.fields]]"),
        "{draft}"
    );
    let with = dqe_codegen::load_spec_from(shipped_with(Some(("billing", &draft))))
        .unwrap_or_else(|d| panic!("the draft does not check: {d:?}\n{draft}"));
    let found = drift(page.as_bytes(), "billing.txt", &with).unwrap();
    assert!(found.is_empty(), "{}\n{draft}", shown(&found));
    // Without the notes, the page's mistakes are reported.
    let bare: String = draft
        .lines()
        .filter(|l| !l.starts_with("replies_of") && !l.starts_with("fixed"))
        .map(|l| format!("{l}\n"))
        .collect();
    let with = dqe_codegen::load_spec_from(shipped_with(Some(("billing", &bare)))).unwrap();
    let found = drift(page.as_bytes(), "billing.txt", &with).unwrap();
    assert!(
        found.iter().any(|d| d.kind == Kind::FixedValueChanged),
        "{}",
        shown(&found)
    );
    assert!(
        found.iter().any(|d| d.kind == Kind::OutcomeAdded),
        "{}",
        shown(&found)
    );
}
