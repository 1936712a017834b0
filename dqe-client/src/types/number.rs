//! Numbers as DQE sends them: seconds, scores, booleans and whole numbers, each read from a
//! JSON value or from text.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::__private::{FieldType, WireValue};
use crate::types::ValueType;

/// A duration in whole seconds, sent as a string of digits (a JSON number is accepted too).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Seconds(pub u64);

impl Seconds {
    /// The number of seconds.
    pub fn get(self) -> u64 {
        self.0
    }

    /// As a [`Duration`].
    pub fn as_duration(self) -> Duration {
        Duration::from_secs(self.0)
    }
}

impl From<Seconds> for Duration {
    fn from(s: Seconds) -> Self {
        s.as_duration()
    }
}

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Seconds {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::__private::deserialize_field(d)
    }
}

impl FieldType for Seconds {
    const EXPECTED: &'static str = "a number of seconds";
    const VALUE_TYPE: ValueType = ValueType::Seconds;
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse().ok().map(Seconds)
    }
    fn from_u64(n: u64) -> Option<Self> {
        Some(Seconds(n))
    }
    fn from_i64(n: i64) -> Option<Self> {
        u64::try_from(n).ok().map(Seconds)
    }
    fn from_f64(f: f64) -> Option<Self> {
        // Only whole, non-negative, in-range values are accepted, so the cast is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        (f.fract() == 0.0 && (0.0..1.8e19).contains(&f)).then_some(Seconds(f as u64))
    }
}

/// A similarity score from `0` (different) to `1` (identical), as DQE's matching scopes send them:
/// a JSON number or a string holding one (`"0.78"`); `""` means "not compared" and reads as no
/// value.
///
/// A number outside `0..=1` is not a score: it is kept as an oddity.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default)]
pub struct Score(f64);

impl Score {
    /// A score, if `value` is one (finite, from 0 to 1).
    pub fn new(value: f64) -> Option<Self> {
        (value.is_finite() && (0.0..=1.0).contains(&value)).then_some(Self(value))
    }

    /// The score, from 0 to 1.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::__private::deserialize_field(d)
    }
}

impl FieldType for Score {
    const EXPECTED: &'static str = "a score from 0 to 1";
    const VALUE_TYPE: ValueType = ValueType::Score;
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse().ok().and_then(Self::new)
    }
    // A negative whole number is no score: `from_i64` keeps the default, `None`.
    fn from_u64(n: u64) -> Option<Self> {
        match n {
            0 => Some(Self(0.0)),
            1 => Some(Self(1.0)),
            _ => None,
        }
    }
    fn from_f64(f: f64) -> Option<Self> {
        Self::new(f)
    }
}

impl FieldType for bool {
    const EXPECTED: &'static str = "a boolean";
    const VALUE_TYPE: ValueType = ValueType::Bool;
    /// DQE sends booleans as strings in places (`"false"`): such a value re-encodes as the
    /// string it came as.
    const KEEPS_TEXT: bool = true;
    /// `true` and `false` in any case (DQE sends `"true"` and `"false"` as strings in places).
    fn from_text(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("true") {
            Some(true)
        } else if text.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }
    fn from_bool(b: bool) -> Option<Self> {
        Some(b)
    }
}

impl FieldType for u64 {
    const EXPECTED: &'static str = "a whole number";
    const VALUE_TYPE: ValueType = ValueType::Integer;
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
    fn from_u64(n: u64) -> Option<Self> {
        Some(n)
    }
    fn from_i64(n: i64) -> Option<Self> {
        u64::try_from(n).ok()
    }
}

impl WireValue for u64 {
    fn wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

impl WireValue for bool {
    fn wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}
