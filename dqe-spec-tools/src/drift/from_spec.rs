//! A spec's side of a [`Surface`](super::surface::Surface): what it says of one scope's
//! requests, replies and errors, as a page would show them.

use super::surface::{
    ErrorSurface, KeySurface, KeyType, OutcomeKind, OutcomeSurface, ParamSurface, RequestSurface,
    Site, StepSurface, Surface,
};
use dqe_codegen::model::{Endpoint, Field, Source, Spec, TypeRef};

/// Where a spec item is: its file, its line, and its dotted key.
pub(crate) fn spec_site(spec: &Spec, loc: &dqe_codegen::Loc, key: &str) -> Site {
    let file = spec.files.get(loc.file);
    let line = file.map_or(0, |f| {
        f.text
            .get(..loc.span.start)
            .map_or(0, |before| before.matches('\n').count())
            + 1
    });
    Site {
        file: file.map(|f| f.display.clone()).unwrap_or_default(),
        line,
        key: (!key.is_empty()).then(|| key.to_owned()),
    }
}

/// The surface of scope `wire` in a spec with a `[journey]`: step 1 (its consent endpoint) and,
/// unless the scope is one-step, step 2; the parameters that scope takes, with whether each is
/// mandatory with it; the keys of the API file and of that scope's file.
pub fn from_spec(spec: &Spec, wire: &str) -> Option<Surface> {
    let journey = spec.journey.as_ref()?;
    let scope = spec.scopes.iter().find(|s| s.name.value == wire)?;
    let mut endpoints = vec![spec.endpoint(&journey.consent.value)?];
    if scope.needs_consent() {
        endpoints.push(spec.endpoint(&journey.retrieve.value)?);
    }
    let steps = endpoints
        .into_iter()
        .zip(1..)
        .map(|(e, number)| spec_step(spec, scope, e, number))
        .collect();
    Some(Surface {
        scope: Some((
            wire.to_owned(),
            spec_site(spec, &scope.name.loc, "scope.name"),
        )),
        steps,
    })
}

fn spec_step(
    spec: &Spec,
    scope: &dqe_codegen::model::Scope,
    e: &Endpoint,
    number: u32,
) -> StepSurface {
    let note = scope
        .page_notes
        .iter()
        .find(|n| n.endpoint.value == e.key.value);
    let page_fixed = |wire: &str| {
        note.and_then(|n| n.fixed.iter().find(|(w, _)| w.value == wire))
            .map(|(_, v)| v.value.clone())
    };
    // The page may show another endpoint's replies as this step's, as the spec says.
    let replies = note
        .and_then(|n| n.replies_of.as_ref())
        .and_then(|r| spec.endpoint(&r.value))
        .unwrap_or(e);
    let params: Vec<ParamSurface> = e
        .params
        .iter()
        .filter(|p| spec.takes(e, scope, p))
        .map(|p| ParamSurface {
            wire: p.wire.value.clone(),
            description: p.description.clone(),
            mandatory: Some(scope.sends(p)),
            fixed: match &p.source {
                Source::Fixed(v) => Some(v.value.clone()),
                _ if p.is_scope_choice() => Some(scope.name.value.clone()),
                _ => None,
            },
            page_fixed: page_fixed(&p.wire.value),
            values: match &p.ty.value {
                TypeRef::Enum(t) => spec
                    .enum_of(t)
                    .filter(|d| !d.open)
                    .map(|d| d.values.iter().map(|v| v.wire.value.clone()).collect())
                    .unwrap_or_default(),
                _ => Vec::new(),
            },
            site: spec_site(spec, &p.loc, &p.path),
        })
        .collect();
    let site = spec_site(spec, &e.loc, &format!("endpoints.{}", e.key.value));
    StepSurface {
        number,
        site: site.clone(),
        requests: e
            .methods
            .iter()
            .map(|m| RequestSurface {
                method: *m,
                path: Some(e.path.clone()),
                site: site.clone(),
                params: params.clone(),
            })
            .collect(),
        outcomes: spec_outcomes(spec, scope, replies)
            .into_iter()
            .map(|mut o| {
                // The keys the page leaves out of the replies it shows (those of `replies`).
                let shown = scope
                    .page_notes
                    .iter()
                    .find(|n| n.endpoint.value == replies.key.value);
                let unlisted = shown.map_or(&[][..], |n| &n.unlisted_keys[..]);
                o.keys
                    .retain(|k| !unlisted.iter().any(|u| k.wire.as_ref() == Some(&u.value)));
                o
            })
            .collect(),
        // The errors as this scope documents them: those its file does without left out, its
        // own texts where its file gives them.
        errors: spec
            .errors_of_scope(replies, scope)
            .into_iter()
            .map(|x| ErrorSurface {
                id: x.entry.id.value.clone(),
                text: spec_text(x.template()),
                written: x.text().value.clone(),
                description: x.entry.description.clone(),
                site: match x.own {
                    Some(t) => spec_site(
                        spec,
                        &t.text.loc,
                        &format!("extend.{}.errors.texts.{}", replies.key.value, t.id.value),
                    ),
                    None => spec_site(spec, &x.entry.id.loc, &x.entry.path),
                },
            })
            .collect(),
        examples: Vec::new(),
    }
}

/// An error template with its holes as `{}`.
fn spec_text(pieces: &[dqe_codegen::model::Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            dqe_codegen::model::Piece::Lit(s) => s.as_str(),
            dqe_codegen::model::Piece::Hole(_) => "{}",
        })
        .collect()
}

fn spec_outcomes(
    spec: &Spec,
    scope: &dqe_codegen::model::Scope,
    e: &Endpoint,
) -> Vec<OutcomeSurface> {
    let kinds = [
        (OutcomeKind::Success, &e.success),
        (OutcomeKind::Pending, &e.pending),
    ];
    kinds
        .into_iter()
        .filter_map(|(kind, o)| {
            let o = o.as_ref()?;
            let status = KeySurface {
                wire: Some(spec.replies.status_key.clone()),
                description: o.description.clone(),
                ty: KeyType::Spec(TypeRef::String),
                keys: None,
                page_unnamed_row: None,
                site: spec_site(spec, &o.status.loc, ""),
            };
            let keys = reply_fields(spec, scope, o)
                .into_iter()
                .map(|f| spec_key(spec, f, 0));
            let keys = if answers_without_status(scope, o) {
                keys.collect()
            } else {
                std::iter::once(status).chain(keys).collect()
            };
            Some(OutcomeSurface {
                kind,
                status: Some(o.status.value.clone()),
                site: spec_site(spec, &o.loc, ""),
                keys,
            })
        })
        .collect()
}

/// Whether the scope's result is the body itself, without a status: its file extends the
/// outcome with `without_status`.
fn answers_without_status(
    scope: &dqe_codegen::model::Scope,
    o: &dqe_codegen::model::OutcomeSpec,
) -> bool {
    o.fields
        .iter()
        .any(|f| f.scope == Some(scope.file) && o.without_status_keys.contains(&f.wire.value))
}

/// The fields of an outcome a scope's reply holds: the API file's and its own, but only its own
/// when its result is the body itself, and never the consent URL for a one-step scope (it
/// answers without consent).
fn reply_fields<'a>(
    spec: &Spec,
    scope: &dqe_codegen::model::Scope,
    o: &'a dqe_codegen::model::OutcomeSpec,
) -> Vec<&'a Field> {
    let alone = answers_without_status(scope, o);
    let consent_url = spec.journey.as_ref().map(|j| j.consent_url.value.as_str());
    o.fields
        .iter()
        .filter(|f| match f.scope {
            Some(file) => file == scope.file,
            None => {
                !(alone || !scope.needs_consent() && Some(f.name.value.as_str()) == consent_url)
            }
        })
        .collect()
}

/// A spec field, with the keys of the object it holds (to a depth that no spec reaches).
fn spec_key(spec: &Spec, f: &Field, depth: usize) -> KeySurface {
    let keys = match &f.ty.value {
        TypeRef::Object(t) if depth < 8 => spec.object_of(t).map(|o| {
            o.fields
                .iter()
                .map(|f| spec_key(spec, f, depth + 1))
                .collect()
        }),
        _ => None,
    };
    KeySurface {
        wire: Some(f.wire.value.clone()),
        description: f.description.clone(),
        ty: KeyType::Spec(f.ty.value.clone()),
        keys,
        page_unnamed_row: f.page_unnamed_row.clone(),
        site: spec_site(spec, &f.loc, &f.path),
    }
}
