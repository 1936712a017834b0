//! What generated code calls. Not a public API: it changes with the generator.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

pub use secrecy::{ExposeSecret, SecretString};
pub use serde::de::{IgnoredAny, MapAccess};
pub use serde::ser::SerializeMap;
pub use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::dynamic::CredentialSet;
pub use crate::endpoint::{
    ApiError, CallbackError, EncodeContext, Endpoint, EndpointInfo, ErrorInfo, FieldInfo,
    FieldKind, Form, HasScopes, Method, MissingCredential, NoPending, Outcome, OutcomeInfo,
    ParamInfo, ParamRole, ParamSource, Piece, Reply, ScopeErrors, ScopeInfo, Set, Situation,
    TokenEndpoint, TokenGrant, UnknownValue, Unset, ValueKind,
};
pub use crate::journey::{ApiInfo, Journey};
pub use crate::outcome::CustomerOutcome;
pub use crate::redact::{Printable, REDACTED_MARK, Redacted, RedactedValue};
pub use crate::types::{
    Date, Document, Extra, FieldType, List, Oddity, Score, Seconds, Timestamp, ValueType,
    WholeNumber, WireValue,
};
pub use crate::{record_impls, wire_enum_impls};

use serde::de::Visitor;

mod encode;
pub(crate) mod gate;
mod lenient;
mod template;

pub use encode::encode_param;

pub use lenient::{Lenient, NOT_TEXT_ARRAY, NOT_TEXT_OBJECT, Slot, TextSeed, deserialize_field};
pub use template::{capture, capture_first, capture_one};

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

/// Writes a record's field under its key, unless it was read from another JSON type (a number
/// or a boolean as text, a string as a boolean): then its oddity writes the value as it came.
#[inline]
pub fn serialize_field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
    oddities: &[Oddity],
) -> Result<(), M::Error> {
    match value {
        Some(v) if !oddities.iter().any(|o| o.read && o.key == key) => map.serialize_entry(key, v),
        _ => Ok(()),
    }
}

/// A record field as JSON for a parameter sent as a JSON object: its value, or `""` when not
/// set (DQE wants every key present).
pub fn json_or_empty<T: Serialize>(value: &Option<T>) -> serde_json::Value {
    value
        .as_ref()
        .and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or_else(|| serde_json::Value::String(String::new()))
}

/// The JSON text of an object with these keys, in this order.
pub fn json_object_text(entries: &[(&str, serde_json::Value)]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A string's and a value's JSON text: serializing them cannot fail.
        out.push_str(&serde_json::Value::from(*k).to_string());
        out.push(':');
        out.push_str(&v.to_string());
    }
    out.push('}');
    out
}

/// Keeps a key the spec does not know, with its value. Out of line and cold: decoding a reply
/// of known keys stays as small as a hand-written decoder.
#[cold]
#[inline(never)]
pub fn keep_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Extra,
    key: &str,
) -> Result<(), A::Error> {
    gate::raise();
    let value = map.next_value::<serde_json::Value>()?;
    extra.insert(key.to_owned(), value);
    Ok(())
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

/// Error ids compare by number when they are numbers (`"1"` is `"01"`): the function the
/// generator applies to the documented ids, defined once in `dqe-spec-types`.
pub use dqe_spec_types::canonical_id;

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
            const VALUE_TYPE: $crate::__private::ValueType = $crate::__private::ValueType::Object;
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
