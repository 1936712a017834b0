//! What a reply held that the spec did not expect, kept: oddities and unknown keys.

use std::fmt;

/// A value a reply held that did not fit the type the spec gives its key: kept, with the key and
/// what was expected, instead of failing the whole reply.
///
/// A value of another JSON type that the field could read all the same (a number where the spec
/// says text, the string `"false"` where it says a boolean) is in the field too, and kept here so
/// that the record re-encodes it as it came ([`Oddity::is_read`]). `Debug` hides the value of a
/// sensitive key (only its JSON kind shows).
#[derive(Clone, PartialEq)]
pub struct Oddity {
    pub(crate) key: &'static str,
    pub(crate) expected: &'static str,
    pub(crate) found: serde_json::Value,
    pub(crate) sensitive: bool,
    pub(crate) read: bool,
}

impl Oddity {
    /// The key, as on the wire.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// What the spec says the key holds.
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// The value as received.
    ///
    /// It may be personal data: see [`Oddity::is_sensitive`].
    pub fn found(&self) -> &serde_json::Value {
        &self.found
    }

    /// What kind of JSON value was received: `a number`, `an array`...
    pub fn found_kind(&self) -> &'static str {
        match &self.found {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::Object(_) => "an object",
        }
    }

    /// Whether the value, a number or a boolean where the spec says text, was also read as its
    /// JSON text into the field (`69001` reads as `"69001"`); it is kept here so that the
    /// record re-encodes it as it came.
    pub fn is_read_as_text(&self) -> bool {
        self.read && !self.found.is_string()
    }

    /// Whether the value was also read into the field, though of another JSON type than the spec's:
    /// a number or a boolean as its text ([`Oddity::is_read_as_text`]), or a string as a boolean
    /// (`"false"` reads as `false`).
    ///
    /// It is kept here so that the record re-encodes it as it came.
    pub fn is_read(&self) -> bool {
        self.read
    }

    /// Whether the spec marks the key as sensitive.
    pub fn is_sensitive(&self) -> bool {
        self.sensitive
    }
}

impl fmt::Debug for Oddity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Oddity");
        s.field("key", &self.key).field("expected", &self.expected);
        if self.sensitive && !crate::redact::revealed() {
            s.field("found", &format_args!("<redacted {}>", self.found_kind()));
        } else {
            s.field("found", &self.found);
        }
        if self.read {
            s.field("read", &true);
        }
        s.finish()
    }
}

impl fmt::Display for Oddity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "key `{}` held {} where {} was expected{}",
            self.key,
            self.found_kind(),
            self.expected,
            match (self.read, self.found.is_string()) {
                (false, _) => "",
                (true, false) => " (read as its JSON text)",
                (true, true) => " (read from its text)",
            }
        )
    }
}

/// Keys a reply held that the spec does not know, kept as received so that an answer from a newer
/// DQE keeps its data until the spec catches up, and re-encoded with the record.
///
/// `Debug` shows how many there are, not their names or values (they may be personal data), unless
/// [`reveal_sensitive`](crate::redact::reveal_sensitive) is in force.
#[derive(Clone, Default, PartialEq)]
pub struct Extra(Vec<(String, serde_json::Value)>);

impl Extra {
    /// The value of an unknown key.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        // A key received twice reads as its last value, as serde_json reads it.
        self.0.iter().rfind(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The keys and values, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &serde_json::Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// How many unknown keys there were.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there were none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps one more key, after the others (a key received twice is kept twice; [`Extra::get`]
    /// reads the last).
    pub fn insert(&mut self, key: String, value: serde_json::Value) {
        // Kept as received, duplicates included: checking for one would cost a pass over every
        // key kept, quadratic in a hostile reply of many unknown keys.
        self.0.push((key, value));
    }

    /// Writes the keys back into a map being serialized.
    pub(crate) fn serialize_into<M: serde::ser::SerializeMap>(
        &self,
        map: &mut M,
    ) -> Result<(), M::Error> {
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if crate::redact::revealed() {
            f.debug_map()
                .entries(self.0.iter().map(|(k, v)| (k, v)))
                .finish()
        } else {
            write!(f, "Extra({} unknown keys, <redacted>)", self.0.len())
        }
    }
}
