//! The comparison of two surfaces (a page's and a spec's), one named rule per kind of
//! difference. Differences found in both the GET and the POST request of a step are one.

use super::surface::{
    ErrorSurface, KeySurface, KeyType, OutcomeSurface, ParamSurface, RequestSurface, Site,
    StepSurface, Surface,
};
use super::{Difference, Kind};
use dqe_codegen::model::Method;

/// Every difference between a page's surface and a spec's, for the scope both describe.
pub fn compare(page: &Surface, spec: &Surface) -> Vec<Difference> {
    let mut out = Out::default();
    let scope = spec.scope.as_ref().map_or("", |(s, _)| s.as_str());
    for p in &page.steps {
        match spec.steps.iter().find(|s| s.number == p.number) {
            Some(s) => step(p, s, scope, &mut out),
            None => out.push(
                Kind::StepAdded,
                format!(
                    "the page documents step {} ({}), which the spec's `{scope}` does not have (it is one-step, or the step is missing)",
                    p.number, p.site.line
                ),
                &p.site,
                None,
            ),
        }
    }
    for s in &spec.steps {
        if !page.steps.iter().any(|p| p.number == s.number) {
            out.push(
                Kind::StepRemoved,
                format!(
                    "the spec's `{scope}` has a step {} that the page does not document",
                    s.number
                ),
                &Site::default(),
                Some(&s.site),
            );
        }
    }
    out.finish()
}

/// Differences, merged when the same one is found in several requests of a step.
#[derive(Default)]
struct Out {
    list: Vec<Difference>,
}

impl Out {
    fn push(&mut self, kind: Kind, message: String, page: &Site, spec: Option<&Site>) {
        let page_site = (!page.file.is_empty()).then(|| page.clone());
        if let Some(d) = self
            .list
            .iter_mut()
            .find(|d| d.kind == kind && d.message == message)
        {
            d.page.extend(page_site);
            return;
        }
        self.list.push(Difference {
            kind,
            message,
            page: page_site.into_iter().collect(),
            spec: spec.cloned(),
        });
    }

    fn finish(self) -> Vec<Difference> {
        self.list
    }
}

fn step(p: &StepSurface, s: &StepSurface, scope: &str, out: &mut Out) {
    let n = p.number;
    for r in &p.requests {
        match s.requests.iter().find(|x| x.method == r.method) {
            Some(x) => request(n, r, x, scope, out),
            None => out.push(
                Kind::MethodAdded,
                format!(
                    "step {n} is documented with {}, which the spec's endpoint does not accept",
                    method(r.method)
                ),
                &r.site,
                Some(&s.site),
            ),
        }
    }
    for o in &p.outcomes {
        match s.outcomes.iter().find(|x| x.kind == o.kind) {
            Some(x) => outcome(n, o, x, out),
            None => out.push(
                Kind::OutcomeAdded,
                format!(
                    "step {n} documents a {:?} reply, which the spec does not have",
                    o.kind
                ),
                &o.site,
                Some(&s.site),
            ),
        }
    }
    for x in &s.outcomes {
        if !p.outcomes.iter().any(|o| o.kind == x.kind) && !p.outcomes.is_empty() {
            out.push(
                Kind::OutcomeRemoved,
                format!(
                    "step {n} has a {:?} reply in the spec that the page does not document",
                    x.kind
                ),
                &p.site,
                Some(&x.site),
            );
        }
    }
    if !p.errors.is_empty() {
        errors(n, &p.errors, &s.errors, out);
    }
}

fn method(m: Method) -> &'static str {
    match m {
        Method::Get => "GET",
        Method::Post => "POST",
    }
}

fn request(n: u32, r: &RequestSurface, x: &RequestSurface, scope: &str, out: &mut Out) {
    if let (Some(path), Some(spec_path)) = (&r.path, &x.path)
        && path != spec_path
    {
        out.push(
            Kind::PathChanged,
            format!("step {n}'s path is `{path}` on the page, `{spec_path}` in the spec"),
            &r.site,
            Some(&x.site),
        );
    }
    for p in &r.params {
        match x.params.iter().find(|q| q.wire == p.wire) {
            Some(q) => param(n, p, q, out),
            None => out.push(
                Kind::ParameterAdded,
                format!("`{}` is a parameter of step {n} on the page, not one the spec sends with scope `{scope}`", p.wire),
                &p.site,
                None,
            ),
        }
    }
    if r.params.is_empty() {
        return;
    }
    for q in &x.params {
        if !r.params.iter().any(|p| p.wire == q.wire) {
            out.push(
                Kind::ParameterRemoved,
                format!("`{}` is a parameter of step {n} in the spec (with scope `{scope}`), not on the page", q.wire),
                &r.site,
                Some(&q.site),
            );
        }
    }
}

fn param(n: u32, p: &ParamSurface, q: &ParamSurface, out: &mut Out) {
    let w = &p.wire;
    if let (Some(page), Some(spec)) = (p.mandatory, q.mandatory)
        && page != spec
    {
        let (kind, now, was) = if page {
            (Kind::ParameterNowMandatory, "mandatory", "optional")
        } else {
            (Kind::ParameterNowOptional, "optional", "mandatory")
        };
        out.push(
            kind,
            format!("`{w}` of step {n} is {now} on the page, {was} in the spec"),
            &p.site,
            Some(&q.site),
        );
    }
    if let (Some(page), Some(spec)) = (&p.fixed, &q.fixed)
        && page != spec
        && q.page_fixed.as_ref() != Some(page)
    {
        out.push(
            Kind::FixedValueChanged,
            format!("`{w}` of step {n} is always `{page}` on the page, `{spec}` in the spec"),
            &p.site,
            Some(&q.site),
        );
    }
    if !p.values.is_empty() && !q.values.is_empty() && !same_set(&p.values, &q.values) {
        out.push(
            Kind::ValuesChanged,
            format!(
                "`{w}` of step {n} takes {} on the page, {} in the spec",
                list(&p.values),
                list(&q.values)
            ),
            &p.site,
            Some(&q.site),
        );
    }
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x))
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn outcome(n: u32, o: &OutcomeSurface, x: &OutcomeSurface, out: &mut Out) {
    let place = format!("step {n}'s {:?} reply", o.kind).to_lowercase();
    let mut spec_seen = Vec::new();
    keys(&place, "", &o.keys, &x.keys, &x.keys, &mut spec_seen, out);
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
    place: &str,
    prefix: &str,
    page: &[KeySurface],
    spec: &[KeySurface],
    spec_root: &[KeySurface],
    moved: &mut Vec<String>,
    out: &mut Out,
) {
    let mut matched: Vec<usize> = Vec::new();
    let mut unmatched: Vec<&KeySurface> = Vec::new();
    let mut below: Vec<(String, &[KeySurface], &[KeySurface])> = Vec::new();
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
            );
        }
        if let (Some(pk), Some(sk)) = (&k.keys, &s.keys) {
            below.push((here, pk, sk));
        }
    }
    // Moves first, then the levels below: a key moved out of an object is not also removed.
    let unmatched: Vec<&KeySurface> = unmatched
        .into_iter()
        .filter(|k| !key_moved(place, prefix, k, spec_root, moved, out))
        .collect();
    for (here, pk, sk) in below {
        keys(place, &here, pk, sk, spec_root, moved, out);
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
    if let ([k], [s]) = (unmatched.as_slice(), left.as_slice())
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
        );
        return;
    }
    for k in unmatched {
        key_added(place, prefix, k, out);
    }
    let page_site = page.first().map(|k| k.site.clone()).unwrap_or_default();
    for s in left {
        let here = dotted(prefix, s.wire.as_deref().unwrap_or_default());
        out.push(
            Kind::KeyRemoved,
            format!("`{here}` is a key of {place} in the spec, not on the page"),
            &page_site,
            Some(&s.site),
        );
    }
}

/// Whether a page key the spec does not have at that place is one the spec has elsewhere
/// (reported as moved).
fn key_moved(
    place: &str,
    prefix: &str,
    k: &KeySurface,
    spec_root: &[KeySurface],
    moved: &mut Vec<String>,
    out: &mut Out,
) -> bool {
    let Some(w) = &k.wire else { return false };
    let here = dotted(prefix, w);
    match find_anywhere(spec_root, w, "") {
        Some((there, s)) if there != here && !moved.contains(&there) => {
            out.push(
                Kind::KeyMoved,
                format!("`{w}` of {place} is at `{here}` on the page, at `{there}` in the spec"),
                &k.site,
                Some(&s.site),
            );
            moved.push(there);
            true
        }
        _ => false,
    }
}

/// A page key the spec does not have: added, or a row without a key name that the spec does
/// not account for.
fn key_added(place: &str, prefix: &str, k: &KeySurface, out: &mut Out) {
    match &k.wire {
        Some(w) => out.push(
            Kind::KeyAdded,
            format!("`{}` is a key of {place} on the page ({}), not in the spec", dotted(prefix, w), show(&k.ty)),
            &k.site,
            None,
        ),
        None => out.push(
            Kind::KeyUnnamed,
            format!(
                "a row of {place} has no key name (`{}`); if it stands for a key of the spec, say so with `page_unnamed_row` on that field",
                k.description
            ),
            &k.site,
            None,
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

fn errors(n: u32, page: &[ErrorSurface], spec: &[ErrorSurface], out: &mut Out) {
    let id = dqe_codegen::canonical_error_id;
    for e in page {
        match spec.iter().find(|s| id(&s.id) == id(&e.id)) {
            Some(s) if s.text.trim() != e.text.trim() => out.push(
                Kind::ErrorTextChanged,
                format!(
                    "error {} of step {n} reads `{}` on the page, `{}` in the spec",
                    e.id, e.text, s.text
                ),
                &e.site,
                Some(&s.site),
            ),
            Some(_) => {}
            None => out.push(
                Kind::ErrorAdded,
                format!(
                    "error {} (`{}`) of step {n} is on the page, not in the spec",
                    e.id, e.text
                ),
                &e.site,
                None,
            ),
        }
    }
    for s in spec {
        if !page.iter().any(|e| id(&e.id) == id(&s.id)) {
            out.push(
                Kind::ErrorRemoved,
                format!(
                    "error {} (`{}`) of step {n} is in the spec, not on the page",
                    s.id, s.text
                ),
                &page[0].site,
                Some(&s.site),
            );
        }
    }
}
