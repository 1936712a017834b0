//! `dqe spec drift` and `dqe spec import` on a page in each of its forms (`tests/pages/`): the
//! pipe text (`NAME.txt`), a page saved from the browser (`NAME.html`), the Help Center API's
//! answer (`NAME.json`) and Chromium's copy of the saved page (`NAME-chrome.txt`, the saved
//! page's `innerText`). The same page gives the same result in each, whatever the file is
//! named.

use std::path::{Path, PathBuf};

use crate::support::{Dqe, Run};

/// The files of the page `name` in each form.
fn forms(name: &str) -> [String; 4] {
    [
        format!("tests/pages/{name}.txt"),
        format!("tests/pages/{name}.html"),
        format!("tests/pages/{name}.json"),
        format!("tests/pages/{name}-chrome.txt"),
    ]
}

fn dqe(args: &[&str]) -> Run {
    Dqe::bare().args(args).run()
}

/// `text` with the file's name replaced by `PAGE`.
fn unnamed(text: &str, file: &str) -> String {
    text.replace(file, "PAGE")
}

#[test]
fn drift_of_dqe_s_page_in_every_form_is_nothing() {
    for file in forms("formfilling") {
        let o = dqe(&["spec", "drift", &file]);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{file}: {out}{err}");
        assert!(
            out.ends_with("0 differences between 1 page and the spec in spec (built into dqe)\n"),
            "{file}: {out}"
        );
        let updated = dqe_spec_tools::page::updated_at(&std::fs::read(&file).unwrap());
        match &updated {
            Some(at) => {
                assert!(out.starts_with(&format!("{file}: the article was last updated at {at}\n")))
            }
            None => assert_eq!(out.lines().count(), 1, "{file}: {out}"),
        }
        let o = dqe(&["spec", "drift", "--json", &file]);
        assert_eq!(o.code(), Some(0), "{file}: {}", o.err());
        let out = o.json();
        assert_eq!(out["differences"], serde_json::json!([]), "{file}");
        // Each page read is listed with its article's updated_at, differing or not.
        let pages = serde_json::json!([{ "page": file, "updated_at": updated }]);
        assert_eq!(out["pages"], pages, "{file}");
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
    for file in forms("formfilling") {
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
        let list = out["differences"].as_array().unwrap();
        assert_eq!(list.len(), 1, "{file}: {list:?}");
        let d = &list[0];
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
    for file in forms("formfilling") {
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
        let o = dqe(&["spec", "drift", path.to_str().unwrap()]);
        assert_eq!(o.code(), Some(0), "{from} as {to}: {}{}", o.out(), o.err());
    }
}
