//! Decoding replies: every example on DQE's page and one reply per documented error of every
//! table decode to the snapshot values; re-encoding loses nothing; and replies of unexpected
//! shapes decode without losing the rest.

use dqe_client::redact::reveal_sensitive;
use dqe_client::{AccessTokenReply, InitiateReply, RetrieveReply};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use std::path::Path;

fn spec() -> dqe_codegen::model::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    dqe_codegen::load_spec(&dir, "spec").expect("the shipped spec is valid")
}

/// Decodes, checks that encode-then-decode gives the same value, and returns the value's
/// `Debug` with sensitive values shown.
fn decode_roundtrip<T: DeserializeOwned + Serialize + Debug + PartialEq>(body: &str) -> String {
    let value: T = serde_json::from_str(body).expect("decodes");
    let encoded = serde_json::to_string(&value).unwrap();
    let again: T = serde_json::from_str(&encoded).unwrap();
    assert_eq!(value, again, "round trip of {body} through {encoded}");
    reveal_sensitive(|| format!("{value:#?}"))
}

fn decode_for(endpoint: &str, body: &str) -> String {
    match endpoint {
        "access_token" => decode_roundtrip::<AccessTokenReply>(body),
        "initiate" => decode_roundtrip::<InitiateReply>(body),
        "retrieve" => decode_roundtrip::<RetrieveReply>(body),
        other => panic!("an endpoint this test does not know: {other}"),
    }
}

#[test]
fn documented_examples() {
    let spec = spec();
    let mut count = 0;
    for e in &spec.endpoints {
        for ex in &e.examples {
            let name = format!("example_{}_{}", e.key.value, ex.name.replace(' ', "_"));
            insta::assert_snapshot!(name, decode_for(&e.key.value, &ex.body), &ex.body);
            count += 1;
        }
    }
    assert!(count >= 6, "every example of the page is in the spec");
}

#[test]
fn every_documented_error() {
    let spec = spec();
    for e in &spec.endpoints {
        let mut all = String::new();
        for x in &e.errors {
            let text = x.example.as_ref().map_or(&x.text.value, |t| &t.value);
            let body =
                serde_json::json!({"status": "error", "error_type": text, "error_id": x.id.value});
            all.push_str(&format!(
                "{body}\n{}\n\n",
                decode_for(&e.key.value, &body.to_string())
            ));
        }
        insta::assert_snapshot!(format!("errors_{}", e.key.value), all);
    }
}

fn retrieve(body: &str) -> RetrieveReply {
    serde_json::from_str(body).expect("decodes")
}

#[test]
fn error_variants_carry_what_the_spec_says() {
    use dqe_client::{InitiateError, RetrieveError};
    let e: InitiateReply = serde_json::from_str(
        r#"{"status":"error","error_type":"operator SFR not found","error_id":"13"}"#,
    )
    .unwrap();
    let InitiateReply::Error(e) = e else {
        panic!("an error")
    };
    assert_eq!(
        e,
        InitiateError::OperatorNotFound {
            operator: "SFR".into(),
            error_type: "operator SFR not found".into()
        }
    );
    assert_eq!(e.id(), "13");
    assert_eq!(e.error_type(), "operator SFR not found");
    assert_eq!(e.description(), Some("The operator could not be found."));
    assert!(!e.is_retryable());
    assert_eq!(e.to_string(), "operator SFR not found (error 13)");

    // Retryable as the spec says; never for step 1, which is not idempotent (it sends an SMS).
    assert!(!InitiateError::from_parts("16", "operator Orange unreachable").is_retryable());
    assert!(RetrieveError::from_parts("99", "internal server error").is_retryable());
    assert!(!RetrieveError::from_parts("21", "access denied").is_retryable());

    // Match on the id, keep the text: another wording of 20 is still 20.
    let e = RetrieveError::from_parts("20", "OTP process failed");
    assert!(matches!(e, RetrieveError::OtpIncorrect { .. }));
    assert_eq!(e.error_type(), "OTP process failed");

    // Ids compare by number; a number for an id is read as its text.
    let reply =
        retrieve(r#"{"status":"error","error_type":"internal server error","error_id":99}"#);
    assert!(matches!(
        reply,
        RetrieveReply::Error(RetrieveError::InternalServerError { .. })
    ));
    assert!(matches!(
        RetrieveError::from_parts("1", "x"),
        RetrieveError::InvalidRequest { .. }
    ));

    // An unknown id is kept, with its text.
    let e = RetrieveError::from_parts("42", "quota exceeded");
    assert_eq!(
        e,
        RetrieveError::Unknown {
            error_id: "42".into(),
            error_type: "quota exceeded".into()
        }
    );
    assert_eq!(e.id(), "42");
    assert_eq!(e.description(), None);

    // A template text of another form: the variant by id, the whole text kept.
    let e = InitiateError::from_parts("13", "opérateur introuvable");
    assert_eq!(
        e,
        InitiateError::OperatorNotFound {
            operator: String::new(),
            error_type: "opérateur introuvable".into()
        }
    );
}

#[test]
fn unknown_and_missing_statuses_are_kept() {
    assert_eq!(
        retrieve(r#"{"status":"processing","scope":"formfilling"}"#),
        RetrieveReply::Unrecognized {
            status: Some("processing".into())
        }
    );
    assert_eq!(
        retrieve(r#"{"scope":"formfilling"}"#),
        RetrieveReply::Unrecognized { status: None }
    );
    // The token reply's success has no status: absent status is success there.
    let token: AccessTokenReply =
        serde_json::from_str(r#"{"access_token":"t","expires_in":"300"}"#).unwrap();
    assert!(matches!(token, AccessTokenReply::Success(_)));
}

#[test]
fn unexpected_types_do_not_lose_the_rest() {
    let reply = retrieve(
        r#"{"status":"success","scope":"formfilling","code_name":7,
            "formfilling":{"family_name":"Dupont","given_name":["Jean"],"birthdate":19800101,
                           "gender":"X","updated_at":1718000000,"email":null,"sub":"",
                           "address":"12 rue de la Paix","unknown_key":{"a":1}},
            "extra":true}"#,
    );
    let RetrieveReply::Success(s) = reply else {
        panic!("a success")
    };
    // A number where the spec says string reads as its text, and is noted to re-encode as 7.
    assert_eq!(s.code_name.as_deref(), Some("7"));
    assert_eq!(s.oddities.len(), 1);
    assert_eq!(s.oddities[0].key(), "code_name");
    assert_eq!(s.oddities[0].found(), &serde_json::json!(7));
    assert!(s.oddities[0].is_read_as_text());
    assert_eq!(
        serde_json::to_value(RetrieveReply::Success(s.clone())).unwrap()["code_name"],
        serde_json::json!(7)
    );
    let f = s.formfilling.expect("the identity is kept");
    assert_eq!(f.family_name.as_deref(), Some("Dupont"));
    assert_eq!(f.given_name, None);
    assert_eq!(f.birthdate, None);
    assert_eq!(f.email, None);
    assert_eq!(f.sub, None);
    assert_eq!(f.gender, Some(dqe_client::Gender::Other("X".into())));
    assert_eq!(
        f.updated_at.as_ref().and_then(|t| t.epoch_seconds()),
        Some(1_718_000_000)
    );
    assert_eq!(
        f.updated_at
            .as_ref()
            .and_then(|t| t.date())
            .map(|d| d.raw().to_owned()),
        Some("2024-06-10".to_owned())
    );
    let keys: Vec<&str> = f.oddities.iter().map(|o| o.key()).collect();
    // In the spec's field order.
    assert_eq!(keys, ["birthdate", "given_name", "address"]);
    assert_eq!(f.oddities[1].found_kind(), "an array");
    assert_eq!(f.oddities[2].expected(), "a JSON object");
    // Re-encoding writes the oddities back as received.
    let mut success = dqe_client::RetrieveSuccess::default();
    success.formfilling = Some(f.clone());
    let again = retrieve(&serde_json::to_string(&RetrieveReply::Success(success)).unwrap());
    let RetrieveReply::Success(again) = again else {
        panic!("a success")
    };
    assert_eq!(again.formfilling, Some(f));
}

fn initiate(body: &str) -> dqe_client::InitiateSuccess {
    match serde_json::from_str(body).expect("decodes") {
        InitiateReply::Success(s) => s,
        other => panic!("a success: {other:?}"),
    }
}

/// A boolean sent as a string, as DQE sends `swapped`, reads as the boolean and re-encodes as
/// the string it came as (the sandbox answers from the spec's example through this); a JSON
/// boolean stays one, and a string that is no boolean is an oddity, not a value.
#[test]
fn a_boolean_read_from_a_string_re_encodes_as_that_string() {
    let encoded = |s: dqe_client::InitiateSuccess| {
        serde_json::to_value(InitiateReply::Success(s)).unwrap()["swapped"].clone()
    };
    for text in ["false", "TRUE", " true "] {
        let body = serde_json::json!({"status": "success", "swapped": text}).to_string();
        let s = initiate(&body);
        assert_eq!(
            s.swapped,
            Some(text.trim().eq_ignore_ascii_case("true")),
            "{text}"
        );
        assert_eq!(s.oddities.len(), 1, "{text}");
        assert!(s.oddities[0].is_read() && !s.oddities[0].is_read_as_text());
        assert_eq!(
            s.oddities[0].to_string(),
            "key `swapped` held a string where a boolean was expected (read from its text)"
        );
        assert_eq!(encoded(s), text, "{text}");
    }
    let s = initiate(r#"{"status":"success","swapped":false}"#);
    assert_eq!((s.swapped, s.oddities.len()), (Some(false), 0));
    assert_eq!(encoded(s), false);
    let s = initiate(r#"{"status":"success","swapped":"maybe"}"#);
    assert_eq!(s.swapped, None);
    assert!(!s.oddities[0].is_read());
    assert_eq!(encoded(s), "maybe");
}

#[test]
fn lenient_values() {
    let reply = retrieve(
        r#"{"status":"success","scope":"matching, formfilling,","formfilling":{
            "birthdate":"0000-05-17","updated_at":"2023-11-02","locale":"fr-FR",
            "address":{"formatted":"12 rue de la Paix\r\n75002 Paris","country":"France"}}}"#,
    );
    let RetrieveReply::Success(s) = reply else {
        panic!("a success")
    };
    let scopes = s.scope.expect("scopes");
    assert_eq!(
        scopes.as_slice(),
        [dqe_client::Scope::Matching, dqe_client::Scope::Formfilling]
    );
    let f = s.formfilling.unwrap();
    let b = f.birthdate.unwrap();
    assert_eq!(
        (b.year(), b.month(), b.day(), b.raw()),
        (None, Some(5), Some(17), "0000-05-17")
    );
    let u = f.updated_at.unwrap();
    assert_eq!(u.epoch_seconds(), None);
    assert_eq!(
        u.date().map(|d| (d.year(), d.month(), d.day())),
        Some((Some(2023), Some(11), Some(2)))
    );
    assert_eq!(
        f.address.unwrap().formatted.as_deref(),
        Some("12 rue de la Paix\r\n75002 Paris")
    );

    let token: AccessTokenReply =
        serde_json::from_str(r#"{"access_token":"t","expires_in":600}"#).unwrap();
    let AccessTokenReply::Success(t) = token else {
        panic!("a success")
    };
    assert_eq!(t.expires_in.map(|s| s.as_duration().as_secs()), Some(600));
    let token: AccessTokenReply =
        serde_json::from_str(r#"{"access_token":"t","expires_in":"soon"}"#).unwrap();
    let AccessTokenReply::Success(t) = token else {
        panic!("a success")
    };
    assert_eq!(t.expires_in, None);
    assert_eq!(t.oddities[0].key(), "expires_in");
}

#[test]
fn bodies_that_are_not_objects_fail_cleanly() {
    for body in [
        "",
        "null",
        "[]",
        "\"pending\"",
        "{\"status\":\"success\"",
        "<html>500</html>",
        "{\"status\":\"succ\u{0}",
    ] {
        let r = serde_json::from_str::<RetrieveReply>(body);
        assert!(r.is_err(), "{body:?} should not decode");
    }
}

/// Found by the round-trip properties: each of these re-encoded to a different value.
#[test]
fn regressions_from_the_round_trip_properties() {
    for body in [
        // A float kept in an oddity: serde_json's default float parsing is not exact.
        r#"{"access_token": -6.385612439032857e-203}"#,
        r#"{"status":"success","formfilling":{"updated_at":1.7e-308,"gender":-3.8077415937707557e48}}"#,
        // A timestamp above i64::MAX went through f64 and lost digits.
        r#"{"status":"success","formfilling":{"updated_at":18446744073709551615}}"#,
        // A list of no item (only commas) decoded as an empty list, which re-encodes as "".
        r#"{"status":"pending","scope":" , "}"#,
    ] {
        let _ = decode_roundtrip::<AccessTokenReply>(body);
        let _ = decode_roundtrip::<RetrieveReply>(body);
    }
    let RetrieveReply::Pending(p) = retrieve(r#"{"status":"pending","scope":" , "}"#) else {
        panic!("pending")
    };
    assert_eq!(p.scope, None);
    assert_eq!(p.oddities[0].key(), "scope");
}

/// The spec's example reply of this name, decoded as a step 2 success.
fn billing_example(name: &str) -> (String, dqe_client::RetrieveSuccess) {
    let spec = spec();
    let body = spec
        .endpoint("retrieve")
        .and_then(|e| e.examples.iter().find(|x| x.name == name))
        .unwrap_or_else(|| panic!("no example `{name}`"))
        .body
        .clone();
    match retrieve(&body) {
        RetrieveReply::Success(s) => (body, s),
        other => panic!("{name}: a success: {other:?}"),
    }
}

/// A document (`base64`) is decoded once: white space and line breaks are ignored and the
/// padding is optional; it re-encodes as standard Base64 of the same bytes. DQE's own example,
/// clipped, is no Base64: the field is `None`, the text is kept whole as an oddity and
/// re-encodes as it came, and the rest of the reply is read.
#[test]
fn documents_are_decoded_once_and_clipped_base64_is_kept_as_it_came() {
    let (_, s) = billing_example("billing success with a whole document");
    let d = s.billing.clone().expect("the document");
    assert_eq!(d.kind(), dqe_client::DocumentKind::Pdf);
    assert!(d.as_bytes().starts_with(b"%PDF-1.4\n") && d.as_bytes().ends_with(b"%%EOF\n"));
    assert_eq!(d.len(), 90);
    assert!(s.oddities.is_empty());
    let encoded = serde_json::to_value(RetrieveReply::Success(s)).unwrap();
    let text = encoded["billing"].as_str().unwrap();
    assert!(!text.contains('\n'), "one line: {text}");
    assert_eq!(dqe_client::Document::from_base64(text), Some(d.clone()));

    // Without padding, wrapped at another width, with spaces: the same bytes.
    let wrapped: String = d
        .to_base64()
        .trim_end_matches('=')
        .as_bytes()
        .chunks(10)
        .map(|c| format!("{} \n", std::str::from_utf8(c).unwrap()))
        .collect();
    let body = serde_json::json!({"status": "success", "billing": wrapped}).to_string();
    let RetrieveReply::Success(again) = retrieve(&body) else {
        panic!("a success")
    };
    assert_eq!(again.billing, Some(d));

    let (body, s) = billing_example("billing success");
    assert_eq!(s.billing, None);
    assert_eq!(
        s.scope.as_ref().unwrap().as_slice(),
        [dqe_client::Scope::Billing]
    );
    assert_eq!(s.oddities.len(), 1);
    let odd = &s.oddities[0];
    assert_eq!((odd.key(), odd.expected()), ("billing", "Base64 text"));
    assert!(odd.is_sensitive() && !odd.is_read());
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(odd.found(), &sent["billing"]);
    assert_eq!(
        serde_json::to_value(RetrieveReply::Success(s)).unwrap(),
        sent,
        "re-encoded as it came"
    );

    // Another JSON type is an oddity too; `""` and `null` are no document.
    for value in ["42", "true", "[\"JVBERi0=\"]", "{\"data\":\"JVBERi0=\"}"] {
        let body = format!(r#"{{"status":"success","scope":"billing","billing":{value}}}"#);
        let RetrieveReply::Success(s) = retrieve(&body) else {
            panic!("a success")
        };
        assert_eq!((s.billing, s.oddities.len()), (None, 1), "{value}");
    }
    for value in ["\"\"", "null"] {
        let body = format!(r#"{{"status":"success","billing":{value}}}"#);
        let RetrieveReply::Success(s) = retrieve(&body) else {
            panic!("a success")
        };
        assert_eq!((s.billing, s.oddities.len()), (None, 0), "{value}");
    }
}

/// From identity to form: a whole date that exists gives its ISO text (what `<input
/// type="date">` takes) and a date of chrono and time; a redacted or impossible one gives none,
/// so that the form leaves the field to the customer.
#[test]
fn a_date_fills_a_form_only_when_it_is_whole_and_exists() {
    use dqe_client::{Date, IncompleteDate};
    let whole = Date::parse("1990-02-14");
    assert_eq!(whole.to_iso().as_deref(), Some("1990-02-14"));
    assert_eq!(
        chrono::NaiveDate::try_from(&whole),
        Ok(chrono::NaiveDate::from_ymd_opt(1990, 2, 14).unwrap())
    );
    assert_eq!(
        time::Date::try_from(&whole),
        Ok(time::Date::from_calendar_date(1990, time::Month::February, 14).unwrap())
    );
    assert_eq!(
        Date::parse("2000-02-29").to_iso().as_deref(),
        Some("2000-02-29")
    );
    for partial in [
        "-08-30",
        "0000-08-30",
        "1990-02-30",
        "1900-02-29",
        "1990-13-01",
        "",
        "30/08/1990",
    ] {
        let d = Date::parse(partial);
        assert_eq!(d.to_iso(), None, "{partial}");
        assert_eq!(
            chrono::NaiveDate::try_from(&d),
            Err(IncompleteDate),
            "{partial}"
        );
        assert_eq!(time::Date::try_from(&d), Err(IncompleteDate), "{partial}");
        assert_eq!(d.raw(), partial, "the text as received is kept");
    }
}

/// From identity to form: the address's lines, from the key the spec gives the role
/// `postal_lines` (`formatted`), trimmed, empty lines left out.
#[test]
fn an_address_gives_its_postal_lines() {
    let reply: dqe_client::RetrieveReply = serde_json::from_str(
        r#"{"status":"success","scope":"formfilling","formfilling":{"address":{"formatted":"12 rue de l'Église\n\n  69003 Lyon \n","locality":"Lyon"}}}"#,
    )
    .unwrap();
    let dqe_client::RetrieveReply::Success(s) = reply else {
        panic!()
    };
    let address = s.formfilling.unwrap().address.unwrap();
    assert_eq!(address.postal_lines(), ["12 rue de l'Église", "69003 Lyon"]);
    assert!(dqe_client::Address::default().postal_lines().is_empty());
}
