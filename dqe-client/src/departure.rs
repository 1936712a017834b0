//! Where a reply departs from the spec: a key the spec does not know, a value of a JSON kind
//! the spec's type does not read, a status or an error id the spec does not know.
//!
//! The client notices each one as it decodes a reply, and the reply is decoded as it always
//! is: unknown keys kept in `extra`, values of another type in `oddities`, unknown statuses and
//! ids kept as received. [`Client::departures`](crate::client::Client::departures) gives how
//! many of each it saw, by endpoint, place and kind ([`DepartureCount`]), for an application
//! to export as metrics; the first time a client sees a departure at a place it logs a
//! `tracing` event at `WARN` (target `dqe_client::departure`) with the fields `endpoint`,
//! `path`, `kind` and `json_kind`, never the value, so that logs do not flood. `dqe spec drift
//! --replies` reads such events (in `tracing-subscriber`'s JSON format), or the replies
//! themselves, and prints what to add to the spec.
//!
//! What counts as a departure is one rule, [`dqe_spec_types::departure`], which `dqe spec drift
//! --replies` runs too: a value the spec's documented leniency reads (a number where the spec
//! says string, `"false"` where it says bool, `null` anywhere: DQE's known quirks) is not one,
//! nor is a value of the right JSON kind that does not convert (a score of `-1`), nor a key of
//! another outcome of the same endpoint; a missing key is never one (the spec cannot say that a
//! key is always sent). [`departures`] runs it on a reply kept elsewhere.
//!
//! Noticing costs a reply that fits its spec nothing but a flag: the decoder raises it where
//! it keeps an unknown key or an oddity, and only a reply that raised it (or whose status or
//! error id the spec does not know) is walked, from its bytes, on the way out.

use std::fmt;

pub use dqe_spec_types::departure::{Departure, DepartureKind};
use dqe_spec_types::departure::{EndpointShape, KeyShape, OutcomeShape, ReplyKeys, walk};
pub use dqe_spec_types::lenient::JsonKind;

use crate::endpoint::{EndpointInfo, FieldInfo, FieldKind, OutcomeInfo};
use crate::journey::ApiInfo;
use crate::types::ValueType;

/// How many times a client saw one departure: at this place of this endpoint's replies, of this
/// kind, with a value of this JSON kind.
///
/// The path is made of the keys the server sent (text it chose: escape it before printing it on a
/// terminal), never a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DepartureCount {
    /// The endpoint's name in the spec (`retrieve`).
    pub endpoint: &'static str,
    /// The wire keys from the top of the reply, joined with dots (`formfilling.address.floor`),
    /// cut to [`MAX_PATH_LEN`] bytes.
    pub path: String,
    /// How the replies depart there from the spec (an unknown key, a value of another type...).
    pub kind: DepartureKind,
    /// What the value was.
    pub json_kind: JsonKind,
    /// How many times.
    pub count: u64,
}

impl DepartureCount {
    /// The departure counted.
    pub fn departure(&self) -> Departure {
        Departure {
            path: self.path.clone(),
            kind: self.kind,
            json_kind: self.json_kind,
        }
    }
}

/// `retrieve: a key the spec does not know: formfilling.address.floor (a string), 3 times`,
/// the path escaped as [`Printable`](crate::redact::Printable) escapes server text.
impl fmt::Display for DepartureCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} ({}), {} time{}",
            self.endpoint,
            self.kind.described(),
            crate::redact::Printable(&self.path),
            self.json_kind.described(),
            self.count,
            if self.count == 1 { "" } else { "s" }
        )
    }
}

/// The longest path kept, in bytes: a longer one (keys a server chose) is cut at a character
/// boundary, with `…` added.
pub const MAX_PATH_LEN: usize = 256;

/// A path cut to [`MAX_PATH_LEN`] bytes.
#[cfg(feature = "client")]
pub(crate) fn clipped(mut path: String) -> String {
    if path.len() > MAX_PATH_LEN {
        let mut end = MAX_PATH_LEN;
        while !path.is_char_boundary(end) {
            end -= 1;
        }
        path.truncate(end);
        path.push('…');
    }
    path
}

/// Where `reply`, a reply of `endpoint` (of the API `api`), departs from the spec: the rule the
/// client runs on every reply it receives, for a reply kept elsewhere (a log, a recording).
pub fn departures(
    api: &'static ApiInfo,
    endpoint: &'static EndpointInfo,
    reply: &serde_json::Value,
) -> Vec<Departure> {
    walk(&Replies { api, endpoint }, reply).departures
}

/// Where the reply whose JSON text is `json` departs from the spec (none when it is not JSON:
/// the client decoded it, so it is).
#[cfg(feature = "client")]
pub(crate) fn departures_in(replies: &Replies, json: &[u8]) -> Vec<Departure> {
    match serde_json::from_slice::<serde_json::Value>(json) {
        Ok(value) => walk(replies, &value).departures,
        Err(_) => Vec::new(),
    }
}

/// What the spec says of an endpoint's replies, as the departure walk reads it.
pub(crate) struct Replies {
    /// The API's reply keys.
    pub api: &'static ApiInfo,
    /// The endpoint.
    pub endpoint: &'static EndpointInfo,
}

impl EndpointShape for Replies {
    type Outcome = &'static OutcomeInfo;

    fn reply_keys(&self) -> ReplyKeys<'_> {
        ReplyKeys {
            status: self.api.status_key,
            error_status: self.api.error_status,
            error_id: self.api.error_id_key,
            error_text: self.api.error_text_key,
        }
    }

    fn outcomes(&self) -> impl Iterator<Item = &'static OutcomeInfo> {
        self.endpoint.outcomes.iter()
    }

    fn error_ids(&self) -> impl Iterator<Item = &str> {
        self.endpoint.errors.iter().map(|e| e.id)
    }
}

impl OutcomeShape for &'static OutcomeInfo {
    type Key = &'static FieldInfo;

    fn status(&self) -> &str {
        self.status
    }

    fn is_default(&self) -> bool {
        self.default
    }

    fn read_without_status(&self, wire: &str) -> bool {
        self.without_status_keys.contains(&wire)
    }

    fn key(&self, wire: &str) -> Option<&'static FieldInfo> {
        self.fields.iter().find(|f| f.wire == wire)
    }
}

impl KeyShape for &'static FieldInfo {
    fn value_type(&self) -> ValueType {
        self.value_type
    }

    fn key(&self, wire: &str) -> Option<Self> {
        match self.kind {
            FieldKind::Object(fields) => fields.iter().find(|f| f.wire == wire),
            _ => None,
        }
    }
}

#[cfg(all(test, feature = "client"))]
mod tests {
    use super::*;

    #[test]
    fn long_paths_are_cut_at_a_character_boundary() {
        let short = "formfilling.address.floor".to_owned();
        assert_eq!(clipped(short.clone()), short);
        let long = "é".repeat(MAX_PATH_LEN);
        let cut = clipped(long);
        assert!(cut.len() <= MAX_PATH_LEN + '…'.len_utf8(), "{}", cut.len());
        assert!(cut.ends_with('…'));
    }
}
