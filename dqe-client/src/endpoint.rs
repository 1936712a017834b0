//! The traits every generated endpoint implements, and what encoding a request needs.
//! Nothing here names an endpoint: paths, parameters and errors all come from the spec.

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

// The types and rules the generator shares with the runtime, defined once in `dqe-spec-types`:
// the generated code builds them from the spec's values.
pub use dqe_spec_types::{Method, ParamRole, Piece, Situation, list_items};

/// Type state of a request builder: this mandatory parameter is set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Set;

/// Type state of a request builder: this mandatory parameter is not set yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unset;

/// The pending outcome of an endpoint that has none: no value of it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoPending {}

/// What encoding a request needs besides the request itself.
#[derive(Clone, Copy)]
pub struct EncodeContext<'a, C> {
    /// The client's credentials.
    pub credentials: &'a C,
    /// The token in use, for endpoints that take one.
    pub token: Option<&'a str>,
}

impl<'a, C> EncodeContext<'a, C> {
    /// A context from credentials and, for endpoints that take one, a token.
    pub fn new(credentials: &'a C, token: Option<&'a str>) -> Self {
        Self { credentials, token }
    }
}

impl<C> fmt::Debug for EncodeContext<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodeContext")
            .field("credentials", &crate::redact::REDACTED_MARK)
            .field("token", &self.token.map(|_| crate::redact::REDACTED_MARK))
            .finish()
    }
}

/// An `application/x-www-form-urlencoded` string being built: the body of a POST, or the
/// query string of a GET. Each pair is percent-encoded, so no value can add, remove or alter
/// another pair. The encoding is `form_urlencoded`'s byte for byte (what `serde_urlencoded`
/// and `url` write; a test compares them), written straight into the string.
pub struct Form {
    out: String,
}

impl Form {
    /// What a request's form usually needs, so that building one allocates once: step 1 with
    /// every usual parameter is under 256 bytes.
    const CAPACITY: usize = 256;

    /// An empty form.
    pub fn new() -> Self {
        Self {
            out: String::with_capacity(Self::CAPACITY),
        }
    }

    /// Appends one pair.
    #[inline]
    pub fn pair(&mut self, name: &str, value: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        percent_encode(&mut self.out, name);
        self.out.push('=');
        percent_encode(&mut self.out, value);
    }

    /// The encoded string.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Appends `text` encoded as a form value, as `form_urlencoded` encodes it: ASCII letters and
/// digits and `*-._` as they are, a space as `+`, every other byte as `%XX` (upper-case).
#[inline]
fn percent_encode(out: &mut String, text: &str) {
    out.extend(form_urlencoded::byte_serialize(text.as_bytes()));
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Form(<redacted>)")
    }
}

/// A complete request to one endpoint: what the generated request builders become once every
/// mandatory parameter is set.
pub trait Endpoint {
    /// The credentials type of the API the endpoint belongs to.
    type Credentials;
    /// What the endpoint answers.
    type Reply: Reply;
    /// The endpoint's name in the spec, for logs and traces.
    const NAME: &'static str;
    /// The path, with its slashes.
    const PATH: &'static str;
    /// The methods it accepts, the preferred first.
    const METHODS: &'static [Method];
    /// Whether sending it twice is harmless. A request that is not is never retried once it
    /// may have reached the server.
    const IDEMPOTENT: bool;
    /// Whether it takes the token.
    const TAKES_TOKEN: bool;
    /// What the spec says of it, for tools that work from the spec at run time.
    const INFO: &'static EndpointInfo;

    /// Appends the parameters, in the spec's order, with their wire names.
    fn encode(&self, ctx: &EncodeContext<'_, Self::Credentials>, form: &mut Form);

    /// The parameters as a query string or form body.
    fn to_form(&self, ctx: &EncodeContext<'_, Self::Credentials>) -> String {
        let mut form = Form::new();
        self.encode(ctx, &mut form);
        form.finish()
    }

    /// Whether the endpoint accepts this method.
    fn accepts(method: Method) -> bool {
        Self::METHODS.contains(&method)
    }
}

/// What a reply says, once decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<S, P, E> {
    /// The request succeeded.
    Success(S),
    /// The result is not ready yet; ask again later.
    Pending(P),
    /// The API answered a documented error (or an unknown id, kept).
    Error(E),
    /// A status the spec does not know, kept as received.
    Unrecognized(Option<String>),
}

/// A generated reply type.
pub trait Reply:
    Sized + DeserializeOwned + Serialize + fmt::Debug + Clone + Send + Sync + 'static
{
    /// The success outcome.
    type Success: fmt::Debug + Clone + Send + Sync + 'static;
    /// The pending outcome ([`NoPending`] where there is none).
    type Pending: fmt::Debug + Clone + Send + Sync + 'static;
    /// The error enum.
    type Error: ApiError;

    /// The outcome, by status.
    fn into_outcome(self) -> Outcome<Self::Success, Self::Pending, Self::Error>;

    /// The reply carrying this error.
    fn from_error(error: Self::Error) -> Self;

    /// The reply carrying this success.
    fn from_success(success: Self::Success) -> Self;

    /// The reply carrying this pending outcome.
    fn from_pending(pending: Self::Pending) -> Self;
}

/// A generated error enum.
pub trait ApiError:
    fmt::Debug + fmt::Display + std::error::Error + Clone + Send + Sync + 'static
{
    /// The error for an id and a text as received.
    fn from_parts(id: String, text: String) -> Self;
    /// The error id.
    fn id(&self) -> &str;
    /// The error text as received.
    fn text(&self) -> &str;
    /// What it means, from the spec; `None` for an id the spec does not list.
    fn description(&self) -> Option<&'static str>;
    /// Whether asking again may succeed.
    fn is_retryable(&self) -> bool;
    /// What it means to the customer, from the spec (`outcome`); [`CustomerOutcome::Failed`]
    /// for an id the spec does not list.
    ///
    /// [`CustomerOutcome::Failed`]: crate::CustomerOutcome::Failed
    fn customer_outcome(&self) -> crate::CustomerOutcome {
        crate::CustomerOutcome::Failed
    }
}

/// The success reply of the endpoint that issues tokens.
pub trait TokenGrant {
    /// The token.
    fn token(&self) -> Option<&str>;
    /// How long it lives.
    fn lifetime(&self) -> Option<Duration>;
}

/// A request that carries the scopes it asks for.
pub trait HasScopes {
    /// The API's scope type.
    type Scope;
    /// The scopes set on the request, if any.
    fn scopes(&self) -> Option<crate::types::List<Self::Scope>>;
}

/// The endpoint that issues tokens: the client calls it on its own, with no parameter from
/// the caller.
pub trait TokenEndpoint: Endpoint + Default {}

/// A credential that could not be read from the environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingCredential {
    /// The credential's name in the spec.
    pub name: &'static str,
    /// The environment variable it is read from.
    pub env: &'static str,
}

impl fmt::Display for MissingCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "missing credential `{}`: set the environment variable {}",
            self.name, self.env
        )
    }
}

impl std::error::Error for MissingCredential {}

/// A redirect's query string that could not be read as a callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackError {
    /// This mandatory key is missing.
    Missing(&'static str),
    /// This key's value is not one the spec knows.
    Invalid(&'static str),
    /// The callback carries the token of another flow than the one this user started: a
    /// leaked or forged redirect URL.
    OtherFlow,
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackError::Missing(k) => write!(f, "the callback has no `{k}`"),
            CallbackError::Invalid(k) => write!(f, "the callback's `{k}` is not understood"),
            CallbackError::OtherFlow => {
                f.write_str("the callback belongs to another flow than the one this user started")
            }
        }
    }
}

impl std::error::Error for CallbackError {}

/// A value that is not one of a closed enum's values. The value itself is not kept, so that
/// this error can be logged safely.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    expected: &'static str,
}

impl UnknownValue {
    /// An error saying what was expected.
    pub fn new(expected: &'static str) -> Self {
        Self { expected }
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value; expected {}", self.expected)
    }
}

impl std::error::Error for UnknownValue {}

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
    /// (`max_body`, for a reply that holds a document); `None`: the client's default. A client
    /// configured with a limit of its own uses that one instead
    /// ([`ClientBuilder::max_body_size`](crate::client::ClientBuilder::max_body_size)).
    pub max_body: Option<usize>,
    /// Its parameters, in wire order.
    pub params: &'static [ParamInfo],
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

    /// The parameter with this Rust name. A `const fn`: the generated encoder finds each of its
    /// parameters so, at compile time.
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

    /// The documented error with this id.
    pub fn error(&self, id: &str) -> Option<&'static ErrorInfo> {
        self.errors.iter().find(|e| e.id == id)
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
    /// Rust name.
    pub name: &'static str,
    /// What it is, from the spec.
    pub description: &'static str,
    /// Name on the wire.
    pub wire: &'static str,
    /// Whether every request that takes it needs a value the caller gives, whatever the scopes
    /// asked for: the caller's, mandatory with no default. Decided by the generator (the rule
    /// the request builder's typestate follows) and read here, never derived again. What a
    /// scope asked for requires is [`ScopeInfo::requires`]; which scopes take it, `taken_by`.
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
    /// The scopes (wire values) that take it, when not every scope does: a parameter a scope
    /// file adds is taken by that scope alone; one the API file declares, by every scope that
    /// does not list it in `without`. `None`: every scope takes it. A request sends it only
    /// when a scope it asks for takes it ([`ParamInfo::is_taken_by`]).
    pub taken_by: Option<&'static [&'static str]>,
    /// Whether the caller sets it by choosing scopes, one builder method per scope (the spec's
    /// `by_scope`), rather than with a setter of its own.
    pub set_by_scope_methods: bool,
    /// What it means to tools that work from the spec (a simulator), if anything.
    pub role: Option<ParamRole>,
}

impl ParamInfo {
    /// Whether a request asking for the scopes `asked` (wire values) takes this parameter: one
    /// of them does ([`ParamInfo::taken_by`]). A request that names no scope (an endpoint
    /// without scopes) takes every parameter. The one runtime reading of the spec's rule: a
    /// parameter no scope asked for takes is not sent, nor required, nor checked.
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

    /// Whether `value` is one this parameter takes, as far as its values and kind say: each
    /// item of a list, or the whole value, among the closed enum's values (when it has any); a
    /// whole number written in decimal digits alone; a JSON object. The one rule of accepting
    /// a value, read by `DynamicRequest` (before sending) and the sandbox (on receiving). Which
    /// scopes a scope parameter may name, and which keys a JSON object must hold, are theirs
    /// to say.
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
pub enum Need {
    /// Not at all: optional, defaulted, or not taken by the scopes asked for.
    No,
    /// Every request needs it, whatever the scopes.
    Always,
    /// This scope, asked for, requires it.
    ForScope(&'static ScopeInfo),
}

/// Where a parameter's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamSource {
    /// The caller sets it.
    Caller,
    /// The named credential.
    Credential(&'static str),
    /// The token.
    Token,
    /// Always this value.
    Fixed(&'static str),
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
    /// Whether its result is the step 1 reply itself (no consent, no step 2).
    pub one_step: bool,
    /// Whether it is asked for when the caller names no scope.
    pub default: bool,
    /// The parameters (Rust names) a request asking for it must set, besides those every
    /// request needs ([`ParamInfo::is_always_needed`]): the API's parameters its file's
    /// `requires` names, and those its file adds as `required` (the spec's one meaning of
    /// "requires"; [`ParamInfo::need`] reads it).
    pub requires: &'static [&'static str],
}

/// What the spec says of an outcome of an endpoint (success or pending).
#[derive(Clone, Copy, Debug)]
pub struct OutcomeInfo {
    /// The status value that names it.
    pub status: &'static str,
    /// Whether it is the pending outcome.
    pub pending: bool,
    /// Whether a reply without a status is this outcome when it has one of the keys of
    /// `without_status_keys`.
    pub without_status_keys: &'static [&'static str],
    /// Its keys.
    pub fields: &'static [FieldInfo],
}

/// What the spec says of a key of a reply or an object.
#[derive(Clone, Copy, Debug)]
pub struct FieldInfo {
    /// Rust name.
    pub name: &'static str,
    /// Key on the wire.
    pub wire: &'static str,
    /// What it holds.
    pub kind: FieldKind,
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
    /// Text.
    Text,
    /// A `YYYY-MM-DD` date.
    Date,
    /// Seconds since the epoch, or a date.
    Timestamp,
    /// Whole seconds.
    Seconds,
    /// Scopes, comma-joined.
    Scopes,
    /// A boolean.
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
    use super::{Form, ParamInfo, ParamSource, Unaccepted, ValueKind, whole_number};

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

    /// `Form` writes what `form_urlencoded` (which `serde_urlencoded` and `url` use) writes,
    /// byte for byte: every character up to U+07FF and beyond, alone and between kept text.
    #[test]
    fn form_encodes_as_form_urlencoded() {
        let chars = (0..0x800u32)
            .chain([0xFFFD, 0x1F600, 0x10FFFF])
            .filter_map(char::from_u32);
        let mut texts: Vec<String> = chars
            .flat_map(|c| [c.to_string(), format!("a{c}b{c}")])
            .collect();
        texts.extend(
            [
                "",
                " ",
                "a b&c=d+e%f#g?h/i",
                "ACME Télécom",
                "https://x.example/?a=1&b=2",
            ]
            .map(String::from),
        );
        for text in &texts {
            let mut ours = Form::new();
            ours.pair(text, text);
            ours.pair("k", text);
            let mut theirs = form_urlencoded::Serializer::new(String::new());
            theirs.append_pair(text, text);
            theirs.append_pair("k", text);
            assert_eq!(ours.finish(), theirs.finish(), "{text:?}");
        }
    }
}
