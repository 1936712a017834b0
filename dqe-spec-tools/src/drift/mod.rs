//! `dqe spec drift`: what differs between a help-centre page and a spec.
//!
//! Both are read into one model ([`surface`]), and one comparison ([`compare`]) lists each
//! difference once, with a stable kind, a sentence a person can act on, where it is on the page and
//! in the spec, and where to act ([`act`]): the spec file and table to edit, why there (the scope's
//! own file, or the API file every scope shares), and for an addition the TOML to add, as `import`
//! writes it.
//!
//! Where a spec departs from a page on purpose (the page's own mistakes, a leniency), the spec
//! says so next to what it qualifies (`page_unnamed_row` on a field), never this code.

pub mod act;
pub mod compare;
pub mod examples;
pub(crate) mod from_spec;
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
    /// The kind of difference, stable across versions, for a script to match on.
    pub kind: Kind,
    /// One sentence a person can act on.
    pub message: String,
    /// Where it is on the page (several places when the GET and POST tables both show it).
    pub page: Vec<Site>,
    /// Where it is in the spec, when the spec has it.
    pub spec: Option<Site>,
    /// Where to act on it in the spec, when the comparison knows the spec's files (a page
    /// against a spec does; [`compare::compare`] of two surfaces alone does not).
    pub action: Option<Action>,
}

/// Where to act on a difference: the spec file and the table to edit there, why there (one
/// scope's file, or the API file, which every scope shares), and for an addition the TOML to
/// add, as `dqe spec import` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The spec file, as shown (`spec/scopes/simswap.toml`); for a new scope, the file to
    /// create.
    pub file: String,
    /// The table to edit there, as its header reads (`[[extend.initiate.params]]`,
    /// `[scope]`).
    pub table: String,
    /// What to do there, and why there rather than in another file.
    pub reason: String,
    /// For an addition: the TOML to add to that file, with its table's header where the file
    /// may not have that table yet (a line of `[scope]` comes alone).
    pub toml: Option<String>,
}

impl fmt::Display for Difference {
    /// One line (page place, message, kind, spec place); then, when known, where to act on an
    /// indented line, and the TOML to add below it, indented further.
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
            Some(site) => write!(f, " (spec: {site})")?,
            None => f.write_str(" (spec: none)")?,
        }
        let Some(action) = &self.action else {
            return Ok(());
        };
        write!(
            f,
            "\n    -> {} {}: {}",
            action.file, action.table, action.reason
        )?;
        for line in action.toml.iter().flat_map(|t| t.lines()) {
            match line {
                "" => f.write_str("\n")?,
                line => write!(f, "\n        {line}")?,
            }
        }
        Ok(())
    }
}

impl Difference {
    /// As JSON: `kind`, `message`, `page` (`FILE:LINE` of the first place, or `null`), `pages`
    /// (every place), `spec` (`FILE:LINE`, or `null`), `spec_key`, and `action` (`file`,
    /// `table`, `reason` and `toml`, the TOML to add or `null`; `null` when not known).
    pub fn to_json(&self) -> serde_json::Value {
        let at = |s: &Site| format!("{}:{}", s.file, s.line);
        serde_json::json!({
            "kind": self.kind.id(),
            "message": self.message,
            "page": self.page.first().map(at),
            "pages": self.page.iter().map(at).collect::<Vec<_>>(),
            "spec": self.spec.as_ref().map(at),
            "spec_key": self.spec.as_ref().and_then(|s| s.key.clone()),
            "action": self.action.as_ref().map(|a| serde_json::json!({
                "file": a.file,
                "table": a.table,
                "reason": a.reason,
                "toml": a.toml,
            })),
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
    let (Some(theirs), Some(known)) = (
        surface::from_spec(spec, &scope),
        spec.scopes.iter().find(|s| s.name.value == scope),
    ) else {
        return Ok(vec![Difference {
            kind: Kind::ScopeNotInSpec,
            message: format!(
                "the page documents the scope `{scope}`, which the spec does not have: `dqe spec import` drafts its file"
            ),
            page: vec![scope_site],
            spec: None,
            action: new_scope(bytes, file, spec, &scope),
        }]);
    };
    let place = act::SpecPlace::new(spec, known);
    let mut found = compare::compare_in(&ours, &theirs, &place);
    found.extend(examples::check_in(&ours, &theirs, spec, &place));
    Ok(found)
}

/// Where a page of a scope the spec does not have goes: a file of its own, beside the others,
/// which `dqe spec import` drafts.
fn new_scope(bytes: &[u8], file: &str, spec: &Spec, scope: &str) -> Option<Action> {
    let api = spec.files.first()?.display.clone();
    let dir = api.strip_suffix(dqe_codegen::API_FILE).unwrap_or_default();
    let name = format!(
        "{dir}{}/{}.toml",
        dqe_codegen::SCOPES_DIR,
        scope.to_lowercase()
    );
    Some(Action {
        table: "[scope]".to_owned(),
        reason: format!(
            "a new scope is a file of its own (the API file is every scope's): `dqe spec import {file} > {name}` writes this draft; review every line"
        ),
        toml: crate::import::import(bytes, file, spec).ok(),
        file: name,
    })
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
