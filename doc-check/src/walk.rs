//! The public items of a crate, read from rustdoc's JSON output, and those whose documentation
//! breaks [the rule](crate::rule).

use std::collections::HashSet;
use std::fmt;

use serde_json::Value;

use crate::rule::{self, Problem};

/// An item whose documentation breaks the rule, with where it is written, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offender {
    /// The file the item is written in (the macro's invocation for a generated item).
    pub file: String,
    /// The item's line in [`Offender::file`].
    pub line: u64,
    /// The item's path from the crate's root (`crate::module::Type::method`).
    pub path: String,
    /// What is wrong with its documentation.
    pub problem: Problem,
    /// Its documentation's first paragraph as written.
    pub paragraph: String,
}

impl fmt::Display for Offender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{} {}: {}: {:?}",
            self.file, self.line, self.path, self.problem, self.paragraph
        )
    }
}

/// Which items of a crate are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every public item of a library, from its root: modules, types, fields, variants,
    /// functions, inherent methods, trait items, constants, statics, macros.
    Public,
    /// The crate's root alone: a binary's front page (its other items are private).
    Root,
}

/// Returns the items of the crate in `krate` (rustdoc's JSON output) whose documentation breaks
/// the rule, in the order of their files and lines; items whose path starts with one of
/// `prose` (pages of prose such as a guide's chapters, whose title is their summary) are not
/// checked, nor what they hold.
pub fn offenders(krate: &Value, scope: Scope, prose: &[&str]) -> Vec<Offender> {
    let mut walk = Walk {
        index: &krate["index"],
        prose,
        seen: HashSet::new(),
        found: Vec::new(),
    };
    let root = id_of(&krate["root"]);
    let name = walk.item(&root)["name"]
        .as_str()
        .unwrap_or("crate")
        .to_owned();
    match scope {
        Scope::Public => walk.visit(&root, &name),
        Scope::Root => walk.check(&root, &name),
    }
    let mut found = walk.found;
    found.sort_by(|a, b| (&a.file, a.line, &a.path).cmp(&(&b.file, b.line, &b.path)));
    found
}

/// The state of one walk over a crate's items.
struct Walk<'a> {
    /// The crate's items by id.
    index: &'a Value,
    /// The paths not checked (see [`offenders`]).
    prose: &'a [&'a str],
    /// The items already visited (an item re-exported is reached twice).
    seen: HashSet<String>,
    /// The offenders found so far.
    found: Vec<Offender>,
}

impl<'a> Walk<'a> {
    /// Returns the item of an id (`Null` for an item of another crate, absent from the index).
    fn item(&self, id: &str) -> &'a Value {
        &self.index[id]
    }

    /// Checks one item of this crate, then the items it holds.
    fn visit(&mut self, id: &str, path: &str) {
        let item = self.item(id);
        if item.is_null() || item["crate_id"] != 0 || !self.seen.insert(id.to_owned()) {
            return;
        }
        if self.prose.iter().any(|p| path.starts_with(p)) {
            return;
        }
        let inner = &item["inner"];
        if let Some(re_export) = inner.get("use") {
            // A re-export: the item it names, when it is this crate's.
            if let Some(target) = re_export.get("id").filter(|t| !t.is_null()) {
                let name = re_export["name"].as_str().unwrap_or_default();
                let parent = path.rsplit_once("::").map_or(path, |(p, _)| p);
                let target = id_of(target);
                self.visit(&target, &format!("{parent}::{name}"));
            }
            return;
        }
        let positional_field = inner.get("struct_field").is_some()
            && item["name"]
                .as_str()
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        if !(positional_field && item["docs"].is_null()) {
            self.check(id, path);
        }
        for (child, name) in self.children(inner) {
            self.visit(&child, &format!("{path}::{name}"));
        }
    }

    /// The items an item holds, each with its name: a module's items, a type's fields,
    /// variants and inherent methods, a trait's items. Trait implementations are left out:
    /// their items take the trait's documentation.
    fn children(&self, inner: &'a Value) -> Vec<(String, String)> {
        let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
        let mut owned = Vec::new();
        if let Some(module) = inner.get("module") {
            owned.extend(list(&module["items"]));
        } else if let Some(s) = inner.get("struct").or_else(|| inner.get("union")) {
            owned.extend(fields(&s["kind"]));
            owned.extend(list(&s["fields"]));
            owned.extend(self.inherent_items(&s["impls"]));
        } else if let Some(e) = inner.get("enum") {
            owned.extend(list(&e["variants"]));
            owned.extend(self.inherent_items(&e["impls"]));
        } else if let Some(v) = inner.get("variant") {
            owned.extend(fields(&v["kind"]));
        } else if let Some(t) = inner.get("trait") {
            owned.extend(list(&t["items"]));
        }
        owned
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| {
                let child = id_of(v);
                let name = self.item(&child)["name"].as_str().unwrap_or("_").to_owned();
                (child, name)
            })
            .collect()
    }

    /// The items of a type's inherent implementations (`impl Type { ... }`).
    fn inherent_items(&self, impls: &Value) -> Vec<Value> {
        let mut items = Vec::new();
        for imp in impls.as_array().into_iter().flatten() {
            let imp = &self.item(&id_of(imp))["inner"]["impl"];
            if imp["trait"].is_null() && imp["blanket_impl"].is_null() {
                items.extend(imp["items"].as_array().cloned().unwrap_or_default());
            }
        }
        items
    }

    /// Checks one item's documentation and records it when it breaks the rule.
    fn check(&mut self, id: &str, path: &str) {
        let item = self.item(id);
        let docs = item["docs"].as_str();
        if let Err(problem) = rule::check(docs) {
            let span = &item["span"];
            self.found.push(Offender {
                file: span["filename"].as_str().unwrap_or("?").to_owned(),
                line: span["begin"][0].as_u64().unwrap_or(0),
                path: path.to_owned(),
                problem,
                paragraph: rule::first_paragraph(docs.unwrap_or_default()),
            });
        }
    }
}

/// The fields of a struct's or a variant's kind (`{"plain": {"fields": [...]}}`,
/// `{"struct": {"fields": [...]}}` or `{"tuple": [...]}`, whose stripped fields are `null`).
fn fields(kind: &Value) -> Vec<Value> {
    let named = kind
        .get("plain")
        .or_else(|| kind.get("struct"))
        .map(|k| &k["fields"]);
    named
        .or_else(|| kind.get("tuple"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// An id as the index's key (ids are numbers in the items, strings as the index's keys).
fn id_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
