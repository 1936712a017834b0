//! The spec's rules, each decided in one function that the expansion, the checks, the OpenAPI
//! export and drift all call: which parameters are mandatory, which scopes take (or do without)
//! which parameters, what a scope requires, and how an error id compares (a comma-joined list
//! splits by `dqe_spec_types::list_items`, the runtime's own). The model (`model.rs`) says what
//! a spec holds; this file says what it means.

use crate::model::*;

impl Param {
    /// Whether the caller must set it whatever the scopes asked for: a parameter the caller sets,
    /// `required`, and declared by the API file (one a scope file adds is mandatory with that scope
    /// only, [`Param::is_mandatory_with`]).
    ///
    /// The request builder's typestate has one state per such parameter.
    pub fn is_mandatory(&self) -> bool {
        self.source == Source::Caller && self.required && self.scope.is_none()
    }

    /// Whether asking for `s` makes it mandatory because `s`'s own file adds it as `required`.
    pub fn is_mandatory_with(&self, s: &Scope) -> bool {
        self.required && self.scope == Some(s.file)
    }

    /// Whether every request carries it: the client's own values (a credential, the token, a
    /// fixed value) always; the caller's when mandatory whatever the scopes.
    pub fn always_sent(&self) -> bool {
        match self.source {
            Source::Caller => self.is_mandatory() && self.default.is_none(),
            Source::Credential(_) | Source::Token | Source::Fixed(_) => true,
        }
    }

    /// Whether every request needs a value the caller gives for it, whatever the scopes: the
    /// caller's, mandatory whatever the scopes, with no default.
    ///
    /// Emitted as `ParamInfo::always_needed`, the runtime's one source for it (never derived again
    /// there).
    pub fn always_needed(&self) -> bool {
        self.source == Source::Caller && self.always_sent()
    }

    /// Whether it is the caller's scope or list of scopes: what a request asks for scopes with.
    pub fn is_scope_choice(&self) -> bool {
        self.source == Source::Caller && self.ty.value.is_scope_or_list()
    }
}

impl Endpoint {
    /// Whether scopes are chosen on it: it has the `by_scope` parameter.
    pub fn chooses_scopes(&self) -> bool {
        self.scope_chooser().is_some()
    }

    /// The parameter its scopes are chosen with, one builder method per scope (`by_scope`).
    pub fn scope_chooser(&self) -> Option<&Param> {
        self.params.iter().find(|p| p.by_scope)
    }

    /// Whether the client sends it the token: it has the parameter that carries it.
    pub fn takes_token(&self) -> bool {
        self.token_param().is_some()
    }

    /// The parameter that carries the token (`token = true`), if any: the first, in wire order.
    ///
    /// Emitted as `EndpointInfo::token_param` (the sandbox reads the token there) and
    /// `Endpoint::TAKES_TOKEN`.
    pub fn token_param(&self) -> Option<&Param> {
        self.params.iter().find(|p| p.source.is_token())
    }

    /// The parameter a request asks for its scopes with: the one scopes are chosen with
    /// ([`Endpoint::scope_chooser`]) where the endpoint has one, else the first the caller sets
    /// whose type is `scope` or `list<scope>` ([`Param::is_scope_choice`]).
    ///
    /// What the generated encoder reads the scopes asked for from, emitted as
    /// `EndpointInfo::scope_param` for the runtime.
    pub fn scope_param(&self) -> Option<&Param> {
        self.scope_chooser()
            .or_else(|| self.params.iter().find(|p| p.is_scope_choice()))
    }
}

impl Spec {
    /// The scopes asked for when a request names none (`default = true` in their files), in
    /// the order of the scope files: emitted as `Scope::DEFAULT` and `ScopeInfo::default`.
    pub fn default_scopes(&self) -> impl Iterator<Item = &Scope> {
        self.scopes.iter().filter(|s| s.default)
    }

    /// The endpoint scopes are chosen on (the one with a `by_scope` parameter), which a scope
    /// file's `requires` and `without` name parameters of.
    pub fn scope_chooser(&self) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.chooses_scopes())
    }

    /// Whether the scope `s` takes the parameter `p` of the endpoint `e`: the one rule of which
    /// parameters go with which scopes, read by the generated encoder, `ParamInfo::taken_by` (the
    /// runtime's copy of the answer, for `DynamicRequest`, the sandbox and the command line), the
    /// OpenAPI export and the checks of `requires`.
    ///
    /// A parameter a scope file adds is taken by that scope alone; one the API file declares, by
    /// every scope but those that list it in `without` (which names parameters of the endpoint
    /// scopes are chosen on).
    pub fn takes(&self, e: &Endpoint, s: &Scope, p: &Param) -> bool {
        match p.scope {
            Some(file) => file == s.file,
            None => !(e.chooses_scopes() && s.without.iter().any(|w| w.value == p.name.value)),
        }
    }

    /// The parameters of `e` that the scope `s` does without (does not take, [`Spec::takes`]),
    /// in wire order: not sent when no scope asked for takes them.
    pub fn done_without<'a>(&self, e: &'a Endpoint, s: &Scope) -> Vec<&'a Param> {
        e.params.iter().filter(|p| !self.takes(e, s, p)).collect()
    }

    /// The scopes that take `p` of `e` ([`Spec::takes`]), in the order of the scope files;
    /// `None` when every scope does.
    pub fn scopes_taking(&self, e: &Endpoint, p: &Param) -> Option<Vec<&Scope>> {
        let taking: Vec<&Scope> = self.scopes.iter().filter(|s| self.takes(e, s, p)).collect();
        (taking.len() < self.scopes.len()).then_some(taking)
    }

    /// What the scope `s` requires, the one meaning of "requires" (the generated
    /// `ScopeInfo::requires`, the scope methods' arguments, OpenAPI's `x-requires`): the
    /// parameters its own file adds as `required`, then the optional ones of the API file it
    /// makes mandatory ([`Scope::makes_mandatory`], the file's `requires` key), on the endpoint
    /// scopes are chosen on.
    pub fn requires<'a>(&'a self, s: &Scope) -> Vec<&'a Param> {
        let own = self
            .endpoints
            .iter()
            .flat_map(|e| &e.params)
            .filter(|p| p.is_mandatory_with(s));
        let listed = self.scope_chooser().into_iter().flat_map(|e| {
            s.makes_mandatory
                .iter()
                .filter_map(move |r| e.params.iter().find(|p| p.name.value == r.value))
        });
        own.chain(listed).collect()
    }

    /// The arguments of the builder method of `e` that asks for the scope `s`: what `s` requires
    /// ([`Spec::requires`]) among the parameters the caller sets on `e`, in that order.
    ///
    /// The generated scope method's signature (`.simswap(period)`), which `dqe spec diff` compares
    /// between two specs.
    pub fn method_arguments<'a>(&'a self, e: &'a Endpoint, s: &Scope) -> Vec<&'a Param> {
        self.requires(s)
            .into_iter()
            .filter(|r| {
                e.params
                    .iter()
                    .any(|p| p.source == Source::Caller && std::ptr::eq(p, *r))
            })
            .collect()
    }

    /// The scopes (wire) whose asking makes `p` of `e` mandatory: those that list it in
    /// `requires` (on the endpoint scopes are chosen on), and the one whose file adds it as
    /// `required`.
    pub fn scopes_requiring(&self, e: Option<&Endpoint>, p: &Param) -> Vec<&Scope> {
        let chooser = e.is_some_and(Endpoint::chooses_scopes);
        self.scopes
            .iter()
            .filter(|s| {
                (chooser && s.makes_mandatory.iter().any(|r| r.value == p.name.value))
                    || p.is_mandatory_with(s)
            })
            .collect()
    }
}

impl Scope {
    /// Whether asking for it needs the customer's consent (a consent URL, then step 2): unless its
    /// result is the step 1 reply itself (`one_step`).
    ///
    /// Emitted as `ScopeInfo::needs_consent`, which every runtime reading of it goes through.
    pub fn needs_consent(&self) -> bool {
        !self.one_step
    }

    /// Whether the parameter `p`, which this scope takes, is sent whenever it is asked for:
    /// a credential, the token or a fixed value; one the caller must set (`required`, for a
    /// scope file's parameter: with its scope); the scope parameter itself; one with a
    /// `default`; or one this scope makes mandatory.
    pub fn sends(&self, p: &Param) -> bool {
        match p.source {
            Source::Caller => {
                p.required
                    || p.by_scope
                    || p.default.is_some()
                    || self.makes_mandatory.iter().any(|r| r.value == p.name.value)
            }
            Source::Credential(_) | Source::Token | Source::Fixed(_) => true,
        }
    }
}

impl ErrorEntry {
    /// What the error means to the customer: its `outcome`, `Failed` when the spec gives none.
    ///
    /// Emitted as the generated `customer_outcome()`.
    pub fn customer_outcome(&self) -> CustomerOutcome {
        self.outcome
            .as_ref()
            .map_or(CustomerOutcome::Failed, |o| o.value)
    }
}

impl Scope {
    /// How this scope documents the error `x` of the endpoint `e`: in the API file's words, in its
    /// own (its file's `texts`), or not at all (its `without`).
    ///
    /// The one rule (`dqe_spec_types::scope_errors::wording`) the sandbox also reads over the
    /// runtime's tables; drift, import and the generated `ScopeInfo::errors` read it here.
    pub fn wording<'a>(&'a self, e: &Endpoint, x: &ErrorEntry) -> Wording<&'a ScopeText> {
        let Some(own) = self.errors.iter().find(|o| o.endpoint.value == e.key.value) else {
            return Wording::Api;
        };
        dqe_spec_types::scope_errors::wording(
            &x.id.value,
            own.without.iter().map(|w| w.value.as_str()),
            own.texts.iter().map(|t| (t.id.value.as_str(), t)),
        )
    }
}

impl Spec {
    /// The error table of `e` as the scope `s` documents it ([`Scope::wording`]), in the API
    /// file's order: each error it keeps, with its own text where its file gives one.
    pub fn errors_of_scope<'a>(&self, e: &'a Endpoint, s: &'a Scope) -> Vec<ScopedError<'a>> {
        e.errors
            .iter()
            .filter_map(|entry| match s.wording(e, entry) {
                Wording::Api => Some(ScopedError { entry, own: None }),
                Wording::Own(t) => Some(ScopedError {
                    entry,
                    own: Some(t),
                }),
                Wording::Without => None,
            })
            .collect()
    }
}

/// An error id as the generated match compares it: `dqe_spec_types::canonical_id`, the one
/// function the runtime also applies to the id received (`01` is `1`).
pub fn canonical_id(id: &str) -> String {
    dqe_spec_types::canonical_id(id).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, source: Source, ty: TypeRef) -> Param {
        let at = |v: &str| At::new(v.to_owned(), crate::diag::Loc::default());
        Param {
            name: at(name),
            wire: at(name),
            ty: At::new(ty, crate::diag::Loc::default()),
            required: false,
            sensitive: false,
            description: String::new(),
            source,
            default: None,
            by_scope: false,
            role: None,
            scope: None,
            path: String::new(),
            loc: crate::diag::Loc::default(),
        }
    }

    fn endpoint(params: Vec<Param>) -> Endpoint {
        Endpoint {
            key: At::new("e".to_owned(), crate::diag::Loc::default()),
            summary: String::new(),
            description: String::new(),
            path: "/e".to_owned(),
            methods: vec![Method::Post],
            idempotent: false,
            max_body: None,
            params,
            success: None,
            pending: None,
            errors: Vec::new(),
            examples: Vec::new(),
            sandbox: Vec::new(),
            loc: crate::diag::Loc::default(),
        }
    }

    #[test]
    fn the_token_and_the_scopes_each_have_one_parameter() {
        let list = TypeRef::List(Box::new(TypeRef::Scope));
        let e = endpoint(vec![
            param(
                "fixed_scope",
                Source::Fixed(At::new("x".to_owned(), Default::default())),
                TypeRef::Scope,
            ),
            param("scopes", Source::Caller, list.clone()),
            param("other_scopes", Source::Caller, list),
            param("token", Source::Token, TypeRef::String),
        ]);
        assert_eq!(
            e.token_param().map(|p| p.name.value.as_str()),
            Some("token")
        );
        assert!(e.takes_token());
        // The caller's, not the fixed one; the first of the caller's.
        assert_eq!(
            e.scope_param().map(|p| p.name.value.as_str()),
            Some("scopes")
        );
        let none = endpoint(vec![param("n", Source::Caller, TypeRef::String)]);
        assert!(none.token_param().is_none() && !none.takes_token());
        assert!(none.scope_param().is_none() && !none.chooses_scopes());
    }

    #[test]
    fn ids_compare_without_leading_zeros() {
        assert_eq!(canonical_id("01"), "1");
        assert_eq!(canonical_id("00"), "0");
        assert_eq!(canonical_id(""), "");
        assert_eq!(canonical_id("10"), "10");
    }
}
