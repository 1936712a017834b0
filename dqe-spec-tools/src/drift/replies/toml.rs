//! The shape of what replies held at a place (the JSON kinds seen, an object's keys: never a
//! value), and the TOML that adds such a key to the spec: its type inferred from the kinds
//! seen (`# [inf]` where that is a guess), written by `dqe spec import`'s writer.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use dqe_codegen::model::{Spec, TypeRef};
use dqe_spec_types::lenient::JsonKind;
use serde_json::Value;

use crate::drift::surface::{KeySurface, KeyType, Site};
use crate::json::kind_of;

/// How deep into a new object its keys are kept.
const MAX_DEPTH: usize = 8;

/// The page type `dqe spec import`'s writer reads as a new object of the spec.
const OBJECT: &str = "JSON OBJECT";

/// What the values at one place were: their kinds, and the keys of those that were objects,
/// in the order first seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Shape {
    kinds: BTreeSet<JsonKind>,
    keys: Vec<(String, Shape)>,
}

impl Shape {
    /// The shape of a value (its keys to [`MAX_DEPTH`] levels).
    pub fn of(value: &Value) -> Self {
        Self::at_depth(value, 0)
    }

    fn at_depth(value: &Value, depth: usize) -> Self {
        let keys = match value {
            Value::Object(map) if depth < MAX_DEPTH => map
                .iter()
                .map(|(k, v)| (k.clone(), Self::at_depth(v, depth + 1)))
                .collect(),
            _ => Vec::new(),
        };
        Self {
            kinds: BTreeSet::from([kind_of(value)]),
            keys,
        }
    }

    /// Notes a kind seen.
    pub fn add_kind(&mut self, kind: JsonKind) {
        self.kinds.insert(kind);
    }

    /// Adds what another value at the same place held.
    pub fn merge(&mut self, other: Shape) {
        self.kinds.extend(other.kinds);
        for (k, s) in other.keys {
            match self.keys.iter_mut().find(|(x, _)| *x == k) {
                Some((_, mine)) => mine.merge(s),
                None => self.keys.push((k, s)),
            }
        }
    }

    /// The kinds seen, in words: `a string or a number`.
    pub fn described(&self) -> String {
        let words: Vec<&str> = self.kinds.iter().map(|k| k.described()).collect();
        words.join(" or ")
    }
}

/// The value at `path` (keys joined with dots) of a reply.
pub(super) fn value_at<'v>(reply: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(reply, |v, k| v.get(k))
}

/// The spec type a key seen with these kinds is read as, and why, where that is a guess.
fn guess(wire: &str, kinds: &BTreeSet<JsonKind>) -> (TypeRef, Option<String>) {
    let seen: Vec<JsonKind> = kinds
        .iter()
        .copied()
        .filter(|k| *k != JsonKind::Null)
        .collect();
    match seen[..] {
        [JsonKind::Text] => (TypeRef::String, None),
        [JsonKind::Bool] => (TypeRef::Bool, None),
        [JsonKind::Number] => (
            TypeRef::Integer,
            Some(format!(
                "`{wire}` was a number: read as a whole number (`score` if it is a fraction from 0 to 1)."
            )),
        ),
        [] => (
            TypeRef::String,
            Some(format!(
                "`{wire}` was null alone: its type is not known, read as text."
            )),
        ),
        _ if seen.contains(&JsonKind::Array) => (
            TypeRef::String,
            Some(format!(
                "`{wire}` was an array, which no type of the spec reads: read as text (the client keeps an array in `oddities`)."
            )),
        ),
        _ => (
            TypeRef::String,
            Some(format!(
                "`{wire}` was {}: read as text, which reads each.",
                described(&seen)
            )),
        ),
    }
}

fn described(kinds: &[JsonKind]) -> String {
    let words: Vec<&str> = kinds.iter().map(|k| k.described()).collect();
    words.join(" or ")
}

/// The key `wire` seen with `shape`, as `dqe spec import`'s writer reads a page's key; the
/// guesses made on the way, in `notes`.
fn key_surface(
    wire: &str,
    shape: &Shape,
    from_events: bool,
    notes: &mut Vec<String>,
) -> KeySurface {
    let description = format!("`{wire}`: seen in DQE's replies, not described yet.");
    let (ty, keys) = if shape.kinds.contains(&JsonKind::Object) {
        if shape.kinds.len() > 1 {
            notes.push(format!(
                "`{wire}` was {}: read as an object.",
                shape.described()
            ));
        }
        if from_events {
            notes.push(format!(
                "The departure events do not show the keys of `{wire}`: `dqe spec drift --replies` on the replies themselves does."
            ));
        }
        let keys = shape
            .keys
            .iter()
            .map(|(k, s)| key_surface(k, s, from_events, notes))
            .collect();
        (KeyType::Page(OBJECT.to_owned()), Some(keys))
    } else {
        let (ty, note) = guess(wire, &shape.kinds);
        notes.extend(note);
        (KeyType::Spec(ty), None)
    };
    KeySurface {
        wire: Some(wire.to_owned()),
        description,
        ty,
        keys,
        page_unnamed_row: None,
        site: Site::default(),
    }
}

/// Where a new key goes: the file (as shown) and the array of tables (`objects.Address.fields`),
/// with what to say of the choice, if anything.
pub(super) struct Place<'a> {
    pub file: &'a str,
    pub table: String,
    pub note: Option<String>,
}

/// The TOML that adds the key `wire`, seen with `shape`, at `place`: a comment naming the file,
/// the `# [inf]` guesses, then the entry (and the objects it holds). `scope` names new objects
/// whose name the spec has taken.
pub(super) fn add_key(
    spec: &Spec,
    scope: &str,
    place: &Place<'_>,
    wire: &str,
    shape: &Shape,
    from_events: bool,
) -> String {
    let mut notes = Vec::new();
    notes.extend(place.note.clone());
    let key = key_surface(wire, shape, from_events, &mut notes);
    let mut out = format!("# Add to {}:\n", place.file);
    for n in notes {
        let _ = writeln!(out, "# [inf] {n}");
    }
    out.push_str(crate::import::key_toml(spec, scope, &place.table, &key).trim_start());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes_keep_kinds_and_keys_never_values() {
        let mut s = Shape::of(&json!({"floor": "SECRET", "lift": true}));
        s.merge(Shape::of(&json!({"floor": 3, "code": {"a": null}})));
        let keys: Vec<&str> = s.keys.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["floor", "lift", "code"]);
        assert_eq!(s.keys[0].1.described(), "a string or a number");
        assert!(!format!("{s:?}").contains("SECRET"));
        let deep = (0..20).fold(json!(1), |v, _| json!({ "k": v }));
        fn depth(s: &Shape) -> usize {
            s.keys.iter().map(|(_, s)| 1 + depth(s)).max().unwrap_or(0)
        }
        assert_eq!(depth(&Shape::of(&deep)), MAX_DEPTH);
    }

    #[test]
    fn a_type_is_guessed_from_the_kinds_seen() {
        let kinds = |k: &[JsonKind]| k.iter().copied().collect::<BTreeSet<_>>();
        assert_eq!(
            guess("a", &kinds(&[JsonKind::Text])),
            (TypeRef::String, None)
        );
        assert_eq!(
            guess("a", &kinds(&[JsonKind::Bool, JsonKind::Null])),
            (TypeRef::Bool, None)
        );
        for uncertain in [
            &[JsonKind::Number][..],
            &[JsonKind::Null],
            &[JsonKind::Array, JsonKind::Text],
            &[JsonKind::Text, JsonKind::Number],
        ] {
            let (_, note) = guess("a", &kinds(uncertain));
            assert!(note.is_some(), "{uncertain:?}");
        }
    }

    #[test]
    fn values_are_found_by_their_path() {
        let v = json!({"a": {"b": {"c": 1}}});
        assert_eq!(value_at(&v, "a.b.c"), Some(&json!(1)));
        assert_eq!(value_at(&v, "a.x"), None);
    }
}
