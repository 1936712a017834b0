//! The traits every generated endpoint implements, and what encoding a request needs.
//!
//! Nothing here names an endpoint: paths, parameters and errors all come from the spec.

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

// The types and rules the generator shares with the runtime, defined once in `dqe-spec-types`:
// the generated code builds them from the spec's values.
pub use dqe_spec_types::scope_errors::Wording;
pub use dqe_spec_types::{Method, ParamRole, ParamSource, Piece, Situation, list_items};

mod info;
pub use info::{
    EndpointInfo, ErrorInfo, FieldInfo, FieldKind, Need, OutcomeInfo, ParamInfo, ScopeErrors,
    ScopeInfo, Unaccepted, ValueKind, named_scopes, whole_number,
};

/// Type state of a request builder: this mandatory parameter is set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[doc(hidden)]
pub struct Set;

/// Type state of a request builder: this mandatory parameter is not set yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[doc(hidden)]
pub struct Unset;

/// The pending outcome of an endpoint that has none: no value of it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[doc(hidden)]
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
#[doc(hidden)]
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
    /// Whether sending it twice is harmless.
    ///
    /// A request that is not is never retried once it may have reached the server.
    const IDEMPOTENT: bool;
    /// What the spec says of it, for tools that work from the spec at run time.
    const INFO: &'static EndpointInfo;
    /// Whether it takes the token: it has the parameter that carries it
    /// ([`EndpointInfo::token_param`], the generator's one answer).
    const TAKES_TOKEN: bool = Self::INFO.token_param.is_some();

    /// Appends the parameters, in the spec's order, with their wire names (what `to_form`,
    /// the generated method callers use, runs).
    #[doc(hidden)]
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
    /// The token the reply grants, for the client to send with step 1 and step 2.
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

/// A value that is not one of a closed enum's values.
///
/// The value itself is not kept, so that this error can be logged safely.
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
