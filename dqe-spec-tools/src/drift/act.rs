//! Where to act on a difference ([`Action`]): the spec file and table, why there, and for an
//! addition the TOML to add, written by `import`'s writers (one TOML writer).
//!
//! What one scope's page alone shows goes to that scope's file; what every scope shares (an
//! endpoint's path, methods, outcomes and error ids, the API file's parameters and keys) to the API
//! file, unless the scope's file can say how that scope departs from it (`without`, `requires`,
//! `[extend.E.errors]`, `[extend.E.page]`).

mod errors;

use super::surface::{ErrorSurface, KeySurface, KeyType, OutcomeKind, ParamSurface};
use super::{Action, Kind};
use crate::import;
use dqe_codegen::model::{Endpoint, Param, Scope, Source, Spec, TypeRef};

/// What a difference concerns, for a [`Locate`] to say where to act on it: the page's side of
/// an addition, the spec's side of the rest.
#[derive(Debug, Clone, Copy)]
pub enum What<'a> {
    /// A step on one side only (`on_page`: on the page, not in the spec).
    Step {
        /// The step's number (1 or 2), which names the endpoint to act on.
        number: u32,
        /// Whether the page has it (and the spec not).
        on_page: bool,
    },
    /// A key of a step's endpoint table that every scope shares (`path`, `methods`).
    Endpoint {
        /// The step's number (1 or 2), which names the endpoint to act on.
        step: u32,
        /// The endpoint table's key that differs (`path`, `methods`).
        key: &'static str,
    },
    /// A parameter of the page the spec does not send with the scope.
    ParamAdded {
        /// The step's number (1 or 2), which names the endpoint to act on.
        step: u32,
        /// The page's parameter.
        param: &'a ParamSurface,
    },
    /// A parameter of the spec: removed from the page, or changed there (`kind`).
    Param {
        /// The step's number (1 or 2), which names the endpoint to act on.
        step: u32,
        /// The kind of difference.
        kind: Kind,
        /// The spec's parameter.
        param: &'a ParamSurface,
        /// The page's value, for a fixed value changed.
        page_value: Option<&'a str>,
    },
    /// A reply outcome on one side only.
    Outcome {
        /// The step's number (1 or 2), which names the endpoint to act on.
        step: u32,
        /// The outcome (success, pending) on one side only.
        kind: OutcomeKind,
        /// Whether the page has it (and the spec not).
        on_page: bool,
    },
    /// A key of the page the spec does not have at that place, or a row without its name
    /// (`key.wire` none): top-level, or in the object the spec's `parent` holds.
    KeyAdded {
        /// The step's number (1 or 2), which names the endpoint to act on.
        step: u32,
        /// The outcome whose keys the page's key belongs to.
        outcome: OutcomeKind,
        /// The spec's key holding the object, for a nested key.
        parent: Option<&'a KeySurface>,
        /// The page's key.
        key: &'a KeySurface,
    },
    /// A key of the spec: removed from the page, moved, renamed or of another type there.
    Key {
        /// The step's number (1 or 2), which names the endpoint to act on.
        step: u32,
        /// The kind of difference.
        kind: Kind,
        /// The spec's key.
        key: &'a KeySurface,
    },
    /// An error of the page the spec does not document for the scope.
    ErrorAdded {
        /// The step's number (1 or 2), which names the endpoint to act on.
        step: u32,
        /// The page's error.
        error: &'a ErrorSurface,
    },
    /// An error the spec documents for the scope that the page does not list.
    ErrorRemoved {
        /// The step's number (1 or 2), which names the endpoint to act on.
        step: u32,
        /// The spec's error.
        error: &'a ErrorSurface,
    },
    /// An error the page words otherwise.
    ErrorText {
        /// The step's number (1 or 2), which names the endpoint to act on.
        step: u32,
        /// The page's error.
        page: &'a ErrorSurface,
        /// The spec's error.
        spec: &'a ErrorSurface,
    },
}

/// Says where to act on a difference.
pub trait Locate {
    /// Where to act on what a difference concerns; `None` when not known.
    fn locate(&self, what: What<'_>) -> Option<Action>;
}

/// Knows no spec file: no action.
impl Locate for () {
    fn locate(&self, _: What<'_>) -> Option<Action> {
        None
    }
}

/// The files of a spec and one of its scopes, which a page of that scope is compared with.
pub struct SpecPlace<'a> {
    spec: &'a Spec,
    scope: &'a Scope,
}

/// An action.
fn act(file: String, table: String, reason: String, toml: Option<String>) -> Option<Action> {
    Some(Action {
        file,
        table,
        reason,
        toml,
    })
}

/// `list` with `item` added (once) or taken out.
fn edited(list: &[dqe_codegen::model::At<String>], item: &str, add: bool) -> Vec<String> {
    let mut out: Vec<String> = list
        .iter()
        .map(|x| x.value.clone())
        .filter(|x| x != item)
        .collect();
    if add {
        out.push(item.to_owned());
    }
    out
}

/// The table a spec key's dotted path is in, as its header reads:
/// `endpoints.initiate.params[7]` -> `[[endpoints.initiate.params]]`,
/// `extend.retrieve.errors.texts.20` -> `[extend.retrieve.errors.texts]`, `scope.name` ->
/// `[scope]`.
fn table_of(path: &str) -> String {
    if let Some(open) = path.rfind('[')
        && path.ends_with(']')
    {
        return format!("[[{}]]", &path[..open]);
    }
    match path.rsplit_once('.') {
        Some((table, _)) => format!("[{table}]"),
        None => format!("[{path}]"),
    }
}

/// `success` or `pending`.
fn part(kind: OutcomeKind) -> &'static str {
    match kind {
        OutcomeKind::Success => "success",
        OutcomeKind::Pending => "pending",
    }
}

impl<'a> SpecPlace<'a> {
    /// The files of `spec` and of its scope `scope`.
    pub fn new(spec: &'a Spec, scope: &'a Scope) -> Self {
        Self { spec, scope }
    }

    /// The API file, as shown.
    fn api(&self) -> String {
        self.spec
            .files
            .first()
            .map(|f| f.display.clone())
            .unwrap_or_default()
    }

    /// The scope's file, as shown.
    fn own(&self) -> String {
        self.file(self.scope.file)
    }

    /// File number `n`, as shown.
    fn file(&self, n: usize) -> String {
        self.spec
            .files
            .get(n)
            .map(|f| f.display.clone())
            .unwrap_or_default()
    }

    /// The endpoint of step `n` (1: consent, 2: retrieval).
    fn endpoint(&self, n: u32) -> Option<&'a Endpoint> {
        let journey = self.spec.journey.as_ref()?;
        match n {
            1 => self.spec.endpoint(&journey.consent.value),
            _ => self.spec.endpoint(&journey.retrieve.value),
        }
    }

    /// The endpoint whose replies and errors the page shows as step `n`'s: the step's, or the
    /// one the scope's `[extend.E.page] replies_of` names.
    fn replies(&self, n: u32) -> Option<&'a Endpoint> {
        let e = self.endpoint(n)?;
        let note = self
            .scope
            .page_notes
            .iter()
            .find(|x| x.endpoint.value == e.key.value);
        Some(
            note.and_then(|x| x.replies_of.as_ref())
                .and_then(|r| self.spec.endpoint(&r.value))
                .unwrap_or(e),
        )
    }

    /// The spec's parameter of step `n` with this wire name.
    fn param(&self, n: u32, wire: &str) -> Option<(&'a Endpoint, &'a Param)> {
        let e = self.endpoint(n)?;
        e.params
            .iter()
            .find(|p| p.wire.value == wire)
            .map(|p| (e, p))
    }

    fn step(&self, number: u32, on_page: bool) -> Option<Action> {
        let (reason, toml) = if on_page {
            (
                format!(
                    "the page documents a step {number}: if this scope now asks for consent, remove `one_step` (whether a scope answers at step 1 is its own file's to say)"
                ),
                None,
            )
        } else {
            (
                format!(
                    "the page documents no step {number}: if this scope answers at step 1, say so in its own file"
                ),
                Some("one_step = true".to_owned()),
            )
        };
        act(self.own(), "[scope]".to_owned(), reason, toml)
    }

    fn param_added(&self, step: u32, param: &ParamSurface) -> Option<Action> {
        let e = self.endpoint(step)?;
        let table = format!("[[extend.{}.params]]", e.key.value);
        let toml = || {
            Some(import::param_toml(
                self.spec,
                &self.scope.name.value,
                &e.key.value,
                param,
            ))
        };
        match self.param(step, &param.wire) {
            Some((_, p)) if p.scope.is_none() => act(
                self.own(),
                "[scope]".to_owned(),
                format!(
                    "the API file declares `{}` for every scope, and this scope's file does without it: take it out of `without`",
                    p.name.value
                ),
                Some(import::list_toml(
                    "without",
                    &edited(&self.scope.without, &p.name.value, false),
                )),
            ),
            Some((_, p)) => act(
                self.own(),
                table,
                format!(
                    "the file of the scope `{}` adds `{}` for that scope alone: add it to this scope's file too (or to the API file for every scope, with `without` in the files of the scopes that do not take it)",
                    self.spec
                        .scope_of_file(p.scope)
                        .map_or("", |s| s.name.value.as_str()),
                    param.wire
                ),
                toml(),
            ),
            None => act(
                self.own(),
                table,
                "a parameter this scope's page lists: a scope's file adds what that scope alone takes (the API file's parameters are every scope's)".to_owned(),
                toml(),
            ),
        }
    }

    fn param_changed(
        &self,
        step: u32,
        kind: Kind,
        q: &ParamSurface,
        value: Option<&str>,
    ) -> Option<Action> {
        let (e, p) = self.param(step, &q.wire)?;
        let own = p.scope == Some(self.scope.file);
        let at_param = || (self.file(p.loc.file), table_of(&p.path));
        let name = &p.name.value;
        match kind {
            Kind::ParameterRemoved if own => {
                let (file, table) = at_param();
                act(file, table, "remove it: this scope's own file adds it".to_owned(), None)
            }
            Kind::ParameterRemoved if p.source == Source::Caller && !p.is_mandatory() && !p.by_scope => act(
                self.own(),
                "[scope]".to_owned(),
                format!("the API file's parameters are every scope's: this scope's file does without `{name}`, which its page does not list"),
                Some(import::list_toml("without", &edited(&self.scope.without, name, true))),
            ),
            Kind::ParameterRemoved => act(
                self.api(),
                table_of(&p.path),
                "every request sends it whatever the scope (mandatory, or the client's own value): if DQE dropped it for every scope, remove it from the API file".to_owned(),
                None,
            ),
            Kind::ParameterNowMandatory if own => {
                let (file, table) = at_param();
                act(file, table, "mandatory with this scope, whose own file adds it".to_owned(), Some("required = true".to_owned()))
            }
            Kind::ParameterNowMandatory => act(
                self.own(),
                "[scope]".to_owned(),
                format!("mandatory with this scope alone: its file's `requires` makes the API file's optional `{name}` mandatory with it"),
                Some(import::list_toml("requires", &edited(&self.scope.makes_mandatory, name, true))),
            ),
            Kind::ParameterNowOptional if own => {
                let (file, table) = at_param();
                act(file, table, "optional with this scope, whose own file adds it: remove `required = true`".to_owned(), None)
            }
            Kind::ParameterNowOptional if self.scope.makes_mandatory.iter().any(|r| r.value == *name) => act(
                self.own(),
                "[scope]".to_owned(),
                format!("this scope's file makes `{name}` mandatory with it: take it out of `requires`"),
                Some(import::list_toml("requires", &edited(&self.scope.makes_mandatory, name, false))),
            ),
            Kind::ParameterNowOptional => act(
                self.api(),
                table_of(&p.path),
                "the API file makes it mandatory with every scope: make it optional there, with `requires` in the files of the scopes whose pages still say mandatory".to_owned(),
                None,
            ),
            Kind::FixedValueChanged if p.is_scope_choice() => act(
                self.own(),
                format!("[extend.{}.page]", e.key.value),
                format!(
                    "the page fixes `{}` to another value than this scope's name: if the page is wrong, say so here; if DQE renamed the scope, change `name` in its `[scope]`",
                    q.wire
                ),
                value.map(|v| {
                    format!(
                        "[extend.{}.page]\nfixed = {{ {} = {} }}",
                        e.key.value,
                        q.wire,
                        import::quoted(v)
                    )
                }),
            ),
            Kind::ValuesChanged => self.values_changed(p),
            _ => act(
                self.file(p.loc.file),
                table_of(&p.path),
                "the value every request sends: change it where the parameter is declared".to_owned(),
                None,
            ),
        }
    }

    fn values_changed(&self, p: &Param) -> Option<Action> {
        let TypeRef::Enum(t) = &p.ty.value else {
            return None;
        };
        let declared = self.spec.enum_of(t)?;
        act(
            self.file(declared.name.loc.file),
            format!("[[enums.{}.values]]", t.name),
            format!(
                "the values of `{}`, the enum `{}` is of, are where it is declared",
                p.wire.value, t.name
            ),
            None,
        )
    }

    fn outcome(&self, step: u32, kind: OutcomeKind, on_page: bool) -> Option<Action> {
        let e = self.endpoint(step)?;
        let reason = if on_page {
            format!(
                "a reply outcome is the endpoint's, every scope's: add it to the API file; if the page shows another step's replies by mistake, say so in this scope's file instead (`[extend.{}.page] replies_of`)",
                e.key.value
            )
        } else {
            "a reply outcome is the endpoint's, every scope's: if DQE dropped it for every scope, remove it from the API file".to_owned()
        };
        act(
            self.api(),
            format!("[endpoints.{}.{}]", e.key.value, part(kind)),
            reason,
            None,
        )
    }

    fn key_added(
        &self,
        step: u32,
        outcome: OutcomeKind,
        parent: Option<&KeySurface>,
        key: &KeySurface,
    ) -> Option<Action> {
        let e = self.endpoint(step)?;
        let (file, table, reason) = match parent {
            Some(KeySurface {
                ty: KeyType::Spec(TypeRef::Object(t)),
                ..
            }) => {
                let declared = self.spec.object_of(t)?;
                let file = self.file(declared.name.loc.file);
                let reason = format!(
                    "a key of the `{}` object, where it is declared (every reply holding that object has it)",
                    t.name
                );
                (file, format!("objects.{}.fields", t.name), reason)
            }
            // Only a key of an object type holds keys in the spec.
            Some(_) => return None,
            None => (
                self.own(),
                format!("extend.{}.{}.fields", e.key.value, part(outcome)),
                "a key of this scope's reply: a scope's file adds its own keys (the API file's are in every scope's reply)".to_owned(),
            ),
        };
        let (reason, toml) = match &key.wire {
            Some(_) => (
                reason,
                Some(import::field_toml(
                    self.spec,
                    &self.scope.name.value,
                    &table,
                    key,
                )),
            ),
            None => (
                format!(
                    "name the field this row stands for with `page_unnamed_row = {}` on it",
                    import::quoted(&key.description)
                ),
                None,
            ),
        };
        act(file, format!("[[{table}]]"), reason, toml)
    }

    fn key(&self, step: u32, kind: Kind, key: &KeySurface) -> Option<Action> {
        let file = key.site.file.clone();
        let table = table_of(key.site.key.as_deref().unwrap_or_default());
        let wire = key.wire.clone().unwrap_or_default();
        match kind {
            Kind::KeyRemoved if file == self.api() && table.starts_with("[[endpoints.") => {
                let e = self.replies(step)?;
                let listed = self
                    .scope
                    .page_notes
                    .iter()
                    .find(|n| n.endpoint.value == e.key.value)
                    .map_or(&[][..], |n| &n.unlisted_keys[..]);
                act(
                    self.own(),
                    format!("[extend.{}.page]", e.key.value),
                    "the API file's keys are in every scope's reply: say that this scope's page does not show it (`unlisted_keys`), or remove it from the API file if no page shows it any more".to_owned(),
                    Some(format!(
                        "[extend.{}.page]\n{}",
                        e.key.value,
                        import::list_toml("unlisted_keys", &edited(listed, &wire, true))
                    )),
                )
            }
            Kind::KeyRemoved => act(
                file,
                table,
                "remove it where the spec has it".to_owned(),
                None,
            ),
            Kind::KeyMoved | Kind::KeyRenamed => act(
                file,
                table,
                "where the spec has it: its `name` and `wire`, or the table it is in".to_owned(),
                None,
            ),
            _ => act(
                file,
                table,
                "its `type`, where the spec declares it".to_owned(),
                None,
            ),
        }
    }
}

impl Locate for SpecPlace<'_> {
    fn locate(&self, what: What<'_>) -> Option<Action> {
        match what {
            What::Step { number, on_page } => self.step(number, on_page),
            What::Endpoint { step, key } => act(
                self.api(),
                format!("[endpoints.{}]", self.endpoint(step)?.key.value),
                format!("`{key}`: the endpoint's, every scope's, in the API file"),
                None,
            ),
            What::ParamAdded { step, param } => self.param_added(step, param),
            What::Param {
                step,
                kind,
                param,
                page_value,
            } => self.param_changed(step, kind, param, page_value),
            What::Outcome {
                step,
                kind,
                on_page,
            } => self.outcome(step, kind, on_page),
            What::KeyAdded {
                step,
                outcome,
                parent,
                key,
            } => self.key_added(step, outcome, parent, key),
            What::Key { step, kind, key } => self.key(step, kind, key),
            What::ErrorAdded { step, error } => self.error_added(step, error),
            What::ErrorRemoved { step, error } => self.error_removed(step, error),
            What::ErrorText { step, page, spec } => self.error_text(step, page, spec),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::table_of;

    #[test]
    fn a_key_s_table_is_its_header() {
        assert_eq!(
            table_of("endpoints.initiate.params[7]"),
            "[[endpoints.initiate.params]]"
        );
        assert_eq!(
            table_of("objects.Formfilling.fields[3]"),
            "[[objects.Formfilling.fields]]"
        );
        assert_eq!(
            table_of("extend.retrieve.errors.texts.20"),
            "[extend.retrieve.errors.texts]"
        );
        assert_eq!(table_of("scope.name"), "[scope]");
    }
}
