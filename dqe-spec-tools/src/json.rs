//! What a JSON value is, and which of the spec's types read which: the kinds a help-centre
//! page's type words and a reply's values have, compared with the spec's types by drift,
//! import and the OpenAPI examples check.

use dqe_codegen::model::TypeRef;

/// What a JSON value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// A string.
    Text,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// An object.
    Object,
    /// An array.
    Array,
    /// `null`.
    Null,
}

impl JsonKind {
    /// The kind in words, with its article: `a string`.
    pub fn described(self) -> &'static str {
        match self {
            JsonKind::Text => "a string",
            JsonKind::Number => "a number",
            JsonKind::Bool => "a boolean",
            JsonKind::Object => "an object",
            JsonKind::Array => "an array",
            JsonKind::Null => "null",
        }
    }

    /// The kind of a JSON value.
    pub fn of(value: &serde_json::Value) -> Self {
        match value {
            serde_json::Value::String(_) => JsonKind::Text,
            serde_json::Value::Number(_) => JsonKind::Number,
            serde_json::Value::Bool(_) => JsonKind::Bool,
            serde_json::Value::Object(_) => JsonKind::Object,
            serde_json::Value::Array(_) => JsonKind::Array,
            serde_json::Value::Null => JsonKind::Null,
        }
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
/// always reads, as no value): the leniency the runtime's readers have (a number or a
/// boolean where text is expected reads as its text; `"true"` as a boolean; a number or a
/// string holding one as a score...).
pub fn reads(ty: &TypeRef, kind: JsonKind) -> bool {
    use JsonKind::{Bool, Null, Number, Object, Text};
    if kind == Null {
        return true;
    }
    match ty {
        TypeRef::String => matches!(kind, Text | Number | Bool),
        TypeRef::Date | TypeRef::Scope | TypeRef::List(_) | TypeRef::Base64 => kind == Text,
        TypeRef::Timestamp | TypeRef::Seconds | TypeRef::Integer | TypeRef::Score => {
            matches!(kind, Text | Number)
        }
        TypeRef::Bool => matches!(kind, Bool | Text),
        TypeRef::Object(_) => kind == Object,
        TypeRef::Named(_) | TypeRef::Enum(_) => kind == Text,
    }
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
