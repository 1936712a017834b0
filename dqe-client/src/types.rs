//! The value types of replies: lenient dates and timestamps that keep their raw text, durations
//! sent as strings of seconds, comma-separated lists, and [`Oddity`], what a reply held that
//! did not fit its type.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::__private::{FieldType, WireValue};

/// A date as sent, `YYYY-MM-DD`, read leniently: the raw text is always kept, and each part is
/// available when it makes sense. A year of `0000` means "withheld" and reads as no year;
/// DQE's own examples hold redacted dates such as `-08-30`, which read as month 8, day 30.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    raw: String,
    year: Option<u16>,
    month: Option<u8>,
    day: Option<u8>,
}

impl Date {
    /// Reads a date; never fails (what is not understood is simply `None`).
    pub fn parse(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let (mut year, mut month, mut day) = (None, None, None);
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let mut parts = raw.trim().splitn(4, '-');
        if let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
            && digits(y)
            && digits(m)
            && digits(d)
        {
            if y.len() == 4 {
                year = y.parse().ok().filter(|y| *y != 0);
            }
            if m.len() <= 2 {
                month = m.parse().ok().filter(|m| (1..=12).contains(m));
            }
            if d.len() <= 2 {
                day = d.parse().ok().filter(|d| (1..=31).contains(d));
            }
        }
        Self {
            raw,
            year,
            month,
            day,
        }
    }

    /// The text as received.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The year, unless absent or withheld (`0000`).
    pub fn year(&self) -> Option<u16> {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// Whether year, month and day were all read.
    pub fn is_complete(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }

    fn from_days_since_epoch(days: i64) -> Self {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Self::parse(format!("{y:04}-{m:02}-{d:02}"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::parse)
    }
}

impl FieldType for Date {
    const EXPECTED: &'static str = "a date (string)";
    fn from_text(text: &str) -> Option<Self> {
        Some(Self::parse(text))
    }
    fn from_string(text: String) -> Result<Self, String> {
        Ok(Self::parse(text))
    }
}

/// A point in time as operators send it: seconds since the Unix epoch (as a JSON number or a
/// string of digits) or a `YYYY-MM-DD` date. The raw value is always kept.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: String,
    numeric: bool,
}

impl Timestamp {
    /// A timestamp from its text.
    pub fn from_text(raw: impl Into<String>) -> Self {
        Self {
            raw: raw.into(),
            numeric: false,
        }
    }

    /// A timestamp from seconds since the Unix epoch, as a JSON number.
    pub fn from_epoch_seconds(seconds: i64) -> Self {
        Self {
            raw: seconds.to_string(),
            numeric: true,
        }
    }

    /// The value as received (a number is shown in decimal).
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Seconds since the Unix epoch, when the value is a number of seconds.
    pub fn epoch_seconds(&self) -> Option<i64> {
        let t = self.raw.trim();
        if let Ok(n) = t.parse::<i64>() {
            return Some(n);
        }
        // Truncation is what is meant: whole seconds.
        #[allow(clippy::cast_possible_truncation)]
        t.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite() && self.numeric)
            .map(|f| f as i64)
    }

    /// The calendar date (UTC for a number of seconds).
    pub fn date(&self) -> Option<Date> {
        match self.epoch_seconds() {
            Some(s) => Some(Date::from_days_since_epoch(s.div_euclid(86_400))),
            None => {
                let d = Date::parse(self.raw.clone());
                (d.year().is_some() || d.month().is_some() || d.day().is_some()).then_some(d)
            }
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.numeric {
            if let Ok(n) = self.raw.parse::<i64>() {
                return s.serialize_i64(n);
            }
            if let Ok(n) = self.raw.parse::<u64>() {
                return s.serialize_u64(n);
            }
            if let Ok(f) = self.raw.parse::<f64>() {
                return s.serialize_f64(f);
            }
        }
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::__private::deserialize_field(d)
    }
}

impl FieldType for Timestamp {
    const EXPECTED: &'static str = "a timestamp (number of seconds or date string)";
    fn from_text(text: &str) -> Option<Self> {
        Some(Self::from_text(text))
    }
    fn from_i64(n: i64) -> Option<Self> {
        Some(Self::from_epoch_seconds(n))
    }
    fn from_u64(n: u64) -> Option<Self> {
        Some(Self {
            raw: n.to_string(),
            numeric: true,
        })
    }
    fn from_f64(f: f64) -> Option<Self> {
        Some(Self {
            raw: f.to_string(),
            numeric: true,
        })
    }
}

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

/// A list sent as one comma-separated string, e.g. the echoed `matching,formfilling`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct List<T>(Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> List<T> {
    /// The items, in order.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// The items, as a vector.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> From<T> for List<T> {
    fn from(item: T) -> Self {
        Self(vec![item])
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> Self {
        Self(items)
    }
}

impl<T, const N: usize> From<[T; N]> for List<T> {
    fn from(items: [T; N]) -> Self {
        Self(items.into())
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: WireValue> WireValue for List<T> {
    fn wire(&self) -> Cow<'_, str> {
        match self.0.as_slice() {
            [one] => one.wire(),
            items => {
                let mut out = String::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&item.wire());
                }
                Cow::Owned(out)
            }
        }
    }
}

impl<T: WireValue> fmt::Display for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.wire())
    }
}

impl<T: WireValue> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.wire())
    }
}

impl<'de, T: FieldType> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::__private::deserialize_field(d)
    }
}

impl<T: FieldType> FieldType for List<T> {
    const EXPECTED: &'static str = "a comma-separated list (string)";
    fn from_text(text: &str) -> Option<Self> {
        // A text with no item (only commas and spaces) does not fit: it is kept as an oddity,
        // so that re-encoding gives it back.
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(T::from_text)
            .collect::<Option<Vec<T>>>()
            .filter(|items| !items.is_empty())
            .map(Self)
    }
}

/// A value a reply held that did not fit the type the spec gives its key: kept, with the key
/// and what was expected, instead of failing the whole reply. `Debug` hides the value of a
/// sensitive key (only its JSON kind shows).
#[derive(Clone, PartialEq)]
pub struct Oddity {
    pub(crate) key: &'static str,
    pub(crate) expected: &'static str,
    pub(crate) found: serde_json::Value,
    pub(crate) sensitive: bool,
    pub(crate) read_as_text: bool,
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

    /// The value as received. It may be personal data: see [`Oddity::is_sensitive`].
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
        self.read_as_text
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
        if self.read_as_text {
            s.field("read_as_text", &true);
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
            if self.read_as_text {
                " (read as its JSON text)"
            } else {
                ""
            }
        )
    }
}

/// A similarity score from `0` (different) to `1` (identical), as DQE's matching scopes send
/// them: a JSON number or a string holding one (`"0.78"`); `""` means "not compared" and reads
/// as no value. A number outside `0..=1` is not a score: it is kept as an oddity.
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
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse().ok().and_then(Self::new)
    }
    fn from_u64(n: u64) -> Option<Self> {
        match n {
            0 => Some(Self(0.0)),
            1 => Some(Self(1.0)),
            _ => None,
        }
    }
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    fn from_f64(f: f64) -> Option<Self> {
        Self::new(f)
    }
}

impl FieldType for bool {
    const EXPECTED: &'static str = "a boolean";
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

/// Keys a reply held that the spec does not know, kept as received so that an answer from a
/// newer DQE keeps its data until the spec catches up, and re-encoded with the record. `Debug`
/// shows how many there are, not their names or values (they may be personal data), unless
/// [`reveal_sensitive`](crate::redact::reveal_sensitive) is in force.
#[derive(Clone, Default, PartialEq)]
pub struct Extra(Vec<(String, serde_json::Value)>);

impl Extra {
    /// The value of an unknown key.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
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

    /// Keeps one more key (a later duplicate replaces an earlier one).
    pub fn insert(&mut self, key: String, value: serde_json::Value) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
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
