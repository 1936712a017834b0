//! Which JSON values a reply field of each of the spec's types reads: the leniency of reply
//! values, stated once.
//!
//! The runtime's lenient reader consults [`reads`] before it converts a value (a kind the
//! table refuses is kept as an oddity, whatever the type's conversions could do), and the spec
//! tools check DQE's pages and example replies against the same table (drift, import). A
//! field type's conversions only convert: whether a kind is read at all is decided here.

/// What kind of JSON value a reply held, for the table of what each spec type reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JsonKind {
    /// A JSON string (`"text"`).
    Text,
    /// A JSON number (`42`, `0.78`).
    Number,
    /// A JSON boolean, `true` or `false`.
    Bool,
    /// A JSON object (`{...}`).
    Object,
    /// A JSON array (`[...]`).
    Array,
    /// A JSON `null`, read as no value.
    Null,
}

impl JsonKind {
    /// Every kind of JSON value, in order, for a table over all of them.
    pub const ALL: [JsonKind; 6] = [
        JsonKind::Text,
        JsonKind::Number,
        JsonKind::Bool,
        JsonKind::Object,
        JsonKind::Array,
        JsonKind::Null,
    ];

    /// Its name, one word: what a log event carries (`json_kind = "string"`).
    pub fn name(self) -> &'static str {
        match self {
            JsonKind::Text => "string",
            JsonKind::Number => "number",
            JsonKind::Bool => "boolean",
            JsonKind::Object => "object",
            JsonKind::Array => "array",
            JsonKind::Null => "null",
        }
    }

    /// The kind with this name ([`JsonKind::name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

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
}

/// A type a reply field of the spec holds, as far as reading JSON goes: the spec's scalar
/// types, a list, and the spec's enums and objects (a list reads as one string, whatever its
/// items).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// `string`: text, read from a string (or a number's or a boolean's text).
    String,
    /// `date`: a lenient `YYYY-MM-DD` date.
    Date,
    /// `timestamp`: seconds since the epoch, or a date.
    Timestamp,
    /// `seconds`: a duration in whole seconds.
    Seconds,
    /// `bool`: `true` or `false`.
    Bool,
    /// `score`: a similarity score from 0 to 1.
    Score,
    /// `integer`: a whole number.
    Integer,
    /// `scope`: one of the spec's scopes.
    Scope,
    /// `list<T>`: a comma-separated list.
    List,
    /// `base64`: bytes (a document) sent as Base64 text.
    Base64,
    /// One of the spec's enums.
    Enum,
    /// One of the spec's objects.
    Object,
}

impl ValueType {
    /// Every type, in order, for a table over all of them.
    pub const ALL: [ValueType; 12] = [
        ValueType::String,
        ValueType::Date,
        ValueType::Timestamp,
        ValueType::Seconds,
        ValueType::Bool,
        ValueType::Score,
        ValueType::Integer,
        ValueType::Scope,
        ValueType::List,
        ValueType::Base64,
        ValueType::Enum,
        ValueType::Object,
    ];

    /// The variant's Rust name (`Score`), for a generator writing the value as Rust.
    pub fn variant_name(self) -> &'static str {
        match self {
            ValueType::String => "String",
            ValueType::Date => "Date",
            ValueType::Timestamp => "Timestamp",
            ValueType::Seconds => "Seconds",
            ValueType::Bool => "Bool",
            ValueType::Score => "Score",
            ValueType::Integer => "Integer",
            ValueType::Scope => "Scope",
            ValueType::List => "List",
            ValueType::Base64 => "Base64",
            ValueType::Enum => "Enum",
            ValueType::Object => "Object",
        }
    }
}

/// Whether a reply field of type `ty` reads a JSON value of `kind`; a kind it does not read is kept
/// as an oddity.
///
/// `null` always reads, as no value. The leniency: a number or a boolean where text is expected
/// reads as its JSON text; a string as a boolean (`"true"`), as a number (`"0.78"` as a score,
/// `"3600"` as seconds) or as a timestamp; a number as a timestamp. A kind read may still not
/// convert (`-1` is no score): that value is an oddity too.
///
/// A `const fn`, so that the runtime's reader decides at compile time, per field type.
pub const fn reads(ty: ValueType, kind: JsonKind) -> bool {
    use JsonKind::{Bool, Null, Number, Object, Text};
    if matches!(kind, Null) {
        return true;
    }
    match ty {
        ValueType::String => matches!(kind, Text | Number | Bool),
        ValueType::Date
        | ValueType::Scope
        | ValueType::List
        | ValueType::Base64
        | ValueType::Enum => matches!(kind, Text),
        ValueType::Timestamp | ValueType::Seconds | ValueType::Integer | ValueType::Score => {
            matches!(kind, Text | Number)
        }
        ValueType::Bool => matches!(kind, Bool | Text),
        ValueType::Object => matches!(kind, Object),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_always_reads_and_no_type_reads_an_array() {
        for ty in ValueType::ALL {
            assert!(reads(ty, JsonKind::Null), "{ty:?}");
            assert!(!reads(ty, JsonKind::Array), "{ty:?}");
        }
    }

    #[test]
    fn kinds_round_trip_their_names() {
        for kind in JsonKind::ALL {
            assert_eq!(JsonKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(JsonKind::from_name("text"), None);
    }

    #[test]
    fn only_objects_read_objects() {
        for ty in ValueType::ALL {
            assert_eq!(
                reads(ty, JsonKind::Object),
                ty == ValueType::Object,
                "{ty:?}"
            );
        }
    }

    #[test]
    fn variant_names_are_the_variants() {
        for ty in ValueType::ALL {
            assert_eq!(ty.variant_name(), format!("{ty:?}"));
        }
    }
}
