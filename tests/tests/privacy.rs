//! Privacy by default: secrets and identity data print as a fixed placeholder in `Debug`
//! (pinned here by exact strings, or by reviewed snapshots where the spec's keys make the
//! string: a new key in the spec is a snapshot to accept, not a test to edit), unless the caller asks with `reveal_sensitive`; the
//! credentials never print. And every generated type is `Send + Sync`.

use dqe_client::endpoint::EncodeContext;
use dqe_client::redact::reveal_sensitive;
use dqe_client::*;

const IDENTITY: &str = r#"{"status":"success","scope":"formfilling","code_name":"camp-7",
  "formfilling":{"phone_number":"0612345678","family_name":"Lefèvre","name":"Zoé Lefèvre",
  "given_name":"Zoé","gender":"F","birthdate":"1990-02-14","birthplace":"75",
  "email":"zoe.lefevre@example.fr","email_domain":"example.fr","email_account":"zoe.lefevre",
  "subscriber_msisdn":"0698765432","sub":"OR-99-XYZ","locale":"fr-FR","updated_at":1700000000,
  "address":{"formatted":"3 rue des Lilas\n69003 Lyon","street_address":"rue des Lilas",
  "number":"3","postal_code":"69003","locality":"Lyon","country":"France"}}}"#;

const SECRETS: &[&str] = &[
    "0612345678",
    "Lefèvre",
    "Zoé",
    "1990",
    "zoe.lefevre",
    "example.fr",
    "0698765432",
    "OR-99-XYZ",
    "Lilas",
    "69003",
    "Lyon",
    "1700000000",
    "LIC-SECRET",
    "CLIENT-SECRET",
    "TOKEN-SECRET",
];

fn assert_clean(text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{s:?} leaked into: {text}");
    }
}

#[test]
fn identity_is_redacted_exactly() {
    let reply: RetrieveReply = serde_json::from_str(IDENTITY).unwrap();
    let RetrieveReply::Success(s) = &reply else {
        panic!("a success")
    };
    let f = s.formfilling.as_ref().unwrap();
    insta::assert_snapshot!(format!("{f:#?}"));
    // Non-sensitive values still show: they help debugging.
    assert_eq!(format!("{:?}", s.scope), "Some(List([Formfilling]))");
    assert_clean(&format!("{reply:?}"));
    assert_clean(&format!("{reply:#?}"));
    // Asked for, they show.
    let shown = reveal_sensitive(|| format!("{f:?}"));
    assert!(shown.contains("Lefèvre") && shown.contains("0612345678"));
    // And the request stops afterwards.
    assert_clean(&format!("{reply:?}"));
}

#[test]
fn credentials_never_print() {
    let c = Credentials::new("LIC-SECRET", "CLIENT-SECRET");
    assert_eq!(
        format!("{c:?}"),
        "Credentials { licence: <redacted>, client_secret: <redacted> }"
    );
    assert_clean(&reveal_sensitive(|| format!("{c:?} {c:#?}")));
    let ctx = EncodeContext::new(&c, Some("TOKEN-SECRET"));
    assert_eq!(
        format!("{ctx:?}"),
        "EncodeContext { credentials: <redacted>, token: Some(<redacted>) }"
    );
}

#[test]
fn requests_redact_phone_numbers() {
    let r = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .formfilling();
    let shown = format!("{r:#?}");
    assert!(
        shown.contains("number: Some(\n        <redacted>,\n    ),"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn oddities_of_sensitive_keys_hide_their_value() {
    let reply: RetrieveReply = serde_json::from_str(
        r#"{"status":"success","formfilling":{"family_name":["Lefèvre"]},"code_name":{"a":1}}"#,
    )
    .unwrap();
    let RetrieveReply::Success(s) = reply else {
        panic!("a success")
    };
    let odd = &s.formfilling.unwrap().oddities[0];
    assert_eq!(
        format!("{odd:?}"),
        "Oddity { key: \"family_name\", expected: \"a string\", found: <redacted an array> }"
    );
    assert_eq!(
        odd.to_string(),
        "key `family_name` held an array where a string was expected"
    );
    assert_eq!(
        format!("{:?}", s.oddities[0]),
        "Oddity { key: \"code_name\", expected: \"a string\", found: Object {\"a\": Number(1)} }"
    );
}

#[test]
fn callback_reads_the_redirect_and_redacts_the_token() {
    let cb =
        Callback::from_query("https://shop.example/back?x=1&token=TOKEN-SECRET&status=success#top")
            .unwrap();
    assert_eq!(cb.token, "TOKEN-SECRET");
    assert_eq!(cb.status, CallbackStatus::Success);
    assert_eq!(
        format!("{cb:?}"),
        "Callback { token: <redacted>, status: Success }"
    );
    assert_eq!(Callback::from_query(&cb.to_query()).unwrap(), cb);
    assert_eq!(
        Callback::from_query("status=error")
            .unwrap_err()
            .to_string(),
        "the callback has no `token`"
    );
    // An unknown status is kept, not refused.
    assert_eq!(
        Callback::from_query("token=t&status=maybe").unwrap().status,
        CallbackStatus::Other("maybe".into())
    );
}

#[test]
fn generated_types_are_send_and_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<Credentials>();
    check::<Callback>();
    check::<AccessTokenRequest>();
    check::<InitiateRequest>();
    check::<RetrieveRequest>();
    check::<AccessTokenReply>();
    check::<InitiateReply>();
    check::<RetrieveReply>();
    check::<InitiateError>();
    check::<RetrieveError>();
    check::<AccessTokenError>();
    check::<Formfilling>();
    check::<Address>();
    check::<Scope>();
}

#[test]
fn unknown_keys_are_kept_redacted_and_re_encoded() {
    let body = r#"{"status":"success","scope":"formfilling","newer_dqe_key":{"iban":"FR7630006000011234567890189"}}"#;
    let reply: RetrieveReply = serde_json::from_str(body).unwrap();
    let RetrieveReply::Success(s) = &reply else {
        panic!("a success")
    };
    assert_eq!(
        s.extra.get("newer_dqe_key"),
        Some(&serde_json::json!({"iban": "FR7630006000011234567890189"}))
    );
    let shown = format!("{reply:?}");
    assert!(
        !shown.contains("FR76") && !shown.contains("newer_dqe_key"),
        "{shown}"
    );
    let again: serde_json::Value = serde_json::to_value(&reply).unwrap();
    assert_eq!(
        again,
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );
}

/// A document (`billing`, of the spec's `base64` type) is sensitive without the spec saying
/// so: `Debug` of the reply shows `<redacted>`, of the document itself `Document(<redacted>)`;
/// with `reveal_sensitive`, its kind and length, never its bytes nor its Base64 text. Text
/// that is not Base64, kept as an oddity, is hidden the same way.
#[test]
fn documents_are_redacted_exactly() {
    const PDF: &[u8] = b"%PDF-1.4\nSECRET-BILL-OF-ZOE-LEFEVRE\n%%EOF\n";
    let text = Document::new(PDF).to_base64();
    let body = format!(r#"{{"status":"success","scope":"billing","billing":"{text}"}}"#);
    let RetrieveReply::Success(s) = serde_json::from_str(&body).unwrap() else {
        panic!("a success")
    };
    let shown = format!("{s:?}");
    assert!(shown.contains("billing: Some(<redacted>)"), "{shown}");
    assert!(
        !shown.contains(&text) && !shown.contains("SECRET-BILL"),
        "{shown}"
    );
    let document = s.billing.as_ref().unwrap();
    assert_eq!(format!("{document:?}"), "Document(<redacted>)");
    let revealed = reveal_sensitive(|| format!("{s:?}"));
    assert!(
        revealed.contains("billing: Some(Document { kind: Pdf, len: 42, .. })"),
        "{revealed}"
    );
    assert!(
        !revealed.contains(&text) && !revealed.contains("SECRET-BILL"),
        "{revealed}"
    );

    let body = r#"{"status":"success","billing":"U0VDUkVULUJJTEwtT0YtWk9F!"}"#;
    let RetrieveReply::Success(s) = serde_json::from_str(body).unwrap() else {
        panic!("a success")
    };
    assert_eq!(s.billing, None);
    assert_eq!(
        format!("{:?}", s.oddities),
        r#"[Oddity { key: "billing", expected: "Base64 text", found: <redacted a string> }]"#
    );
}
