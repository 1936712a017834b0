//! `dqe spec drift --replies`: what differs between the replies DQE really sent and a spec.
//!
//! Each reply is walked against its endpoint by the rule the client runs on every reply it receives
//! ([`dqe_spec_types::departure`]): a key the spec does not know, a value of a JSON kind the spec's
//! type does not read, a status or an error id the spec does not know. The client's departure
//! events (`WARN`, in `tracing-subscriber`'s JSON format) are read as what they say, checked
//! against the spec given (a place it now knows is no difference).
//!
//! Each departure becomes a [`Difference`] of page drift's kinds (`key-added`,
//! `type-unreadable`, `outcome-added`, `error-added`), listed once however many replies show
//! it, with where it is (`FILE:LINE` of the first replies, and how many) and where the spec
//! would take it; a key the spec does not know comes with the TOML to add, its type inferred
//! from the JSON kinds seen (`# [inf]` where that is a guess), written by `dqe spec import`'s
//! writer. Only the shape of the replies is kept (keys and JSON kinds): no value of a reply is
//! ever printed, unlike a recording of the traffic.
//!
//! Which endpoint a reply is of: the one its envelope names (`{"endpoint": "retrieve",
//! "reply": {...}}`), else the endpoint it departs least from: fewest departures, then the most
//! keys its outcomes know (a `scope` key or a scope's object says step 2), then the spec's
//! order. Where several endpoints read a reply alike (an error of an id none lists), the
//! difference names them all; a reply every endpoint reads without departure (an error with an
//! id every endpoint lists) is no difference, whichever it is of.

mod differences;
mod read;
mod shape;
mod toml;

use dqe_codegen::model::{Endpoint, Field, Spec};
use dqe_spec_types::departure::{Departure, DepartureKind, ReadAs, walk};
use serde_json::Value;

use super::Difference;
use super::surface::Site;
use read::{Item, read};
pub use read::{MAX_REPLIES_SIZE, NotReplies};
use shape::{SpecEndpoint, SpecKey};
use toml::Shape;

/// The most places of replies a difference lists (it says how many replies show it).
const MAX_SITES: usize = 5;

/// A file of replies, read.
#[derive(Debug, Clone)]
pub struct RepliesFile {
    /// The file, as shown.
    file: String,
    items: Vec<Item>,
}

/// Reads the bytes of a file of replies (named `file` in messages).
///
/// # Errors
/// Why the file is not replies: empty, too large, not JSON, a document that is not an object,
/// a departure event that cannot be read, log events alone.
pub fn read_replies(bytes: &[u8], file: &str) -> Result<RepliesFile, NotReplies> {
    Ok(RepliesFile {
        file: file.to_owned(),
        items: read(bytes)?,
    })
}

/// Where `reply`, a reply of the endpoint `endpoint` (its key in the spec), departs from
/// `spec`: the walk the client runs over the tables generated from a spec, here over the spec's
/// model; `None` for an endpoint the spec does not have.
pub fn departures(spec: &Spec, endpoint: &str, reply: &Value) -> Option<Vec<Departure>> {
    let endpoint = spec.endpoint(endpoint)?;
    Some(walk(&SpecEndpoint { spec, endpoint }, reply).departures)
}

/// One difference between replies and the spec, with the TOML that adds a key the spec does
/// not know (where the spec can take it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyDifference {
    /// The difference, as page drift has them.
    pub difference: Difference,
    /// What to add to the spec: a comment naming the file, then the TOML.
    pub toml: Option<String>,
}

/// Which part of an endpoint's replies a departure is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The outcome at this position (success, pending).
    Outcome(usize),
    /// An error.
    Error,
    /// Not known: a reply whose status is not, or an event (which does not say).
    Unknown,
}

/// One difference being gathered: the same place of the same part of an endpoint departing
/// the same way, in one reply or many.
struct Gathered<'a> {
    endpoint: &'a Endpoint,
    /// Other endpoints the replies may be of, as the first seen says.
    alike: Vec<&'a Endpoint>,
    part: Part,
    departure: Departure,
    /// The shape of the values seen there (their kinds, an object's keys).
    shape: Shape,
    sites: Vec<Site>,
    seen: usize,
    /// Whether it was read from departure events alone.
    from_events: bool,
}

/// Replies naming an endpoint the spec does not have (in an envelope or an event).
struct Unknown {
    name: String,
    sites: Vec<Site>,
    seen: usize,
}

/// Every difference between the replies of `files` and `spec`, each once: endpoints the spec
/// does not have, then departures in the order first seen.
pub fn compare(files: &[RepliesFile], spec: &Spec) -> Vec<ReplyDifference> {
    let mut gathered: Vec<Gathered<'_>> = Vec::new();
    let mut unknown: Vec<Unknown> = Vec::new();
    for f in files {
        for item in &f.items {
            let (line, named) = match item {
                Item::Reply { line, endpoint, .. } => (*line, endpoint.as_deref()),
                Item::Event { line, endpoint, .. } => (*line, Some(endpoint.as_str())),
            };
            let site = Site {
                file: f.file.clone(),
                line,
                key: None,
            };
            if let Some(name) = named.filter(|n| spec.endpoint(n).is_none()) {
                note_unknown(&mut unknown, name, site);
                continue;
            }
            match item {
                Item::Reply { value, .. } => {
                    let Some(w) = walked(spec, named, value) else {
                        continue;
                    };
                    for d in w.departures {
                        let seen = toml::value_at(value, &d.path).map(Shape::of);
                        let of = (w.endpoint, w.part, &w.alike[..]);
                        gather(&mut gathered, of, d, seen, site.clone(), false);
                    }
                }
                Item::Event {
                    endpoint,
                    path,
                    kind,
                    json_kind,
                    ..
                } => {
                    let Some(e) = spec.endpoint(endpoint) else {
                        continue;
                    };
                    let d = Departure {
                        path: path.clone(),
                        kind: *kind,
                        json_kind: *json_kind,
                    };
                    if still_departs(spec, e, &d) {
                        gather(&mut gathered, (e, Part::Unknown, &[]), d, None, site, true);
                    }
                }
            }
        }
    }
    let unknown = unknown.into_iter().map(differences::unknown_endpoint);
    unknown
        .chain(gathered.iter().map(|g| differences::difference(spec, g)))
        .collect()
}

/// Counts a reply or an event naming an endpoint the spec does not have.
fn note_unknown(unknown: &mut Vec<Unknown>, name: &str, site: Site) {
    let u = match unknown.iter_mut().position(|u| u.name == name) {
        Some(i) => &mut unknown[i],
        None => {
            unknown.push(Unknown {
                name: name.to_owned(),
                sites: Vec::new(),
                seen: 0,
            });
            let last = unknown.len() - 1;
            &mut unknown[last]
        }
    };
    u.seen += 1;
    if u.sites.len() < MAX_SITES {
        u.sites.push(site);
    }
}

/// A reply walked against one endpoint.
struct Walked<'a> {
    endpoint: &'a Endpoint,
    part: Part,
    departures: Vec<Departure>,
    /// The endpoints it departs from in the same places, as much (the reply does not say which
    /// it is of), the spec's order.
    alike: Vec<&'a Endpoint>,
}

/// The endpoint of a reply (the one named, else the one it departs least from), which part of
/// it the reply is, and where it departs; `None` for a spec without endpoints.
fn walked<'a>(spec: &'a Spec, named: Option<&str>, reply: &Value) -> Option<Walked<'a>> {
    let candidates: Vec<&Endpoint> = match named {
        Some(name) => vec![spec.endpoint(name)?],
        None => spec.endpoints.iter().collect(),
    };
    let keys: Vec<&String> = reply
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys())
        .collect();
    let scored: Vec<_> = candidates
        .into_iter()
        .map(|endpoint| {
            let shape = SpecEndpoint { spec, endpoint };
            let w = walk(&shape, reply);
            let part = match w.read_as {
                ReadAs::Outcome(i) => Part::Outcome(i),
                ReadAs::Error => Part::Error,
                ReadAs::Unrecognized => Part::Unknown,
            };
            // The reply's keys its outcomes know: a `scope` key or a scope's object says step 2.
            let known = keys
                .iter()
                .filter(|k| {
                    endpoint
                        .outcomes()
                        .any(|o| o.fields.iter().any(|f| f.wire.value == ***k))
                })
                .count();
            (
                (w.departures.len(), usize::MAX - known),
                endpoint,
                part,
                w.departures,
            )
        })
        .collect();
    // The first of the best, in the spec's order.
    let best = scored.iter().map(|(score, ..)| *score).min()?;
    let mut tied = scored.into_iter().filter(|(score, ..)| *score == best);
    let (_, endpoint, part, departures) = tied.next()?;
    let alike = tied
        .filter(|(_, _, p, d)| *p == part && *d == departures)
        .map(|(_, e, ..)| e)
        .collect();
    Some(Walked {
        endpoint,
        part,
        departures,
        alike,
    })
}

/// Adds a departure to the difference it belongs to, or starts one.
fn gather<'a>(
    gathered: &mut Vec<Gathered<'a>>,
    (endpoint, part, alike): (&'a Endpoint, Part, &[&'a Endpoint]),
    d: Departure,
    seen: Option<Shape>,
    site: Site,
    from_events: bool,
) {
    let same = |g: &Gathered<'a>| {
        std::ptr::eq(g.endpoint, endpoint)
            && g.part == part
            && g.departure.path == d.path
            && g.departure.kind == d.kind
    };
    let g = match gathered.iter().position(same) {
        Some(i) => &mut gathered[i],
        None => {
            gathered.push(Gathered {
                endpoint,
                alike: alike.to_vec(),
                part,
                departure: d.clone(),
                shape: Shape::default(),
                sites: Vec::new(),
                seen: 0,
                from_events,
            });
            let last = gathered.len() - 1;
            &mut gathered[last]
        }
    };
    g.shape.add_kind(d.json_kind);
    if let Some(seen) = seen {
        g.shape.merge(seen);
    }
    g.from_events &= from_events;
    g.seen += 1;
    if g.sites.len() < MAX_SITES {
        g.sites.push(site);
    }
}

/// The field of the spec at `path` of an endpoint's replies: the first segment a key of one of
/// its outcomes, each next one a key of the object the previous one holds.
fn field_at<'a>(spec: &'a Spec, e: &'a Endpoint, path: &str) -> Option<&'a Field> {
    let mut segments = path.split('.');
    let first = segments.next()?;
    let mut field = e
        .outcomes()
        .flat_map(|o| &o.fields)
        .find(|f| f.wire.value == first)?;
    for s in segments {
        field = SpecKey::in_object(spec, &field.ty.value, s)?.field;
    }
    Some(field)
}

/// Whether a departure an event reports still stands against this spec: a place the spec now
/// knows (reading that kind) is no difference. Statuses and ids carry no value to check again.
fn still_departs(spec: &Spec, e: &Endpoint, d: &Departure) -> bool {
    match d.kind {
        DepartureKind::UnknownKey => field_at(spec, e, &d.path).is_none(),
        DepartureKind::OtherType => {
            field_at(spec, e, &d.path).is_none_or(|f| !crate::json::reads(&f.ty.value, d.json_kind))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests;
