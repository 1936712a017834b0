use super::*;

#[test]
fn what_is_not_a_page_says_why() {
    assert_eq!(read(b"", "f").unwrap_err(), Unreadable::Empty);
    assert_eq!(read(b"  \n\t\n", "f").unwrap_err(), Unreadable::Empty);
    assert_eq!(read(b"a\0b", "f").unwrap_err(), Unreadable::Binary);
    assert_eq!(read(b"\xff\xfe", "f").unwrap_err(), Unreadable::NotUtf8);
    assert_eq!(read(b"Hello, world", "f").unwrap_err(), Unreadable::NoStep);
    assert_eq!(
        read(b"Step 1 - Nothing\nno tables", "f").unwrap_err(),
        Unreadable::NoTable
    );
    let big = vec![b'a'; MAX_PAGE_SIZE + 1];
    assert_eq!(read(&big, "f").unwrap_err(), Unreadable::TooLarge);
}

#[test]
fn odd_tables_never_panic() {
    for text in [
        "Step 1\nGET request\n| Parameter |\n| a |",
        "Step 1\nSuccess\n| Key |\n| a |\n|",
        "Step 1\nSuccess\nKeys within the x object:\n| Key | D | T |\n| | | |",
        "Step 1\nError\n| Error ID |\n|---|\n| 01",
        "Step 1\nSuccess\nExample:\n{\"a\": \"}",
        "Step 1\nGET request\nhttps://\n| Parameter | D | M |\n| x |\n",
        "| a | b |\nStep 9999999999999999999999",
        // The other forms.
        "<h2>Step 1</h2><table><tr><td>Key<tr><td>| a |<td>\\|</table><pre>Example:\n{",
        "<table><tr><th>Parameter<th colspan=9>D</table><p>Step 1<table></table>",
        "{\"article\": {\"body\": \"<h2>Step 1</h2><table><tr><td>Key</td></tr>\"}}",
        "{\"article\": {\"body\": null, \"updated_at\": 7}}",
        "Step 1\nKey\tD\tT\n\t\n\n\t\t\t\t\n\n\nx\n\n\ty",
        "Step 1\nSuccess\nKey\tDescription\tType\na\t\n\n",
    ] {
        let _ = read(text.as_bytes(), "f");
    }
}

#[test]
fn each_form_says_what_it_misses() {
    assert_eq!(
        read(b"{\"articles\": []}", "f").unwrap_err(),
        Unreadable::NotAnArticle
    );
    assert_eq!(read(b"<p>Hello</p>", "f").unwrap_err(), Unreadable::NoStep);
    assert_eq!(
        read(b"<h2>Step 1 - Go</h2><p>no tables</p>", "f").unwrap_err(),
        Unreadable::NoTable
    );
    assert_eq!(
        read(b"Step 1\nA\tB\n", "f").unwrap_err(),
        Unreadable::NoTable
    );
    let deep = "<div>".repeat(100_000);
    assert_eq!(
        read(deep.as_bytes(), "f").unwrap_err(),
        Unreadable::TooComplex
    );
}

/// A one-step scope's page documents one request and its answer with no step heading: read as
/// step 1, from its first request heading.
#[test]
fn a_page_without_a_step_heading_is_step_1_when_it_has_a_request_and_an_answer() {
    let page = "A scope answered at once.\nGET request\nhttps://{SERVER_ADDRESS}/X/?scope=s\n| Parameter | Description | Mandatory/Optional |\n|---|---|---|\n| scope | Static value. | Mandatory |\nResponse\nSuccess\n| Key | Description | Type |\n|---|---|---|\n| done | Done. | BOOLEAN |\nError\n| Error ID | Error type | Description |\n|---|---|---|\n| 01 | invalid request | Not valid. |\n";
    let read = read(page.as_bytes(), "f").unwrap();
    assert_eq!(read.intro, "A scope answered at once.");
    assert_eq!(read.steps.len(), 1);
    let step = &read.steps[0];
    assert_eq!((step.number, step.line, step.title.as_str()), (1, 2, ""));
    assert_eq!(step.requests.len(), 1);
    assert_eq!(step.requests[0].params.len(), 1);
    assert_eq!(step.success.as_ref().map(|s| s.keys.len()), Some(1));
    assert_eq!(step.errors.len(), 1);
    // A request without an answer, or an answer without a request, is not a step.
    let request_only = page.split("Response").next().unwrap();
    assert_eq!(read_err(request_only), Unreadable::NoStep);
    let answer_only = &page[page.find("Response").unwrap()..];
    assert_eq!(read_err(answer_only), Unreadable::NoStep);
}

fn read_err(text: &str) -> Unreadable {
    read(text.as_bytes(), "f").unwrap_err()
}

/// A page in another form, as pipe text: the lines read, a cell's `|` written `\|`; read again,
/// the same steps, in pipe-text form, without `updated_at`. What is not a page says why.
#[test]
fn as_text_gives_the_lines_read_and_reads_back_as_the_same_page() {
    let json = r#"{"article": {"updated_at": "2026-01-02T03:04:05Z", "body": "<p>About.</p><h2>Step 1 - Go</h2><p>Success</p><table><tr><th>Key</th><th>Description</th><th>Type</th></tr><tr><td>a</td><td>x | y</td><td>STRING</td></tr></table>"}}"#;
    let text = as_text(json.as_bytes()).unwrap();
    assert!(text.ends_with('\n'), "{text:?}");
    assert!(text.contains("x \\| y"), "{text}");
    let from_json = read(json.as_bytes(), "f").unwrap();
    let from_text = read(text.as_bytes(), "f").unwrap();
    assert_eq!(from_text.form, Form::Pipes);
    assert_eq!(from_text.updated_at, None);
    assert_eq!(from_text.intro, from_json.intro);
    let keys = |p: &Page| p.steps[0].success.as_ref().unwrap().keys.clone();
    let names = |p: &Page| -> Vec<_> {
        keys(p)
            .into_iter()
            .map(|k| (k.name, k.description))
            .collect()
    };
    assert_eq!(names(&from_text), names(&from_json));
    assert_eq!(
        names(&from_text),
        [(Some("a".to_owned()), "x | y".to_owned())]
    );
    // Pipe text stays as it is.
    assert_eq!(as_text(text.as_bytes()).unwrap(), text);
    assert_eq!(as_text(b"").unwrap_err(), Unreadable::Empty);
    assert_eq!(as_text(b"<p>Hello</p>").unwrap_err(), Unreadable::NoStep);
}
