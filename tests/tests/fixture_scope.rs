//! Adding a scope is adding a file: the API generated from the shipped spec extended with a
//! directory holding a made-up `horoscope` scope (`generate_api!(shipped + "...")`) has the
//! new scope's types, parameters, reply fields and wording of errors, with no Rust edited.

mod horoscope_api {
    dqe_client::generate_api!(shipped + "fixtures/with_horoscope");
}

use dqe_client::endpoint::EncodeContext;
use horoscope_api::*;

#[test]
fn the_new_scope_is_a_variant_and_a_wire_value() {
    // The shipped scopes, then the new one.
    assert_eq!(Scope::ALL.len(), dqe_client::Scope::ALL.len() + 1);
    assert_eq!(Scope::ALL.last(), Some(&Scope::Horoscope));
    assert_eq!(Scope::Horoscope.as_str(), "horoscope");
    assert_eq!(Scope::from("horoscope"), Scope::Horoscope);
}

#[test]
fn the_new_scope_adds_a_request_parameter() {
    let c = Credentials::new("L", "S");
    let form = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .formfilling()
        .horoscope()
        .birth_hour("14")
        .to_form(&EncodeContext::new(&c, Some("t")));
    assert_eq!(
        form,
        "number=0612345678&token=t&mode=2&name=ACME&licence=L&scope=formfilling%2Choroscope&birth_hour=14"
    );
}

#[test]
fn the_new_scope_adds_reply_fields() {
    let reply: RetrieveReply = serde_json::from_str(
        r#"{"status": "success", "scope": "formfilling,horoscope",
            "formfilling": {"family_name": "Martin"},
            "horoscope": {"sign": "Leo", "lucky_numbers": "7,13", "since": "2020-07-23"}}"#,
    )
    .unwrap();
    let RetrieveReply::Success(s) = reply else {
        panic!("a success")
    };
    assert_eq!(
        s.scope.unwrap().as_slice(),
        [Scope::Formfilling, Scope::Horoscope]
    );
    assert_eq!(
        s.formfilling.unwrap().family_name.as_deref(),
        Some("Martin")
    );
    let h = s.horoscope.unwrap();
    assert_eq!(h.sign, Some(StarSign::Leo));
    assert_eq!(
        h.lucky_numbers.as_deref(),
        Some(&["7".to_owned(), "13".to_owned()][..])
    );
    assert_eq!(h.since.as_ref().and_then(|d| d.year()), Some(2020));
    // The scope file said its object is sensitive.
    assert!(format!("{h:?}").contains("sign: Some(<redacted>)"));

    let pending: RetrieveReply =
        serde_json::from_str(r#"{"status": "pending", "stars_aligned": "almost"}"#).unwrap();
    let RetrieveReply::Pending(p) = pending else {
        panic!("pending")
    };
    assert_eq!(p.stars_aligned.as_deref(), Some("almost"));
}

#[test]
fn the_shipped_api_has_no_such_scope() {
    // The same reply through the shipped API: the unknown scope is kept, and so is its key.
    let reply: dqe_client::RetrieveReply = serde_json::from_str(
        r#"{"status":"success","scope":"horoscope","horoscope":{"sign":"Leo"}}"#,
    )
    .unwrap();
    let dqe_client::RetrieveReply::Success(s) = reply else {
        panic!("a success")
    };
    assert_eq!(
        s.scope.unwrap().as_slice(),
        [dqe_client::Scope::Other("horoscope".into())]
    );
    assert_eq!(
        s.extra.get("horoscope"),
        Some(&serde_json::json!({"sign": "Leo"}))
    );
}

/// The scope's file words errors otherwise and does without one (`[extend.initiate.errors]`):
/// the sandbox serving this spec answers the scope's words, or lets the flow go through; the
/// client reads the operator from the scope's words; a request asking for another scope first
/// gets the API file's words.
#[tokio::test]
async fn the_new_scope_words_its_errors_and_does_without_one() {
    use dqe_client::client::{Client, Error};
    use dqe_client::endpoint::Wording;
    use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};
    let info = Scope::Horoscope.info().unwrap();
    let endpoint = InitiateRequest::INFO.name;
    assert!(matches!(info.wording(endpoint, "12"), Wording::Without));
    assert!(matches!(info.wording(endpoint, "13"), Wording::Own(e) if e.id == "13"));
    assert!(matches!(info.wording(endpoint, "14"), Wording::Api));
    let config = SandboxConfig {
        auto_approve: true,
        ..SandboxConfig::default()
    };
    let s = Sandbox::start_for::<Api>(config, ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    let c: Client<Api> = dqe_client::client::ClientBuilder::<Api>::new()
        .server(s.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .build()
        .unwrap();
    let ask = |number: &str| InitiateRequest::new().number(number).name("ACME");
    let e = c
        .initiate(&ask("0619100013").horoscope())
        .await
        .unwrap_err();
    let Error::Api(InitiateError::OperatorNotFound {
        operator,
        error_type,
    }) = e
    else {
        panic!("{e:?}")
    };
    assert_eq!(error_type, format!("no operator {operator} in the stars"));
    assert!(!operator.is_empty());
    // The same text through the decoder alone.
    let e = InitiateError::from_parts("13", "no operator SFR in the stars");
    assert!(matches!(e, InitiateError::OperatorNotFound { operator, .. } if operator == "SFR"));
    // Its words naming its own parameter.
    let e = c
        .initiate(&ask("0619100005").horoscope())
        .await
        .unwrap_err();
    assert_eq!(
        e.api().map(|e| e.error_type().to_owned()),
        Some("missing or empty parameter (birth_hour) for this scope".to_owned())
    );
    // Done without: the scenario number goes through.
    let consent = c.initiate(&ask("0619100012").horoscope()).await.unwrap();
    assert!(consent.url().is_some());
    // Asked with formfilling first: the first scope asked that documents it words it.
    let e = c
        .initiate(&ask("0619100013").formfilling().horoscope())
        .await
        .unwrap_err();
    let want = InitiateRequest::INFO
        .error("13")
        .unwrap()
        .render(|_| operator.clone());
    assert_eq!(e.api().map(|e| e.error_type().to_owned()), Some(want));
    let e = c
        .initiate(&ask("0619100012").horoscope().formfilling())
        .await
        .unwrap_err();
    assert_eq!(e.api().map(|e| e.id().to_owned()), Some("12".to_owned()));
    s.stop().await;
}
