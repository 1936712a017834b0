//! What the runtime needs of a spec to run its consent journey: the [`Journey`] trait, which
//! `generate_api!` implements for the `Api` type it generates when the spec has a `[journey]`
//! table.
//!
//! [`Client`](crate::client::Client), its flow types, the blocking client and the sandbox are
//! generic over it: they default to this crate's own [`Api`](crate::Api) (the shipped spec),
//! and serve a crate's own spec as well. In your crate, with your spec beside `src/` (the
//! shipped one plus a private scope, or a subset):
//!
//! ```ignore
//! dqe_client::generate_api!("../spec"); // relative to this file, as `include_str!`
//! ```
//!
//! gives your `Api`, and the runtime is named with it where the shipped spec's is the default.
//! With this crate's own `Api` standing in for yours:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use dqe_client::client::{ClientBuilder, Error, Flow};
//! use dqe_client::{Api, InitiateError, InitiateRequest};
//!
//! // The server and the credentials from the variables your spec names.
//! let client = ClientBuilder::<Api>::new().with_env()?.build()?;
//! let request = InitiateRequest::new().number("0612345678").name("ACME").formfilling();
//! let consent = match client.initiate(&request).await {
//!     Ok(consent) => consent,
//!     // Your spec's own error enum.
//!     Err(Error::Api(InitiateError::OperatorNotFound { .. })) => return Ok(()),
//!     Err(e) => return Err(e.into()),
//! };
//! let flow: &Flow<Api> = consent.flow();
//! let data = client.wait(flow, Duration::from_secs(180)).await?;
//! # Ok(()) }
//! ```
//!
//! The repository's `examples/own-spec` crate does this with a spec of its own, its sandbox
//! included (`Sandbox::start_for::<Api>`).

use std::fmt;

use crate::dynamic::CredentialSet;
use crate::endpoint::{
    CallbackError, Endpoint, EndpointInfo, MissingCredential, NoPending, Reply, ScopeInfo,
    TokenEndpoint, TokenGrant,
};
use crate::types::List;

/// What the spec says of its consent journey, read at run time (by the sandbox and the CLI).
#[derive(Clone, Copy, Debug)]
pub struct ApiInfo {
    /// The API's name.
    pub name: &'static str,
    /// The environment variable holding the server's address, if the spec names one.
    pub server_env: Option<&'static str>,
    /// Every scope of the spec, in order.
    pub scopes: &'static [ScopeInfo],
    /// The endpoint that issues tokens.
    pub token: &'static EndpointInfo,
    /// Step 1: the consent request.
    pub consent: &'static EndpointInfo,
    /// Step 2: retrieving the data.
    pub retrieve: &'static EndpointInfo,
    /// The key naming a reply's outcome (its status).
    pub status_key: &'static str,
    /// The status of an error reply.
    pub error_status: &'static str,
    /// The key of an error reply's id.
    pub error_id_key: &'static str,
    /// The key of an error reply's text.
    pub error_text_key: &'static str,
    /// The key of the token endpoint's success holding the token.
    pub token_key: &'static str,
    /// The key of the token endpoint's success holding its lifetime, if it has one.
    pub token_lifetime_key: Option<&'static str>,
    /// The key of step 1's success holding the consent URL.
    pub consent_url_key: &'static str,
    /// The key of step 1's success naming the operator, if the spec names one.
    pub operator_key: Option<&'static str>,
}

impl ApiInfo {
    /// The scope with this wire value.
    pub fn scope(&self, wire: &str) -> Option<&'static ScopeInfo> {
        self.scopes.iter().find(|s| s.wire == wire)
    }

    /// The scopes asked for when a request names none ([`ScopeInfo::default`], as the
    /// generator emitted it).
    pub fn default_scopes(&self) -> impl Iterator<Item = &'static ScopeInfo> + use<> {
        self.scopes.iter().filter(|s| s.default)
    }

    /// The scopes a request naming `named` asks for: those, or the default scopes
    /// ([`ApiInfo::default_scopes`]) when it names none.
    pub fn scopes_asked(&self, named: &[&'static ScopeInfo]) -> Vec<&'static ScopeInfo> {
        if named.is_empty() {
            self.default_scopes().collect()
        } else {
            named.to_vec()
        }
    }

    /// Whether a step 1 naming the scopes `named` needs the customer's consent (a consent URL, then
    /// step 2), the one runtime answer (the client's check of the consent URL and its `start`, the
    /// sandbox's step 1): one of the scopes asked for ([`ApiInfo::scopes_asked`]) needs it
    /// ([`ScopeInfo::needs_consent`]).
    ///
    /// A request asking for no scope at all (none named, none default) needs it too: nothing says
    /// it is answered at once.
    pub fn needs_consent(&self, named: &[&'static ScopeInfo]) -> bool {
        let asked = self.scopes_asked(named);
        asked.is_empty() || asked.iter().any(|s| s.needs_consent)
    }
}

/// The success outcome of a reply type.
pub type SuccessOf<R> = <R as Reply>::Success;
/// The pending outcome of a reply type.
pub type PendingOf<R> = <R as Reply>::Pending;
/// The error enum of a reply type.
pub type ErrorOf<R> = <R as Reply>::Error;
// The aliases below name an API's types by the journey's steps. Each ends in `Of`, like the
// three above, so that rustdoc never shows a name that is also a generated type's (the
// generated `RetrieveError` enum is what `RetrieveErrorOf<Api>` stands for).

/// The error enum of an API's token endpoint.
pub type TokenErrorOf<A> = ErrorOf<<<A as Journey>::Token as Endpoint>::Reply>;
/// The error enum of an API's step 1.
pub type ConsentErrorOf<A> = ErrorOf<<A as Journey>::ConsentReply>;
/// What an API's step 1 answers on success.
pub type ConsentSuccessOf<A> = SuccessOf<<A as Journey>::ConsentReply>;
/// The error enum of an API's step 2.
pub type RetrieveErrorOf<A> = ErrorOf<<<A as Journey>::Retrieve as Endpoint>::Reply>;
/// What an API's step 2 answers with the data.
pub type RetrieveSuccessOf<A> = SuccessOf<<<A as Journey>::Retrieve as Endpoint>::Reply>;
/// What an API's step 2 answers while the data is not ready.
pub type RetrievePendingOf<A> = PendingOf<<<A as Journey>::Retrieve as Endpoint>::Reply>;

/// The consent journey of a spec: the types `generate_api!` generated for it and how they fit
/// together.
///
/// Implemented by the generated `Api` type (an empty enum: it only names the spec); not meant to be
/// implemented by hand.
pub trait Journey:
    Sized + Copy + fmt::Debug + PartialEq + Eq + Send + Sync + Unpin + 'static
{
    /// The credentials (`Credentials`).
    type Credentials: CredentialSet + Clone + fmt::Debug + Send + Sync + 'static;
    /// The scopes (`Scope`).
    type Scope: Clone
        + fmt::Debug
        + PartialEq
        + Send
        + Sync
        + Unpin
        + 'static
        + crate::types::WireValue
        + crate::types::FieldType;
    /// The request of the token endpoint.
    type Token: TokenEndpoint<Credentials = Self::Credentials, Reply: Reply<Success: TokenGrant>>
        + Send
        + Sync;
    /// Step 1's reply: no pending outcome.
    type ConsentReply: Reply<Pending = NoPending>;
    /// Step 2's complete request, built from the flow's scopes alone.
    type Retrieve: Endpoint<Credentials = Self::Credentials> + Send + Sync;

    /// What the spec says of the journey.
    const INFO: &'static ApiInfo;

    /// The credentials from their environment variables.
    ///
    /// # Errors
    /// The first one that is missing.
    fn credentials_from_env() -> Result<Self::Credentials, MissingCredential>;

    /// What the spec says of a scope; `None` for one it does not list.
    fn scope_info(scope: &Self::Scope) -> Option<&'static ScopeInfo>;

    /// Step 2's request for a flow that asked for `scopes`.
    fn retrieve(scopes: List<Self::Scope>) -> Self::Retrieve;

    /// Where step 1's success sends the customer's browser.
    fn consent_url(reply: &ConsentSuccessOf<Self>) -> Option<&str>;

    /// The operator step 1's success names, if the spec has such a key.
    fn operator(reply: &ConsentSuccessOf<Self>) -> Option<&str>;

    /// The token a browser callback (a redirect URL or its query string) carries.
    ///
    /// # Errors
    /// The key that is missing or not understood.
    fn callback_token(query: &str) -> Result<String, CallbackError>;

    /// The query string the customer's browser is sent back with: the flow's token, and
    /// whether the customer approved.
    fn callback_query(token: &str, approved: bool) -> String;
}

#[cfg(test)]
mod tests {
    use super::{ApiInfo, EndpointInfo, ScopeInfo};

    const fn scope(wire: &'static str, needs_consent: bool, default: bool) -> ScopeInfo {
        ScopeInfo {
            wire,
            description: "",
            customer_text: &[],
            one_step: !needs_consent,
            needs_consent,
            default,
            requires: &[],
            errors: &[],
        }
    }

    const ENDPOINT: EndpointInfo = EndpointInfo {
        name: "e",
        path: "/e",
        methods: &[],
        idempotent: false,
        max_body: None,
        params: &[],
        token_param: None,
        scope_param: None,
        errors: &[],
        situations: &[],
        outcomes: &[],
    };

    /// An API with these scopes.
    fn api(scopes: &'static [ScopeInfo]) -> ApiInfo {
        ApiInfo {
            name: "api",
            server_env: None,
            scopes,
            token: &ENDPOINT,
            consent: &ENDPOINT,
            retrieve: &ENDPOINT,
            status_key: "status",
            error_status: "error",
            error_id_key: "error_id",
            error_text_key: "error_type",
            token_key: "token",
            token_lifetime_key: None,
            consent_url_key: "url",
            operator_key: None,
        }
    }

    static SCOPES: [ScopeInfo; 3] = [
        scope("two_steps", true, false),
        scope("at_once", false, true),
        scope("also_at_once", false, false),
    ];

    #[test]
    fn consent_is_needed_when_a_scope_asked_for_needs_it() {
        let api = api(&SCOPES);
        let [two, once, also] = [&SCOPES[0], &SCOPES[1], &SCOPES[2]];
        assert!(api.needs_consent(&[two]));
        assert!(api.needs_consent(&[once, two]));
        assert!(!api.needs_consent(&[once, also]));
        // None named: the default scopes, answered at once here.
        assert_eq!(
            api.scopes_asked(&[])
                .iter()
                .map(|s| s.wire)
                .collect::<Vec<_>>(),
            ["at_once"]
        );
        assert!(!api.needs_consent(&[]));
    }

    #[test]
    fn no_scope_at_all_needs_consent() {
        static NO_DEFAULT: [ScopeInfo; 1] = [scope("at_once", false, false)];
        let api = api(&NO_DEFAULT);
        assert!(api.scopes_asked(&[]).is_empty());
        assert!(api.needs_consent(&[]));
    }
}
