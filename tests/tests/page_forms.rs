//! A page in every form it comes in (`dqe-cli/tests/pages/`), read in-process: the same page
//! model in each (lines aside: each form's are its own). DQE's formfilling page in its frozen
//! forms (a page saved from the browser, the Help Center API's answer, Chromium's copy of the
//! saved page: reader fixtures made by hand at one time, as `sources.toml` says), and the pipe
//! text `page::as_text` makes of the API's answer (what a refresh stores); a made-up scope's page
//! in its four forms, its pipe text with rows broken across lines. Neither is compared with the
//! current spec nor with the followed `formfilling.txt` (tests/tests/pages.rs compares the
//! followed pages with the spec). Then the copy made live: headless Chromium opens the saved
//! page, served on loopback, and its `innerText` (what select all + copy gives) reads as the same
//! page.

use std::path::{Path, PathBuf};

use dqe_spec_tools::page::{Form, Page, as_text, read};
use tests::chromium::{browser, driver, profile};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../dqe-cli/tests/pages")
}

/// The page's model as text, its lines set to 0 and its form and date left out: what must be
/// the same whatever form the page came in.
fn model(mut page: Page) -> String {
    for step in &mut page.steps {
        step.line = 0;
        step.errors_line = step.errors_line.map(|_| 0);
        for r in &mut step.requests {
            r.line = 0;
            if let Some(url) = &mut r.url {
                url.line = 0;
            }
            r.params.iter_mut().for_each(|p| p.line = 0);
        }
        for o in step.success.iter_mut().chain(step.pending.iter_mut()) {
            o.line = 0;
            o.keys.iter_mut().for_each(|k| k.line = 0);
            for n in &mut o.nested {
                n.line = 0;
                n.keys.iter_mut().for_each(|k| k.line = 0);
            }
            o.examples.iter_mut().for_each(|e| e.line = 0);
        }
        step.errors.iter_mut().for_each(|e| e.line = 0);
        step.error_examples.iter_mut().for_each(|e| e.line = 0);
    }
    page.form = Form::default();
    page.updated_at = None;
    format!("{page:#?}")
}

/// Reads `bytes` as the page `formfilling`, checking its form.
fn read_as(bytes: &[u8], form: Form) -> Page {
    let page = read(bytes, "formfilling").unwrap_or_else(|e| panic!("{form}: {e}"));
    assert_eq!(page.form, form);
    page
}

/// Each file read in its form, with `steps` steps: the same model in each, and the same as the
/// pipe text `page::as_text` makes of each (read as pipe text).
fn same_page_in_every_form(files: &[(&str, Form)], steps: usize) {
    let mut models = Vec::new();
    for &(file, form) in files {
        let bytes = std::fs::read(pages().join(file)).unwrap();
        let page = read_as(&bytes, form);
        assert_eq!(page.steps.len(), steps, "{file}");
        assert_eq!(page.updated_at.is_some(), form == Form::HelpCenterJson);
        models.push((file.to_owned(), model(page)));
        let text = as_text(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        let again = read_as(text.as_bytes(), Form::Pipes);
        models.push((format!("{file} as pipe text"), model(again)));
    }
    for (file, m) in &models[1..] {
        assert_eq!(
            m, &models[0].1,
            "{file} reads otherwise than {}",
            models[0].0
        );
    }
}

#[test]
fn dqe_s_page_reads_the_same_in_every_frozen_form() {
    same_page_in_every_form(
        &[
            ("formfilling.json", Form::HelpCenterJson),
            ("formfilling.html", Form::Html),
            ("formfilling-chrome.txt", Form::Tabs),
        ],
        2,
    );
}

/// The made-up scope's page in its four forms, its pipe text written as a help centre's copy
/// often is: rows broken across lines, which the table reader joins.
#[test]
fn a_made_up_scope_s_page_reads_the_same_in_every_form() {
    let text = std::fs::read_to_string(pages().join("fortune.txt")).unwrap();
    let broken = text
        .lines()
        .filter(|l| !l.starts_with('|') && l.trim_end().ends_with('|'))
        .count();
    assert!(broken > 0, "no row broken across lines in fortune.txt");
    same_page_in_every_form(
        &[
            ("fortune.txt", Form::Pipes),
            ("fortune.html", Form::Html),
            ("fortune.json", Form::HelpCenterJson),
            ("fortune-chrome.txt", Form::Tabs),
        ],
        1,
    );
}

/// The saved page, served on loopback, opened in headless Chromium: its `innerText` (what
/// select all + copy gives) reads as the same page (and so drifts as the saved page does).
#[tokio::test(flavor = "multi_thread")]
async fn page_copied_from_headless_chromium() {
    let html = std::fs::read(pages().join("formfilling.html")).unwrap();
    let saved = read_as(&html, Form::Html);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(html, "text/html; charset=utf-8"))
        .mount(&server)
        .await;
    let driver = driver().await;
    let b = browser(&driver, &profile("page-copy")).await;
    b.goto(&format!(
        "{}/hc/en-gb/articles/48305506156177",
        server.uri()
    ))
    .await
    .unwrap();
    let copied = b
        .execute("return document.body.innerText;", vec![])
        .await
        .unwrap();
    b.close().await.unwrap();
    let copied = copied.as_str().expect("innerText is text").to_owned();
    assert!(copied.contains('\t'), "no tab in the copy:\n{copied}");
    let page = read_as(copied.as_bytes(), Form::Tabs);
    assert_eq!(model(page), model(saved));
}
