use super::*;

const FORMFILLING: &str = include_str!("../../tests/pages/formfilling.txt");

#[test]
fn dqe_formfilling_page_reads_whole() {
    let page = read(FORMFILLING.as_bytes(), "formfilling.txt").unwrap();
    assert_eq!(page.steps.len(), 2);
    let (one, two) = (&page.steps[0], &page.steps[1]);
    assert_eq!(
        (one.number, one.title.as_str()),
        (1, "Initiate consent request")
    );
    assert_eq!(two.number, 2);
    let methods: Vec<_> = one.requests.iter().map(|r| r.method).collect();
    assert_eq!(methods, [Method::Get, Method::Post]);
    let get = &one.requests[0];
    let url = get.url.as_ref().unwrap();
    assert_eq!(url.host_placeholders, ["SERVER_ADDRESS"]);
    assert!(
        url.query
            .contains(&("scope".to_owned(), "formfilling".to_owned()))
    );
    let names: Vec<_> = get.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "SERVER_ADDRESS",
            "licence",
            "number",
            "token",
            "mode",
            "name",
            "code_name",
            "scope",
            "redirect_uri"
        ]
    );
    let mode = get.params.iter().find(|p| p.name == "mode").unwrap();
    assert_eq!(mode.description, "2: authentication by code.");
    assert_eq!(mode.mandatory, Some(true));
    let code_name = get.params.iter().find(|p| p.name == "code_name").unwrap();
    assert_eq!(code_name.mandatory, Some(false));
    assert_eq!(
        one.requests[1].params.len(),
        8,
        "the POST table has no SERVER_ADDRESS"
    );
    let success = one.success.as_ref().unwrap();
    let keys: Vec<_> = success
        .keys
        .iter()
        .map(|k| k.name.clone().unwrap())
        .collect();
    assert_eq!(keys, ["status", "operator", "url"]);
    assert_eq!(success.examples.len(), 1);
    assert_eq!(one.errors.len(), 16);
    assert_eq!(one.errors[10].text, "operator [Operator Name] not found");

    assert_eq!(
        two.requests[0]
            .params
            .iter()
            .filter(|p| p.name == "Licence")
            .count(),
        1
    );
    let success = two.success.as_ref().unwrap();
    assert_eq!(success.keys.len(), 4);
    let nested = &success.nested[0];
    assert_eq!(nested.parent, "formfilling");
    assert_eq!(nested.keys.len(), 15);
    let nameless: Vec<_> = nested.keys.iter().filter(|k| k.name.is_none()).collect();
    assert_eq!(nameless.len(), 1);
    assert_eq!(nameless[0].description, "Complete email address.");
    assert_eq!(nameless[0].ty, "STRING");
    let address = nested
        .keys
        .iter()
        .find(|k| k.name.as_deref() == Some("address"))
        .unwrap();
    assert_eq!(
        address.inline_keys,
        [
            "country",
            "postal_code",
            "formatted",
            "street_address",
            "number",
            "locality"
        ]
    );
    assert_eq!(address.ty, "JSON OBJECT");
    let body: serde_json::Value = serde_json::from_str(&success.examples[0].body).unwrap();
    assert_eq!(body["formfilling"]["gender"], "M");
    let pending = two.pending.as_ref().unwrap();
    assert_eq!(pending.keys.len(), 2);
    assert_eq!(pending.examples.len(), 1);
    assert_eq!(two.errors.len(), 8);
    assert_eq!(two.error_examples.len(), 1);
}

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
    ] {
        let _ = read(text.as_bytes(), "f");
    }
}
