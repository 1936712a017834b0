//! The checks every API request goes through before it is answered: its method, the size of
//! its values, who is calling (the credentials), then the spec's parameter list and the scopes
//! it asks for (each scope's own parameters; a parameter no scope asked for takes is ignored,
//! as DQE ignores it). A request that fails one is refused ([`Refusal`]) with the documented
//! error the spec names for that situation; nothing here writes a reply.
//!
//! What a request needs of each parameter, given its scopes, is
//! [`ParamInfo::need`](crate::endpoint::ParamInfo::need)'s to say, and which parameters the
//! scopes take [`ParamInfo::is_taken_by`](crate::endpoint::ParamInfo::is_taken_by)'s: the
//! checks decide neither.

use axum::http::StatusCode;
use serde_json::Value;

use super::config::{MAX_JSON_BYTES, MAX_URL_BYTES, MAX_VALUE_BYTES};
use super::errors::{Refusal, situation_error};
use super::request::{Params, Request};
use super::roles::Roles;
use crate::endpoint::{
    EndpointInfo, ErrorInfo, Need, ParamInfo, ParamSource, ScopeInfo, Situation, ValueKind,
    list_items,
};
use crate::journey::ApiInfo;

/// What the checks know besides the request: the spec served, the accounts and which tokens
/// are live.
pub(super) struct Checks<'a> {
    /// What the spec says of the journey served (its scopes).
    pub(super) api: &'static ApiInfo,
    /// The accepted `(licence, client secret)` pairs.
    pub(super) accounts: &'a [(String, String)],
    /// Whether a token is live now.
    pub(super) is_live: &'a dyn Fn(&str) -> bool,
}

impl Checks<'_> {
    /// What every endpoint does first: check the method, read the parameters (the query
    /// string, then the body: `Err` holds the HTTP status the body was refused with) within
    /// their bounds and check them against the spec. `Err` is the refusal to answer at once.
    pub(super) fn accept(
        &self,
        info: &'static EndpointInfo,
        method: &str,
        query: Option<&str>,
        body: Result<&[u8], StatusCode>,
    ) -> Result<Request, Refusal> {
        if !info.methods.iter().any(|m| m.as_str() == method) {
            return Err(Refusal::Method);
        }
        let invalid = situation_error(info, Situation::InvalidValue);
        let body = body.map_err(|status| match status {
            StatusCode::PAYLOAD_TOO_LARGE => Refusal::Error {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                error: invalid,
            },
            _ => Refusal::bad_request(invalid),
        })?;
        let params = Params::parse(query, body);
        let roles = Roles::of(info);
        let too_long = info.params.iter().any(|p| {
            params
                .get(p.wire)
                .is_some_and(|v| !acceptable(&roles, p, v))
        });
        if too_long {
            return Err(Refusal::bad_request(invalid));
        }
        let scopes = self.check(info, &params).map_err(Refusal::bad_request)?;
        Ok(Request { params, scopes })
    }

    /// Checks a request against the spec's parameter list and the scopes it asks for; the
    /// scopes, or the error to answer.
    fn check(
        &self,
        info: &'static EndpointInfo,
        params: &Params,
    ) -> Result<Vec<&'static ScopeInfo>, &'static ErrorInfo> {
        self.check_credentials(info, params)?;
        let scopes = asked_scopes(self.api, info, params)?;
        for p in info
            .params
            .iter()
            .filter(|p| p.is_taken_by(scopes.iter().map(|s| s.wire)))
        {
            let v = params.get(p.wire);
            match p.source {
                ParamSource::Credential(_) => {}
                ParamSource::Fixed(expected) => match v {
                    None | Some("") => {
                        return Err(situation_error(info, Situation::MissingParameter));
                    }
                    Some(v) if v != expected => {
                        return Err(situation_error(info, Situation::FixedMismatch));
                    }
                    Some(_) => {}
                },
                ParamSource::Token => {
                    let Some(t) = v.filter(|t| !t.is_empty()) else {
                        return Err(situation_error(info, Situation::MissingParameter));
                    };
                    if !(self.is_live)(t) {
                        return Err(situation_error(info, Situation::InvalidToken));
                    }
                }
                // Checked by `asked_scopes`.
                ParamSource::Caller if p.scopes => {}
                ParamSource::Caller => check_caller_value(info, p, v, p.need(&scopes))?,
            }
        }
        Ok(scopes)
    }

    /// Checks the credentials a request carries: the licence is an account's, and each
    /// further credential (the secret) is that account's. Checked first, as a server checks
    /// who is calling before what is asked.
    fn check_credentials(
        &self,
        info: &'static EndpointInfo,
        params: &Params,
    ) -> Result<(), &'static ErrorInfo> {
        let mut licence = None;
        for p in info.params {
            let ParamSource::Credential(name) = p.source else {
                continue;
            };
            let Some(v) = params.get(p.wire).filter(|v| !v.is_empty()) else {
                return Err(situation_error(info, Situation::MissingParameter));
            };
            let ok = match licence {
                None => self.accounts.iter().any(|(l, _)| l == v),
                Some(l) => self.accounts.iter().any(|(al, s)| al == l && s == v),
            };
            if !ok {
                return Err(situation_error(info, Situation::Credential(name)));
            }
            licence.get_or_insert(v);
        }
        Ok(())
    }
}

/// Whether a value is one DQE could take for this parameter: not longer than
/// [`MAX_VALUE_BYTES`]; a JSON-valued one up to [`MAX_JSON_BYTES`]; the redirect address up to
/// [`MAX_URL_BYTES`], without control characters (it becomes a `Location` header).
fn acceptable(roles: &Roles, p: &ParamInfo, value: &str) -> bool {
    if roles.is_redirect(p) {
        value.len() <= MAX_URL_BYTES && !value.chars().any(char::is_control)
    } else if matches!(p.kind, ValueKind::Json(_)) {
        value.len() <= MAX_JSON_BYTES
    } else {
        value.len() <= MAX_VALUE_BYTES
    }
}

/// The scopes a request asks for, in its order, each once: those of its scope-list parameter,
/// or the spec's default scopes when it sends none and the parameter is optional. Empty for an
/// endpoint without a scope list. A scope the spec (`api`) does not list is the spec's
/// invalid-scope error; no scope at all where one is mandatory, its missing-parameter error.
fn asked_scopes(
    api: &ApiInfo,
    info: &'static EndpointInfo,
    params: &Params,
) -> Result<Vec<&'static ScopeInfo>, &'static ErrorInfo> {
    let Some(p) = info.params.iter().find(|p| p.scopes) else {
        return Ok(Vec::new());
    };
    let sent = params.get(p.wire).unwrap_or_default();
    let mut scopes: Vec<&'static ScopeInfo> = Vec::new();
    for item in list_items(sent) {
        let Some(scope) = api.scope(item) else {
            return Err(situation_error(info, Situation::InvalidScope));
        };
        if !scopes.iter().any(|s| s.wire == scope.wire) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        if p.required {
            return Err(situation_error(info, Situation::MissingParameter));
        }
        scopes = api.default_scopes().collect();
    }
    Ok(scopes)
}

/// Checks a caller's parameter: present and not empty when needed (a scope's parameter gets
/// the error the spec names for it being empty), then within its values and of its kind: a
/// whole number, or a JSON object with the keys the spec names an error for.
fn check_caller_value(
    info: &'static EndpointInfo,
    p: &ParamInfo,
    value: Option<&str>,
    need: Need,
) -> Result<(), &'static ErrorInfo> {
    let empty = Situation::Empty(p.name);
    match (value, need) {
        (None | Some(""), Need::Scope(_)) => Err(situation_error(info, empty)),
        (Some(""), Need::Endpoint) if info.situation(empty).is_some() => {
            Err(situation_error(info, empty))
        }
        (None | Some(""), Need::Endpoint) => {
            Err(situation_error(info, Situation::MissingParameter))
        }
        (None | Some(""), Need::No) => Ok(()),
        (Some(v), _) => check_value(info, p, v),
    }
}

/// Checks a value that was sent against its parameter's values and kind.
fn check_value(
    info: &'static EndpointInfo,
    p: &ParamInfo,
    v: &str,
) -> Result<(), &'static ErrorInfo> {
    let known = p.values.is_empty() || list_items(v).all(|s| p.values.contains(&s));
    let of_kind = match p.kind {
        ValueKind::Integer => v.bytes().all(|b| b.is_ascii_digit()) && v.parse::<u64>().is_ok(),
        ValueKind::Json(_) => return check_json(info, p, v),
        _ => true,
    };
    if known && of_kind {
        Ok(())
    } else {
        Err(situation_error(info, Situation::InvalidValue))
    }
}

/// Checks the value of a JSON-valued parameter: a JSON object, with a value (not `null` nor
/// `""`: DQE's objects have every key, empty when unknown) for each key the spec names an error
/// for when it is missing.
fn check_json(
    info: &'static EndpointInfo,
    p: &ParamInfo,
    v: &str,
) -> Result<(), &'static ErrorInfo> {
    let Ok(object) = serde_json::from_str::<serde_json::Map<String, Value>>(v) else {
        return Err(situation_error(info, Situation::NotJson(p.name)));
    };
    let missing = info
        .situations
        .iter()
        .find_map(|(situation, _)| match *situation {
            Situation::MissingKey(param, key) if param == p.name => {
                let given = object
                    .get(key)
                    .is_some_and(|v| !v.is_null() && v.as_str() != Some(""));
                (!given).then_some(*situation)
            }
            _ => None,
        });
    match missing {
        Some(situation) => Err(situation_error(info, situation)),
        None => Ok(()),
    }
}
