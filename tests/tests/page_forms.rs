//! DQE's formfilling page in every form it comes in (`dqe-cli/tests/pages/`: the pipe text, a
//! page saved from the browser, the Help Center API's answer, Chromium's copy of the saved
//! page), read in-process: the same page model in each (lines aside: each form's are its own),
//! and no drift from the shipped spec. Then the copy made live: headless Chromium opens the
//! saved page, served on loopback, and its `innerText` (what select all + copy gives) reads as
//! the same page.

use std::path::{Path, PathBuf};

use dqe_spec_tools::page::{Form, Page, read};
use tests::chromium::{browser, driver, profile};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../dqe-cli/tests/pages")
}

fn spec() -> dqe_codegen::model::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    dqe_codegen::load_spec(&dir, "spec").expect("the shipped spec is valid")
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

#[test]
fn dqe_s_page_reads_the_same_in_every_form_and_drifts_nothing() {
    let spec = spec();
    let files = [
        ("formfilling.txt", Form::Pipes),
        ("formfilling.html", Form::Html),
        ("formfilling.json", Form::HelpCenterJson),
        ("formfilling-chrome.txt", Form::Tabs),
    ];
    let mut models = Vec::new();
    for (file, form) in files {
        let bytes = std::fs::read(pages().join(file)).unwrap();
        let page = read_as(&bytes, form);
        assert_eq!(page.steps.len(), 2, "{file}");
        assert_eq!(page.updated_at.is_some(), form == Form::HelpCenterJson);
        models.push((file, model(page)));
        let found = dqe_spec_tools::drift::drift(&bytes, file, &spec).unwrap();
        assert!(found.is_empty(), "{file}: {found:#?}");
    }
    for (file, m) in &models[1..] {
        assert_eq!(
            m, &models[0].1,
            "{file} reads otherwise than {}",
            models[0].0
        );
    }
}

/// The saved page, served on loopback, opened in headless Chromium: its `innerText` (what
/// select all + copy gives) reads as the same page, and drifts nothing from the shipped spec.
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
    let found = dqe_spec_tools::drift::drift(copied.as_bytes(), "copied", &spec()).unwrap();
    assert!(found.is_empty(), "{found:#?}");
}
