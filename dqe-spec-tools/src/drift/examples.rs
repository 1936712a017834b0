//! The page's `Example:` bodies, read as the spec's types read replies: a body that is not JSON,
//! not an object, or holds a value of a kind the spec's type for that key cannot read is a
//! difference.
//!
//! Keys the spec does not know are kept by the client, so they are not.

use super::act::{Locate, What};
use super::surface::{KeySurface, KeyType, OutcomeKind, Site, Surface};
use super::{Difference, Kind};
use crate::json::JsonKind;
use dqe_codegen::model::Spec;

/// The differences of every example of the page's steps, against the spec's step of the same
/// number.
pub fn check(page: &Surface, ours: &Surface, spec: &Spec) -> Vec<Difference> {
    check_in(page, ours, spec, &())
}

/// [`check`], each difference with where to act on it, as `place` says.
pub fn check_in(
    page: &Surface,
    ours: &Surface,
    spec: &Spec,
    place: &dyn Locate,
) -> Vec<Difference> {
    let mut out = Vec::new();
    for step in &page.steps {
        let Some(theirs) = ours.steps.iter().find(|s| s.number == step.number) else {
            continue;
        };
        for (body, site) in &step.examples {
            let value: serde_json::Value = match serde_json::from_str(body) {
                Ok(v) => v,
                Err(e) => {
                    out.push(undecodable(
                        format!(
                            "the example of step {} is not JSON (line {}, column {} of the body)",
                            step.number,
                            e.line(),
                            e.column()
                        ),
                        site,
                    ));
                    continue;
                }
            };
            let Some(object) = value.as_object() else {
                out.push(undecodable(
                    format!("the example of step {} is not a JSON object", step.number),
                    site,
                ));
                continue;
            };
            let status = object
                .get(&spec.replies.status_key)
                .and_then(|s| s.as_str());
            if status == Some(spec.replies.error.status.as_str()) {
                continue;
            }
            let outcome = theirs.outcomes.iter().find(|o| match status {
                Some(s) => o.status.as_deref() == Some(s),
                None => o.kind == OutcomeKind::Success,
            });
            let Some(outcome) = outcome else {
                let shown = status.unwrap_or("none");
                out.push(undecodable(
                    format!(
                        "the example of step {} has the status `{shown}`, which the spec's step does not have",
                        step.number
                    ),
                    site,
                ));
                continue;
            };
            let mut bad = Vec::new();
            keys(object, &outcome.keys, "", &mut bad);
            for (here, kind, ty, key) in bad {
                out.push(Difference {
                    kind: Kind::ExampleUndecodable,
                    message: format!(
                        "the example of step {} holds {} at `{here}`, which the spec's `{ty}` cannot read",
                        step.number,
                        kind.described()
                    ),
                    page: vec![site.clone()],
                    spec: Some(key.site.clone()),
                    action: place.locate(What::Key {
                        step: step.number,
                        kind: Kind::ExampleUndecodable,
                        key,
                    }),
                });
            }
        }
    }
    out
}

fn undecodable(message: String, site: &Site) -> Difference {
    Difference {
        kind: Kind::ExampleUndecodable,
        message,
        page: vec![site.clone()],
        spec: None,
        action: None,
    }
}

/// The keys of `object` whose values the spec's types cannot read: (place, kind, type, the
/// spec's key).
fn keys<'k>(
    object: &serde_json::Map<String, serde_json::Value>,
    spec_keys: &'k [KeySurface],
    prefix: &str,
    bad: &mut Vec<(String, JsonKind, String, &'k KeySurface)>,
) {
    for (key, value) in object {
        let Some(k) = spec_keys.iter().find(|k| k.wire.as_deref() == Some(key)) else {
            continue;
        };
        let KeyType::Spec(ty) = &k.ty else { continue };
        let here = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let kind = crate::json::kind_of(value);
        if !crate::json::reads(ty, kind) {
            bad.push((here, kind, dqe_codegen::support::type_name(ty), k));
            continue;
        }
        if let (Some(inner), Some(nested)) = (value.as_object(), &k.keys) {
            keys(inner, nested, &here, bad);
        }
    }
}
