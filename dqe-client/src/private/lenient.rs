//! Reading reply values leniently: a value of an unexpected type becomes an oddity, a number
//! where text is expected reads as its JSON text (and a string where a boolean is expected as
//! that boolean), each kept so that it re-encodes as it came, and statuses and ids never fail.
//!
//! Which JSON kinds a field type reads is the shared table's ([`reads`], the one the spec tools
//! check replies with), consulted for the type's [`FieldType::VALUE_TYPE`] before any of its
//! conversions: a kind it refuses is kept as an oddity as received. Each answer is a constant
//! per type, folded at compile time.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::types::{FieldType, JsonKind, Oddity, ValueType, reads};

impl FieldType for String {
    const EXPECTED: &'static str = "a string";
    const VALUE_TYPE: ValueType = ValueType::String;
    #[inline]
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
    #[inline]
    fn from_string(text: String) -> Result<Self, String> {
        Ok(text)
    }
    fn from_json_text(text: String) -> Option<Self> {
        Some(text)
    }
}

impl<T: FieldType> FieldType for Box<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    const VALUE_TYPE: ValueType = T::VALUE_TYPE;
    const KEEPS_TEXT: bool = T::KEEPS_TEXT;
    #[inline]
    fn from_text(text: &str) -> Option<Self> {
        T::from_text(text).map(Box::new)
    }
    #[inline]
    fn from_string(text: String) -> Result<Self, String> {
        T::from_string(text).map(Box::new)
    }
    fn from_i64(n: i64) -> Option<Self> {
        T::from_i64(n).map(Box::new)
    }
    fn from_u64(n: u64) -> Option<Self> {
        T::from_u64(n).map(Box::new)
    }
    fn from_f64(f: f64) -> Option<Self> {
        T::from_f64(f).map(Box::new)
    }
    fn from_json_text(text: String) -> Option<Self> {
        T::from_json_text(text).map(Box::new)
    }
    fn from_bool(b: bool) -> Option<Self> {
        T::from_bool(b).map(Box::new)
    }
    #[inline]
    fn decode_map<'de, A: MapAccess<'de>>(map: A) -> Result<Result<Self, Value>, A::Error> {
        T::decode_map(map).map(|r| r.map(Box::new))
    }
}

/// Reads a status, an error id or an error text: text borrowed from the input when it can be
/// (so a status is compared without allocating), a number or a boolean as its JSON text, an
/// array or an object as its JSON type ([`NOT_TEXT_ARRAY`], [`NOT_TEXT_OBJECT`]), never its
/// content; `None` for missing, `null` or `""`.
pub struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Option<Cow<'de, str>>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    #[inline]
    fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok((!s.is_empty()).then_some(Cow::Borrowed(s)))
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok((!s.is_empty()).then(|| Cow::Owned(s.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok((!s.is_empty()).then_some(Cow::Owned(s)))
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(b.to_string())))
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(n.to_string())))
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(n.to_string())))
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(Value::from(n).to_string())))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    // Not a word: described by its JSON type, never its content (it may hold anything); a
    // kind text does not read, so the reply may depart from the spec.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        super::gate::raise();
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Some(Cow::Borrowed(NOT_TEXT_ARRAY)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        super::gate::raise();
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Some(Cow::Borrowed(NOT_TEXT_OBJECT)))
    }
}

/// What a status, an error id or an error text that is a JSON array reads as.
pub const NOT_TEXT_ARRAY: &str = "<a JSON array>";
/// What a status, an error id or an error text that is a JSON object reads as.
pub const NOT_TEXT_OBJECT: &str = "<a JSON object>";

/// A key as read: empty, a value, or an oddity.
#[derive(Debug)]
pub enum Slot<T> {
    /// Missing, `null` or `""`.
    Absent,
    /// A value of the expected type.
    Value(T),
    /// A value of another type, as received (boxed: it is rare, and keeps slots small).
    Odd(Box<Value>),
    /// A value read from another JSON type (a number or a boolean as its JSON text, a string
    /// as a boolean), with the value as received (boxed together: it is rare, and keeps slots
    /// small).
    Text(Box<(T, Value)>),
}

impl<T> Slot<T> {
    /// Whether the key was missing, `null` or `""`.
    #[inline]
    pub fn is_absent(&self) -> bool {
        matches!(self, Slot::Absent)
    }
}

impl<T: FieldType> Slot<T> {
    /// The value; an oddity is recorded and reads as `None`.
    #[inline]
    pub fn take(self, key: &'static str, sensitive: bool, oddities: &mut Vec<Oddity>) -> Option<T> {
        match self {
            Slot::Absent => None,
            Slot::Value(v) => Some(v),
            odd => odd.take_odd(key, sensitive, oddities),
        }
    }

    /// [`Slot::take`] of a value that did not fit: out of line and cold, so that the fields of
    /// a reply that fits its spec are taken with a branch each.
    #[cold]
    #[inline(never)]
    fn take_odd(self, key: &'static str, sensitive: bool, oddities: &mut Vec<Oddity>) -> Option<T> {
        let (value, found, read) = match self {
            Slot::Absent => return None,
            Slot::Value(v) => return Some(v),
            // A value of a kind the type does not read (or that did not convert): the reply
            // may depart from the spec. One read leniently does not.
            Slot::Odd(found) => {
                super::gate::raise();
                (None, *found, false)
            }
            Slot::Text(pair) => {
                let (v, found) = *pair;
                (Some(v), found, true)
            }
        };
        oddities.push(Oddity {
            key,
            expected: T::EXPECTED,
            found,
            sensitive,
            read,
        });
        value
    }
}

/// Reads one value leniently into a [`Slot`].
pub struct Lenient<T>(PhantomData<fn() -> T>);

impl<T> Lenient<T> {
    /// The seed.
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: FieldType> DeserializeSeed<'de> for Lenient<T> {
    type Value = Slot<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Slot<T>, D::Error> {
        d.deserialize_any(LenientVisitor::<T>(PhantomData))
    }
}

struct LenientVisitor<T>(PhantomData<fn() -> T>);

/// A value of a JSON kind the type does not read, as received: out of line and cold.
#[cold]
fn odd<T>(raw: Value) -> Slot<T> {
    Slot::Odd(Box::new(raw))
}

/// A scalar that is not a string, of a kind the type reads: the value if the type converts it,
/// else its JSON text if the type holds text, else an oddity.
#[inline]
fn odd_or<T: FieldType>(v: Option<T>, raw: impl FnOnce() -> Value) -> Slot<T> {
    match v {
        Some(v) => Slot::Value(v),
        None => {
            let raw = raw();
            match T::from_json_text(raw.to_string()) {
                Some(v) => Slot::Text(Box::new((v, raw))),
                None => Slot::Odd(Box::new(raw)),
            }
        }
    }
}

/// A string read by a type that keeps its text ([`FieldType::KEEPS_TEXT`]): the value with the
/// string as received, or an oddity when it does not fit.
#[cold]
fn kept_text<T>(v: Option<T>, text: impl FnOnce() -> String) -> Slot<T> {
    let raw = Value::String(text());
    match v {
        Some(v) => Slot::Text(Box::new((v, raw))),
        None => Slot::Odd(Box::new(raw)),
    }
}

/// Whether `T` reads a JSON value of `kind`: its row of the shared table.
macro_rules! reads {
    ($t:ty, $kind:ident) => {
        const { reads(<$t as FieldType>::VALUE_TYPE, JsonKind::$kind) }
    };
}

impl<'de, T: FieldType> Visitor<'de> for LenientVisitor<T> {
    type Value = Slot<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    #[inline]
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Slot<T>, E> {
        if s.is_empty() {
            return Ok(Slot::Absent);
        }
        if !reads!(T, Text) {
            return Ok(odd(Value::String(s.to_owned())));
        }
        if T::KEEPS_TEXT {
            return Ok(kept_text(T::from_text(s), || s.to_owned()));
        }
        Ok(odd_or(T::from_text(s), || Value::String(s.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Slot<T>, E> {
        if s.is_empty() {
            return Ok(Slot::Absent);
        }
        if !reads!(T, Text) {
            return Ok(odd(Value::String(s)));
        }
        if T::KEEPS_TEXT {
            return Ok(kept_text(T::from_text(&s), || s));
        }
        Ok(match T::from_string(s) {
            Ok(v) => Slot::Value(v),
            Err(s) => Slot::Odd(Box::new(Value::String(s))),
        })
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Slot<T>, E> {
        if !reads!(T, Bool) {
            return Ok(odd(Value::Bool(b)));
        }
        Ok(odd_or(T::from_bool(b), || Value::Bool(b)))
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Slot<T>, E> {
        if !reads!(T, Number) {
            return Ok(odd(Value::from(n)));
        }
        Ok(odd_or(T::from_i64(n), || Value::from(n)))
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Slot<T>, E> {
        if !reads!(T, Number) {
            return Ok(odd(Value::from(n)));
        }
        Ok(odd_or(T::from_u64(n), || Value::from(n)))
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Slot<T>, E> {
        if !reads!(T, Number) {
            return Ok(odd(Value::from(n)));
        }
        Ok(odd_or(T::from_f64(n), || Value::from(n)))
    }

    // `null` reads as no value, for every type (the table says so; checked as the reader is
    // compiled for a type).
    fn visit_unit<E: serde::de::Error>(self) -> Result<Slot<T>, E> {
        const { assert!(reads(T::VALUE_TYPE, JsonKind::Null)) };
        Ok(Slot::Absent)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Slot<T>, E> {
        const { assert!(reads(T::VALUE_TYPE, JsonKind::Null)) };
        Ok(Slot::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Slot<T>, D::Error> {
        d.deserialize_any(self)
    }

    // No type reads an array: the table says so, checked as the reader is compiled for a type
    // (a type that read one would need a conversion from an array first).
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Slot<T>, A::Error> {
        const { assert!(!reads(T::VALUE_TYPE, JsonKind::Array)) };
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(odd)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Slot<T>, A::Error> {
        if !reads!(T, Object) {
            return Value::deserialize(MapAccessDeserializer::new(map)).map(odd);
        }
        Ok(match T::decode_map(map)? {
            Ok(v) => Slot::Value(v),
            Err(raw) => Slot::Odd(Box::new(raw)),
        })
    }
}

/// A standalone value of a field type, strictly: an oddity is an error here.
pub fn deserialize_field<'de, D: Deserializer<'de>, T: FieldType>(d: D) -> Result<T, D::Error> {
    match Lenient::<T>::new().deserialize(d)? {
        Slot::Value(v) => Ok(v),
        Slot::Absent => Err(D::Error::custom(format_args!("expected {}", T::EXPECTED))),
        Slot::Odd(_) | Slot::Text(_) => {
            Err(D::Error::custom(format_args!("expected {}", T::EXPECTED)))
        }
    }
}

#[cfg(test)]
mod tests;
