//! Replies and departure events against the shipped spec: what the spec documents differs in
//! nothing; each kind of departure is one difference however many replies show it, with the
//! TOML that adds a new key, which makes the difference go once added; no value is printed.

use std::path::Path;

use dqe_codegen::model::Spec;
use serde_json::json;

use super::*;
use crate::drift::Kind;

fn shipped() -> Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    dqe_codegen::load_spec(&dir, "spec").expect("the shipped spec is valid")
}

/// The differences of one file's text.
fn of(spec: &Spec, text: &str) -> Vec<ReplyDifference> {
    compare(&[read_replies(text.as_bytes(), "r.jsonl").unwrap()], spec)
}

/// Everything printed of a difference.
fn printed(d: &ReplyDifference) -> String {
    format!(
        "{}\n{}\n{}",
        d.difference,
        d.difference.to_json(),
        d.toml.as_deref().unwrap_or("")
    )
}

#[test]
fn the_specs_own_examples_and_errors_differ_in_nothing() {
    let spec = shipped();
    let mut text = String::new();
    for e in &spec.endpoints {
        for x in &e.examples {
            let v: serde_json::Value = serde_json::from_str(&x.body).unwrap();
            text.push_str(&format!("{v}\n"));
        }
        for x in &e.errors {
            let v = json!({"status": "error", "error_id": x.id.value, "error_type": "x"});
            text.push_str(&format!("{v}\n"));
        }
    }
    assert_eq!(of(&spec, &text), vec![]);
}

/// A step 2 success whose address has a new key, whose birth date is a number, with a new
/// object at the top; a pending with an unknown status; an error with an unknown id.
const ODD: &str = r#"{"status":"success","scope":"formfilling","formfilling":{"birthdate":19900214,"address":{"floor":"VALUE-FLOOR","locality":"VALUE-LYON"}},"audit":{"trace":"VALUE-TRACE","n":3}}
{"status":"success","scope":"formfilling","formfilling":{"address":{"floor":4}},"audit":{"trace":"VALUE-2"}}
{"status":"VALUE-STATUS","scope":"formfilling"}
{"status":"error","error_id":"VALUE-ID","error_type":"VALUE-TEXT"}
"#;

#[test]
fn each_departure_is_one_difference_with_its_kinds_places_and_toml() {
    let spec = shipped();
    let found = of(&spec, ODD);
    let kinds: Vec<(Kind, &str)> = found
        .iter()
        .map(|d| (d.difference.kind, d.difference.message.as_str()))
        .collect();
    // In the order first seen, a reply's keys in JSON's order (serde_json's: sorted).
    let expect = [
        (Kind::KeyAdded, "audit (an object), in 2 replies"),
        (
            Kind::KeyAdded,
            "formfilling.address.floor (a string or a number), in 2 replies",
        ),
        (
            Kind::TypeUnreadable,
            "formfilling.birthdate (a number), which the spec's `date` does not read, in 1 reply",
        ),
        (
            Kind::OutcomeAdded,
            "status (a string) (the value is not shown: read it in the reply), in 1 reply",
        ),
        (
            Kind::ErrorAdded,
            "error_id (a string) (the value is not shown: read it in the reply), in 1 reply",
        ),
    ];
    assert_eq!(found.len(), expect.len(), "{kinds:#?}");
    for ((kind, end), d) in expect.iter().zip(&found) {
        assert_eq!(d.difference.kind, *kind);
        assert!(d.difference.message.ends_with(end), "{}", d.difference);
        assert!(
            d.difference.message.contains("`retrieve`"),
            "{}",
            d.difference
        );
    }
    let floor = &found[1];
    let lines: Vec<usize> = floor.difference.page.iter().map(|s| s.line).collect();
    assert_eq!(lines, [1, 2]);
    let spec_at = floor.difference.spec.as_ref().unwrap();
    assert_eq!(spec_at.key.as_deref(), Some("objects.Address"));
    let toml = floor.toml.as_deref().unwrap();
    assert!(
        toml.contains("[[objects.Address.fields]]\nname = \"floor\""),
        "{toml}"
    );
    assert!(toml.contains("# [inf]"), "a guess is marked: {toml}");
    let audit = found[0].toml.as_deref().unwrap();
    assert!(
        audit.contains("[[endpoints.retrieve.success.fields]]"),
        "{audit}"
    );
    assert!(audit.contains("[objects.Audit]"), "{audit}");
    assert!(
        audit.contains("[[objects.Audit.fields]]\nname = \"trace\""),
        "{audit}"
    );
    for d in &found {
        let shown = printed(d);
        assert!(!shown.contains("VALUE"), "a value printed:\n{shown}");
    }
}

#[test]
fn the_toml_given_makes_its_difference_go() {
    let spec = shipped();
    let found = of(&spec, ODD);
    let mut files = spec.files.clone();
    for d in found.iter().filter(|d| d.toml.is_some()) {
        let toml = d.toml.as_deref().unwrap();
        let file = toml
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# Add to "))
            .and_then(|l| l.strip_suffix(':'))
            .unwrap();
        let f = files.iter_mut().find(|f| f.display == file).unwrap();
        f.text.push_str(&format!("\n{toml}\n"));
    }
    let added = dqe_codegen::load_spec_from(files).unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let left: Vec<Kind> = of(&added, ODD).iter().map(|d| d.difference.kind).collect();
    assert_eq!(
        left,
        [Kind::TypeUnreadable, Kind::OutcomeAdded, Kind::ErrorAdded]
    );
}

#[test]
fn the_endpoint_is_read_from_the_reply_or_its_envelope() {
    let spec = shipped();
    let extra = |reply: serde_json::Value| {
        let found = of(&spec, &reply.to_string());
        assert_eq!(found.len(), 1, "{reply}");
        found[0].difference.message.clone()
    };
    let token = extra(json!({"access_token": "t", "expires_in": "300", "extra": 1}));
    assert!(
        token.starts_with("DQE's `access_token` reply (success)"),
        "{token}"
    );
    let step1 = extra(json!({"status": "success", "operator": "Orange", "url": "u", "extra": 1}));
    assert!(
        step1.starts_with("DQE's `initiate` reply (success)"),
        "{step1}"
    );
    let pending = extra(json!({"status": "pending", "scope": "formfilling", "extra": 1}));
    assert!(
        pending.starts_with("DQE's `retrieve` reply (pending)"),
        "{pending}"
    );
    let wrapped = json!({"endpoint": "initiate", "reply": {"status": "error", "error_id": "99"}});
    let wrapped = extra(wrapped);
    assert!(
        wrapped.starts_with("DQE's `initiate` reply (error)"),
        "{wrapped}"
    );
    let elsewhere = json!({"endpoint": "nowhere", "reply": {}});
    let found = of(&spec, &format!("{elsewhere}\n{elsewhere}"));
    assert_eq!(found[0].difference.kind, Kind::StepAdded);
    assert!(found[0].difference.message.ends_with("in 2 replies"));
}

#[test]
fn departure_events_are_read_as_what_they_say_against_this_spec() {
    let spec = shipped();
    let event = |path: &str, kind: &str, json_kind: &str| {
        json!({"timestamp": "2026-12-06T17:48:27Z", "level": "WARN", "target": "dqe_client::departure",
            "fields": {"message": "the reply departs from the spec", "endpoint": "retrieve",
                "path": path, "kind": kind, "json_kind": json_kind}})
        .to_string()
    };
    let text = [
        event("formfilling.address.floor", "unknown-key", "string"),
        // Places the spec knows, with kinds its types read: stale, no difference.
        event("formfilling.address.locality", "unknown-key", "string"),
        event("formfilling.updated_at", "other-type", "number"),
        event("formfilling.birthdate", "other-type", "number"),
        event("extra", "unknown-key", "object"),
        event("status", "unknown-status", "string"),
    ]
    .join("\n");
    let found = of(&spec, &text);
    let messages: Vec<&str> = found
        .iter()
        .map(|d| d.difference.message.as_str())
        .collect();
    assert_eq!(found.len(), 4, "{messages:#?}");
    assert!(messages[0].ends_with("formfilling.address.floor (a string), in 1 departure event"));
    let top = found[2].toml.as_deref().unwrap();
    assert!(top.contains("the first is assumed"), "{top}");
    assert!(top.contains("do not show the keys"), "{top}");
}
