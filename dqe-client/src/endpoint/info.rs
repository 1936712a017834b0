//! What the spec says of each endpoint, parameter, error, scope and reply field, as tables the
//! generator writes (`XRequest::INFO`, `Api::INFO`) for what works from the spec at run time
//! (`DynamicRequest`, the sandbox, the command line), and the rules read over them once:
//! which scopes take a parameter, how much a request needs it, which values it accepts.

use super::{Method, ParamRole, ParamSource, Piece, Situation, Wording, list_items};
use crate::types::ValueType;

/// What the spec says of an endpoint, for tools that work from the spec at run time (the
/// sandbox, the command line): generated as `XRequest::INFO`.
#[derive(Clone, Copy, Debug)]
pub struct EndpointInfo {
    /// The endpoint's name in the spec.
    pub name: &'static str,
    /// The path, with its slashes.
    pub path: &'static str,
    /// The methods it accepts, the preferred first.
    pub methods: &'static [Method],
    /// Whether sending it twice is harmless.
    pub idempotent: bool,
    /// The longest reply body a client reads from it, in bytes, when the spec gives one
    /// (`max_body`, for a reply that holds a document), unless the client has a limit of its own
    /// ([`ClientBuilder::max_body_size`](crate::client::ClientBuilder::max_body_size)).
    pub max_body: Option<usize>,
    /// Its parameters, in wire order.
    pub params: &'static [ParamInfo],
    /// The parameter (Rust name) that carries the token, if it takes one: decided by the
    /// generator (`token = true` in the spec); read through [`EndpointInfo::token_parameter`].
    pub token_param: Option<&'static str>,
    /// The parameter (Rust name) a request asks for its scopes with, if any: the one the
    /// generated encoder reads the scopes asked for from, decided by the generator; read
    /// through [`EndpointInfo::scope_parameter`].
    pub scope_param: Option<&'static str>,
    /// Its error table.
    pub errors: &'static [ErrorInfo],
    /// Which documented error answers which situation in a simulator: `(situation, id)`.
    pub situations: &'static [(Situation, &'static str)],
    /// Its outcomes besides errors: success, then pending if it has one.
    pub outcomes: &'static [OutcomeInfo],
}

impl EndpointInfo {
    /// The error id the spec gives a situation.
    pub fn situation(&self, situation: Situation) -> Option<&'static str> {
        self.situations
            .iter()
            .find(|(s, _)| *s == situation)
            .map(|(_, id)| *id)
    }

    /// The parameter with this Rust name, a `const fn` so that the generated encoder finds each
    /// of its parameters at compile time.
    pub const fn param(&self, name: &str) -> Option<&'static ParamInfo> {
        let params = self.params;
        let mut i = 0;
        while i < params.len() {
            if same_text(params[i].name, name) {
                return Some(&params[i]);
            }
            i += 1;
        }
        None
    }

    /// The parameter that carries the token ([`EndpointInfo::token_param`]), if it takes one.
    pub fn token_parameter(&self) -> Option<&'static ParamInfo> {
        self.token_param.and_then(|name| self.param(name))
    }

    /// The parameter a request asks for its scopes with ([`EndpointInfo::scope_param`]), if
    /// any: where `DynamicRequest` and the sandbox read the scopes asked for.
    pub fn scope_parameter(&self) -> Option<&'static ParamInfo> {
        self.scope_param.and_then(|name| self.param(name))
    }

    /// The documented error with this id, compared as ids compare
    /// ([`canonical_id`](dqe_spec_types::canonical_id): `1` is `01`).
    pub fn error(&self, id: &str) -> Option<&'static ErrorInfo> {
        let id = dqe_spec_types::canonical_id(id);
        self.errors
            .iter()
            .find(|e| dqe_spec_types::canonical_id(e.id) == id)
    }

    /// The error `id` as a request asking for `scopes` documents it: in the words of the first of
    /// them, in the order asked, that documents it ([`ScopeInfo::wording`]: its own text, or the
    /// endpoint's), as the sandbox answers it; `None` when none of them does, or the endpoint has
    /// no such error; a request asking for no scope gets the endpoint's.
    pub fn error_for(&self, id: &str, scopes: &[&ScopeInfo]) -> Option<&'static ErrorInfo> {
        let error = self.error(id)?;
        if scopes.is_empty() {
            return Some(error);
        }
        scopes
            .iter()
            .find_map(|s| match s.wording(self.name, error.id) {
                Wording::Api => Some(error),
                Wording::Own(own) => Some(own),
                Wording::Without => None,
            })
    }

    /// Its pending outcome (`pending`), or its success.
    pub fn outcome(&self, pending: bool) -> Option<&'static OutcomeInfo> {
        self.outcomes.iter().find(|o| o.pending == pending)
    }
}

/// Whether two texts are equal, in a `const fn`.
const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// What the spec says of a parameter.
#[derive(Clone, Copy, Debug)]
pub struct ParamInfo {
    /// The parameter's Rust name, by which `DynamicRequest` and the command line set it.
    pub name: &'static str,
    /// What it is, from the spec.
    pub description: &'static str,
    /// Name on the wire.
    pub wire: &'static str,
    /// Whether every request that takes it needs a value the caller gives, whatever the scopes
    /// asked for: the caller's, mandatory with no default.
    ///
    /// Decided by the generator (the rule the builder's typestate follows), never derived again;
    /// what a scope requires is [`ScopeInfo::requires`], which scopes take it `taken_by`.
    pub always_needed: bool,
    /// Whether its value is secret or personal.
    pub sensitive: bool,
    /// Where its value comes from.
    pub source: ParamSource,
    /// The values it takes, when it is a closed enum (empty: any).
    pub values: &'static [&'static str],
    /// Whether its value is a comma-joined list (each item one of `values`, when it has any).
    pub is_list: bool,
    /// Whether its value is a scope or a comma-joined list of scopes (the scopes a request
    /// asks for).
    pub holds_scopes: bool,
    /// What its value is on the wire.
    pub kind: ValueKind,
    /// The wire value sent when the caller sets none.
    pub default: Option<&'static str>,
    /// The scopes (wire values) that take it when not every scope does (`None`: every one), for
    /// a request to send it only when a scope it asks for takes it ([`ParamInfo::is_taken_by`]).
    ///
    /// A parameter a scope file adds is taken by that scope alone; one the API file declares, by
    /// every scope that does not list it in `without`.
    pub taken_by: Option<&'static [&'static str]>,
    /// Whether the caller sets it by choosing scopes, one builder method per scope (the spec's
    /// `by_scope`), rather than with a setter of its own.
    pub set_by_scope_methods: bool,
    /// What it means to tools that work from the spec (a simulator), if anything.
    pub role: Option<ParamRole>,
}

impl ParamInfo {
    /// Whether a request asking for the scopes `asked` (wire values) takes this parameter, for
    /// the runtime not to send, require or check a parameter no scope asked for takes.
    ///
    /// One of them takes it ([`ParamInfo::taken_by`]); a request that names no scope (an
    /// endpoint without scopes) takes every parameter.
    pub fn is_taken_by<'a>(&self, asked: impl IntoIterator<Item = &'a str>) -> bool {
        let Some(taking) = self.taken_by else {
            return true;
        };
        let mut asked = asked.into_iter().peekable();
        asked.peek().is_none() || asked.any(|s| taking.contains(&s))
    }

    /// Whether every request that takes it must carry a value the caller gives for it, whatever
    /// the scopes ([`ParamInfo::always_needed`], as the generator decided it; the builder checks
    /// it at compile time).
    pub fn is_always_needed(&self) -> bool {
        self.always_needed
    }

    /// Whether `value` is one this parameter takes, as far as its values and kind say: each item of
    /// a list, or the whole value, among the closed enum's values (when it has any); a whole number
    /// written in decimal digits alone; a JSON object.
    ///
    /// The one rule of accepting a value, read by `DynamicRequest` (before sending) and the sandbox
    /// (on receiving). Which scopes a scope parameter may name, and which keys a JSON object must
    /// hold, are theirs to say.
    pub fn accepts(&self, value: &str) -> Result<(), Unaccepted> {
        let known = |v: &str| self.values.is_empty() || self.values.contains(&v);
        let listed = if self.is_list {
            list_items(value).all(known)
        } else {
            known(value)
        };
        if !listed {
            return Err(Unaccepted::NotAValue);
        }
        match self.kind {
            ValueKind::Integer if whole_number(value).is_none() => Err(Unaccepted::NotAWholeNumber),
            ValueKind::Json(_)
                if serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(value)
                    .is_err() =>
            {
                Err(Unaccepted::NotAJsonObject)
            }
            _ => Ok(()),
        }
    }

    /// How much a request asking for the scopes `asked` needs this parameter: a scope asked for
    /// requires it ([`ScopeInfo::requires`]), else the endpoint does
    /// ([`ParamInfo::is_always_needed`]), else not at all. A parameter the request does not take
    /// ([`ParamInfo::is_taken_by`]) is not needed.
    #[doc(hidden)]
    pub fn need(&self, asked: &[&'static ScopeInfo]) -> Need {
        if !self.is_taken_by(asked.iter().map(|s| s.wire)) {
            Need::No
        } else if let Some(s) = asked.iter().find(|s| s.requires.contains(&self.name)) {
            Need::ForScope(s)
        } else if self.is_always_needed() {
            Need::Always
        } else {
            Need::No
        }
    }
}

/// The scopes a comma-joined list of wire names asks for (`formfilling,matching`), each once, in
/// the order named; or the first item that names no scope of `scopes`.
///
/// The one reading of a scope parameter's value, for `DynamicRequest` (before sending) and the
/// sandbox (on receiving); whether none at all is allowed, and which scopes then, is theirs to say
/// (`ApiInfo::scopes_asked`).
pub fn named_scopes<'s, 'v>(
    scopes: &'s [ScopeInfo],
    value: &'v str,
) -> Result<Vec<&'s ScopeInfo>, &'v str> {
    let mut named: Vec<&ScopeInfo> = Vec::new();
    for item in list_items(value) {
        let scope = scopes.iter().find(|s| s.wire == item).ok_or(item)?;
        if !named.iter().any(|s| s.wire == scope.wire) {
            named.push(scope);
        }
    }
    Ok(named)
}

/// Why a value is not one a parameter takes ([`ParamInfo::accepts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unaccepted {
    /// Not among the closed enum's values (or an item of the list is not).
    NotAValue,
    /// Not a whole number written in decimal digits alone.
    NotAWholeNumber,
    /// Not a JSON object.
    NotAJsonObject,
}

/// A whole number written in decimal digits alone (no sign, no space), within `u64`.
pub fn whole_number(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// How much a request needs one of its parameters, given the scopes it asks for
/// ([`ParamInfo::need`]).
#[derive(Clone, Copy, Debug)]
#[doc(hidden)]
pub enum Need {
    /// Not at all: optional, defaulted, or not taken by the scopes asked for.
    No,
    /// Every request needs it, whatever the scopes.
    Always,
    /// This scope, asked for, requires it.
    ForScope(&'static ScopeInfo),
}

/// One row of an error table.
#[derive(Clone, Copy, Debug)]
pub struct ErrorInfo {
    /// The documented id.
    pub id: &'static str,
    /// The documented text; `{name}` marks a part that varies.
    pub text: &'static str,
    /// The text as parsed by the generator: the one parse of the template.
    pub template: &'static [Piece],
    /// What it means.
    pub description: &'static str,
    /// Whether asking again may succeed.
    pub retryable: bool,
}

impl ErrorInfo {
    /// The text with each `{name}` replaced by `value(name)`.
    pub fn render(&self, value: impl Fn(&str) -> String) -> String {
        let mut out = String::with_capacity(self.text.len());
        for piece in self.template {
            match piece {
                Piece::Lit(text) => out.push_str(text),
                Piece::Hole(name) => out.push_str(&value(name)),
            }
        }
        out
    }
}

/// What the spec says of a scope, for tools that work from the spec at run time: generated as
/// `Scope::INFO`, one per scope file.
#[derive(Clone, Copy, Debug)]
pub struct ScopeInfo {
    /// The wire value.
    pub wire: &'static str,
    /// What it is.
    pub description: &'static str,
    /// What the customer reads of it where they consent, by language tag (`("fr", "...")`): the
    /// spec's `customer_text`, of which [`ScopeInfo::customer_text_in`] chooses one.
    pub customer_text: &'static [(&'static str, &'static str)],
    /// Whether its result is the step 1 reply itself (no consent, no step 2): the spec's
    /// `one_step`.
    pub one_step: bool,
    /// Whether asking for it needs the customer's consent (a consent URL, then step 2), as the
    /// generator decides it (not `one_step`); [`ApiInfo::needs_consent`] reads it for several.
    ///
    /// [`ApiInfo::needs_consent`]: crate::journey::ApiInfo::needs_consent
    pub needs_consent: bool,
    /// Whether it is asked for when the caller names no scope.
    pub default: bool,
    /// The parameters (Rust names) a request asking for it must set, besides those every
    /// request needs ([`ParamInfo::is_always_needed`]): the API's parameters its file's
    /// `requires` names, and those its file adds as `required` (the spec's one meaning of
    /// "requires"; the request builder reads it).
    pub requires: &'static [&'static str],
    /// How it documents endpoints' errors otherwise than the API file (its file's
    /// `[extend.E.errors]`), one entry per endpoint concerned; read through
    /// [`ScopeInfo::wording`].
    pub errors: &'static [ScopeErrors],
}

impl ScopeInfo {
    /// How it documents the error `id` of the endpoint named `endpoint` (in the endpoint's words,
    /// in its own, or not at all), by the spec's one rule that drift and the checks read too.
    pub fn wording(&self, endpoint: &str, id: &str) -> Wording<&'static ErrorInfo> {
        let Some(own) = self.errors.iter().find(|e| e.endpoint == endpoint) else {
            return Wording::Api;
        };
        dqe_spec_types::scope_errors::wording(
            id,
            own.without.iter().copied(),
            own.texts.iter().map(|t| (t.id, t)),
        )
    }
}

/// How a scope documents an endpoint's error table otherwise than the API file (its file's
/// `[extend.E.errors]`).
#[derive(Clone, Copy, Debug)]
pub struct ScopeErrors {
    /// The endpoint's name in the spec.
    pub endpoint: &'static str,
    /// Ids of its table the scope does without: its page does not list them, and the sandbox
    /// does not answer them for it.
    pub without: &'static [&'static str],
    /// Errors of its table in the scope's own words: each the endpoint's error (id,
    /// description, retry advice) with the scope's text.
    pub texts: &'static [ErrorInfo],
}

impl ScopeInfo {
    /// What the customer reads of this scope where they consent, in `lang`: the spec's
    /// `customer_text` in that language, else in English, else its description.
    pub fn customer_text_in(&self, lang: crate::Lang) -> &'static str {
        let text = |tag: &str| self.customer_text.iter().find(|(l, _)| *l == tag);
        text(lang.tag())
            .or_else(|| text(crate::Lang::En.tag()))
            .map_or(self.description, |(_, t)| t)
    }
}

/// What the spec says of an outcome of an endpoint (success or pending).
#[derive(Clone, Copy, Debug)]
pub struct OutcomeInfo {
    /// The status value that names it.
    pub status: &'static str,
    /// Whether it is the pending outcome.
    pub pending: bool,
    /// Whether a reply without a status is this outcome (the spec's `default`).
    pub default: bool,
    /// Whether a reply without a status is this outcome when it has one of the keys of
    /// `without_status_keys`.
    pub without_status_keys: &'static [&'static str],
    /// The keys a reply of this outcome holds, which the sandbox fills and the departures walk.
    pub fields: &'static [FieldInfo],
}

/// What the spec says of a key of a reply or an object.
#[derive(Clone, Copy, Debug)]
pub struct FieldInfo {
    /// The field's Rust name in the generated struct.
    pub name: &'static str,
    /// Key on the wire.
    pub wire: &'static str,
    /// What it holds.
    pub kind: FieldKind,
    /// What it holds as far as reading JSON goes: its row of the table of lenient reading
    /// ([`reads`](dqe_spec_types::lenient::reads)), as the generator gave it.
    pub value_type: ValueType,
    /// Whether its value is secret or personal.
    pub sensitive: bool,
    /// An example value from the spec, as JSON text; `{param}` stands for the value of that
    /// request parameter (Rust name).
    pub example: Option<&'static str>,
    /// The scope (wire value) whose file added it, if any.
    pub scope: Option<&'static str>,
}

/// What a reply key holds.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum FieldKind {
    /// Text, held as a `String`.
    Text,
    /// A `YYYY-MM-DD` date, held as a [`Date`](crate::Date).
    Date,
    /// Seconds since the epoch, or a date.
    Timestamp,
    /// A duration in whole seconds, held as [`Seconds`](crate::Seconds).
    Seconds,
    /// A list of scopes, sent comma-joined.
    Scopes,
    /// A boolean, `true` or `false` (DQE may send it as a string).
    Bool,
    /// A score from 0 to 1.
    Score,
    /// A whole number.
    Integer,
    /// A document, sent as Base64 text.
    Base64,
    /// One of these values.
    Enum(&'static [&'static str]),
    /// A comma-separated list.
    List(&'static FieldKind),
    /// An object with these keys.
    Object(&'static [FieldInfo]),
}

/// What a parameter's value is on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueKind {
    /// Text (an enum's wire value, scopes comma-joined...).
    Text,
    /// A whole number, in decimal.
    Integer,
    /// A JSON object as text, with every one of these keys present (empty when unknown).
    Json(&'static [&'static str]),
}

#[cfg(test)]
mod tests {
    use super::{EndpointInfo, ParamInfo, ParamSource, Unaccepted, ValueKind, whole_number};

    /// A caller's parameter of this kind and these values, a list or not.
    const fn param(kind: ValueKind, values: &'static [&'static str], is_list: bool) -> ParamInfo {
        ParamInfo {
            name: "p",
            description: "",
            wire: "p",
            always_needed: false,
            sensitive: false,
            source: ParamSource::Caller,
            values,
            is_list,
            holds_scopes: false,
            kind,
            default: None,
            taken_by: None,
            set_by_scope_methods: false,
            role: None,
        }
    }

    #[test]
    fn the_token_and_scope_parameters_are_the_ones_the_generator_named() {
        const PARAMS: [ParamInfo; 3] = [
            ParamInfo {
                name: "scopes",
                holds_scopes: true,
                ..param(ValueKind::Text, &[], true)
            },
            ParamInfo {
                name: "tok",
                source: ParamSource::Token,
                ..param(ValueKind::Text, &[], false)
            },
            param(ValueKind::Text, &[], false),
        ];
        let info = EndpointInfo {
            name: "e",
            path: "/e",
            methods: &[],
            idempotent: false,
            max_body: None,
            params: &PARAMS,
            token_param: Some("tok"),
            scope_param: Some("scopes"),
            errors: &[],
            situations: &[],
            outcomes: &[],
        };
        assert_eq!(info.token_parameter().map(|p| p.name), Some("tok"));
        assert_eq!(info.scope_parameter().map(|p| p.name), Some("scopes"));
        let none = EndpointInfo {
            token_param: None,
            scope_param: None,
            ..info
        };
        assert!(none.token_parameter().is_none() && none.scope_parameter().is_none());
    }

    #[test]
    fn an_enum_value_is_taken_whole_and_a_list_item_by_item() {
        let one = param(ValueKind::Text, &["a", "b"], false);
        assert_eq!(one.accepts("a"), Ok(()));
        assert_eq!(one.accepts("a,b"), Err(Unaccepted::NotAValue));
        let list = param(ValueKind::Text, &["a", "b"], true);
        assert_eq!(list.accepts("a,b"), Ok(()));
        assert_eq!(list.accepts("a,c"), Err(Unaccepted::NotAValue));
        assert_eq!(
            param(ValueKind::Text, &[], false).accepts("anything"),
            Ok(())
        );
    }

    /// A scope of this wire name.
    const fn scope(wire: &'static str) -> super::ScopeInfo {
        super::ScopeInfo {
            wire,
            description: "",
            customer_text: &[],
            one_step: false,
            needs_consent: true,
            default: false,
            requires: &[],
            errors: &[],
        }
    }

    #[test]
    fn named_scopes_are_known_each_once_in_order() {
        let scopes = [scope("a"), scope("b")];
        let wires = |v| {
            super::named_scopes(&scopes, v).map(|n| n.iter().map(|s| s.wire).collect::<Vec<_>>())
        };
        assert_eq!(wires("b, a,b,,"), Ok(vec!["b", "a"]));
        assert_eq!(wires(""), Ok(vec![]));
        assert_eq!(wires("a,c"), Err("c"));
    }

    #[test]
    fn a_whole_number_is_decimal_digits_alone() {
        let n = param(ValueKind::Integer, &[], false);
        for good in ["0", "7", "007", "18446744073709551615"] {
            assert_eq!(n.accepts(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            " 7",
            "7 ",
            "+7",
            "-7",
            "7.0",
            "18446744073709551616",
            "٣",
        ] {
            assert_eq!(n.accepts(bad), Err(Unaccepted::NotAWholeNumber), "{bad:?}");
        }
        assert_eq!(whole_number("007"), Some(7));
    }

    #[test]
    fn a_json_value_is_an_object() {
        let j = param(ValueKind::Json(&["k"]), &[], false);
        assert_eq!(j.accepts(r#"{"k": "v"}"#), Ok(()));
        for bad in ["[]", "\"k\"", "{", "null"] {
            assert_eq!(j.accepts(bad), Err(Unaccepted::NotAJsonObject), "{bad}");
        }
    }
}
