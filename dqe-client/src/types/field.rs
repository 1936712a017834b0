//! The traits that name what generated types are to the runtime, in the bounds of public
//! items: [`FieldType`] (a type a reply field holds, read leniently), [`WireValue`] (a value as
//! sent in a request) and [`WholeNumber`] (what a whole-number parameter takes). Generated code
//! implements the first two; a caller only ever passes values, e.g. `.period(24)`.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::MapAccess;
use serde::de::value::MapAccessDeserializer;
use serde_json::Value;

use super::ValueType;

/// A type a reply field can hold, read leniently: a value of another JSON type is not an
/// error but an [`Oddity`](super::Oddity).
///
/// Which JSON kinds a field reads is not the type's to decide: the reader consults the table
/// the spec tools check replies with ([`reads`](super::reads)) for the type's
/// [`VALUE_TYPE`](FieldType::VALUE_TYPE), and keeps a kind it refuses as an oddity without
/// calling the type. The `from_*` functions only convert a value of a kind the table reads
/// (`None`: this value does not fit, as `-1` is no score); a kind the type's table row
/// refuses never reaches them.
pub trait FieldType: Sized {
    /// What the field holds, for oddities and messages.
    const EXPECTED: &'static str;
    /// What the type is to the table of the JSON kinds each type reads.
    const VALUE_TYPE: ValueType;
    /// Whether a value read from a string keeps that string, so that the record re-encodes it as it
    /// came: for a type written as something else (a boolean, which DQE sends as `"false"`), the
    /// read is recorded as an oddity read into the field (see
    /// [`Oddity::is_read`](super::Oddity::is_read)).
    ///
    /// By default the value is written as read.
    const KEEPS_TEXT: bool = false;
    /// From a non-empty string.
    ///
    /// By default it does not fit (a type whose row reads strings converts them).
    fn from_text(_: &str) -> Option<Self> {
        None
    }
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
    /// From the JSON text of a number or a boolean (`69001`, `true`) that the type's own conversion
    /// (`from_u64`, `from_bool`...) did not take, for types that hold text: the value then
    /// re-encodes as it came (see [`Oddity::is_read_as_text`](super::Oddity::is_read_as_text)).
    ///
    /// By default it does not fit.
    fn from_json_text(_: String) -> Option<Self> {
        None
    }
    /// From a JSON object (a type whose row reads objects); by default it does not fit and is
    /// kept as it is.
    fn decode_map<'de, A: MapAccess<'de>>(map: A) -> Result<Result<Self, Value>, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Err)
    }
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

/// A whole number a request parameter takes: the unsigned integers, and `i32` so that an
/// unsuffixed literal (`.simswap(24)`) works; a negative `i32` reads as 0.
pub trait WholeNumber {
    /// The number as the `u64` written on the wire (a negative `i32` as 0).
    fn whole(self) -> u64;
}

macro_rules! whole_number {
    ($($t:ty),*) => {$(
        impl WholeNumber for $t {
            fn whole(self) -> u64 {
                u64::from(self)
            }
        }
    )*};
}
whole_number!(u8, u16, u32, u64);

impl WholeNumber for usize {
    fn whole(self) -> u64 {
        u64::try_from(self).unwrap_or(u64::MAX)
    }
}

impl WholeNumber for i32 {
    fn whole(self) -> u64 {
        u64::try_from(self).unwrap_or(0)
    }
}
