//! What generated code calls. Not a public API: it changes with the generator.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

pub use secrecy::{ExposeSecret, SecretString};
pub use serde::de::{IgnoredAny, MapAccess};
pub use serde::ser::SerializeMap;
pub use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::endpoint::{
    ApiError, CallbackError, EncodeContext, Endpoint, EndpointInfo, ErrorInfo, Form, HasScopes,
    Method, MissingCredential, NoPending, Outcome, ParamInfo, ParamSource, Reply, Set,
    TokenEndpoint, TokenGrant, UnknownValue, Unset,
};
pub use crate::redact::{Printable, REDACTED_MARK, Redacted, RedactedValue};
pub use crate::types::{Date, Extra, List, Oddity, Score, Seconds, Timestamp};
pub use crate::{record_impls, wire_enum_impls};

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Error as _, SeqAccess, Visitor};
use serde_json::Value;

/// A type a reply field can hold, read leniently: a value of another JSON type is not an
/// error but an [`Oddity`].
pub trait FieldType: Sized {
    /// What the field holds, for oddities and messages.
    const EXPECTED: &'static str;
    /// From a non-empty string.
    fn from_text(text: &str) -> Option<Self>;
    /// From an owned non-empty string; gives it back if it does not fit.
    fn from_string(text: String) -> Result<Self, String> {
        Self::from_text(&text).ok_or(text)
    }
    /// From a JSON boolean.
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    /// From a negative JSON integer.
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    /// From a non-negative JSON integer.
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    /// From a JSON float.
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    /// From the JSON text of a number or a boolean (`69001`, `true`), for types that hold text
    /// where a server sent a number: the value then re-encodes as it came (see
    /// [`Oddity::is_read_as_text`]). By default it does not fit.
    fn from_json_text(_: String) -> Option<Self> {
        None
    }
    /// From a JSON object; by default it does not fit and is kept as it is.
    fn decode_map<'de, A: MapAccess<'de>>(map: A) -> Result<Result<Self, Value>, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Err)
    }
}

impl FieldType for String {
    const EXPECTED: &'static str = "a string";
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

    // Not a word: described by its JSON type, never its content (it may hold anything).
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Some(Cow::Borrowed(NOT_TEXT_ARRAY)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
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
    /// A number or a boolean read as its JSON text, with the value as received.
    Text(T, Box<Value>),
}

impl<T: FieldType> Slot<T> {
    /// The value; an oddity is recorded and reads as `None`.
    #[inline]
    pub fn take(self, key: &'static str, sensitive: bool, oddities: &mut Vec<Oddity>) -> Option<T> {
        match self {
            Slot::Absent => None,
            Slot::Value(v) => Some(v),
            Slot::Odd(found) => {
                oddities.push(Oddity {
                    key,
                    expected: T::EXPECTED,
                    found: *found,
                    sensitive,
                    read_as_text: false,
                });
                None
            }
            Slot::Text(v, found) => {
                oddities.push(Oddity {
                    key,
                    expected: T::EXPECTED,
                    found: *found,
                    sensitive,
                    read_as_text: true,
                });
                Some(v)
            }
        }
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

/// A scalar that is not a string: the value if the type reads it, else its JSON text if the
/// type holds text, else an oddity.
#[inline]
fn odd_or<T: FieldType>(v: Option<T>, raw: impl FnOnce() -> Value) -> Slot<T> {
    match v {
        Some(v) => Slot::Value(v),
        None => {
            let raw = raw();
            match T::from_json_text(raw.to_string()) {
                Some(v) => Slot::Text(v, Box::new(raw)),
                None => Slot::Odd(Box::new(raw)),
            }
        }
    }
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
        Ok(odd_or(T::from_text(s), || Value::String(s.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Slot<T>, E> {
        if s.is_empty() {
            return Ok(Slot::Absent);
        }
        Ok(match T::from_string(s) {
            Ok(v) => Slot::Value(v),
            Err(s) => Slot::Odd(Box::new(Value::String(s))),
        })
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Slot<T>, E> {
        Ok(odd_or(T::from_bool(b), || Value::Bool(b)))
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Slot<T>, E> {
        Ok(odd_or(T::from_i64(n), || Value::from(n)))
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Slot<T>, E> {
        Ok(odd_or(T::from_u64(n), || Value::from(n)))
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Slot<T>, E> {
        Ok(odd_or(T::from_f64(n), || Value::from(n)))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Slot<T>, E> {
        Ok(Slot::Absent)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Slot<T>, E> {
        Ok(Slot::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Slot<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Slot<T>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(|v| Slot::Odd(Box::new(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Slot<T>, A::Error> {
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
        Slot::Odd(_) | Slot::Text(..) => {
            Err(D::Error::custom(format_args!("expected {}", T::EXPECTED)))
        }
    }
}

/// A map key, borrowed from the input when it can be.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A generated type read from a JSON object in one pass.
pub trait DecodeMap: Sized {
    /// What it expects, for messages.
    const EXPECTING: &'static str;
    /// Reads the object's keys.
    fn decode_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize` for a [`DecodeMap`] type.
pub fn deserialize_map<'de, D: Deserializer<'de>, T: DecodeMap>(d: D) -> Result<T, D::Error> {
    struct V<T>(PhantomData<fn() -> T>);
    impl<'de, T: DecodeMap> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::decode_map(map)
        }
    }
    d.deserialize_map(V::<T>(PhantomData))
}

/// A generated record written as the keys of a map.
pub trait SerializeFields {
    /// Writes the record's keys (and its oddities, as received).
    fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// `Serialize` for a [`SerializeFields`] type.
pub fn serialize_record<S: Serializer, T: SerializeFields>(
    value: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    value.serialize_fields(&mut map)?;
    map.end()
}

/// Writes a record's field under its key, unless it was read from a number or a boolean: then
/// its oddity writes the value as it came.
#[inline]
pub fn serialize_field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
    oddities: &[Oddity],
) -> Result<(), M::Error> {
    match value {
        Some(v) if !oddities.iter().any(|o| o.read_as_text && o.key == key) => {
            map.serialize_entry(key, v)
        }
        _ => Ok(()),
    }
}

/// Writes the keys the spec does not know back, so that re-encoding loses nothing.
pub fn serialize_extra<M: SerializeMap>(extra: &Extra, map: &mut M) -> Result<(), M::Error> {
    extra.serialize_into(map)
}

/// Writes oddities back under their keys, so that re-encoding loses nothing.
pub fn serialize_oddities<M: SerializeMap>(
    oddities: &[Oddity],
    map: &mut M,
) -> Result<(), M::Error> {
    for o in oddities {
        map.serialize_entry(o.key, &o.found)?;
    }
    Ok(())
}

/// A value as sent on the wire in a request.
pub trait WireValue {
    /// The text sent.
    fn wire(&self) -> Cow<'_, str>;
}

impl WireValue for String {
    #[inline]
    fn wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

/// Error ids compare by number when they are numbers: `"1"` is `"01"`.
#[inline]
pub fn canonical_id(id: &str) -> &str {
    let id = id.trim();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return id;
    }
    match id.trim_start_matches('0') {
        "" => "0",
        rest => rest,
    }
}

/// One piece of an error text template.
#[derive(Clone, Copy, Debug)]
pub enum Piece {
    /// Text as is.
    Lit(&'static str),
    /// A part that varies.
    Hole,
}

/// The varying part of a text that fits a one-placeholder template `prefix{..}suffix`; empty
/// where it does not fit. No searching: a prefix and a suffix are stripped.
#[inline]
pub fn capture_one(prefix: &str, suffix: &str, text: &str) -> String {
    text.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .unwrap_or_default()
}

/// The varying parts of a text that fits the template; empty strings where it does not fit.
pub fn capture(template: &[Piece], text: &str) -> Vec<String> {
    let holes = template.iter().filter(|p| matches!(p, Piece::Hole)).count();
    let mut out = Vec::with_capacity(holes);
    let mut rest = text;
    for (i, piece) in template.iter().enumerate() {
        let value = match piece {
            Piece::Lit(l) => match rest.strip_prefix(l) {
                Some(r) => {
                    rest = r;
                    continue;
                }
                None => return vec![String::new(); holes],
            },
            Piece::Hole => match template.get(i + 1) {
                Some(Piece::Lit(next)) => match rest.find(next) {
                    Some(at) => {
                        let (v, r) = rest.split_at(at);
                        rest = r;
                        v
                    }
                    None => return vec![String::new(); holes],
                },
                _ => std::mem::take(&mut rest),
            },
        };
        out.push(value.to_owned());
    }
    if rest.is_empty() {
        out
    } else {
        vec![String::new(); holes]
    }
}

/// A secret read through a lookup of variable names.
pub fn lookup_secret(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    env: &'static str,
) -> Result<SecretString, MissingCredential> {
    match lookup(env) {
        Some(v) if !v.is_empty() => Ok(SecretString::from(v)),
        _ => Err(MissingCredential { name, env }),
    }
}

/// The pairs of a raw `application/x-www-form-urlencoded` text: a request's query string or
/// form body, as received (a `?` in it is data). The one parser of pairs in the crate.
pub fn form_pairs(raw: &[u8]) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(raw)
}

/// The pairs of a redirect's query string, given alone, with its `?`, or as a whole URL
/// (everything up to the first `?` and from the first `#` is dropped).
pub fn query_pairs(query: &str) -> form_urlencoded::Parse<'_> {
    let query = query.split_once('?').map_or(query, |(_, q)| q);
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    form_pairs(query.as_bytes())
}

/// `WireValue`, `Display`, `Serialize` and `Deserialize` for a generated enum.
#[macro_export]
#[doc(hidden)]
macro_rules! wire_enum_impls {
    ($name:ident) => {
        impl $crate::__private::WireValue for $name {
            fn wire(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::__private::Serialize for $name {
            fn serialize<S: $crate::__private::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::__private::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize_field(d)
            }
        }
    };
}

/// `FieldType`, `Serialize` and `Deserialize` for a generated record.
#[macro_export]
#[doc(hidden)]
macro_rules! record_impls {
    ($name:ident) => {
        impl $crate::__private::FieldType for $name {
            const EXPECTED: &'static str = "a JSON object";
            fn from_text(_: &str) -> ::std::option::Option<Self> {
                ::std::option::Option::None
            }
            fn decode_map<'de, A: $crate::__private::MapAccess<'de>>(
                map: A,
            ) -> ::std::result::Result<
                ::std::result::Result<Self, $crate::__private::serde_json::Value>,
                A::Error,
            > {
                <Self as $crate::__private::DecodeMap>::decode_map(map)
                    .map(::std::result::Result::Ok)
            }
        }
        impl $crate::__private::Serialize for $name {
            fn serialize<S: $crate::__private::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize_record(self, s)
            }
        }
        impl<'de> $crate::__private::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize_map(d)
            }
        }
    };
}

pub use serde_json;
