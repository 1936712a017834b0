//! `dqe spec drift`: what differs between a help-centre page and a spec. Both are read into
//! one model ([`surface`]), and one comparison ([`compare`]) lists each difference once, with
//! a stable kind, a sentence a person can act on, and where it is on the page and in the spec.
//!
//! Where a spec departs from a page on purpose (the page's own mistakes, a leniency), the spec
//! says so next to what it qualifies (`page_unnamed_row` on a field), never this code.

pub mod compare;
pub mod examples;
pub mod replies;
pub mod surface;

use std::fmt;

use crate::page::{self, Unreadable};
use dqe_codegen::model::Spec;
use surface::{Site, Surface};

/// A kind of difference, with a stable id (`parameter-removed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The page documents a scope the spec does not have.
    ScopeNotInSpec,
    /// The page documents a step the spec's scope does not have.
    StepAdded,
    /// The spec's scope has a step the page does not document.
    StepRemoved,
    /// The page documents a method the spec's endpoint does not accept.
    MethodAdded,
    /// A step's path differs.
    PathChanged,
    /// A parameter on the page, not in the spec.
    ParameterAdded,
    /// A parameter in the spec, not on the page.
    ParameterRemoved,
    /// Mandatory on the page, optional in the spec.
    ParameterNowMandatory,
    /// Optional on the page, mandatory in the spec.
    ParameterNowOptional,
    /// A parameter's fixed value differs (`scope`).
    FixedValueChanged,
    /// A parameter's set of values differs (`mode`).
    ValuesChanged,
    /// A reply outcome on the page, not in the spec.
    OutcomeAdded,
    /// A reply outcome in the spec, not on the page.
    OutcomeRemoved,
    /// A reply key on the page, not in the spec.
    KeyAdded,
    /// A reply key in the spec, not on the page.
    KeyRemoved,
    /// A reply key at another place (top level, or in another object).
    KeyMoved,
    /// A reply key of another name at the same place (the only one added and removed there).
    KeyRenamed,
    /// A page row without a key name that the spec does not account for.
    KeyUnnamed,
    /// A page type the spec's type cannot read.
    TypeUnreadable,
    /// An error on the page, not in the spec.
    ErrorAdded,
    /// An error in the spec, not on the page.
    ErrorRemoved,
    /// An error's text differs.
    ErrorTextChanged,
    /// An example body of the page that the spec's types cannot read.
    ExampleUndecodable,
}

impl Kind {
    /// Its stable id.
    pub fn id(self) -> &'static str {
        match self {
            Kind::ScopeNotInSpec => "scope-not-in-spec",
            Kind::StepAdded => "step-added",
            Kind::StepRemoved => "step-removed",
            Kind::MethodAdded => "method-added",
            Kind::PathChanged => "path-changed",
            Kind::ParameterAdded => "parameter-added",
            Kind::ParameterRemoved => "parameter-removed",
            Kind::ParameterNowMandatory => "parameter-now-mandatory",
            Kind::ParameterNowOptional => "parameter-now-optional",
            Kind::FixedValueChanged => "fixed-value-changed",
            Kind::ValuesChanged => "values-changed",
            Kind::OutcomeAdded => "outcome-added",
            Kind::OutcomeRemoved => "outcome-removed",
            Kind::KeyAdded => "key-added",
            Kind::KeyRemoved => "key-removed",
            Kind::KeyMoved => "key-moved",
            Kind::KeyRenamed => "key-renamed",
            Kind::KeyUnnamed => "key-unnamed",
            Kind::TypeUnreadable => "type-unreadable",
            Kind::ErrorAdded => "error-added",
            Kind::ErrorRemoved => "error-removed",
            Kind::ErrorTextChanged => "error-text-changed",
            Kind::ExampleUndecodable => "example-undecodable",
        }
    }
}

/// One difference between a page and a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What kind.
    pub kind: Kind,
    /// One sentence a person can act on.
    pub message: String,
    /// Where it is on the page (several places when the GET and POST tables both show it).
    pub page: Vec<Site>,
    /// Where it is in the spec, when the spec has it.
    pub spec: Option<Site>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page.first() {
            Some(first) => {
                write!(f, "{first}")?;
                for other in &self.page[1..] {
                    write!(f, ",{}", other.line)?;
                }
            }
            None => f.write_str("(not on the page)")?,
        }
        write!(f, ": {} [{}]", self.message, self.kind.id())?;
        match &self.spec {
            Some(site) => write!(f, " (spec: {site})"),
            None => f.write_str(" (spec: none)"),
        }
    }
}

impl Difference {
    /// As JSON: `kind`, `message`, `page` (`FILE:LINE` of the first place, or `null`), `pages`
    /// (every place), `spec` (`FILE:LINE`, or `null`) and `spec_key`.
    pub fn to_json(&self) -> serde_json::Value {
        let at = |s: &Site| format!("{}:{}", s.file, s.line);
        serde_json::json!({
            "kind": self.kind.id(),
            "message": self.message,
            "page": self.page.first().map(at),
            "pages": self.page.iter().map(at).collect::<Vec<_>>(),
            "spec": self.spec.as_ref().map(at),
            "spec_key": self.spec.as_ref().and_then(|s| s.key.clone()),
        })
    }
}

/// Why a page cannot be compared with the spec at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotComparable {
    /// The bytes are not a help-centre page.
    Unreadable(Unreadable),
    /// No `scope=` value is fixed anywhere on the page.
    NoScope,
    /// None of the page's requests goes to a path the spec knows: a page of another product.
    OtherProduct(Vec<String>),
    /// The spec has no `[journey]`: it does not say which endpoint is which step.
    NoJourney,
}

impl fmt::Display for NotComparable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotComparable::Unreadable(why) => write!(f, "not a DQE help-centre page: {why}"),
            NotComparable::NoScope => f.write_str(
                "the page fixes no `scope=` value: which scope it documents is not said",
            ),
            NotComparable::OtherProduct(paths) if paths.is_empty() => {
                f.write_str("the page names no request URL: not a page of this API")
            }
            NotComparable::OtherProduct(paths) => write!(
                f,
                "a page of another product: its requests go to {}, which the spec does not know",
                paths
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            NotComparable::NoJourney => f.write_str(
                "the spec has no [journey]: it does not say which endpoint is which step",
            ),
        }
    }
}

/// The wire name of the parameter a request asks for its scopes with, on the endpoint that
/// chooses scopes (empty when the spec has none): what a page fixes to its own scope.
pub fn scope_wire(spec: &Spec) -> &str {
    spec.scope_chooser()
        .and_then(|e| e.scope_param())
        .map_or("", |p| p.wire.value.as_str())
}

/// Compares the page `bytes` (named `file` in messages) with `spec`.
///
/// # Errors
/// Why the page cannot be compared: not a page, no scope, another product's page.
pub fn drift(bytes: &[u8], file: &str, spec: &Spec) -> Result<Vec<Difference>, NotComparable> {
    let page = page::read(bytes, file).map_err(NotComparable::Unreadable)?;
    let ours = surface::from_page(&page, scope_wire(spec));
    check_comparable(&ours, spec)?;
    let (scope, scope_site) = ours.scope.clone().ok_or(NotComparable::NoScope)?;
    spec.journey.as_ref().ok_or(NotComparable::NoJourney)?;
    let Some(theirs) = surface::from_spec(spec, &scope) else {
        return Ok(vec![Difference {
            kind: Kind::ScopeNotInSpec,
            message: format!(
                "the page documents the scope `{scope}`, which the spec does not have: `dqe spec import` drafts its file"
            ),
            page: vec![scope_site],
            spec: None,
        }]);
    };
    let mut found = compare::compare(&ours, &theirs);
    found.extend(examples::check(&ours, &theirs, spec));
    Ok(found)
}

/// Whether a page's surface is of this API: one of its requests goes to a path the spec knows.
///
/// # Errors
/// [`NotComparable::OtherProduct`], with the page's paths.
pub fn check_comparable(page: &Surface, spec: &Spec) -> Result<(), NotComparable> {
    let paths: Vec<String> = page
        .steps
        .iter()
        .flat_map(|s| &s.requests)
        .filter_map(|r| r.path.clone())
        .collect();
    if paths
        .iter()
        .any(|p| spec.endpoints.iter().any(|e| e.path == *p))
    {
        return Ok(());
    }
    let mut unique = paths;
    unique.dedup();
    Err(NotComparable::OtherProduct(unique))
}
