//! Where to act on a difference of errors: an error id is the endpoint's, every scope's (the
//! API file's table); a scope's file does without one, or words one otherwise.

use super::super::Action;
use super::super::surface::ErrorSurface;
use super::{SpecPlace, act, table_of};
use crate::import;
use dqe_codegen::model::Endpoint;

impl SpecPlace<'_> {
    pub(super) fn error_added(&self, step: u32, error: &ErrorSurface) -> Option<Action> {
        let e = self.replies(step)?;
        let id = dqe_codegen::canonical_error_id;
        if e.errors.iter().any(|y| id(&y.id.value) == id(&error.id)) {
            let without = self.errors_without(e, &error.id, false);
            return act(
                self.own(),
                format!("[extend.{}.errors]", e.key.value),
                "this scope's file does without it: take it out of `without`".to_owned(),
                Some(import::list_toml("without", &without)),
            );
        }
        act(
            self.api(),
            format!("[[endpoints.{}.errors]]", e.key.value),
            "an error id is the endpoint's, every scope's (its generated error enum is the endpoint's): add it to the API file; a scope whose page does not list it then does without it in its own file".to_owned(),
            Some(import::api_error_toml(&e.key.value, error).trim_end().to_owned()),
        )
    }

    /// The ids the scope's file does without for `e`'s errors, with `id` added or taken out.
    fn errors_without(&self, e: &Endpoint, id: &str, add: bool) -> Vec<String> {
        let own = self
            .scope
            .errors
            .iter()
            .find(|x| x.endpoint.value == e.key.value);
        let canonical = dqe_codegen::canonical_error_id;
        let mut out: Vec<String> = own
            .map(|x| x.without.iter().map(|w| w.value.clone()).collect())
            .unwrap_or_default();
        out.retain(|w| canonical(w) != canonical(id));
        if add {
            out.push(id.to_owned());
        }
        out
    }

    pub(super) fn error_removed(&self, step: u32, error: &ErrorSurface) -> Option<Action> {
        let e = self.replies(step)?;
        let id = dqe_codegen::canonical_error_id;
        let y = e.errors.iter().find(|y| id(&y.id.value) == id(&error.id))?;
        if import::sandbox_answers(e, y) {
            return act(
                self.api(),
                format!("[[endpoints.{}.errors]]", e.key.value),
                format!(
                    "the sandbox answers it in a situation (`[endpoints.{}.sandbox]`), so every scope keeps it: check with DQE; if it is gone for every scope, remove it and its situations from the API file",
                    e.key.value
                ),
                None,
            );
        }
        let without = self.errors_without(e, &error.id, true);
        act(
            self.own(),
            format!("[extend.{}.errors]", e.key.value),
            "this scope's page alone does not list it: its own file does without it (the API file's table stays every scope's)".to_owned(),
            Some(
                import::scope_errors_toml(&e.key.value, &without, &[])
                    .trim_end()
                    .to_owned(),
            ),
        )
    }

    pub(super) fn error_text(
        &self,
        step: u32,
        page: &ErrorSurface,
        spec: &ErrorSurface,
    ) -> Option<Action> {
        let e = self.replies(step)?;
        let id = dqe_codegen::canonical_error_id;
        let y = e.errors.iter().find(|y| id(&y.id.value) == id(&page.id))?;
        let table = format!("[extend.{}.errors.texts]", e.key.value);
        let Some(text) = import::own_text(y, &page.text) else {
            return act(
                self.api(),
                table_of(&y.path),
                "the page's text has a varying part the API file's lacks, which a scope's own text cannot add: change `type` in the API file (every scope's)".to_owned(),
                None,
            );
        };
        let reason = if spec.site.file == self.own() {
            "this scope's own words of it: change them"
        } else {
            "this scope's page words it otherwise: its own file gives its words (the API file's are every scope's; change them there when every page does)"
        };
        let toml = import::scope_errors_toml(&e.key.value, &[], &[(y.id.value.clone(), text)]);
        act(
            self.own(),
            table,
            reason.to_owned(),
            Some(toml.trim_end().to_owned()),
        )
    }
}
