//! Where a reply departs from the spec: the one walk of a reply against what the spec says of
//! its endpoint, run by the client on the replies it receives (`Client::departures`) and by the
//! spec tools on replies kept in a file (`dqe spec drift --replies`).
//!
//! A departure is one of:
//! - a key the spec does not know, at the top of the reply or in one of the objects of the
//!   outcome it is read as ([`DepartureKind::UnknownKey`]): at the top, a key none of the
//!   endpoint's outcomes has, nor the error's; a key of another outcome of the endpoint (a
//!   success key in a pending reply, an error id in a success) is known, and not read there;
//! - a value of a JSON kind the spec's type for its key does not read
//!   ([`DepartureKind::OtherType`]), as the shared table of lenient reading says
//!   ([`reads`]): a value the spec's documented leniency reads (a number
//!   where the spec says string, `"false"` where it says bool, `null` anywhere) is **not** a
//!   departure, and neither is a value of the right kind that does not convert (a score of
//!   `-1`, an unknown value of an enum): the client keeps those as oddities as it always has;
//! - a status that names none of the endpoint's outcomes, or no status where the endpoint has
//!   no outcome read without one ([`DepartureKind::UnknownStatus`]);
//! - in an error reply, an id the endpoint's error table does not list, compared as ids
//!   compare ([`canonical_id`]: `1` is `01`), or no id at all
//!   ([`DepartureKind::UnknownErrorId`]).
//!
//! Which outcome a reply is read as follows the generated decoder: the outcome its status
//! names, else an error (the error status), else, without a status, the outcome one of whose
//! "without status" keys it holds, else the endpoint's default outcome; else it is not
//! recognised, and nothing but its status is walked. A missing key is never a departure: the
//! spec cannot say that a key is always sent.
//!
//! A departure names its place by the wire keys from the top of the reply, joined with dots
//! (`formfilling.address.floor`), its kind and the [`JsonKind`] of the value: never the value.
//!
//! Both sides present what they know through small traits: the spec's shape
//! ([`EndpointShape`], [`OutcomeShape`], [`KeyShape`]: the runtime's tables and the generator's
//! model each implement them) and the JSON value ([`JsonValue`]: `&serde_json::Value` with the
//! feature `serde_json`).

use std::borrow::Cow;
use std::fmt;

use crate::canonical_id;
use crate::lenient::{JsonKind, ValueType, reads};

/// A kind of departure from the spec, with a stable id (`unknown-key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DepartureKind {
    /// A key the spec does not know (at this place, for this outcome).
    UnknownKey,
    /// A value of a JSON kind the spec's type does not read.
    OtherType,
    /// A status the spec does not know (or none, where one is needed).
    UnknownStatus,
    /// An error id the spec does not know (or none).
    UnknownErrorId,
}

impl DepartureKind {
    /// Every kind of departure, in order, for a table or a count over all of them.
    pub const ALL: [DepartureKind; 4] = [
        DepartureKind::UnknownKey,
        DepartureKind::OtherType,
        DepartureKind::UnknownStatus,
        DepartureKind::UnknownErrorId,
    ];

    /// Its stable id: what a log event carries (`kind = "unknown-key"`).
    pub fn id(self) -> &'static str {
        match self {
            DepartureKind::UnknownKey => "unknown-key",
            DepartureKind::OtherType => "other-type",
            DepartureKind::UnknownStatus => "unknown-status",
            DepartureKind::UnknownErrorId => "unknown-error-id",
        }
    }

    /// The kind with this id.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// What the reply has, in words: `a key the spec does not know`.
    pub fn described(self) -> &'static str {
        match self {
            DepartureKind::UnknownKey => "a key the spec does not know",
            DepartureKind::OtherType => "a value of another JSON type than the spec's",
            DepartureKind::UnknownStatus => "a status the spec does not know",
            DepartureKind::UnknownErrorId => "an error id the spec does not know",
        }
    }
}

impl fmt::Display for DepartureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One place where a reply departs from the spec: never the value, only its JSON kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Departure {
    /// The wire keys from the top of the reply, joined with dots (`formfilling.address.floor`).
    pub path: String,
    /// How the reply departs there from the spec (an unknown key, a value of another type...).
    pub kind: DepartureKind,
    /// What the value is (`null` for a status or an id that is missing).
    pub json_kind: JsonKind,
}

/// `a key the spec does not know: formfilling.address.floor (a string)`: what the reply has,
/// where, and what the value is.
impl fmt::Display for Departure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({})",
            self.kind.described(),
            self.path,
            self.json_kind.described()
        )
    }
}

/// The keys every reply of the spec names its outcome and its error with (`[replies]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyKeys<'a> {
    /// The key naming the outcome (`status`).
    pub status: &'a str,
    /// The status of an error reply (`error`).
    pub error_status: &'a str,
    /// The key of the error id (`error_id`).
    pub error_id: &'a str,
    /// The key of the error text (`error_type`).
    pub error_text: &'a str,
}

/// What the walk reads of a JSON value, as a cheap handle (`&serde_json::Value`).
pub trait JsonValue<'j>: Copy {
    /// What it is.
    fn kind(self) -> JsonKind;
    /// A string's text, or a number's or a boolean's JSON text (as the client reads a status
    /// or an error id); `None` for anything else.
    fn text(self) -> Option<Cow<'j, str>>;
    /// The value of an object's key.
    fn get(self, key: &str) -> Option<Self>;
    /// An object's keys and values, in order (none for anything else).
    fn entries(self) -> impl Iterator<Item = (&'j str, Self)>;
}

/// What the spec says of a key of a reply or of an object in it.
pub trait KeyShape: Sized {
    /// What its value is, as far as reading JSON goes.
    fn value_type(&self) -> ValueType;
    /// The key of the object it holds with this wire name, if it holds one with it.
    fn key(&self, wire: &str) -> Option<Self>;
}

/// What the spec says of an outcome of an endpoint besides errors (success, pending).
pub trait OutcomeShape {
    /// The spec's view of one of the outcome's keys, which the walk descends into.
    type Key: KeyShape;
    /// The status value naming it.
    fn status(&self) -> &str;
    /// Whether a reply without a status is this outcome.
    fn is_default(&self) -> bool;
    /// Whether a reply without a status that holds this key (with a value) is this outcome.
    fn read_without_status(&self, wire: &str) -> bool;
    /// Its key with this wire name.
    fn key(&self, wire: &str) -> Option<Self::Key>;
}

/// What the spec says of an endpoint's replies.
pub trait EndpointShape {
    /// Its outcomes besides errors.
    type Outcome: OutcomeShape;
    /// The keys of the spec's replies.
    fn reply_keys(&self) -> ReplyKeys<'_>;
    /// Its outcomes besides errors, in the spec's order (success, then pending).
    fn outcomes(&self) -> impl Iterator<Item = Self::Outcome>;
    /// The ids of its error table, as documented.
    fn error_ids(&self) -> impl Iterator<Item = &str>;
}

/// What a reply was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAs {
    /// The outcome at this position of [`EndpointShape::outcomes`].
    Outcome(usize),
    /// An error reply, whose id the walk checks against the error table.
    Error,
    /// Nothing the spec knows: its status departs.
    Unrecognized,
}

/// A reply walked against its endpoint's spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    /// What it was read as.
    pub read_as: ReadAs,
    /// Where it departs from the spec, in the reply's order.
    pub departures: Vec<Departure>,
}

/// Where `reply`, a reply of `endpoint`, departs from the spec (see the module's docs).
///
/// A reply that is not a JSON object is not read at all (the client refuses it before):
/// unrecognized, with no departure.
pub fn walk<'j, E: EndpointShape, J: JsonValue<'j>>(endpoint: &E, reply: J) -> Walk {
    let mut departures = Vec::new();
    if reply.kind() != JsonKind::Object {
        return Walk {
            read_as: ReadAs::Unrecognized,
            departures,
        };
    }
    let keys = endpoint.reply_keys();
    let read_as = read_as(endpoint, &keys, reply);
    match read_as {
        ReadAs::Outcome(i) => {
            if let Some(outcome) = endpoint.outcomes().nth(i) {
                outcome_keys(endpoint, &outcome, &keys, reply, &mut departures);
            }
        }
        ReadAs::Error => error_keys(endpoint, &keys, reply, &mut departures),
        ReadAs::Unrecognized => departures.push(Departure {
            path: keys.status.to_owned(),
            kind: DepartureKind::UnknownStatus,
            json_kind: reply.get(keys.status).map_or(JsonKind::Null, |s| s.kind()),
        }),
    }
    Walk {
        read_as,
        departures,
    }
}

/// Whether a value reads as no value: `null` or `""` (as the client reads every key).
fn absent<'j>(value: impl JsonValue<'j>) -> bool {
    match value.kind() {
        JsonKind::Null => true,
        JsonKind::Text => value.text().is_some_and(|t| t.is_empty()),
        _ => false,
    }
}

/// What a reply is read as, by its status, as the generated decoder reads it.
fn read_as<'j, E: EndpointShape>(
    endpoint: &E,
    keys: &ReplyKeys<'_>,
    reply: impl JsonValue<'j>,
) -> ReadAs {
    let status = reply.get(keys.status);
    if status.is_some_and(|s| matches!(s.kind(), JsonKind::Object | JsonKind::Array)) {
        return ReadAs::Unrecognized;
    }
    let status = status.and_then(JsonValue::text).filter(|s| !s.is_empty());
    if let Some(status) = status {
        return match endpoint.outcomes().position(|o| o.status() == status) {
            Some(i) => ReadAs::Outcome(i),
            None if status == keys.error_status => ReadAs::Error,
            None => ReadAs::Unrecognized,
        };
    }
    let holds = |o: &E::Outcome| {
        reply
            .entries()
            .any(|(k, v)| o.read_without_status(k) && !absent(v))
    };
    endpoint
        .outcomes()
        .position(|o| holds(&o))
        .or_else(|| endpoint.outcomes().position(|o| o.is_default()))
        .map_or(ReadAs::Unrecognized, ReadAs::Outcome)
}

/// The place of `key` under `prefix`.
fn place(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Whether the endpoint knows a key at the top of its replies: the status, the error's keys, or
/// a key of one of its outcomes.
fn knows<E: EndpointShape>(endpoint: &E, keys: &ReplyKeys<'_>, key: &str) -> bool {
    [keys.status, keys.error_id, keys.error_text].contains(&key)
        || endpoint.outcomes().any(|o| o.key(key).is_some())
}

/// The departures of a reply read as `outcome`: its keys, and the keys the endpoint does not
/// know (the endpoint's other keys are not read in this outcome).
fn outcome_keys<'j, E: EndpointShape>(
    endpoint: &E,
    outcome: &E::Outcome,
    keys: &ReplyKeys<'_>,
    reply: impl JsonValue<'j>,
    found: &mut Vec<Departure>,
) {
    for (k, v) in reply.entries() {
        match outcome.key(k) {
            Some(key) => value(&key, v, k, found),
            None if knows(endpoint, keys, k) => {}
            None => found.push(Departure {
                path: k.to_owned(),
                kind: DepartureKind::UnknownKey,
                json_kind: v.kind(),
            }),
        }
    }
}

/// The departures of a value of `key` at `path`: its kind, and the keys of an object.
fn value<'j, K: KeyShape>(key: &K, v: impl JsonValue<'j>, path: &str, found: &mut Vec<Departure>) {
    let kind = v.kind();
    if !reads(key.value_type(), kind) {
        found.push(Departure {
            path: path.to_owned(),
            kind: DepartureKind::OtherType,
            json_kind: kind,
        });
        return;
    }
    for (k, inner) in v.entries() {
        let here = place(path, k);
        match key.key(k) {
            Some(nested) => value(&nested, inner, &here, found),
            None => found.push(Departure {
                path: here,
                kind: DepartureKind::UnknownKey,
                json_kind: inner.kind(),
            }),
        }
    }
}

/// The departures of an error reply: its id (unknown or missing), its text (of a kind text
/// does not read), and the keys the endpoint does not know.
fn error_keys<'j, E: EndpointShape>(
    endpoint: &E,
    keys: &ReplyKeys<'_>,
    reply: impl JsonValue<'j>,
    found: &mut Vec<Departure>,
) {
    let id = reply.get(keys.error_id);
    let known = id
        .filter(|v| !matches!(v.kind(), JsonKind::Object | JsonKind::Array))
        .and_then(JsonValue::text)
        .filter(|t| !t.is_empty())
        .is_some_and(|t| {
            let t = canonical_id(&t);
            endpoint.error_ids().any(|d| canonical_id(d) == t)
        });
    for (k, v) in reply.entries() {
        let departure = if k == keys.status {
            None
        } else if k == keys.error_id {
            (!known).then_some(DepartureKind::UnknownErrorId)
        } else if k == keys.error_text {
            (!reads(ValueType::String, v.kind())).then_some(DepartureKind::OtherType)
        } else {
            (!knows(endpoint, keys, k)).then_some(DepartureKind::UnknownKey)
        };
        if let Some(kind) = departure {
            found.push(Departure {
                path: k.to_owned(),
                kind,
                json_kind: v.kind(),
            });
        }
    }
    if id.is_none() {
        found.push(Departure {
            path: keys.error_id.to_owned(),
            kind: DepartureKind::UnknownErrorId,
            json_kind: JsonKind::Null,
        });
    }
}

#[cfg(feature = "serde_json")]
mod serde_json_value;

#[cfg(test)]
mod tests;
