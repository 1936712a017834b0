//! Dates and timestamps as operators send them, read leniently, raw text kept.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::__private::FieldType;
use crate::types::ValueType;

/// A date as sent, `YYYY-MM-DD`, read leniently: the raw text is always kept, and each part is
/// available when it makes sense.
///
/// A year of `0000` means "withheld" and reads as no year; DQE's own examples hold redacted dates
/// such as `-08-30`, which read as month 8, day 30.
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

    /// The date as ISO 8601 (`YYYY-MM-DD`, what `<input type="date">` takes), when it is a
    /// whole date that exists (not `-08-30`, not the 30th of February); `None` otherwise, so
    /// that a form leaves the field for the customer instead of filling it wrong.
    pub fn to_iso(&self) -> Option<String> {
        let (y, m, d) = self.ymd()?;
        Some(format!("{y:04}-{m:02}-{d:02}"))
    }

    /// Year, month and day, when the date is whole and exists.
    fn ymd(&self) -> Option<(u16, u8, u8)> {
        let (y, m, d) = (self.year?, self.month?, self.day?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let last = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (d <= last).then_some((y, m, d))
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

/// A [`Date`] is a `chrono::NaiveDate` when it is whole and exists (feature `chrono`).
#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl TryFrom<&Date> for chrono::NaiveDate {
    type Error = IncompleteDate;

    fn try_from(date: &Date) -> Result<Self, Self::Error> {
        let (y, m, d) = date.ymd().ok_or(IncompleteDate)?;
        chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
            .ok_or(IncompleteDate)
    }
}

/// A [`Date`] is a `time::Date` when it is whole and exists (feature `time`).
#[cfg(feature = "time")]
#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl TryFrom<&Date> for ::time::Date {
    type Error = IncompleteDate;

    fn try_from(date: &Date) -> Result<Self, Self::Error> {
        let (y, m, d) = date.ymd().ok_or(IncompleteDate)?;
        let month = ::time::Month::try_from(m).map_err(|_| IncompleteDate)?;
        ::time::Date::from_calendar_date(i32::from(y), month, d).map_err(|_| IncompleteDate)
    }
}

/// A [`Date`] that is not a whole date that exists (a year withheld, `-08-30`...), so not a
/// calendar date of a date crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IncompleteDate;

impl fmt::Display for IncompleteDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a whole date that exists")
    }
}

impl std::error::Error for IncompleteDate {}

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
    const VALUE_TYPE: ValueType = ValueType::Date;
    fn from_text(text: &str) -> Option<Self> {
        Some(Self::parse(text))
    }
    fn from_string(text: String) -> Result<Self, String> {
        Ok(Self::parse(text))
    }
}

/// A point in time as operators send it: seconds since the Unix epoch (as a JSON number or a string
/// of digits) or a `YYYY-MM-DD` date.
///
/// The raw value is always kept.
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
        // A number goes back as the number it was read from: an integer only when its text is
        // the integer's own (`-0`, read from the float -0.0, is not the integer 0).
        if self.numeric {
            if let Some(n) = self
                .raw
                .parse::<i64>()
                .ok()
                .filter(|n| n.to_string() == self.raw)
            {
                return s.serialize_i64(n);
            }
            if let Some(n) = self
                .raw
                .parse::<u64>()
                .ok()
                .filter(|n| n.to_string() == self.raw)
            {
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
    const VALUE_TYPE: ValueType = ValueType::Timestamp;
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
