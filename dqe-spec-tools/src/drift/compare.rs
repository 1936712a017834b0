//! The comparison of two surfaces (a page's and a spec's), one named rule per kind of difference.
//!
//! Differences found in both the GET and the POST request of a step are one. Each says where to act
//! on it when a [`Locate`] knows the spec's files ([`compare_in`]).

mod keys;

use super::act::{Locate, What};
use super::surface::{ErrorSurface, ParamSurface, RequestSurface, Site, StepSurface, Surface};
use super::{Difference, Kind};
use dqe_codegen::model::Method;

/// Every difference between a page's surface and a spec's, for the scope both describe, with
/// no action (the surfaces alone do not say which files hold the spec).
pub fn compare(page: &Surface, spec: &Surface) -> Vec<Difference> {
    compare_in(page, spec, &())
}

/// [`compare`], each difference with where to act on it, as `place` says.
pub fn compare_in(page: &Surface, spec: &Surface, place: &dyn Locate) -> Vec<Difference> {
    let mut out = Out {
        list: Vec::new(),
        place,
    };
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
                What::Step {
                    number: p.number,
                    on_page: true,
                },
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
                What::Step {
                    number: s.number,
                    on_page: false,
                },
            );
        }
    }
    out.finish()
}

/// Differences, merged when the same one is found in several requests of a step, and what
/// says where to act on each.
struct Out<'p> {
    list: Vec<Difference>,
    place: &'p dyn Locate,
}

impl Out<'_> {
    fn push(
        &mut self,
        kind: Kind,
        message: String,
        page: &Site,
        spec: Option<&Site>,
        what: What<'_>,
    ) {
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
            action: self.place.locate(what),
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
                What::Endpoint {
                    step: n,
                    key: "methods",
                },
            ),
        }
    }
    for o in &p.outcomes {
        match s.outcomes.iter().find(|x| x.kind == o.kind) {
            Some(x) => keys::outcome(n, o, x, out),
            None => out.push(
                Kind::OutcomeAdded,
                format!(
                    "step {n} documents a {:?} reply, which the spec does not have",
                    o.kind
                ),
                &o.site,
                Some(&s.site),
                What::Outcome {
                    step: n,
                    kind: o.kind,
                    on_page: true,
                },
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
                What::Outcome {
                    step: n,
                    kind: x.kind,
                    on_page: false,
                },
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
            What::Endpoint {
                step: n,
                key: "path",
            },
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
                What::ParamAdded { step: n, param: p },
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
                What::Param {
                    step: n,
                    kind: Kind::ParameterRemoved,
                    param: q,
                    page_value: None,
                },
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
            What::Param {
                step: n,
                kind,
                param: q,
                page_value: None,
            },
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
            What::Param {
                step: n,
                kind: Kind::FixedValueChanged,
                param: q,
                page_value: Some(page),
            },
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
            What::Param {
                step: n,
                kind: Kind::ValuesChanged,
                param: q,
                page_value: None,
            },
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
                What::ErrorText {
                    step: n,
                    page: e,
                    spec: s,
                },
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
                What::ErrorAdded { step: n, error: e },
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
                What::ErrorRemoved { step: n, error: s },
            );
        }
    }
}
