//! Reply data made from the spec alone, so that a scope file is served with data without a
//! line of Rust: the keys of an outcome ([`OutcomeInfo`]) that the scopes asked for add, and
//! the shared ones, each from the field's `example` in the spec or, without one, made up from
//! its type.
//!
//! - A field a scope file added is there when that scope is asked for.
//! - A shared field holding scopes gives back the scopes asked for, comma-joined; one named like
//!   a step 1 parameter gives back the value sent (and is left out when none was).
//! - An `example` is JSON text; `{param}` in its strings stands for the value sent for that
//!   step 1 text parameter (Rust name): `"{number}"` is the customer's phone number.
//! - Without one: text is made from the key (`given_name` -> `Sample given name`), a date is
//!   `1990-01-01`, a timestamp 1,700,000,000 seconds, a duration 300 seconds, a boolean `true`,
//!   a score `1.0`, a whole number `1`, a document a small valid PDF (in Base64), an enum its
//!   first value, an object each of its keys.

use serde_json::{Map, Value};

use super::pdf;
use super::request::SentValues;
use dqe_client::endpoint::{FieldInfo, FieldKind, OutcomeInfo, ScopeInfo};
use dqe_client::types::Document;

/// The keys of `outcome` (its status left out) for a request asking for `scopes` that sent
/// `sent`.
pub(super) fn outcome(
    outcome: &OutcomeInfo,
    scopes: &[&'static ScopeInfo],
    sent: &SentValues,
) -> Map<String, Value> {
    let mut object = Map::new();
    for field in outcome.fields {
        if let Some(value) = top_level(field, scopes, sent) {
            object.insert(field.wire.to_owned(), value);
        }
    }
    object
}

/// The value of a key of an outcome, if the reply has it.
fn top_level(field: &FieldInfo, scopes: &[&'static ScopeInfo], sent: &SentValues) -> Option<Value> {
    if let Some(wire) = field.scope {
        return scopes
            .iter()
            .any(|s| s.wire == wire)
            .then(|| value(field, scopes, sent));
    }
    if matches!(field.kind, FieldKind::Scopes) || field.example.is_some() {
        return Some(value(field, scopes, sent));
    }
    match sent.get(field.name) {
        Some(echo) => echo.map(|v| Value::String(v.to_owned())),
        None => Some(value(field, scopes, sent)),
    }
}

/// A field's value: its example, or one made from its type.
fn value(field: &FieldInfo, scopes: &[&'static ScopeInfo], sent: &SentValues) -> Value {
    field
        .example
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .map(|example| fill(example, sent))
        .unwrap_or_else(|| made_up(field.wire, &field.kind, scopes, sent))
}

/// An example with its placeholders filled, in every string it holds.
fn fill(example: Value, sent: &SentValues) -> Value {
    match example {
        Value::String(s) => Value::String(fill_text(sent, &s)),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| fill(v, sent)).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, fill(v, sent))).collect())
        }
        other => other,
    }
}

/// `text` with each `{param}` replaced by the value sent for that parameter (`""` when
/// none was); other braces are kept.
fn fill_text(sent: &SentValues, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let value = sent.get(&after[..close])?;
            Some((close, value))
        }) {
            Some((close, value)) => {
                out.push_str(value.unwrap_or_default());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A value of `kind` for the key `key`, when the spec gives no example.
fn made_up(key: &str, kind: &FieldKind, scopes: &[&'static ScopeInfo], sent: &SentValues) -> Value {
    match kind {
        FieldKind::Date => Value::from("1990-01-01"),
        FieldKind::Timestamp => Value::from(1_700_000_000_u64),
        FieldKind::Seconds => Value::from("300"),
        FieldKind::Scopes => {
            Value::from(scopes.iter().map(|s| s.wire).collect::<Vec<_>>().join(","))
        }
        FieldKind::Bool => Value::Bool(true),
        FieldKind::Score => Value::from(1.0),
        FieldKind::Integer => Value::from(1),
        FieldKind::Base64 => Value::from(Document::new(pdf::sample()).to_base64()),
        FieldKind::Enum(values) => values
            .first()
            .map_or_else(|| text(key), |v| Value::from(*v)),
        FieldKind::List(item) => match made_up(key, item, scopes, sent) {
            Value::String(s) => Value::String(s),
            other => Value::String(other.to_string()),
        },
        FieldKind::Object(fields) => Value::Object(
            fields
                .iter()
                .filter_map(|f| Some((f.wire.to_owned(), nested(f, scopes, sent)?)))
                .collect(),
        ),
        _ => text(key),
    }
}

/// The value of a key of an object: as at top level, but never an echo of a parameter (an
/// address's `number` is not the phone number).
fn nested(field: &FieldInfo, scopes: &[&'static ScopeInfo], sent: &SentValues) -> Option<Value> {
    match field.scope {
        Some(wire) if !scopes.iter().any(|s| s.wire == wire) => None,
        _ => Some(value(field, scopes, sent)),
    }
}

/// Text made from a key: `given_name` -> `Sample given name`.
fn text(key: &str) -> Value {
    Value::String(format!("Sample {}", key.replace(['_', '-'], " ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_take_the_values_sent_and_other_braces_stay() {
        let sent = SentValues::from_values(vec![("a", Some("x{b}".to_owned())), ("b", None)]);
        assert_eq!(fill_text(&sent, "{a}-{b}-{c}-{"), "x{b}--{c}-{");
        assert_eq!(fill_text(&sent, "}{a}{a}"), "}x{b}x{b}");
    }
}
