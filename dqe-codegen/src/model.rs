//! The checked model of a spec: what the loader builds and the expander reads.
//!
//! Every item keeps where it was written, so later checks can point at it.

use crate::diag::{Loc, SourceFile};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The value read from the spec, for the code that uses it.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

impl<T> At<T> {
    /// Wraps a value with its location.
    pub fn new(value: T, loc: Loc) -> Self {
        Self { value, loc }
    }
}

/// A whole spec: the API file and its scope files.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// Every file read, the API file first.
    pub files: Vec<SourceFile>,
    /// The API file's `[api]` table: the API's name and description, for messages and docs.
    pub api: Api,
    /// `[replies]`: how a reply names its outcome.
    pub replies: Replies,
    /// `[credentials.*]`, in order.
    pub credentials: Vec<Credential>,
    /// `[callback]`, if any.
    pub callback: Option<Callback>,
    /// `[journey]`, if any.
    pub journey: Option<Journey>,
    /// `[endpoints.*]`, in order.
    pub endpoints: Vec<Endpoint>,
    /// `[enums.*]` of every file.
    pub enums: Vec<EnumDef>,
    /// `[objects.*]` of every file.
    pub objects: Vec<ObjectDef>,
    /// One per scope file.
    pub scopes: Vec<Scope>,
}

/// The API file's `[api]` table: what names the API in messages and generated docs.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// The API's name, used in messages.
    pub name: String,
    /// What the API is.
    pub description: String,
    /// The environment variable holding the server's address.
    pub server_env: Option<String>,
    /// Where `[api]` was written.
    pub loc: Loc,
}

/// The API file's `[replies]` table: how a reply names its outcome and carries an error.
#[derive(Debug, Clone, Default)]
pub struct Replies {
    /// The key that names a reply's outcome.
    pub status_key: String,
    /// The `[replies.error]` table: the keys and status an error reply carries.
    pub error: ErrorShape,
    /// Where `[replies]` was written.
    pub loc: Loc,
}

/// `[replies.error]`: the shape shared by every error reply.
#[derive(Debug, Clone, Default)]
pub struct ErrorShape {
    /// The status value of an error.
    pub status: String,
    /// The key holding the error's id.
    pub id_key: String,
    /// The key holding the error's text.
    pub text_key: String,
    /// What an error reply is.
    pub description: String,
}

/// A `[credentials.NAME]` table: a secret the generated `Credentials` holds for requests.
#[derive(Debug, Clone)]
pub struct Credential {
    /// Its name, a Rust identifier.
    pub name: At<String>,
    /// What it is.
    pub description: String,
    /// The environment variable it can be read from.
    pub env: Option<String>,
}

/// `[callback]`: the keys added to a redirect URL.
#[derive(Debug, Clone)]
pub struct Callback {
    /// What the callback is.
    pub description: String,
    /// The keys DQE adds to the redirect URL, which the callback decoder reads.
    pub params: Vec<Param>,
    /// Where it was written.
    pub loc: Loc,
}

/// `[journey]`: which endpoint is which step of the consent journey, and which keys carry what the
/// runtime needs to run it.
///
/// Each value names an item of the spec.
#[derive(Debug, Clone)]
pub struct Journey {
    /// The endpoint that issues tokens.
    pub token: At<String>,
    /// Step 1: the consent request.
    pub consent: At<String>,
    /// Step 2: retrieving the data.
    pub retrieve: At<String>,
    /// The field of step 1's success holding the consent URL.
    pub consent_url: At<String>,
    /// The field of step 1's success naming the operator, if any.
    pub operator: Option<At<String>>,
    /// The callback key holding the flow's token.
    pub callback_token: At<String>,
    /// The callback key saying how consent ended.
    pub callback_status: At<String>,
    /// Its value when the customer approved.
    pub approved: At<String>,
    /// Its value when the customer declined.
    pub declined: At<String>,
    /// Where it was written.
    pub loc: Loc,
}

/// HTTP methods an endpoint accepts: the runtime's type, defined once in `dqe-spec-types`.
pub use dqe_spec_types::Method;

/// An `[endpoints.NAME]` table: one endpoint, which the generator turns into a request builder,
/// a reply enum and an error enum.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The spec key (`initiate`), a Rust identifier.
    pub key: At<String>,
    /// A one-line summary, for the first line of the generated request's docs.
    pub summary: String,
    /// What the endpoint does, after the summary in the generated request's docs.
    pub description: String,
    /// The path, with its slashes.
    pub path: String,
    /// Accepted methods, the preferred first.
    pub methods: Vec<Method>,
    /// Whether sending it twice is harmless.
    pub idempotent: bool,
    /// The longest reply body the client reads from it, in bytes (`max_body`), when the spec
    /// gives one; else the client's default.
    pub max_body: Option<At<u64>>,
    /// Parameters, in wire order.
    pub params: Vec<Param>,
    /// The success outcome.
    pub success: Option<OutcomeSpec>,
    /// The pending outcome, for endpoints that are polled.
    pub pending: Option<OutcomeSpec>,
    /// The error table.
    pub errors: Vec<ErrorEntry>,
    /// Example replies, which the tests decode and the OpenAPI export shows.
    pub examples: Vec<Example>,
    /// Which documented error the sandbox answers in which situation: (situation, id).
    pub sandbox: Vec<(Situation, At<String>)>,
    /// Where it was written.
    pub loc: Loc,
}

/// Where a parameter's value comes from: the runtime's type, defined once in
/// `dqe-spec-types`, holding the credential's name and the fixed value with where each was
/// written.
pub type Source = dqe_spec_types::ParamSource<At<String>>;

/// A request parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The parameter's Rust name, which its builder method takes.
    pub name: At<String>,
    /// Name on the wire.
    pub wire: At<String>,
    /// The type its value is written from, as the spec names it.
    pub ty: At<TypeRef>,
    /// Whether the caller must set it (for a parameter a scope file adds: whenever that scope
    /// is asked for).
    pub required: bool,
    /// Whether its value is secret or personal.
    pub sensitive: bool,
    /// What it is.
    pub description: String,
    /// Where its value comes from.
    pub source: Source,
    /// The wire value sent when the caller sets none.
    pub default: Option<At<String>>,
    /// Whether the caller sets it by choosing scopes, one method per scope taking what that
    /// scope requires, instead of with a setter.
    pub by_scope: bool,
    /// What it means to tools that work from the spec (a simulator), if anything.
    pub role: Option<At<ParamRole>>,
    /// The scope file that added it, if any: that scope alone takes it ([`Spec::takes`]).
    pub scope: Option<usize>,
    /// Its dotted key in the spec, for messages.
    pub path: String,
    /// Where it was written.
    pub loc: Loc,
}

/// The type of a parameter or field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// Text, as a `String` in Rust.
    String,
    /// A lenient `YYYY-MM-DD` date.
    Date,
    /// Seconds since the epoch, or a date.
    Timestamp,
    /// A duration in whole seconds.
    Seconds,
    /// `true` or `false`, as a JSON boolean or a string.
    Bool,
    /// A similarity score from 0 to 1, as a number or a string; `""` for "not compared".
    Score,
    /// A whole number.
    Integer,
    /// One of the spec's scopes.
    Scope,
    /// Bytes (a document) sent as Base64 text.
    Base64,
    /// A comma-separated list.
    List(Box<TypeRef>),
    /// A name the file gives, not yet resolved: what [`crate::load_spec`] reads before it resolves
    /// each name to [`TypeRef::Enum`] or [`TypeRef::Object`] ([`crate::resolve_types`]).
    ///
    /// A checked spec holds none (a name that declares nothing is reported, as is one left
    /// unresolved in a spec built by hand).
    Named(String),
    /// A declared enum.
    Enum(TypeName),
    /// A declared object.
    Object(TypeName),
}

/// A resolved reference to a declared enum or object: its name and where it is in [`Spec::enums`]
/// or [`Spec::objects`].
///
/// Two references are equal when their names are: the position is where the name leads in one spec.
#[derive(Debug, Clone, Eq)]
pub struct TypeName {
    /// The name, as declared (`Gender`).
    pub name: String,
    /// Its position in the spec's enums or objects.
    pub index: usize,
}

impl PartialEq for TypeName {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl TypeRef {
    /// Whether it is `list<scope>`.
    pub fn is_scope_list(&self) -> bool {
        matches!(self, TypeRef::List(inner) if **inner == TypeRef::Scope)
    }

    /// Whether it is `scope` or `list<scope>`: what a request asks for scopes with.
    pub fn is_scope_or_list(&self) -> bool {
        *self == TypeRef::Scope || self.is_scope_list()
    }

    /// The enum or object name it gives, resolved or not.
    pub fn declared_name(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Enum(t) | TypeRef::Object(t) => Some(&t.name),
            _ => None,
        }
    }

    /// Whether a field of this type is sensitive unless the spec says otherwise: a document
    /// (`base64`) holds personal data by nature (a bill names and locates its holder).
    pub fn sensitive_by_default(&self) -> bool {
        *self == TypeRef::Base64
    }
}

/// What a reply field means to the client runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The token the other endpoints take.
    Token,
    /// How long that token lives.
    TokenLifetime,
    /// A postal address as text whose lines are its lines (`postal_lines()` on the object).
    PostalLines,
}

/// A key of a reply or an object.
#[derive(Debug, Clone)]
pub struct Field {
    /// The field's Rust name, in the generated struct.
    pub name: At<String>,
    /// Key on the wire.
    pub wire: At<String>,
    /// The type its value is written from, as the spec names it.
    pub ty: At<TypeRef>,
    /// Whether its value is secret or personal.
    pub sensitive: bool,
    /// What it is.
    pub description: String,
    /// What it means to the runtime.
    pub role: Option<At<Role>>,
    /// An example value, as JSON text, for simulators (`{param}` stands for that request
    /// parameter's value).
    pub example: Option<String>,
    /// Where DQE's page lists this key in a row without its name (a mistake of the page): that
    /// row's description, so that `dqe spec drift` reads the row as this key.
    pub page_unnamed_row: Option<String>,
    /// The scope file that added it, if any.
    pub scope: Option<usize>,
    /// Its dotted key in the spec, for messages.
    pub path: String,
    /// Where it was written.
    pub loc: Loc,
}

/// A success or pending outcome as the spec describes it (`[endpoints.NAME.success]`); the
/// runtime's `Outcome` is what a decoded reply turns into.
#[derive(Debug, Clone)]
pub struct OutcomeSpec {
    /// The status value that names it.
    pub status: At<String>,
    /// Whether a reply without a status is this outcome.
    pub default: bool,
    /// What it means.
    pub description: String,
    /// The keys a reply of this outcome holds, each a field of its generated struct.
    pub fields: Vec<Field>,
    /// Keys (wire) that make a reply without a status this outcome: those of a scope file that
    /// extends it with `without_status = true`.
    pub without_status_keys: Vec<String>,
    /// Where it was written.
    pub loc: Loc,
}

/// One piece of an error text template (parsed by the crate's `template` module): the
/// runtime's type, defined once in `dqe-spec-types`, holding owned text.
pub type Piece = dqe_spec_types::Piece<String>;

/// What an error may mean to the customer (`outcome` in an error table): the runtime's list,
/// defined once in `dqe-spec-types`, which the loader parses the spec's value into.
pub use dqe_spec_types::CustomerOutcome;

/// One row of an error table.
#[derive(Debug, Clone)]
pub struct ErrorEntry {
    /// The id, as documented.
    pub id: At<String>,
    /// The Rust variant name.
    pub variant: At<String>,
    /// The documented text.
    pub text: At<String>,
    /// The text as a template.
    pub template: Vec<Piece>,
    /// What it means.
    pub description: String,
    /// Whether asking again may succeed.
    pub retryable: bool,
    /// What it means to the customer (`outcome`), if the spec says.
    pub outcome: Option<At<CustomerOutcome>>,
    /// A text as really received.
    pub example: Option<At<String>>,
    /// Its dotted key in the spec, for messages.
    pub path: String,
}

/// An example reply.
#[derive(Debug, Clone)]
pub struct Example {
    /// The example's name, which names its test and its OpenAPI example.
    pub name: String,
    /// The JSON body.
    pub body: String,
    /// The scope file it came from, if any.
    pub scope: Option<usize>,
    /// Where it was written.
    pub loc: Loc,
}

/// An `[enums.NAME]` table: a closed or open set of values, generated as a Rust enum.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// The enum's Rust name, which parameters and fields name as their type.
    pub name: At<String>,
    /// What it is.
    pub description: String,
    /// Whether unknown values are kept (as `Other`) rather than refused.
    pub open: bool,
    /// The values it holds, each a variant of the generated enum.
    pub values: Vec<EnumValue>,
}

/// One value of an enum.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// On the wire.
    pub wire: At<String>,
    /// Rust variant: `variant`, or derived from the wire value when the spec leaves it out
    /// (then written where the wire value is).
    pub variant: At<String>,
    /// Whether `variant` was left out, and the variant derived from the wire value.
    pub variant_derived: bool,
    /// What it means.
    pub description: String,
    /// Its dotted key in the spec, for messages.
    pub path: String,
}

/// An `[objects.NAME]` table: a JSON object a parameter or a key holds, generated as a struct.
#[derive(Debug, Clone)]
pub struct ObjectDef {
    /// The object's Rust name, which parameters and fields name as their type.
    pub name: At<String>,
    /// What it is.
    pub description: String,
    /// The object's keys, each a field of its generated struct.
    pub fields: Vec<Field>,
}

/// A scope file's `[scope]`.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The wire value.
    pub name: At<String>,
    /// The Rust variant.
    pub variant: String,
    /// What it is.
    pub description: String,
    /// What the customer reads of it where they consent (the sandbox's consent page), by language
    /// tag (`fr`), in the file's order: its `customer_text` table.
    ///
    /// A language it does not name reads `en`'s, else the description.
    pub customer_text: Vec<(At<String>, String)>,
    /// Whether its result is the step 1 reply itself (no consent, no step 2).
    pub one_step: bool,
    /// Whether it is asked for when the caller names none (the command line's default).
    pub default: bool,
    /// Optional parameters of the API file, on the endpoint it is chosen on, that asking for
    /// it makes mandatory (its file's `requires` key); what it requires in all is
    /// [`Spec::requires`], which adds the parameters its own file adds as `required`.
    pub makes_mandatory: Vec<At<String>>,
    /// Parameters of the API file, on the endpoint it is chosen on, that it does not take
    /// ([`Spec::takes`]).
    pub without: Vec<At<String>>,
    /// What it says of DQE's page where it departs from it on purpose (`[extend.E.page]`).
    pub page_notes: Vec<PageNote>,
    /// How it documents endpoints' errors otherwise than the API file (`[extend.E.errors]`):
    /// read through [`Scope::wording`].
    pub errors: Vec<ScopeErrors>,
    /// The file it came from.
    pub file: usize,
}

/// How a scope documents an endpoint's error table otherwise than the API file
/// (`[extend.ENDPOINT.errors]`): ids it does without, and texts of its own.
#[derive(Debug, Clone)]
pub struct ScopeErrors {
    /// The endpoint whose table it concerns.
    pub endpoint: At<String>,
    /// Ids of that table the scope does without (`without`): its page does not list them, and
    /// the sandbox does not answer them for it.
    pub without: Vec<At<String>>,
    /// Its own texts of ids of that table (`texts`), in the file's order.
    pub texts: Vec<ScopeText>,
}

/// How a scope documents one error of an endpoint (`Scope::wording`): the runtime's type,
/// defined once in `dqe-spec-types`.
pub use dqe_spec_types::scope_errors::Wording;

/// An error of an endpoint as a scope documents it (`Spec::errors_of_scope`).
#[derive(Debug, Clone, Copy)]
pub struct ScopedError<'a> {
    /// The API file's entry.
    pub entry: &'a ErrorEntry,
    /// The scope's own text, where its file gives one.
    pub own: Option<&'a ScopeText>,
}

impl ScopedError<'_> {
    /// Its text as the scope words it, as a template.
    pub fn template(&self) -> &[Piece] {
        self.own.map_or(&self.entry.template, |t| &t.template)
    }

    /// Its text as the scope words it, as written, with where.
    pub fn text(&self) -> &At<String> {
        self.own.map_or(&self.entry.text, |t| &t.text)
    }
}

/// A scope's own text for an error of an endpoint (`texts = { "05" = "..." }`).
#[derive(Debug, Clone)]
pub struct ScopeText {
    /// The id, as written.
    pub id: At<String>,
    /// The text, a template as an error's `type` is.
    pub text: At<String>,
    /// The text as a template.
    pub template: Vec<Piece>,
}

/// Where a scope file departs on purpose from what DQE's page says of a step
/// (`[extend.ENDPOINT.page]`), for `dqe spec drift` to read instead of reporting it.
#[derive(Debug, Clone)]
pub struct PageNote {
    /// The endpoint (the step) it concerns.
    pub endpoint: At<String>,
    /// Parameters (by wire name) the page fixes to a value the spec does not send, with it.
    pub fixed: Vec<(At<String>, At<String>)>,
    /// The endpoint whose replies the page shows as this step's.
    pub replies_of: Option<At<String>>,
    /// Keys (wire) of the API file's replies that the page does not show for this scope, which
    /// the spec keeps (a key DQE does not send reads as none).
    pub unlisted_keys: Vec<At<String>>,
}

impl Spec {
    /// The endpoint with this key.
    pub fn endpoint(&self, key: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.key.value == key)
    }

    /// The enum with this name.
    pub fn enum_def(&self, name: &str) -> Option<&EnumDef> {
        self.enums.iter().find(|e| e.name.value == name)
    }

    /// The object with this name.
    pub fn object(&self, name: &str) -> Option<&ObjectDef> {
        self.objects.iter().find(|e| e.name.value == name)
    }

    /// The enum a resolved reference leads to: `None` for a reference not of this spec (none
    /// in a spec [`crate::load_spec`] returns; the checks report any in a spec built by hand).
    pub fn enum_of(&self, t: &TypeName) -> Option<&EnumDef> {
        self.enums.get(t.index).filter(|e| e.name.value == t.name)
    }

    /// The object a resolved reference leads to, as [`Spec::enum_of`].
    pub fn object_of(&self, t: &TypeName) -> Option<&ObjectDef> {
        self.objects.get(t.index).filter(|o| o.name.value == t.name)
    }

    /// The scope that the scope file number `file` declares ([`Param::scope`],
    /// [`Field::scope`], [`Example::scope`]), if any.
    pub fn scope_of_file(&self, file: Option<usize>) -> Option<&Scope> {
        file.and_then(|f| self.scopes.iter().find(|s| s.file == f))
    }
}

impl Endpoint {
    /// The outcomes it documents besides errors.
    pub fn outcomes(&self) -> impl Iterator<Item = &OutcomeSpec> {
        self.success.iter().chain(self.pending.iter())
    }
}

/// A situation a simulator tells apart in a request (`[endpoints.NAME.sandbox]`): the
/// runtime's type, defined once in `dqe-spec-types`, holding owned names.
pub type Situation = dqe_spec_types::Situation<String>;

/// What a request parameter means to tools that work from the spec (`role` in the spec): the
/// runtime's type, defined once in `dqe-spec-types`.
pub use dqe_spec_types::ParamRole;
