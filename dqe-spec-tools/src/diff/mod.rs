//! `dqe spec diff`: what changed between two specs, and what each change means for the users
//! of the crate generated from them.
//!
//! Both specs are checked models (`dqe_codegen::model`); the comparison walks them side by
//! side and lists every change once ([`Change`]), with a stable kind ([`Kind`]: drift's ids
//! where the two tools overlap, `parameter-removed`, `error-text-changed`...), where it is in
//! each spec (`FILE:LINE` and key) and a [`Verdict`]:
//!
//! - `major`: code written against the old crate stops compiling (a new mandatory parameter, a
//!   removed parameter or key, a changed type), or reads the same reply differently (a key
//!   renamed on the wire);
//! - `minor`: new items only (an optional parameter, a reply key, an error id, a scope), which
//!   nothing breaks since the generated structs and enums are `#[non_exhaustive]`;
//! - `patch`: no item added or changed (a description, an example, what the client or the
//!   sandbox does with the same items).
//!
//! Each verdict reads the rule it rests on where the generator decides it (the builder's
//! typestate from [`EndpointNames`](dqe_codegen::support::EndpointNames), a scope method's
//! arguments from `Spec::method_arguments`, which scopes take a parameter from `Spec::takes`),
//! never working it out again; the workspace's `tests/tests/spec_changes.rs` checks one change
//! of each kind against the compiler.
//!
//! A change record keeps what it is about apart from its sentence ([`Change::subject`],
//! [`Change::item`]), so that other wordings (a changelog's) can be made from it.

mod api;
mod changelog;
mod endpoints;
mod fields;
mod kind;
mod params;
mod scope_errors;
mod scopes;

use std::fmt;

use dqe_codegen::Loc;
use dqe_codegen::model::Spec;

use crate::drift::from_spec::spec_site;
use crate::drift::surface::Site;
pub use kind::Kind;

/// What a change means for the users of the generated crate, least to most: the next version
/// is the greatest verdict of the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Nothing users name changes: documentation, examples, what the client or the sandbox
    /// does with the same items.
    Patch,
    /// New items only; code written against the old crate compiles and reads replies as
    /// before.
    Minor,
    /// Code written against the old crate may stop compiling, or read the same reply
    /// differently.
    Major,
}

impl Verdict {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Patch => "patch",
            Verdict::Minor => "minor",
            Verdict::Major => "major",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change between two specs.
///
/// Made by [`diff`] alone; a later version may add parts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change {
    /// The kind of change, which the verdict and the changelog's wording start from.
    pub kind: Kind,
    /// What it means for users of the generated crate.
    pub verdict: Verdict,
    /// What changed, named as users of the crate see it: a parameter or a field by its Rust
    /// name (`code_name`), an error by its id, a scope or an enum value by its wire value.
    pub subject: String,
    /// The generated item it belongs to (`InitiateRequest`, `Formfilling`, `RetrieveError`,
    /// `Scope`), or the spec's table when nothing is generated from it (`[journey]`).
    pub item: String,
    /// One sentence saying what changed.
    pub message: String,
    /// Why the verdict: what it does to code using the crate.
    pub why: String,
    /// Where it is in the old spec, when the old spec has it.
    pub old: Option<Site>,
    /// Where it is in the new spec, when the new spec has it.
    pub new: Option<Site>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let site = |s: &Option<Site>| s.as_ref().map_or("none".to_owned(), Site::to_string);
        write!(
            f,
            "{} {}: {}: {} (old: {}; new: {})",
            self.verdict,
            self.kind.id(),
            self.message,
            self.why,
            site(&self.old),
            site(&self.new)
        )
    }
}

impl Change {
    /// As JSON: `kind`, `verdict`, `subject`, `item`, `message`, `why`, `old` and `new`
    /// (`FILE:LINE`, or `null`), `old_key` and `new_key` (the dotted keys, or `null`).
    pub fn to_json(&self) -> serde_json::Value {
        let at = |s: &Option<Site>| s.as_ref().map(|s| format!("{}:{}", s.file, s.line));
        let key = |s: &Option<Site>| s.as_ref().and_then(|s| s.key.clone());
        serde_json::json!({
            "kind": self.kind.id(),
            "verdict": self.verdict.as_str(),
            "subject": self.subject,
            "item": self.item,
            "message": self.message,
            "why": self.why,
            "old": at(&self.old),
            "old_key": key(&self.old),
            "new": at(&self.new),
            "new_key": key(&self.new),
        })
    }
}

/// Every change between two specs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecDiff {
    /// The changes, the most severe first, then in the order of the specs.
    pub changes: Vec<Change>,
}

impl SpecDiff {
    /// The next version the generated crate needs: the greatest verdict, or `None` when the
    /// two specs describe the same API.
    pub fn next_version(&self) -> Option<Verdict> {
        self.changes.iter().map(|c| c.verdict).max()
    }

    /// Whether the two specs describe the same API.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// As JSON: `changes` (each [`Change::to_json`]) and `next_version` (`major`, `minor`,
    /// `patch`, or `null` when nothing changed).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "changes": self.changes.iter().map(Change::to_json).collect::<Vec<_>>(),
            "next_version": self.next_version().map(Verdict::as_str),
        })
    }
}

/// Every change from `old` to `new`, two checked specs.
pub fn diff(old: &Spec, new: &Spec) -> SpecDiff {
    let mut cx = Cx {
        old,
        new,
        changes: Vec::new(),
    };
    api::compare(&mut cx);
    scopes::compare(&mut cx);
    endpoints::compare(&mut cx);
    fields::compare_objects(&mut cx);
    scopes::compare_enums(&mut cx);
    let mut changes = cx.changes;
    // Stable: within a verdict, the order of the specs.
    changes.sort_by_key(|c| std::cmp::Reverse(c.verdict));
    SpecDiff { changes }
}

/// The two specs being compared, and the changes found so far.
struct Cx<'a> {
    old: &'a Spec,
    new: &'a Spec,
    changes: Vec<Change>,
}

/// Where an item is on each side: its location and dotted key, where that side has it.
type Sides<'l> = (Option<(&'l Loc, &'l str)>, Option<(&'l Loc, &'l str)>);

impl Cx<'_> {
    /// Records a change: `sides` says where it is in each spec.
    fn push(&mut self, draft: Draft, sides: Sides<'_>, verdict: Verdict, why: impl Into<String>) {
        let (old, new) = sides;
        self.changes.push(Change {
            kind: draft.kind,
            verdict,
            subject: draft.subject,
            item: draft.item,
            message: draft.message,
            why: why.into(),
            old: old.map(|(loc, key)| spec_site(self.old, loc, key)),
            new: new.map(|(loc, key)| spec_site(self.new, loc, key)),
        });
    }
}

/// What a change is, before its verdict: kind, subject, item and sentence.
struct Draft {
    kind: Kind,
    subject: String,
    item: String,
    message: String,
}

impl Draft {
    fn new(kind: Kind, subject: &str, item: &str, message: String) -> Self {
        Self {
            kind,
            subject: subject.to_owned(),
            item: item.to_owned(),
            message,
        }
    }
}

/// The items of two lists paired by a key: those on both sides, those only in the old list
/// (removed) and those only in the new one (added).
struct Paired<'a, T> {
    both: Vec<(&'a T, &'a T)>,
    removed: Vec<&'a T>,
    added: Vec<&'a T>,
}

fn pair<'a, T, K: PartialEq>(
    old: impl IntoIterator<Item = &'a T>,
    new: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&T) -> K,
) -> Paired<'a, T> {
    let old: Vec<&T> = old.into_iter().collect();
    let new: Vec<&T> = new.into_iter().collect();
    let mut both = Vec::new();
    let mut added = Vec::new();
    for n in &new {
        match old.iter().find(|o| key(o) == key(n)) {
            Some(o) => both.push((*o, *n)),
            None => added.push(*n),
        }
    }
    let removed = old
        .into_iter()
        .filter(|o| !new.iter().any(|n| key(n) == key(o)))
        .collect();
    Paired {
        both,
        removed,
        added,
    }
}

/// Whether the items both lists have (by `key`) come in another order in the new one.
fn reordered<T, K: PartialEq>(old: &[T], new: &[T], key: impl Fn(&T) -> K) -> bool {
    let common = |from: &[T], other: &[T]| -> Vec<K> {
        from.iter()
            .map(&key)
            .filter(|k| other.iter().any(|x| key(x) == *k))
            .collect()
    };
    common(old, new) != common(new, old)
}

/// `` `text` ``.
fn tick(text: &str) -> String {
    format!("`{text}`")
}

/// A value that may be absent, for messages: `` `text` `` or `none`.
fn tick_or_none(text: Option<&str>) -> String {
    text.map_or("none".to_owned(), tick)
}
