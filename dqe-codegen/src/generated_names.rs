//! The names of what the expansion generates, computed once from the model (as bon's
//! `BuilderGenCtx` holds a builder's names): `expand` writes these names and `validate`
//! checks that the spec declares none of them, so the two cannot disagree.

use crate::model::{Endpoint, Param, Scope};
use crate::names::{snake_case, upper_camel};

/// The enum of the spec's scopes.
pub const SCOPE_TYPE: &str = "Scope";
/// The struct of the credentials.
pub const CREDENTIALS_TYPE: &str = "Credentials";
/// The struct of the callback's keys.
pub const CALLBACK_TYPE: &str = "Callback";
/// The type naming the whole spec for the runtime (`impl Journey for Api`).
pub const API_TYPE: &str = "Api";
/// The types generated once for the whole API, which no enum or object can be named.
pub const API_TYPES: &[&str] = &[SCOPE_TYPE, CREDENTIALS_TYPE, CALLBACK_TYPE, API_TYPE];
/// The variant of an open enum (and of the scope enum) that keeps the values the spec does
/// not list.
pub const OTHER_VARIANT: &str = "Other";
/// The associated constant of every generated enum that lists its values.
pub const ALL_CONST: &str = "ALL";
/// The variant of an error enum for the ids the spec does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";
/// The field of every record that keeps what does not fit its type.
pub const ODDITIES_FIELD: &str = "oddities";
/// The field of every record that keeps the keys the spec does not know.
pub const EXTRA_FIELD: &str = "extra";

/// The Rust variant of a value that does not name one (`variant` left out): its wire value in
/// UpperCamelCase (`num_verify` -> `NumVerify`, `male` -> `Male`), for a scope as for a value
/// of an enum.
pub fn derived_variant(wire: &str) -> String {
    upper_camel(wire)
}

/// The request builder's method that asks for a scope (`NumVerify` -> `num_verify`), on an
/// endpoint with a `by_scope` parameter.
pub fn scope_method(s: &Scope) -> String {
    snake_case(&s.variant)
}
/// The methods of a request builder, which no setter can be named.
pub const BUILDER_METHODS: &[&str] = &["new", "to_form", "clone", "default", "fmt"];

/// The names one endpoint generates: `access_token` generates `AccessTokenRequest`,
/// `AccessTokenReply`... and a marker trait per mandatory parameter.
pub struct EndpointNames<'a> {
    /// The request builder (`AccessTokenRequest`).
    pub request: String,
    /// The enum of its replies (`AccessTokenReply`).
    pub reply: String,
    /// The alias of its builder with every mandatory parameter set (`InitiateReady`), for
    /// signatures; generated only when it has mandatory parameters.
    pub ready: String,
    /// The record of its success outcome (`AccessTokenSuccess`).
    pub success: String,
    /// The record of its pending outcome (`AccessTokenPending`).
    pub pending: String,
    /// The enum of its documented errors (`AccessTokenError`).
    pub error: String,
    /// The request builder's typestate: one entry per mandatory parameter the caller sets,
    /// in the parameters' order.
    pub mandatory: Vec<Mandatory<'a>>,
}

/// The typestate names of one mandatory parameter of a request builder.
pub struct Mandatory<'a> {
    /// The parameter.
    pub param: &'a Param,
    /// The builder's type parameter that says whether it is set (`NumberState`).
    pub state: String,
    /// The trait only a set parameter's state implements (`InitiateRequestHasNumber`); public
    /// and named in the compiler's message when the parameter is missing.
    pub marker: String,
}

impl<'a> EndpointNames<'a> {
    /// The names `e` generates.
    pub fn new(e: &'a Endpoint) -> Self {
        let base = upper_camel(&e.key.value);
        let request = format!("{base}Request");
        // A parameter a scope file adds is required with that scope only: its scope method
        // takes it, and the builder's typestate does not.
        let mandatory = e
            .params
            .iter()
            .filter(|p| p.is_mandatory())
            .map(|param| {
                let camel = upper_camel(&param.name.value);
                Mandatory {
                    param,
                    state: format!("{camel}State"),
                    marker: format!("{request}Has{camel}"),
                }
            })
            .collect();
        Self {
            reply: format!("{base}Reply"),
            ready: format!("{base}Ready"),
            success: format!("{base}Success"),
            pending: format!("{base}Pending"),
            error: format!("{base}Error"),
            request,
            mandatory,
        }
    }

    /// The types and traits it generates beside the spec's own (whether or not the endpoint
    /// has a pending outcome), each with the parameter it comes from, if one.
    pub fn items(&self) -> impl Iterator<Item = (&str, Option<&'a Param>)> {
        [
            &self.request,
            &self.ready,
            &self.reply,
            &self.success,
            &self.pending,
            &self.error,
        ]
        .into_iter()
        .map(|n| (n.as_str(), None))
        .chain(
            self.mandatory
                .iter()
                .map(|m| (m.marker.as_str(), Some(m.param))),
        )
    }
}
