//! The walk's view of a `serde_json::Value` (feature `serde_json`): the one adapter, for the
//! client and the spec tools alike.

use std::borrow::Cow;

use serde_json::Value;

use super::JsonValue;
use crate::lenient::JsonKind;

impl<'j> JsonValue<'j> for &'j Value {
    fn kind(self) -> JsonKind {
        match self {
            Value::String(_) => JsonKind::Text,
            Value::Number(_) => JsonKind::Number,
            Value::Bool(_) => JsonKind::Bool,
            Value::Object(_) => JsonKind::Object,
            Value::Array(_) => JsonKind::Array,
            Value::Null => JsonKind::Null,
        }
    }

    fn text(self) -> Option<Cow<'j, str>> {
        match self {
            Value::String(s) => Some(Cow::Borrowed(s)),
            Value::Number(_) | Value::Bool(_) => Some(Cow::Owned(self.to_string())),
            _ => None,
        }
    }

    fn get(self, key: &str) -> Option<Self> {
        self.as_object().and_then(|m| m.get(key))
    }

    fn entries(self) -> impl Iterator<Item = (&'j str, Self)> {
        self.as_object()
            .into_iter()
            .flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_booleans_read_as_their_json_text() {
        let v = serde_json::json!({"a": 1, "b": 0.5, "c": true, "d": "x", "e": null});
        let text = |k: &str| {
            JsonValue::get(&v, k)
                .and_then(JsonValue::text)
                .map(Cow::into_owned)
        };
        assert_eq!(text("a").as_deref(), Some("1"));
        assert_eq!(text("b").as_deref(), Some("0.5"));
        assert_eq!(text("c").as_deref(), Some("true"));
        assert_eq!(text("d").as_deref(), Some("x"));
        assert_eq!(text("e"), None);
        assert_eq!((&v).entries().count(), 5);
        assert_eq!((&v["a"]).entries().count(), 0);
    }
}
