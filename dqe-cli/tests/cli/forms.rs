//! `dqe spec drift` and `dqe spec import` on a page in each of its forms (`tests/pages/`): the
//! pipe text (`NAME.txt`), a page saved from the browser (`NAME.html`), the Help Center API's
//! answer (`NAME.json`) and Chromium's copy of the saved page (`NAME-chrome.txt`, the saved
//! page's `innerText`). The same page gives the same result in each, whatever the file is
//! named. DQE's formfilling page is taken in its frozen forms (reader fixtures, which the spec
//! need not follow, as `sources.toml` says) and as the pipe text `dqe spec page --text` makes of
//! its API answer, never the followed `formfilling.txt`: they drift alike, whatever the current
//! spec says of them.

use std::path::{Path, PathBuf};

use crate::support::{Dqe, Run};

/// The files of the made-up page `fortune` in each form.
fn forms(name: &str) -> [String; 4] {
    [
        format!("tests/pages/{name}.txt"),
        format!("tests/pages/{name}.html"),
        format!("tests/pages/{name}.json"),
        format!("tests/pages/{name}-chrome.txt"),
    ]
}

/// DQE's formfilling page in each form: its frozen forms, and the pipe text of its API
/// answer made by `dqe spec page --text` (written in the directory `test` names, each test's
/// own: they run at once).
fn dqe_s_forms(test: &str) -> [String; 4] {
    let o = dqe(&["spec", "page", "--text", "tests/pages/formfilling.json"]);
    assert_eq!(o.code(), Some(0), "{}", o.err());
    let text = crate::support::temp_dir(&format!("forms-text-{test}")).join("formfilling-text.txt");
    std::fs::write(&text, o.out()).unwrap();
    [
        text.to_str().unwrap().to_owned(),
        "tests/pages/formfilling.html".to_owned(),
        "tests/pages/formfilling.json".to_owned(),
        "tests/pages/formfilling-chrome.txt".to_owned(),
    ]
}

/// The differences of `dqe spec drift --json` (its exit code checked: 0 or 1), each as its
/// kind, message and place in the spec: what must be the same in every form.
fn differences(file: &str) -> Vec<(String, String, String)> {
    let o = dqe(&["spec", "drift", "--json", file]);
    assert!(o.code().is_some_and(|c| c <= 1), "{file}: {}", o.err());
    let out = o.json();
    let list = out["differences"].as_array().unwrap();
    assert_eq!(o.code() == Some(0), list.is_empty(), "{file}");
    list.iter()
        .map(|d| {
            (
                d["kind"].to_string(),
                d["message"].to_string(),
                d["spec"].to_string(),
            )
        })
        .collect()
}

fn dqe(args: &[&str]) -> Run {
    Dqe::bare().args(args).run()
}

/// `text` with the file's name replaced by `PAGE`.
fn unnamed(text: &str, file: &str) -> String {
    text.replace(file, "PAGE")
}

#[test]
fn drift_of_dqe_s_page_is_the_same_in_every_form() {
    let files = dqe_s_forms("drift");
    let expected = differences(&files[0]);
    for file in &files {
        assert_eq!(differences(file), expected, "{file}");
        let o = dqe(&["spec", "drift", file]);
        let (out, err) = o.text();
        let n = expected.len();
        let summary = format!(
            "{n} difference{} between 1 page and the spec in spec (built into dqe)\n",
            if n == 1 { "" } else { "s" }
        );
        assert!(out.ends_with(&summary), "{file}: {out}{err}");
        let updated = dqe_spec_tools::page::updated_at(&std::fs::read(file).unwrap());
        match &updated {
            Some(at) => {
                assert!(out.starts_with(&format!("{file}: the article was last updated at {at}\n")))
            }
            None => assert!(
                !out.contains("the article was last updated"),
                "{file}: {out}"
            ),
        }
        let o = dqe(&["spec", "drift", "--json", file]);
        // Each page read is listed with its article's updated_at, differing or not.
        let pages = serde_json::json!([{ "page": file, "updated_at": updated }]);
        assert_eq!(o.json()["pages"], pages, "{file}");
    }
    assert!(
        dqe_spec_tools::page::updated_at(&std::fs::read("tests/pages/formfilling.json").unwrap())
            .is_some(),
        "the API's answer gives updated_at"
    );
}

#[test]
fn every_form_drifts_alike_and_points_at_its_own_lines() {
    let dir = crate::support::temp_dir("forms-changed");
    let mut seen = Vec::new();
    for file in dqe_s_forms("changed") {
        let text = std::fs::read_to_string(&file).unwrap();
        let changed = text.replace("access denied", "access refused");
        assert_ne!(changed, text, "{file}");
        let name = Path::new(&file).file_name().unwrap().to_str().unwrap();
        let path = dir.join(name);
        std::fs::write(&path, &changed).unwrap();
        let path = path.to_str().unwrap();
        let o = dqe(&["spec", "drift", "--json", path]);
        assert_eq!(o.code(), Some(1), "{file}: {}", o.err());
        let out = o.json();
        // The one difference more than the page's own (which the spec need not follow).
        let before = differences(&file);
        let list: Vec<&serde_json::Value> = out["differences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| {
                let seen = (
                    d["kind"].to_string(),
                    d["message"].to_string(),
                    d["spec"].to_string(),
                );
                !before.contains(&seen)
            })
            .collect();
        assert_eq!(list.len(), 1, "{file}: {list:?}");
        let d = list[0];
        // The line named is the changed row's, in the form's own lines (for the API's answer,
        // the lines of the article's body).
        let at = d["page"].as_str().unwrap();
        let line: usize = at.rsplit_once(':').unwrap().1.parse().unwrap();
        let lines = if file.ends_with(".json") {
            let v: serde_json::Value = serde_json::from_str(&changed).unwrap();
            v["article"]["body"].as_str().unwrap().to_owned()
        } else {
            changed.clone()
        };
        // A row's line, and for HTML the `<tr>` whose cells follow.
        let row: Vec<&str> = lines.lines().skip(line - 1).take(4).collect();
        assert!(
            row.join("\n").contains("access refused"),
            "{file}:{line}: {row:?}"
        );
        seen.push((d["kind"].clone(), d["message"].clone(), d["spec"].clone()));
    }
    seen.dedup();
    assert_eq!(seen.len(), 1, "{seen:?}");
}

#[test]
fn import_refuses_or_drafts_alike_in_every_form() {
    // A scope the spec has: refused, naming its file, alike.
    let mut refusals = Vec::new();
    for file in dqe_s_forms("import") {
        let o = dqe(&["spec", "import", &file]);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(1), "{file}: {out}{err}");
        assert_eq!(out, "");
        refusals.push(unnamed(&err, &file));
    }
    refusals.dedup();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert!(refusals[0].contains("the spec has the scope `formfilling` already"));

    // A made-up scope: the same draft from every form.
    let mut drafts = Vec::new();
    for file in forms("fortune") {
        let o = dqe(&["spec", "import", &file]);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{file}: {err}");
        assert!(out.contains("name = \"fortune\""), "{file}: {out}");
        drafts.push(unnamed(&out, &file));
    }
    for (draft, file) in drafts.iter().zip(forms("fortune")) {
        assert_eq!(draft, &drafts[0], "{file} drafts otherwise");
    }
}

#[test]
fn forms_are_told_by_content_not_by_name() {
    let dir = crate::support::temp_dir("forms-renamed");
    let copies: [(&str, &str); 3] = [
        ("formfilling.html", "saved.txt"),
        ("formfilling-chrome.txt", "copied.html"),
        ("formfilling.json", "answer"),
    ];
    for (from, to) in copies {
        let path: PathBuf = dir.join(to);
        std::fs::copy(Path::new("tests/pages").join(from), &path).unwrap();
        let original = format!("tests/pages/{from}");
        assert_eq!(
            differences(path.to_str().unwrap()),
            differences(&original),
            "{from} as {to}"
        );
    }
}
