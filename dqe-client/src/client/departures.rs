//! What a client keeps of the departures from the spec it notices ([`crate::departure`]): a
//! count per endpoint, place, kind and JSON kind, shared by its clones, and one `WARN` event the
//! first time a place of an endpoint departs in a way, so that logs do not flood.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use super::Client;
use crate::departure::{
    Departure, DepartureCount, DepartureKind, JsonKind, Replies, clipped, departures_in,
};
use crate::endpoint::{ApiError, Endpoint, Outcome};
use crate::journey::Journey;

/// The most places (endpoint, path and kind) a client counts: a server sending ever new keys cannot
/// make it grow past this.
///
/// Past it, new places are not counted, and a `WARN` event says so once.
pub const MAX_DEPARTURE_PLACES: usize = 1024;

/// One place of an endpoint's replies and how it departs.
type Place = (&'static str, String, DepartureKind);

/// The departures a client noticed.
#[derive(Default)]
pub(super) struct Seen {
    places: Mutex<Places>,
}

#[derive(Default)]
struct Places {
    /// Per place, the count of each JSON kind (in the order of [`JsonKind::ALL`]).
    counts: HashMap<Place, [u64; JsonKind::ALL.len()]>,
    /// Whether a place was left uncounted for want of room (said once).
    full: bool,
}

/// The position of a kind in [`JsonKind::ALL`].
fn slot(kind: JsonKind) -> usize {
    JsonKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl Seen {
    /// Counts what a reply of `endpoint` departs in; the first time a place departs in a way,
    /// a `WARN` event (logged once the count is kept, outside the lock).
    fn record(&self, endpoint: &'static str, found: Vec<Departure>) {
        let mut first = Vec::new();
        let mut now_full = false;
        {
            let mut places = self.places.lock().unwrap_or_else(PoisonError::into_inner);
            for d in found {
                let place = (endpoint, clipped(d.path), d.kind);
                let i = slot(d.json_kind);
                if let Some(counts) = places.counts.get_mut(&place) {
                    counts[i] = counts[i].saturating_add(1);
                } else if places.counts.len() < MAX_DEPARTURE_PLACES {
                    let mut counts = [0; JsonKind::ALL.len()];
                    counts[i] = 1;
                    first.push((place.1.clone(), place.2, d.json_kind));
                    places.counts.insert(place, counts);
                } else if !places.full {
                    places.full = true;
                    now_full = true;
                }
            }
        }
        for (path, kind, json_kind) in first {
            tracing::warn!(
                target: "dqe_client::departure",
                endpoint,
                path = %crate::redact::Printable(&path),
                kind = kind.id(),
                json_kind = json_kind.name(),
                "the reply departs from the spec: {}",
                kind.described()
            );
        }
        if now_full {
            tracing::warn!(
                target: "dqe_client::departure",
                endpoint,
                max = MAX_DEPARTURE_PLACES,
                "departures from the spec seen at too many places: new places are no longer counted"
            );
        }
    }

    /// Every count, by endpoint, path, kind and JSON kind.
    fn snapshot(&self) -> Vec<DepartureCount> {
        let places = self.places.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out: Vec<DepartureCount> = places
            .counts
            .iter()
            .flat_map(|((endpoint, path, kind), counts)| {
                JsonKind::ALL
                    .into_iter()
                    .zip(counts)
                    .filter(|(_, n)| **n > 0)
                    .map(|(json_kind, count)| DepartureCount {
                        endpoint,
                        path: path.clone(),
                        kind: *kind,
                        json_kind,
                        count: *count,
                    })
            })
            .collect();
        out.sort_by(|a, b| {
            (a.endpoint, &a.path, a.kind, a.json_kind).cmp(&(
                b.endpoint,
                &b.path,
                b.kind,
                b.json_kind,
            ))
        });
        out
    }
}

/// Whether an outcome says by itself that its reply departs from the spec: a status or an
/// error id the spec does not know (the decoder's flag says the rest).
pub(super) fn departs<S, P, E: ApiError>(outcome: &Outcome<S, P, E>) -> bool {
    match outcome {
        Outcome::Unrecognized(_) => true,
        Outcome::Error(e) => ApiError::description(e).is_none(),
        _ => false,
    }
}

impl<A: Journey> Client<A> {
    /// How many times this client (and its clones) saw each departure from the spec in the replies
    /// it received: per endpoint, place (`formfilling.address.floor`), kind (a key the spec does
    /// not know, a value of another JSON type, an unknown status or error id) and JSON kind of the
    /// value, never the value; sorted.
    ///
    /// For an application to export as metrics (see [`crate::departure`]); the replies themselves
    /// were decoded as ever.
    pub fn departures(&self) -> Vec<DepartureCount> {
        self.inner.departures.snapshot()
    }

    /// Walks `json`, the JSON text of a reply of `E` that may depart from the spec, and counts
    /// what departs.
    pub(super) fn note_departures<E: Endpoint>(&self, json: &[u8]) {
        let replies = Replies {
            api: A::INFO,
            endpoint: E::INFO,
        };
        let found = departures_in(&replies, json);
        if !found.is_empty() {
            self.inner.departures.record(E::NAME, found);
        }
    }
}

#[cfg(test)]
mod tests {
    //! The decoder's flag misses no departure the walk finds: for replies of every endpoint of
    //! the shipped spec with each key (of every outcome, at every depth, and the error's) given
    //! a value of each JSON kind, unknown keys at every depth, and every kind of status and id.

    use serde_json::{Map, Value, json};

    use super::departs;
    use crate::client::transport::decode;
    use crate::departure::{Replies, departures_in};
    use crate::endpoint::{EndpointInfo, FieldInfo, FieldKind, Reply};
    use crate::journey::{ApiInfo, Journey};

    /// A value of each JSON kind.
    fn samples() -> [Value; 6] {
        [
            json!("x"),
            json!(7),
            json!(true),
            json!({"k": 1}),
            json!([1]),
            Value::Null,
        ]
    }

    /// Objects holding each key of `fields`, at every depth, with each sample, and an unknown
    /// key beside them.
    fn holding(fields: &[FieldInfo]) -> Vec<Map<String, Value>> {
        let mut out = Vec::new();
        let mut unknown = Map::new();
        unknown.insert("not_in_the_spec".to_owned(), json!("x"));
        out.push(unknown);
        for f in fields {
            let mut values: Vec<Value> = samples().into();
            if let FieldKind::Object(nested) = f.kind {
                values.extend(holding(nested).into_iter().map(Value::Object));
            }
            for v in values {
                let mut m = Map::new();
                m.insert(f.wire.to_owned(), v);
                out.push(m);
            }
        }
        out
    }

    /// Replies of `info` departing, or not, in every way.
    fn replies(api: &ApiInfo, info: &EndpointInfo) -> Vec<Value> {
        let mut statuses: Vec<Value> = samples().into();
        statuses.extend(info.outcomes.iter().map(|o| json!(o.status)));
        statuses.push(json!(api.error_status));
        let all: Vec<FieldInfo> = info
            .outcomes
            .iter()
            .flat_map(|o| o.fields)
            .copied()
            .collect();
        let mut ids: Vec<Value> = samples().into();
        ids.extend(info.errors.iter().map(|e| json!(e.id)));
        let mut keys = holding(&all);
        for (key, values) in [
            (api.error_id_key, &ids),
            (api.error_text_key, &samples().into()),
        ] {
            for v in values.iter() {
                keys.push(Map::from_iter([(key.to_owned(), v.clone())]));
            }
        }
        let mut out = Vec::new();
        for status in statuses.iter().map(Some).chain([None]) {
            for k in &keys {
                let mut reply = k.clone();
                if let Some(s) = status {
                    reply.insert(api.status_key.to_owned(), s.clone());
                }
                out.push(Value::Object(reply));
            }
        }
        out
    }

    fn check<R: Reply>(info: &'static EndpointInfo) -> usize {
        let api = crate::Api::INFO;
        let shape = Replies {
            api,
            endpoint: info,
        };
        let mut departing = 0;
        for reply in replies(api, info) {
            let body = serde_json::to_vec(&reply).unwrap();
            let (decoded, raised) = decode::<R>(&body).expect("an object decodes");
            let found = departures_in(&shape, &body);
            let noticed = raised || departs(&decoded.into_outcome());
            assert!(
                found.is_empty() || noticed,
                "{}: {reply} departs ({found:?}), unnoticed",
                info.name
            );
            departing += usize::from(!found.is_empty());
        }
        departing
    }

    #[test]
    fn the_decoders_flag_misses_no_departure() {
        let api = crate::Api::INFO;
        let n = check::<crate::AccessTokenReply>(api.token)
            + check::<crate::InitiateReply>(api.consent)
            + check::<crate::RetrieveReply>(api.retrieve);
        // Something departed: the test saw both sides.
        assert!(n > 0);
    }
}
