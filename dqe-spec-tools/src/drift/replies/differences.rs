//! Each gathered departure as a difference of page drift's kinds: its message (what the replies
//! have, where, of what kinds, how many times), where the spec would take it, and the TOML that
//! adds a key the spec does not know.

use dqe_codegen::model::{Endpoint, Spec, TypeRef};
use dqe_codegen::support::type_name;
use dqe_spec_types::departure::DepartureKind;

use super::toml::{Place, add_key};
use super::{Gathered, Part, ReplyDifference, Unknown, field_at};
use crate::drift::surface::spec_site;
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

/// A gathered departure as a difference.
pub(super) fn difference(spec: &Spec, g: &Gathered<'_>) -> ReplyDifference {
    let e = g.endpoint;
    let d = &g.departure;
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
    let message = format!(
        "DQE's {endpoints} reply{which} has {}: {} ({}){why}, in {}",
        d.kind.described(),
        d.path,
        g.shape.described(),
        counted(g.seen, g.from_events)
    );
    let (parent, wire) = match d.path.rsplit_once('.') {
        Some((parent, wire)) => (Some(parent), wire),
        None => (None, d.path.as_str()),
    };
    let endpoint_site = |key: String| spec_site(spec, &e.loc, &key);
    let object = parent
        .and_then(|p| field_at(spec, e, p))
        .and_then(|f| match &f.ty.value {
            TypeRef::Object(t) => spec.object_of(t),
            _ => None,
        });
    let outcome = match g.part {
        Part::Outcome(i) => e.outcomes().nth(i).zip(part_name(e, g.part)),
        // An event does not say which outcome: the first is assumed.
        _ if g.from_events => e.outcomes().next().zip(part_name(e, Part::Outcome(0))),
        _ => None,
    };
    let spec_at = match d.kind {
        DepartureKind::UnknownKey => match (object, outcome) {
            (Some(o), _) => spec_site(spec, &o.name.loc, &format!("objects.{}", o.name.value)),
            (None, Some((o, name))) if parent.is_none() => {
                spec_site(spec, &o.loc, &format!("endpoints.{}.{name}", e.key.value))
            }
            _ => endpoint_site(format!("endpoints.{}", e.key.value)),
        },
        DepartureKind::OtherType => match field_at(spec, e, &d.path) {
            Some(f) => spec_site(spec, &f.loc, &f.path),
            None => endpoint_site(format!("endpoints.{}", e.key.value)),
        },
        DepartureKind::UnknownErrorId => endpoint_site(format!("endpoints.{}.errors", e.key.value)),
        _ => endpoint_site(format!("endpoints.{}", e.key.value)),
    };
    let place = match (d.kind, object, outcome) {
        (DepartureKind::UnknownKey, Some(o), _) => Some(Place {
            file: file_of(spec, o.name.loc.file),
            table: format!("objects.{}.fields", o.name.value),
            note: None,
        }),
        (DepartureKind::UnknownKey, None, Some((_, name))) if parent.is_none() => Some(Place {
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
    };
    let toml = place.map(|p| add_key(spec, &e.key.value, &p, wire, &g.shape, g.from_events));
    ReplyDifference {
        difference: Difference {
            kind: kind(d.kind),
            message,
            page: g.sites.clone(),
            spec: Some(spec_at),
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
