//! What a JSON value is, and which of the spec's types read which: the kinds a help-centre
//! page's type words and a reply's values have, compared with the spec's types by drift,
//! import and the OpenAPI examples check. Which kinds a type reads is the runtime's table
//! (`dqe_spec_types::lenient`), not stated again here.

use dqe_codegen::model::TypeRef;
use dqe_codegen::support::value_type;
pub use dqe_spec_types::lenient::JsonKind;

/// The kind of a JSON value.
pub fn kind_of(value: &serde_json::Value) -> JsonKind {
    match value {
        serde_json::Value::String(_) => JsonKind::Text,
        serde_json::Value::Number(_) => JsonKind::Number,
        serde_json::Value::Bool(_) => JsonKind::Bool,
        serde_json::Value::Object(_) => JsonKind::Object,
        serde_json::Value::Array(_) => JsonKind::Array,
        serde_json::Value::Null => JsonKind::Null,
    }
}

/// What a help-centre page's type (`STRING(10)`, `DATE`, `JSON OBJECT`, `BOOLEAN`) holds as
/// JSON; `None` for a type word it does not recognise (or none).
pub fn page_json_kind(page_type: &str) -> Option<JsonKind> {
    let t = page_type.trim().to_ascii_uppercase();
    let head = t.split('(').next().unwrap_or(&t).trim();
    Some(match head {
        "STRING" | "TEXT" | "DATE" | "DATETIME" | "TIME" | "URL" => JsonKind::Text,
        "JSON OBJECT" | "OBJECT" | "JSON" => JsonKind::Object,
        "BOOLEAN" | "BOOL" => JsonKind::Bool,
        "NUMBER" | "INTEGER" | "INT" | "FLOAT" | "DOUBLE" | "DECIMAL" => JsonKind::Number,
        _ => return None,
    })
}

/// Whether a reply field of type `ty` reads a JSON value of `kind` into a value (`null`
/// always reads, as no value): the table the runtime's reader consults
/// ([`dqe_spec_types::lenient::reads`]).
pub fn reads(ty: &TypeRef, kind: JsonKind) -> bool {
    dqe_spec_types::lenient::reads(value_type(ty), kind)
}

/// The `{NAME}`s of a text read leniently, as DQE's page writes them in URLs and values
/// (`{NUM}`, `{SERVER_ADDRESS}`), in order: any text between braces, where the spec's
/// templates accept only a snake_case name.
pub fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_of_a_page() {
        assert_eq!(
            placeholders("https://{SERVER_ADDRESS}/x?n={NUM}").collect::<Vec<_>>(),
            ["SERVER_ADDRESS", "NUM"]
        );
    }
}
