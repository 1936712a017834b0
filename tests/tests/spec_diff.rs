//! `dqe spec diff`'s comparison, in-process: each edit of `tests::edits` reported as its kind,
//! once, and reversed as its opposite; the same API (comments, blank lines, keys reordered)
//! reported as no change; the verdicts of the rules the compiler test (`spec_changes`) does
//! not build; and, over random edits of the shipped spec, no change missed: when the diff is
//! empty the generated code is the same, and when it says patch the public API is the same.

use dqe_codegen::model::Spec;
use dqe_spec_tools::diff::{SpecDiff, Verdict, diff};
use proptest::prelude::*;
use tests::edits::{CASES, SpecFiles};

use crate::public_api::listing;

fn shipped() -> Spec {
    SpecFiles::shipped().load("old")
}

fn kinds(found: &SpecDiff) -> Vec<&'static str> {
    found.changes.iter().map(|c| c.kind.id()).collect()
}

/// What the diff says of every edit, as `dqe spec diff` prints it.
#[test]
fn each_edit_reads_as_its_change() {
    let old = shipped();
    let mut all = String::new();
    for case in CASES {
        let found = diff(&old, &case.spec().load("new"));
        assert_eq!(
            kinds(&found).iter().filter(|k| **k == case.kind).count(),
            1,
            "{}: {:#?}",
            case.name,
            found.changes
        );
        all.push_str(&format!("{}:\n", case.name));
        for c in &found.changes {
            all.push_str(&format!("  {c}\n"));
        }
    }
    insta::assert_snapshot!(all);
}

/// An edit undone is the opposite change: what was added is removed, and the other way.
#[test]
fn each_edit_undone_reads_as_the_opposite_change() {
    let old = shipped();
    for case in CASES {
        let new = case.spec().load("new");
        let (forth, back) = (kinds(&diff(&old, &new)), kinds(&diff(&new, &old)));
        let opposite = |k: &str| {
            let turned = [
                ("parameter-now-optional", "parameter-now-mandatory"),
                ("parameter-now-mandatory", "parameter-now-optional"),
            ];
            if let Some((_, other)) = turned.iter().find(|(from, _)| *from == k) {
                return (*other).to_owned();
            }
            k.strip_suffix("-added")
                .map(|base| format!("{base}-removed"))
                .or_else(|| k.strip_suffix("-removed").map(|b| format!("{b}-added")))
                .unwrap_or_else(|| k.to_owned())
        };
        let expected: Vec<String> = forth.iter().map(|k| opposite(k)).collect();
        let mut back: Vec<String> = back.iter().map(|k| k.to_string()).collect();
        let mut expected = expected;
        back.sort();
        expected.sort();
        assert_eq!(back, expected, "{}", case.name);
    }
}

/// Comments, blank lines, keys written in another order and a table's keys as an inline
/// table describe the same API.
#[test]
fn the_same_api_written_otherwise_is_no_change() {
    let mut s = SpecFiles::shipped();
    s.replace(
        "api.toml",
        "[[endpoints.initiate.params]]\nname = \"number\"\nrequired = true\nsensitive = true\n",
        "# A comment.\n\n[[endpoints.initiate.params]]\nsensitive = true\n\nrequired = true\nname = \"number\"\n",
    );
    s.replace(
        "scopes/simswap.toml",
        "[extend.initiate.sandbox]\nempty = { period = \"05\" }\n",
        "[extend.initiate.sandbox.empty]\nperiod = \"05\" # the same\n",
    );
    let found = diff(&shipped(), &s.load("new"));
    assert!(found.is_empty(), "{:#?}", found.changes);
    assert_eq!(found.next_version(), None);
}

/// A rule's verdict: the edit of the shipped spec, the kind and the verdict expected.
type Rule = (&'static str, fn(&mut SpecFiles), &'static str, Verdict);

/// The verdicts of rules `spec_changes` does not build, each with why in the diff's own words.
const RULES: &[Rule] = &[
    (
        "a scope that requires one more of the API file's parameters",
        |s| {
            s.replace(
                "scopes/billing.toml",
                "[scope]\n",
                "[scope]\nrequires = [\"code_name\"]\n",
            )
        },
        "scope-requires-changed",
        Verdict::Major,
    ),
    (
        "a parameter another scope takes",
        |s| s.replace("scopes/simswap.toml", "\"code_name\", ", ""),
        "parameter-scopes-changed",
        Verdict::Patch,
    ),
    (
        "an error text with a placeholder: the same text captures otherwise",
        |s| {
            s.replace(
                "api.toml",
                "type = \"operator {operator} not found\"\noutcome = \"not_eligible\"\nexample = \"operator SFR not found\"",
                "type = \"operator {operator} is not found\"\noutcome = \"not_eligible\"\nexample = \"operator SFR is not found\"",
            )
        },
        "error-text-changed",
        Verdict::Major,
    ),
    (
        "an error text without one: kept as received, matched by id",
        |s| {
            s.replace(
                "api.toml",
                "type = \"internal server error\"\n",
                "type = \"server error\"\n",
            )
        },
        "error-text-changed",
        Verdict::Patch,
    ),
    (
        "a credential without its variable: `Credentials::from_env` is gone",
        |s| s.replace("api.toml", "env = \"DQE_LICENCE\"\n", ""),
        "credential-env-changed",
        Verdict::Major,
    ),
    (
        "another server variable",
        |s| {
            s.replace(
                "api.toml",
                "server_env = \"DQE_SERVER\"",
                "server_env = \"DQE_URL\"",
            )
        },
        "server-env-changed",
        Verdict::Patch,
    ),
    (
        "a one-step scope answered after consent",
        |s| s.replace("scopes/simswap.toml", "one_step = true\n", ""),
        "one-step-changed",
        Verdict::Major,
    ),
    (
        "another path",
        |s| s.replace("api.toml", "path = \"/GET/\"", "path = \"/RETRIEVE/\""),
        "path-changed",
        Verdict::Patch,
    ),
    (
        "another body limit",
        |s| s.replace("api.toml", "max_body = \"16 MiB\"", "max_body = \"32 MiB\""),
        "max-body-changed",
        Verdict::Patch,
    ),
    (
        "a closed enum opened: `Other` comes",
        |s| s.replace("api.toml", "open = false\n", ""),
        "enum-open-changed",
        Verdict::Major,
    ),
    (
        "an object without `postal_lines()`",
        |s| s.replace("scopes/formfilling.toml", "role = \"postal_lines\"\n", ""),
        "role-changed",
        Verdict::Major,
    ),
    (
        "an error no longer worth asking again",
        |s| s.replace("api.toml", "retryable = true\n", ""),
        "retryable-changed",
        Verdict::Patch,
    ),
    (
        "another answer of the sandbox",
        |s| {
            s.replace(
                "api.toml",
                "not_json = { user_infos = \"06\" }",
                "not_json = { user_infos = \"01\" }",
            )
        },
        "sandbox-changed",
        Verdict::Patch,
    ),
    (
        "a parameter sent under another name",
        |s| {
            s.replace(
                "api.toml",
                "name = \"code_name\"\ndescription = \"Optional",
                "name = \"code_name\"\nwire = \"codeName\"\ndescription = \"Optional",
            )
        },
        "parameter-wire-changed",
        Verdict::Patch,
    ),
    (
        "credentials in another order: the arguments of `Credentials::new`",
        |s| {
            let licence = "[credentials.licence]\ndescription = \"Number assigned to you as your licence code.\"\nenv = \"DQE_LICENCE\"\n\n";
            s.replace("api.toml", licence, "");
            s.replace(
                "api.toml",
                "env = \"DQE_CLIENT_SECRET\"\n",
                &format!("env = \"DQE_CLIENT_SECRET\"\n\n{licence}"),
            );
        },
        "order-changed",
        Verdict::Major,
    ),
    (
        "keys in another order: written back so",
        |s| {
            let country = "[[objects.Address.fields]]\nname = \"country\"\nexample = '\"France\"'\ndescription = \"Country, written out (`France`), not an ISO code.\"\n\n";
            s.replace("scopes/formfilling.toml", country, "");
            s.append("scopes/formfilling.toml", &format!("\n{country}"));
        },
        "order-changed",
        Verdict::Patch,
    ),
    (
        "a page note",
        |s| {
            s.replace(
                "scopes/billing.toml",
                "unlisted_keys = [\"code_name\"]\n",
                "",
            )
        },
        "page-note-changed",
        Verdict::Patch,
    ),
    (
        "what the customer reads of a scope where they consent",
        |s| {
            s.replace(
                "scopes/billing.toml",
                "fr = \"Une facture",
                "fr = \"Une seule facture",
            )
        },
        "customer-text-changed",
        Verdict::Patch,
    ),
    (
        "an error a scope's page no longer lists",
        |s| {
            s.replace(
                "scopes/simswap.toml",
                "without = [\"09\"",
                "without = [\"09\", \"10\"",
            )
        },
        "scope-errors-changed",
        Verdict::Patch,
    ),
];

#[test]
fn each_rule_has_its_verdict() {
    let old = shipped();
    for (what, edit, kind, verdict) in RULES {
        let mut s = SpecFiles::shipped();
        edit(&mut s);
        let found = diff(&old, &s.load("new"));
        let change = found.changes.iter().find(|c| c.kind.id() == *kind);
        let change = change.unwrap_or_else(|| panic!("{what}: no {kind} in {:#?}", found.changes));
        assert_eq!(change.verdict, *verdict, "{what}: {change}");
        // Whatever else the edit changes (an example with the text) weighs no more.
        assert_eq!(
            found.next_version(),
            Some(*verdict),
            "{what}: {:#?}",
            found.changes
        );
    }
}

/// The JSON form holds every part of a change.
#[test]
fn a_change_as_json() {
    let case = CASES.iter().find(|c| c.kind == "key-added").unwrap();
    let found = diff(&shipped(), &case.spec().load("new"));
    let json = found.to_json();
    assert_eq!(json["next_version"], found.next_version().unwrap().as_str());
    let first = &json["changes"][0];
    let c = &found.changes[0];
    assert_eq!(first["kind"], "key-added");
    assert_eq!(first["verdict"], c.verdict.as_str());
    assert_eq!(first["subject"], c.subject.as_str());
    assert_eq!(first["item"], c.item.as_str());
    assert_eq!(first["old"], serde_json::Value::Null);
    let site = c.new.as_ref().unwrap();
    assert_eq!(first["new"], format!("{}:{}", site.file, site.line));
    assert_eq!(first["new_key"], site.key.clone().unwrap());
}

/// One edit of a spec's text: a line removed, a value changed (a string lengthened, a boolean
/// flipped), or bytes put in somewhere.
fn edited(s: &SpecFiles, file: usize, at: usize, how: u8, bytes: &[u8]) -> SpecFiles {
    let mut s = s.clone();
    let n = s.files.len();
    let text = &mut s.files[file % n].1;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let i = at % lines.len();
    let line = lines[i];
    let new = match how % 3 {
        0 => String::new(),
        1 if line.contains("= true") => line.replacen("= true", "= false", 1),
        1 if line.contains("= false") => line.replacen("= false", "= true", 1),
        1 => match line.rfind('"') {
            Some(q) => format!("{}x{}", &line[..q], &line[q..]),
            None => line.replacen(' ', "  ", 1),
        },
        _ => {
            let cut = line.char_indices().map(|(c, _)| c).nth(at % 7).unwrap_or(0);
            format!(
                "{}{}{}",
                &line[..cut],
                String::from_utf8_lossy(bytes),
                &line[cut..]
            )
        }
    };
    *text = lines[..i].concat() + &new + &lines[i + 1..].concat();
    s
}

/// The shipped spec, its generated code and its public API, computed once for every case.
fn baseline() -> &'static (SpecFiles, Spec, String, Vec<String>) {
    static BASELINE: std::sync::OnceLock<(SpecFiles, Spec, String, Vec<String>)> =
        std::sync::OnceLock::new();
    BASELINE.get_or_init(|| {
        let files = SpecFiles::shipped();
        let spec = files.load("spec");
        let code = dqe_codegen::expand_spec(&spec).to_string();
        let api = listing(&spec);
        (files, spec, code, api)
    })
}

proptest! {
    #![proptest_config(crate::common::cases(32))]

    /// No edit of the shipped spec makes the diff panic, and none that it misses changes the
    /// generated code; when it says patch, the public API is the same, and when it says minor,
    /// the public API only grows.
    #[test]
    fn no_change_is_missed(
        file in 0usize..16,
        at in 0usize..4096,
        how in 0u8..3,
        bytes in proptest::collection::vec(any::<u8>(), 0..6),
    ) {
        let (files, old, old_code, old_api) = baseline();
        let new = edited(files, file, at, how, &bytes);
        let Ok(new) = dqe_codegen::load_spec_from(new.source_files("spec")) else {
            return Ok(());
        };
        let found = diff(old, &new);
        match found.next_version() {
            None => prop_assert_eq!(old_code, &dqe_codegen::expand_spec(&new).to_string()),
            Some(Verdict::Patch) => prop_assert_eq!(old_api, &listing(&new), "{:#?}", found.changes),
            Some(Verdict::Minor) => {
                let after = listing(&new);
                prop_assert!(old_api.iter().all(|l| after.contains(l)), "{:#?}", found.changes);
            }
            Some(Verdict::Major) => {}
        }
    }
}
