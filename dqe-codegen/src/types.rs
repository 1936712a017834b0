//! Type names of the spec (`string`, `list<scope>`, `Gender`...) parsed into [`TypeRef`].

use dqe_spec_types::lenient::ValueType;

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

/// What a type is as far as reading JSON goes, for the table of the kinds each reads
/// ([`dqe_spec_types::lenient::reads`]), which the runtime's types name too.
///
/// An unresolved name (none in a checked spec) reads as the enum it most likely is.
pub fn value_type(ty: &TypeRef) -> ValueType {
    match ty {
        TypeRef::String => ValueType::String,
        TypeRef::Date => ValueType::Date,
        TypeRef::Timestamp => ValueType::Timestamp,
        TypeRef::Seconds => ValueType::Seconds,
        TypeRef::Bool => ValueType::Bool,
        TypeRef::Score => ValueType::Score,
        TypeRef::Integer => ValueType::Integer,
        TypeRef::Scope => ValueType::Scope,
        TypeRef::Base64 => ValueType::Base64,
        TypeRef::List(_) => ValueType::List,
        TypeRef::Named(_) | TypeRef::Enum(_) => ValueType::Enum,
        TypeRef::Object(_) => ValueType::Object,
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
