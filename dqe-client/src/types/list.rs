//! Comma-separated lists.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::__private::{FieldType, WireValue};
use crate::types::ValueType;

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
    const VALUE_TYPE: ValueType = ValueType::List;
    fn from_text(text: &str) -> Option<Self> {
        // A text with no item (only commas and spaces) does not fit: it is kept as an oddity,
        // so that re-encoding gives it back.
        crate::endpoint::list_items(text)
            .map(T::from_text)
            .collect::<Option<Vec<T>>>()
            .filter(|items| !items.is_empty())
            .map(Self)
    }
}
