//! Each gathered departure as a difference of page drift's kinds: its message (what the replies
//! have, where, of what kinds, how many times), where the spec would take it, and the TOML that
//! adds a key the spec does not know.

use dqe_codegen::model::{Endpoint, ObjectDef, OutcomeSpec, Spec, TypeRef};
use dqe_codegen::support::type_name;
use dqe_spec_types::departure::DepartureKind;

use super::toml::{Place, add_key};
use super::{Gathered, Part, ReplyDifference, Unknown, field_at};
use crate::drift::from_spec::spec_site;
use crate::drift::surface::Site;
use crate::drift::{Difference, Kind};

/// The kind of difference a departure is.
fn kind(d: DepartureKind) -> Kind {
    match d {
        DepartureKind::UnknownKey => Kind::KeyAdded,
        DepartureKind::OtherType => Kind::TypeUnreadable,
        DepartureKind::UnknownStatus => Kind::OutcomeAdded,
        // `DepartureKind` may grow: an error id, and whatever comes, is the spec's to add.
        _ => Kind::ErrorAdded,
    }
}

/// `3 replies`, `1 departure event`.
fn counted(n: usize, events: bool) -> String {
    let what = if events { "departure event" } else { "reply" };
    let plural = if events { "s" } else { "ies" };
    match n {
        1 => format!("1 {what}"),
        n if events => format!("{n} {what}{plural}"),
        n => format!("{n} {}{plural}", &what[..what.len() - 1]),
    }
}

/// The name of an outcome of an endpoint's replies, as its table is named (`success`).
fn part_name(e: &Endpoint, part: Part) -> Option<&'static str> {
    match part {
        Part::Outcome(i) => {
            let o = e.outcomes().nth(i)?;
            Some(if e.success.as_ref().is_some_and(|s| std::ptr::eq(s, o)) {
                "success"
            } else {
                "pending"
            })
        }
        Part::Error | Part::Unknown => None,
    }
}

/// What the replies have, where, of what kinds, how often: `DQE's `retrieve` reply (success)
/// has a key the spec does not know: formfilling.address.floor (a string), in 3 replies`.
fn message(spec: &Spec, g: &Gathered<'_>) -> String {
    let (e, d) = (g.endpoint, &g.departure);
    let which = match (part_name(e, g.part), g.part) {
        (Some(name), _) => format!(" ({name})"),
        (None, Part::Error) => " (error)".to_owned(),
        _ => String::new(),
    };
    let mut names: Vec<String> = std::iter::once(e)
        .chain(g.alike.iter().copied())
        .map(|x| format!("`{}`", x.key.value))
        .collect();
    let last = names.pop().unwrap_or_default();
    let endpoints = if names.is_empty() {
        last
    } else {
        format!("{} or {last}", names.join(", "))
    };
    let why = match d.kind {
        DepartureKind::OtherType => field_at(spec, e, &d.path)
            .map(|f| {
                format!(
                    ", which the spec's `{}` does not read",
                    type_name(&f.ty.value)
                )
            })
            .unwrap_or_default(),
        DepartureKind::UnknownStatus | DepartureKind::UnknownErrorId => {
            " (the value is not shown: read it in the reply)".to_owned()
        }
        _ => String::new(),
    };
    format!(
        "DQE's {endpoints} reply{which} has {}: {} ({}){why}, in {}",
        d.kind.described(),
        d.path,
        g.shape.described(),
        counted(g.seen, g.from_events)
    )
}

/// Where the spec has what a departure is about: the object or outcome a new key goes in, the
/// field of a value of another kind, the endpoint (or its errors) of a status or an id.
fn spec_at(
    spec: &Spec,
    g: &Gathered<'_>,
    object: Option<&ObjectDef>,
    top: Option<Top<'_>>,
) -> Site {
    let (e, d) = (g.endpoint, &g.departure);
    let endpoint = |key: String| spec_site(spec, &e.loc, &key);
    match d.kind {
        DepartureKind::UnknownKey => match (object, top) {
            (Some(o), _) => spec_site(spec, &o.name.loc, &format!("objects.{}", o.name.value)),
            (None, Some((o, name))) => {
                spec_site(spec, &o.loc, &format!("endpoints.{}.{name}", e.key.value))
            }
            _ => endpoint(format!("endpoints.{}", e.key.value)),
        },
        DepartureKind::OtherType => match field_at(spec, e, &d.path) {
            Some(f) => spec_site(spec, &f.loc, &f.path),
            None => endpoint(format!("endpoints.{}", e.key.value)),
        },
        DepartureKind::UnknownErrorId => endpoint(format!("endpoints.{}.errors", e.key.value)),
        _ => endpoint(format!("endpoints.{}", e.key.value)),
    }
}

/// The outcome a key at the top of a reply goes in, with its table's name (`success`).
type Top<'a> = (&'a OutcomeSpec, &'static str);

/// Where a new key goes: the object it was seen in, or the outcome at the top.
fn place<'a>(
    spec: &'a Spec,
    g: &Gathered<'a>,
    object: Option<&'a ObjectDef>,
    top: Option<Top<'a>>,
) -> Option<Place<'a>> {
    let e = g.endpoint;
    match (g.departure.kind, object, top) {
        (DepartureKind::UnknownKey, Some(o), _) => Some(Place {
            file: file_of(spec, o.name.loc.file),
            table: format!("objects.{}.fields", o.name.value),
            note: None,
        }),
        (DepartureKind::UnknownKey, None, Some((_, name))) => Some(Place {
            file: file_of(spec, e.loc.file),
            table: format!("endpoints.{}.{name}.fields", e.key.value),
            note: Some(format!(
                "In the API file for every scope; a key of one scope's replies goes in that scope's file, as `[[extend.{}.{name}.fields]]`.{}",
                e.key.value,
                if g.from_events {
                    " The departure events do not say which outcome: the first is assumed."
                } else {
                    ""
                }
            )),
        }),
        _ => None,
    }
}

/// A gathered departure as a difference.
pub(super) fn difference(spec: &Spec, g: &Gathered<'_>) -> ReplyDifference {
    let (e, d) = (g.endpoint, &g.departure);
    let (parent, wire) = match d.path.rsplit_once('.') {
        Some((parent, wire)) => (Some(parent), wire),
        None => (None, d.path.as_str()),
    };
    // The object of the spec a nested place is in.
    let object = parent
        .and_then(|p| field_at(spec, e, p))
        .and_then(|f| match &f.ty.value {
            TypeRef::Object(t) => spec.object_of(t),
            _ => None,
        });
    // The outcome a place at the top is in; an event does not say which: the first.
    let top = match g.part {
        _ if parent.is_some() => None,
        Part::Outcome(i) => e.outcomes().nth(i).zip(part_name(e, g.part)),
        _ if g.from_events => e.outcomes().next().zip(part_name(e, Part::Outcome(0))),
        _ => None,
    };
    let toml = place(spec, g, object, top)
        .map(|p| add_key(spec, &e.key.value, &p, wire, &g.shape, g.from_events));
    ReplyDifference {
        difference: Difference {
            kind: kind(d.kind),
            message: message(spec, g),
            page: g.sites.clone(),
            spec: Some(spec_at(spec, g, object, top)),
            // The TOML to add is the reply difference's own (`toml`), printed after it.
            action: None,
        },
        toml,
    }
}

/// The file with this index, as shown.
fn file_of(spec: &Spec, file: usize) -> &str {
    spec.files.get(file).map_or("", |f| f.display.as_str())
}

/// Replies naming an endpoint the spec does not have, as a difference.
pub(super) fn unknown_endpoint(u: Unknown) -> ReplyDifference {
    ReplyDifference {
        difference: Difference {
            kind: Kind::StepAdded,
            message: format!(
                "replies of an endpoint `{}`, which the spec does not have, in {}",
                u.name,
                counted(u.seen, false)
            ),
            page: u.sites,
            spec: None,
            action: None,
        },
        toml: None,
    }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn counts_are_said_in_words() {
        assert_eq!(counted(1, false), "1 reply");
        assert_eq!(counted(3, false), "3 replies");
        assert_eq!(counted(1, true), "1 departure event");
        assert_eq!(counted(2, true), "2 departure events");
    }
}
