//! Type names of the spec (`string`, `list<scope>`, `Gender`...) parsed into [`TypeRef`].

use crate::model::TypeRef;
use crate::names::{did_you_mean, is_camel_ident};

/// The builtin type names, for suggestions.
const BUILTIN_TYPES: &[&str] = &[
    "string",
    "date",
    "timestamp",
    "seconds",
    "bool",
    "score",
    "integer",
    "scope",
    "base64",
];

/// Parses `string`, `date`, `list<scope>`, `Gender`...
///
/// # Errors
/// Names the unknown type (with the nearest builtin), or refuses a list of lists.
pub fn parse_type(s: &str) -> Result<TypeRef, String> {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
        return match parse_type(inner)? {
            TypeRef::List(_) => Err("a list of lists is not supported".to_owned()),
            item => Ok(TypeRef::List(Box::new(item))),
        };
    }
    Ok(match s {
        "string" => TypeRef::String,
        "date" => TypeRef::Date,
        "timestamp" => TypeRef::Timestamp,
        "seconds" => TypeRef::Seconds,
        "bool" => TypeRef::Bool,
        "score" => TypeRef::Score,
        "integer" => TypeRef::Integer,
        "scope" => TypeRef::Scope,
        "base64" => TypeRef::Base64,
        other if is_camel_ident(other) => TypeRef::Named(other.to_owned()),
        other => {
            let hint = did_you_mean(other, BUILTIN_TYPES);
            return Err(format!(
                "unknown type `{other}`{hint}; expected one of `string`, `date`, `timestamp`, `seconds`, `bool`, `score`, `integer`, `scope`, `base64`, `list<T>`, or the UpperCamelCase name of an enum or object of the spec"
            ));
        }
    })
}

#[cfg(feature = "tools")]
/// A type as the spec writes it: the inverse of [`parse_type`].
pub fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".to_owned(),
        TypeRef::Date => "date".to_owned(),
        TypeRef::Timestamp => "timestamp".to_owned(),
        TypeRef::Seconds => "seconds".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Score => "score".to_owned(),
        TypeRef::Integer => "integer".to_owned(),
        TypeRef::Scope => "scope".to_owned(),
        TypeRef::Base64 => "base64".to_owned(),
        TypeRef::List(item) => format!("list<{}>", type_name(item)),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Enum(t) | TypeRef::Object(t) => t.name.clone(),
    }
}

#[cfg(feature = "tools")]
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

#[cfg(feature = "tools")]
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

#[cfg(feature = "tools")]
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

#[cfg(feature = "tools")]
impl TypeRef {
    /// Whether a reply field of this type reads a JSON value of `kind` into a value (`null`
    /// always reads, as no value): the leniency the runtime's readers have (a number or a
    /// boolean where text is expected reads as its text; `"true"` as a boolean; a number or a
    /// string holding one as a score...).
    pub fn reads(&self, kind: JsonKind) -> bool {
        use JsonKind::{Bool, Null, Number, Object, Text};
        if kind == Null {
            return true;
        }
        match self {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types() {
        assert_eq!(parse_type("string"), Ok(TypeRef::String));
        assert_eq!(
            parse_type("list<scope>"),
            Ok(TypeRef::List(Box::new(TypeRef::Scope)))
        );
        assert_eq!(parse_type("Gender"), Ok(TypeRef::Named("Gender".into())));
        assert_eq!(parse_type("base64"), Ok(TypeRef::Base64));
        assert!(
            parse_type("base46")
                .unwrap_err()
                .contains("did you mean `base64`")
        );
        assert!(
            parse_type("strng")
                .unwrap_err()
                .contains("did you mean `string`")
        );
        assert!(parse_type("list<list<string>>").is_err());
    }
}
