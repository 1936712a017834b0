//! The draft's replies (the keys the API file does not have, with their types, objects, enums
//! and examples), its example replies, and notes on errors that differ from the API file's.

use std::fmt::Write as _;

use super::{Draft, camel, quoted, snake};
use crate::drift::surface::{self, KeySurface, KeyType, OutcomeKind, StepSurface};
use crate::json::{JsonKind, page_json_kind};
use dqe_codegen::model::{Endpoint, OutcomeSpec};
use dqe_codegen::support::parse_type;

/// The spec type the draft gives a Base64 document, when the spec format has one.
const BASE64_TYPE: &str = "base64";

impl Draft<'_> {
    /// The keys of the step's outcomes that the API file's endpoint does not have, and the
    /// step's example replies.
    pub(super) fn replies(&mut self, step: &StepSurface, e: &Endpoint) {
        let examples = examples(step, &self.spec.replies.status_key);
        for o in &step.outcomes {
            let (spec_outcome, part) = match o.kind {
                OutcomeKind::Success => (e.success.as_ref(), "success"),
                OutcomeKind::Pending => (e.pending.as_ref(), "pending"),
            };
            let Some(spec_outcome) = spec_outcome else {
                let _ = writeln!(
                    self.out,
                    "\n# [inf] The page documents a {part} reply for step {}, which the API file's `{}` does not have.",
                    step.number, e.key.value
                );
                continue;
            };
            let sample = examples.iter().find(|(status, _, _)| match status {
                Some(s) => *s == spec_outcome.status.value,
                None => o.kind == OutcomeKind::Success,
            });
            let status_key = &self.spec.replies.status_key;
            let has_status = o.keys.iter().any(|k| k.wire.as_ref() == Some(status_key));
            if !has_status && o.kind == OutcomeKind::Success {
                let _ = writeln!(
                    self.out,
                    "\n# [inf] The page's reply has no `{status_key}` key: the result is the body itself.\n[extend.{}.success]\nwithout_status = true",
                    e.key.value
                );
            }
            self.unlisted(o, spec_outcome, e);
            let own: Vec<&KeySurface> = o
                .keys
                .iter()
                .filter(|k| !is_api_key(spec_outcome, status_key, k))
                .collect();
            for k in own {
                let sample = sample.and_then(|(_, v, _)| k.wire.as_ref().and_then(|w| v.get(w)));
                self.field(&format!("extend.{}.{part}.fields", e.key.value), k, sample);
            }
        }
        for (status, _, text) in &examples {
            let name = format!(
                "{} step {} {}",
                self.scope,
                step.number,
                status.as_deref().unwrap_or("success")
            );
            let text = text.trim();
            let _ = writeln!(
                self.out,
                "\n[[extend.{}.examples]]\nname = {}\nbody = '''\n{text}\n'''",
                e.key.value,
                quoted(&name)
            );
        }
        for (body, site) in &step.examples {
            if serde_json::from_str::<serde_json::Value>(body).is_err() {
                let _ = writeln!(
                    self.out,
                    "\n# [inf] The example at {site} is not JSON: left out."
                );
            }
        }
    }

    /// Keys of the API file's outcome that the page's does not show: said in
    /// `[extend.E.page] unlisted_keys` (the spec keeps them; a key DQE does not send reads as
    /// none).
    fn unlisted(&mut self, o: &surface::OutcomeSurface, spec_outcome: &OutcomeSpec, e: &Endpoint) {
        let missing: Vec<String> = spec_outcome
            .fields
            .iter()
            .filter(|f| f.scope.is_none())
            .filter(|f| {
                !o.keys
                    .iter()
                    .any(|k| k.wire.as_ref() == Some(&f.wire.value))
            })
            .map(|f| f.wire.value.clone())
            .collect();
        let line = format!(
            "unlisted_keys = [{}]",
            missing
                .iter()
                .map(|m| quoted(m))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if missing.is_empty()
            || self
                .page_notes
                .iter()
                .any(|(x, _, l)| *x == e.key.value && *l == line)
        {
            return;
        }
        self.page_notes.push((
            e.key.value.clone(),
            "The page does not show these keys of the API file's reply; the spec keeps them\n\
             (a key DQE does not send reads as none)."
                .to_owned(),
            line,
        ));
    }

    /// A field entry under `table`, from a page key.
    pub(super) fn field(
        &mut self,
        table: &str,
        k: &KeySurface,
        sample: Option<&serde_json::Value>,
    ) {
        let Some(wire) = &k.wire else {
            let _ = writeln!(
                self.out,
                "\n# [inf] A row without a key name (`{}`): name the key it stands for, with\n# `page_unnamed_row = {}` on it.",
                k.description,
                quoted(&k.description)
            );
            return;
        };
        let name = snake(wire);
        let _ = writeln!(self.out, "\n[[{table}]]\nname = {}", quoted(&name));
        if name != *wire {
            let _ = writeln!(self.out, "wire = {}", quoted(wire));
        }
        let ty = self.field_type(wire, k);
        if ty != "string" {
            let _ = writeln!(self.out, "type = {}", quoted(&ty));
        }
        if let Some(v) = sample.filter(|v| !v.is_object() && !v.is_null()) {
            let json = v.to_string();
            if !json.contains('\'') && !json.contains('\n') {
                let _ = writeln!(self.out, "example = '{json}'");
            }
        }
        let description = if k.description.trim().is_empty() {
            format!("`{wire}` (the page does not describe it).")
        } else {
            k.description.trim().to_owned()
        };
        let _ = writeln!(self.out, "description = {}", quoted(&description));
        // An object's keys come after the field, as its own table.
        if let Some(keys) = &k.keys {
            let object = ty.clone();
            let mut sub = Draft {
                spec: self.spec,
                scope: self.scope.clone(),
                out: String::new(),
                items: String::new(),
                page_notes: Vec::new(),
            };
            let _ = writeln!(
                sub.out,
                "\n[objects.{object}]\ndescription = {}",
                quoted(&description)
            );
            let sample = sample.and_then(|v| v.as_object());
            for nested in keys {
                let value = sample.and_then(|s| nested.wire.as_ref().and_then(|w| s.get(w)));
                sub.field(&format!("objects.{object}.fields"), nested, value);
            }
            self.items.push_str(&sub.out);
            self.items.push_str(&sub.items);
        }
    }

    /// The spec type of a page key: an object for one with keys, Base64 for a document, an
    /// enum for a closed list of values, else the page type's.
    fn field_type(&mut self, wire: &str, k: &KeySurface) -> String {
        let page_ty = match &k.ty {
            KeyType::Page(t) => t.clone(),
            KeyType::Spec(t) => return dqe_codegen::support::type_name(t),
        };
        if k.keys.is_some() || page_json_kind(&page_ty) == Some(JsonKind::Object) {
            return self.item_name(wire);
        }
        let listed = surface::listed(&k.description);
        match page_json_kind(&page_ty) {
            Some(JsonKind::Text)
                if k.description.to_ascii_lowercase().contains("base64")
                    && parse_type(BASE64_TYPE).is_ok() =>
            {
                BASE64_TYPE.to_owned()
            }
            Some(JsonKind::Text) if page_ty.starts_with("DATE") => "date".to_owned(),
            Some(JsonKind::Text) if listed.len() > 1 => {
                let values: Vec<String> = listed.iter().map(|(v, _)| v.clone()).collect();
                self.enum_item(wire, &values, false)
            }
            Some(JsonKind::Text) => "string".to_owned(),
            Some(JsonKind::Bool) => "bool".to_owned(),
            Some(JsonKind::Number) if k.description.to_ascii_lowercase().contains("score") => {
                "score".to_owned()
            }
            Some(JsonKind::Number) => {
                let _ = writeln!(
                    self.out,
                    "# [inf] `{wire}` is a NUMBER on the page: read as a whole number (`score` if it is a fraction from 0 to 1)."
                );
                "integer".to_owned()
            }
            _ => {
                let _ = writeln!(
                    self.out,
                    "# [inf] `{wire}` is `{page_ty}` on the page, a type this draft does not know: read as text."
                );
                "string".to_owned()
            }
        }
    }

    /// A name for a new enum or object of the scope, not taken by the spec.
    fn item_name(&self, wire: &str) -> String {
        let name = camel(wire);
        let taken = |n: &str| self.spec.enum_def(n).is_some() || self.spec.object(n).is_some();
        if taken(&name) {
            format!("{}{name}", camel(&self.scope))
        } else {
            name
        }
    }

    /// An enum of `values` (closed for a parameter, open for a reply key), written with the
    /// draft's items; gives its name.
    pub(super) fn enum_item(&mut self, wire: &str, values: &[String], closed: bool) -> String {
        let name = self.item_name(wire);
        let _ = writeln!(
            self.items,
            "\n# [inf] The page lists these values of `{wire}`.\n[enums.{name}]\ndescription = {}",
            quoted(&format!("The values of `{wire}`."))
        );
        if closed {
            let _ = writeln!(self.items, "open = false");
        }
        for v in values {
            let variant = camel(v);
            let variant = if variant.starts_with('V') && v.starts_with(|c: char| c.is_ascii_digit())
            {
                format!("{name}{v}")
            } else {
                variant
            };
            let _ = writeln!(
                self.items,
                "\n[[enums.{name}.values]]\nwire = {}\nvariant = {}\ndescription = {}",
                quoted(v),
                quoted(&variant),
                quoted(&format!("`{v}`."))
            );
        }
        name
    }

    /// Notes on the step's errors where they differ from the API file's: errors are the API
    /// file's, shared by every scope.
    pub(super) fn errors(&mut self, step: &StepSurface, e: &Endpoint) {
        if step.errors.is_empty() {
            return;
        }
        let id = |s: &str| dqe_codegen::canonical_error_id(s);
        for x in &step.errors {
            if !e.errors.iter().any(|y| id(&y.id.value) == id(&x.id)) {
                let _ = writeln!(
                    self.out,
                    "\n# [inf] The page lists error {} (`{}`) for step {}, which the API file's `{}` does not have: add it there if DQE confirms it.",
                    x.id, x.text, step.number, e.key.value
                );
            }
        }
        for y in &e.errors {
            if !step.errors.iter().any(|x| id(&x.id) == id(&y.id.value)) {
                let _ = writeln!(
                    self.out,
                    "\n# [inf] The page does not list error {} of the API file's `{}` for step {}.",
                    y.id.value, e.key.value, step.number
                );
            }
        }
    }
}

/// Whether a page key is the status key or a key the API file's outcome has.
fn is_api_key(o: &OutcomeSpec, status_key: &str, k: &KeySurface) -> bool {
    let Some(w) = &k.wire else { return false };
    w == status_key
        || o.fields
            .iter()
            .any(|f| f.scope.is_none() && f.wire.value == *w)
}

/// A JSON object, as the page writes it.
type Body = serde_json::Map<String, serde_json::Value>;

/// The step's example bodies that are JSON objects: each with its status value if it has one,
/// and its text as written (its keys in the page's order).
fn examples(step: &StepSurface, status_key: &str) -> Vec<(Option<String>, Body, String)> {
    step.examples
        .iter()
        .filter_map(
            |(body, _)| match serde_json::from_str::<serde_json::Value>(body) {
                Ok(serde_json::Value::Object(map)) => Some((map, body.clone())),
                _ => None,
            },
        )
        .map(|(map, text)| {
            let status = map
                .get(status_key)
                .and_then(|v| v.as_str().map(str::to_owned));
            (status, map, text)
        })
        .collect()
}
