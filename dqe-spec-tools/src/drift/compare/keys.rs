//! The comparison of a step's reply keys, page against spec, level by level: a key added,
//! removed, renamed (the only one of each at a level), moved (to another level), of a type the
//! spec cannot read, or a row without its name.

use super::super::Kind;
use super::super::act::What;
use super::super::surface::{KeySurface, KeyType, OutcomeKind, OutcomeSurface};
use super::Out;

/// Every difference of the keys of an outcome of step `n`, page (`o`) against spec (`x`).
pub(super) fn outcome(n: u32, o: &OutcomeSurface, x: &OutcomeSurface, out: &mut Out) {
    let place = format!("step {n}'s {:?} reply", o.kind).to_lowercase();
    let mut spec_seen = Vec::new();
    let level = Level {
        step: n,
        kind: o.kind,
        place: &place,
        parent: None,
    };
    keys(&level, "", &o.keys, &x.keys, &x.keys, &mut spec_seen, out);
}

/// Where a level of keys is: its step and outcome, the place messages name, and the spec's
/// key holding its object (none at the top).
struct Level<'a> {
    step: u32,
    kind: OutcomeKind,
    place: &'a str,
    parent: Option<&'a KeySurface>,
}

impl Level<'_> {
    /// What a key of the spec at this level concerns, for a difference of `kind`.
    fn key<'k>(&self, kind: Kind, key: &'k KeySurface) -> What<'k> {
        What::Key {
            step: self.step,
            kind,
            key,
        }
    }
}

/// Whether the spec's type reads the values of a page's type (or of another spec type).
fn reads(spec_ty: &KeyType, page_ty: &KeyType) -> bool {
    match (spec_ty, page_ty) {
        (KeyType::Spec(a), KeyType::Spec(b)) => a == b,
        (KeyType::Spec(t), KeyType::Page(p)) => match crate::json::page_json_kind(p) {
            Some(kind) => crate::json::reads(t, kind),
            None => true,
        },
        (KeyType::Page(a), KeyType::Page(b)) => a == b,
        (KeyType::Page(_), KeyType::Spec(_)) => true,
    }
}

/// A key's dotted place (`formfilling.address`), for messages.
fn dotted(prefix: &str, wire: &str) -> String {
    if prefix.is_empty() {
        wire.to_owned()
    } else {
        format!("{prefix}.{wire}")
    }
}

/// Where a key is in a tree of keys: its dotted place.
fn find_anywhere<'a>(
    keys: &'a [KeySurface],
    wire: &str,
    prefix: &str,
) -> Option<(String, &'a KeySurface)> {
    for k in keys {
        let Some(w) = &k.wire else { continue };
        let here = dotted(prefix, w);
        if w == wire {
            return Some((here, k));
        }
        if let Some(found) = k
            .keys
            .as_deref()
            .and_then(|ks| find_anywhere(ks, wire, &here))
        {
            return Some(found);
        }
    }
    None
}

/// The keys of one level (an outcome's, or an object's at `prefix`), page against spec; then
/// the levels below. One key on each side left unmatched at a level is a rename.
#[allow(clippy::too_many_arguments)]
fn keys(
    level: &Level<'_>,
    prefix: &str,
    page: &[KeySurface],
    spec: &[KeySurface],
    spec_root: &[KeySurface],
    moved: &mut Vec<String>,
    out: &mut Out,
) {
    let place = level.place;
    let mut matched: Vec<usize> = Vec::new();
    let mut unmatched: Vec<&KeySurface> = Vec::new();
    let mut below: Vec<(String, &[KeySurface], &KeySurface)> = Vec::new();
    for k in page {
        let found = match &k.wire {
            Some(w) => spec
                .iter()
                .position(|s| s.wire.as_deref() == Some(w.as_str())),
            None => spec
                .iter()
                .position(|s| s.page_unnamed_row.as_deref() == Some(k.description.as_str())),
        };
        let Some(i) = found else {
            unmatched.push(k);
            continue;
        };
        matched.push(i);
        let s = &spec[i];
        let here = dotted(prefix, s.wire.as_deref().unwrap_or_default());
        if !reads(&s.ty, &k.ty) {
            out.push(
                Kind::TypeUnreadable,
                format!(
                    "`{here}` in {place} is {} on the page, which the spec's {} cannot read",
                    show(&k.ty),
                    show(&s.ty)
                ),
                &k.site,
                Some(&s.site),
                level.key(Kind::TypeUnreadable, s),
            );
        }
        if let (Some(pk), Some(_)) = (&k.keys, &s.keys) {
            below.push((here, pk, s));
        }
    }
    // Moves first, then the levels below: a key moved out of an object is not also removed.
    let unmatched: Vec<&KeySurface> = unmatched
        .into_iter()
        .filter(|k| !key_moved(level, prefix, k, spec_root, moved, out))
        .collect();
    for (here, pk, parent) in below {
        let inner = Level {
            parent: Some(parent),
            ..*level
        };
        let sk = parent.keys.as_deref().unwrap_or_default();
        keys(&inner, &here, pk, sk, spec_root, moved, out);
    }
    let left: Vec<&KeySurface> = spec
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            !matched.contains(i)
                && s.wire
                    .as_ref()
                    .is_some_and(|w| !moved.contains(&dotted(prefix, w)))
        })
        .map(|(_, s)| s)
        .collect();
    unmatched_keys(level, prefix, page, &unmatched, &left, out);
}

/// The keys of one level left unmatched on either side: one on each side is a rename; else
/// the page's are added, the spec's removed.
fn unmatched_keys(
    level: &Level<'_>,
    prefix: &str,
    page: &[KeySurface],
    unmatched: &[&KeySurface],
    left: &[&KeySurface],
    out: &mut Out,
) {
    let place = level.place;
    if let ([k], [s]) = (unmatched, left)
        && k.wire.is_some()
    {
        let (new, old) = (
            k.wire.as_deref().unwrap_or_default(),
            s.wire.as_deref().unwrap_or_default(),
        );
        out.push(
            Kind::KeyRenamed,
            format!(
                "`{}` of {place} is `{}` on the page",
                dotted(prefix, old),
                dotted(prefix, new)
            ),
            &k.site,
            Some(&s.site),
            level.key(Kind::KeyRenamed, s),
        );
        return;
    }
    for k in unmatched.iter().copied() {
        key_added(level, prefix, k, out);
    }
    let page_site = page.first().map(|k| k.site.clone()).unwrap_or_default();
    for s in left.iter().copied() {
        let here = dotted(prefix, s.wire.as_deref().unwrap_or_default());
        out.push(
            Kind::KeyRemoved,
            format!("`{here}` is a key of {place} in the spec, not on the page"),
            &page_site,
            Some(&s.site),
            level.key(Kind::KeyRemoved, s),
        );
    }
}

/// Whether a page key the spec does not have at that place is one the spec has elsewhere
/// (reported as moved).
fn key_moved(
    level: &Level<'_>,
    prefix: &str,
    k: &KeySurface,
    spec_root: &[KeySurface],
    moved: &mut Vec<String>,
    out: &mut Out,
) -> bool {
    let Some(w) = &k.wire else { return false };
    let (here, place) = (dotted(prefix, w), level.place);
    match find_anywhere(spec_root, w, "") {
        Some((there, s)) if there != here && !moved.contains(&there) => {
            out.push(
                Kind::KeyMoved,
                format!("`{w}` of {place} is at `{here}` on the page, at `{there}` in the spec"),
                &k.site,
                Some(&s.site),
                level.key(Kind::KeyMoved, s),
            );
            moved.push(there);
            true
        }
        _ => false,
    }
}

/// A page key the spec does not have: added, or a row without a key name that the spec does
/// not account for.
fn key_added(level: &Level<'_>, prefix: &str, k: &KeySurface, out: &mut Out) {
    let place = level.place;
    let what = What::KeyAdded {
        step: level.step,
        outcome: level.kind,
        parent: level.parent,
        key: k,
    };
    match &k.wire {
        Some(w) => out.push(
            Kind::KeyAdded,
            format!("`{}` is a key of {place} on the page ({}), not in the spec", dotted(prefix, w), show(&k.ty)),
            &k.site,
            None,
            what,
        ),
        None => out.push(
            Kind::KeyUnnamed,
            format!(
                "a row of {place} has no key name (`{}`); if it stands for a key of the spec, say so with `page_unnamed_row` on that field",
                k.description
            ),
            &k.site,
            None,
            what,
        ),
    }
}

/// A type for messages.
fn show(ty: &KeyType) -> String {
    match ty {
        KeyType::Page(t) if t.is_empty() => "of a type it does not say".to_owned(),
        KeyType::Page(t) => format!("`{t}`"),
        KeyType::Spec(t) => format!("`{}`", dqe_codegen::support::type_name(t)),
    }
}
