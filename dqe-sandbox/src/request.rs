//! A request as the sandbox reads it: its parameters as sent ([`Params`]), the same once the
//! checks passed with the scopes it asks for ([`Request`]), and what step 1 sent that the reply
//! data may give back ([`SentValues`]). Reading a value by the part its parameter plays (the
//! phone number, the partner's name, the redirect address) is here too.

use std::collections::HashMap;

use super::roles::Roles;
use dqe_client::__private::form_pairs;
use dqe_client::endpoint::{EndpointInfo, ParamInfo, ParamSource, ScopeInfo, ValueKind};

/// A request's parameters as sent, by wire name.
#[derive(Clone, Debug, Default)]
pub(super) struct Params(HashMap<String, String>);

impl Params {
    /// The parameters of a request: its query string, then its form body (a key in both takes
    /// the body's value), both read by the crate's one pair parser.
    pub(super) fn parse(query: Option<&str>, body: &[u8]) -> Self {
        let query = query.unwrap_or_default().as_bytes();
        Self(
            form_pairs(query)
                .chain(form_pairs(body))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The value sent under `wire`, empty or not.
    pub(super) fn get(&self, wire: &str) -> Option<&str> {
        self.0.get(wire).map(String::as_str)
    }

    /// The value sent for `p`, when there is one and it is not empty.
    pub(super) fn value(&self, p: Option<&ParamInfo>) -> Option<&str> {
        self.get(p?.wire).filter(|v| !v.is_empty())
    }

    /// The token the request carries to `info` (`""` when it has none).
    pub(super) fn token(&self, info: &EndpointInfo) -> &str {
        self.value(info.token_parameter()).unwrap_or_default()
    }

    /// The phone number the request carries, white space removed (`""` when it has none).
    pub(super) fn phone(&self, roles: &Roles) -> String {
        self.value(roles.phone)
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    /// The partner's name the request carries (`""` when it has none).
    pub(super) fn partner(&self, roles: &Roles) -> String {
        self.value(roles.partner).unwrap_or_default().to_owned()
    }

    /// The redirect address the request carries, if any.
    pub(super) fn redirect(&self, roles: &Roles) -> Option<String> {
        self.value(roles.redirect).map(str::to_owned)
    }
}

/// A request that passed the checks.
#[derive(Debug)]
pub(super) struct Request {
    /// Its parameters, by wire name.
    pub(super) params: Params,
    /// The scopes it asks for, each once, in its order (empty for an endpoint without scopes).
    pub(super) scopes: Vec<&'static ScopeInfo>,
}

/// What step 1 sent, kept for the reply data: each parameter the caller sets (Rust name), with
/// its value when one was sent and a scope asked for takes it (one no scope takes is ignored).
/// JSON-valued parameters are left out (they are checked, never given back), and so is the
/// redirect address (the flow keeps it already): a flow keeps no more than the sandbox's
/// limits on short values allow.
#[derive(Clone, Debug, Default)]
pub(super) struct SentValues {
    values: Vec<(&'static str, Option<String>)>,
}

impl SentValues {
    /// What `request` to `info` sent: the phone number without its white space, the redirect
    /// address left out.
    pub(super) fn of(info: &'static EndpointInfo, request: &Request, roles: &Roles) -> Self {
        let is = |role: Option<&ParamInfo>, p: &ParamInfo| role.is_some_and(|r| r.name == p.name);
        let params = &request.params;
        let values = info
            .params
            .iter()
            .filter(|p| p.source == ParamSource::Caller && !matches!(p.kind, ValueKind::Json(_)))
            .filter(|p| !is(roles.redirect, p))
            .map(|p| {
                let value = if is(roles.phone, p) {
                    Some(params.phone(roles))
                } else if p.is_taken_by(request.scopes.iter().map(|s| s.wire)) {
                    params.get(p.wire).map(str::to_owned)
                } else {
                    None
                };
                (p.name, value.filter(|v| !v.is_empty()))
            })
            .collect();
        Self { values }
    }

    /// Values as given, for tests.
    #[cfg(test)]
    pub(super) fn from_values(values: Vec<(&'static str, Option<String>)>) -> Self {
        Self { values }
    }

    /// `Some(value sent)` for a parameter of step 1 (`Some(None)`: none was sent); `None` for
    /// a name that is no parameter.
    pub(super) fn get(&self, name: &str) -> Option<Option<&str>> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_deref())
    }
}
