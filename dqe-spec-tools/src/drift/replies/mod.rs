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
mod tests {
    //! Replies and departure events against the shipped spec: what the spec documents differs in
    //! nothing; each kind of departure is one difference however many replies show it, with the
    //! TOML that adds a new key, which makes the difference go once added; no value is printed.

    use std::path::Path;

    use dqe_codegen::model::Spec;
    use serde_json::json;

    use super::*;
    use crate::drift::Kind;

    fn shipped() -> Spec {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        dqe_codegen::load_spec(&dir, "spec").expect("the shipped spec is valid")
    }

    /// The differences of one file's text.
    fn of(spec: &Spec, text: &str) -> Vec<ReplyDifference> {
        compare(&[read_replies(text.as_bytes(), "r.jsonl").unwrap()], spec)
    }

    /// Everything printed of a difference.
    fn printed(d: &ReplyDifference) -> String {
        format!(
            "{}\n{}\n{}",
            d.difference,
            d.difference.to_json(),
            d.toml.as_deref().unwrap_or("")
        )
    }

    #[test]
    fn the_specs_own_examples_and_errors_differ_in_nothing() {
        let spec = shipped();
        let mut text = String::new();
        for e in &spec.endpoints {
            for x in &e.examples {
                let v: serde_json::Value = serde_json::from_str(&x.body).unwrap();
                text.push_str(&format!("{v}\n"));
            }
            for x in &e.errors {
                let v = json!({"status": "error", "error_id": x.id.value, "error_type": "x"});
                text.push_str(&format!("{v}\n"));
            }
        }
        assert_eq!(of(&spec, &text), vec![]);
    }

    /// A step 2 success whose address has a new key, whose birth date is a number, with a new
    /// object at the top; a pending with an unknown status; an error with an unknown id.
    const ODD: &str = r#"{"status":"success","scope":"formfilling","formfilling":{"birthdate":19900214,"address":{"floor":"VALUE-FLOOR","locality":"VALUE-LYON"}},"audit":{"trace":"VALUE-TRACE","n":3}}
    {"status":"success","scope":"formfilling","formfilling":{"address":{"floor":4}},"audit":{"trace":"VALUE-2"}}
    {"status":"VALUE-STATUS","scope":"formfilling"}
    {"status":"error","error_id":"VALUE-ID","error_type":"VALUE-TEXT"}
    "#;

    #[test]
    fn each_departure_is_one_difference_with_its_kinds_places_and_toml() {
        let spec = shipped();
        let found = of(&spec, ODD);
        let kinds: Vec<(Kind, &str)> = found
            .iter()
            .map(|d| (d.difference.kind, d.difference.message.as_str()))
            .collect();
        // In the order first seen, a reply's keys in JSON's order (serde_json's: sorted).
        let expect = [
            (Kind::KeyAdded, "audit (an object), in 2 replies"),
            (
                Kind::KeyAdded,
                "formfilling.address.floor (a string or a number), in 2 replies",
            ),
            (
                Kind::TypeUnreadable,
                "formfilling.birthdate (a number), which the spec's `date` does not read, in 1 reply",
            ),
            (
                Kind::OutcomeAdded,
                "status (a string) (the value is not shown: read it in the reply), in 1 reply",
            ),
            (
                Kind::ErrorAdded,
                "error_id (a string) (the value is not shown: read it in the reply), in 1 reply",
            ),
        ];
        assert_eq!(found.len(), expect.len(), "{kinds:#?}");
        for ((kind, end), d) in expect.iter().zip(&found) {
            assert_eq!(d.difference.kind, *kind);
            assert!(d.difference.message.ends_with(end), "{}", d.difference);
            assert!(
                d.difference.message.contains("`retrieve`"),
                "{}",
                d.difference
            );
        }
        let floor = &found[1];
        let lines: Vec<usize> = floor.difference.page.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 2]);
        let spec_at = floor.difference.spec.as_ref().unwrap();
        assert_eq!(spec_at.key.as_deref(), Some("objects.Address"));
        let toml = floor.toml.as_deref().unwrap();
        assert!(
            toml.contains("[[objects.Address.fields]]\nname = \"floor\""),
            "{toml}"
        );
        assert!(toml.contains("# [inf]"), "a guess is marked: {toml}");
        let audit = found[0].toml.as_deref().unwrap();
        assert!(
            audit.contains("[[endpoints.retrieve.success.fields]]"),
            "{audit}"
        );
        assert!(audit.contains("[objects.Audit]"), "{audit}");
        assert!(
            audit.contains("[[objects.Audit.fields]]\nname = \"trace\""),
            "{audit}"
        );
        for d in &found {
            let shown = printed(d);
            assert!(!shown.contains("VALUE"), "a value printed:\n{shown}");
        }
    }

    #[test]
    fn the_toml_given_makes_its_difference_go() {
        let spec = shipped();
        let found = of(&spec, ODD);
        let mut files = spec.files.clone();
        for d in found.iter().filter(|d| d.toml.is_some()) {
            let toml = d.toml.as_deref().unwrap();
            let file = toml
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("# Add to "))
                .and_then(|l| l.strip_suffix(':'))
                .unwrap();
            let f = files.iter_mut().find(|f| f.display == file).unwrap();
            f.text.push_str(&format!("\n{toml}\n"));
        }
        let added = dqe_codegen::load_spec_from(files).unwrap_or_else(|e| {
            panic!(
                "{}",
                e.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        let left: Vec<Kind> = of(&added, ODD).iter().map(|d| d.difference.kind).collect();
        assert_eq!(
            left,
            [Kind::TypeUnreadable, Kind::OutcomeAdded, Kind::ErrorAdded]
        );
    }

    #[test]
    fn the_endpoint_is_read_from_the_reply_or_its_envelope() {
        let spec = shipped();
        let extra = |reply: serde_json::Value| {
            let found = of(&spec, &reply.to_string());
            assert_eq!(found.len(), 1, "{reply}");
            found[0].difference.message.clone()
        };
        let token = extra(json!({"access_token": "t", "expires_in": "300", "extra": 1}));
        assert!(
            token.starts_with("DQE's `access_token` reply (success)"),
            "{token}"
        );
        let step1 =
            extra(json!({"status": "success", "operator": "Orange", "url": "u", "extra": 1}));
        assert!(
            step1.starts_with("DQE's `initiate` reply (success)"),
            "{step1}"
        );
        let pending = extra(json!({"status": "pending", "scope": "formfilling", "extra": 1}));
        assert!(
            pending.starts_with("DQE's `retrieve` reply (pending)"),
            "{pending}"
        );
        let wrapped =
            json!({"endpoint": "initiate", "reply": {"status": "error", "error_id": "99"}});
        let wrapped = extra(wrapped);
        assert!(
            wrapped.starts_with("DQE's `initiate` reply (error)"),
            "{wrapped}"
        );
        let elsewhere = json!({"endpoint": "nowhere", "reply": {}});
        let found = of(&spec, &format!("{elsewhere}\n{elsewhere}"));
        assert_eq!(found[0].difference.kind, Kind::StepAdded);
        assert!(found[0].difference.message.ends_with("in 2 replies"));
    }

    #[test]
    fn departure_events_are_read_as_what_they_say_against_this_spec() {
        let spec = shipped();
        let event = |path: &str, kind: &str, json_kind: &str| {
            json!({"timestamp": "2026-12-06T17:48:27Z", "level": "WARN", "target": "dqe_client::departure",
                "fields": {"message": "the reply departs from the spec", "endpoint": "retrieve",
                    "path": path, "kind": kind, "json_kind": json_kind}})
            .to_string()
        };
        let text = [
            event("formfilling.address.floor", "unknown-key", "string"),
            // Places the spec knows, with kinds its types read: stale, no difference.
            event("formfilling.address.locality", "unknown-key", "string"),
            event("formfilling.updated_at", "other-type", "number"),
            event("formfilling.birthdate", "other-type", "number"),
            event("extra", "unknown-key", "object"),
            event("status", "unknown-status", "string"),
        ]
        .join("\n");
        let found = of(&spec, &text);
        let messages: Vec<&str> = found
            .iter()
            .map(|d| d.difference.message.as_str())
            .collect();
        assert_eq!(found.len(), 4, "{messages:#?}");
        assert!(
            messages[0].ends_with("formfilling.address.floor (a string), in 1 departure event")
        );
        let top = found[2].toml.as_deref().unwrap();
        assert!(top.contains("the first is assumed"), "{top}");
        assert!(top.contains("do not show the keys"), "{top}");
    }
}
