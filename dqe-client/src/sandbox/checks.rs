//! The checks every API request goes through before it is answered: its method, the size of
//! its values, then the spec's parameter list and the scopes it asks for (each scope's own
//! parameters; a parameter no scope asked for takes is ignored, as DQE ignores it), each
//! failure answered with the documented error the spec names for that situation.

use std::collections::HashMap;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{Method as HttpMethod, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::endpoints::ServedEndpoint;
use super::roles::Roles;
use super::scenario::DEFAULT_OPERATOR;
use super::{MAX_JSON_BYTES, MAX_URL_BYTES, MAX_VALUE_BYTES, Shared};
use crate::__private::form_pairs;
use crate::endpoint::{
    EndpointInfo, ErrorInfo, Need, ParamInfo, ParamSource, Piece, ScopeInfo, Situation, ValueKind,
    list_items,
};
use crate::journey::ApiInfo;

/// A request's parameters, by wire name.
pub(super) type Params = HashMap<String, String>;

/// The parameters of a request: its query string, then its form body (a key in both takes the
/// body's value), both read by the crate's one pair parser.
pub(super) fn request_params(query: Option<&str>, body: &[u8]) -> Params {
    let query = query.unwrap_or_default().as_bytes();
    form_pairs(query)
        .chain(form_pairs(body))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The documented error for a situation, falling back to the spec's `invalid_value`, then
/// `missing_parameter` answer, then to the endpoint's first error.
pub(super) fn situation_error(
    info: &'static EndpointInfo,
    situation: Situation,
) -> &'static ErrorInfo {
    info.situation(situation)
        .or_else(|| info.situation(Situation::InvalidValue))
        .or_else(|| info.situation(Situation::MissingParameter))
        .and_then(|id| info.error(id))
        .or_else(|| info.errors.first())
        .unwrap_or(&FALLBACK)
}

/// The error answered when the spec documents none that fits.
pub(super) static FALLBACK: ErrorInfo = ErrorInfo {
    id: "00",
    text: "the sandbox cannot answer this request",
    template: &[Piece::Lit("the sandbox cannot answer this request")],
    description: "",
    retryable: false,
};

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

/// Checks the credentials a request carries: the licence is an account's, and each further
/// credential (the secret) is that account's. Checked first, as a server checks who is calling
/// before what is asked.
fn check_credentials(
    shared: &Shared,
    info: &'static EndpointInfo,
    params: &Params,
) -> Result<(), &'static ErrorInfo> {
    let accounts = &shared.config.accounts;
    let mut licence = None;
    for p in info.params {
        let ParamSource::Credential(name) = p.source else {
            continue;
        };
        let value = params.get(p.wire).map(String::as_str);
        let Some(v) = value.filter(|v| !v.is_empty()) else {
            return Err(situation_error(info, Situation::MissingParameter));
        };
        let ok = match licence {
            None => accounts.iter().any(|(l, _)| l == v),
            Some(l) => accounts.iter().any(|(al, s)| al == l && s == v),
        };
        if !ok {
            return Err(situation_error(info, Situation::Credential(name)));
        }
        licence.get_or_insert(v);
    }
    Ok(())
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
    let sent = params.get(p.wire).map_or("", String::as_str);
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

/// Checks a request against the spec's parameter list and the scopes it asks for; the scopes,
/// or the error to answer.
fn check_request(
    shared: &Shared,
    info: &'static EndpointInfo,
    params: &Params,
) -> Result<Vec<&'static ScopeInfo>, &'static ErrorInfo> {
    check_credentials(shared, info, params)?;
    let scopes = asked_scopes(shared.api, info, params)?;
    for p in info
        .params
        .iter()
        .filter(|p| p.is_taken_by(scopes.iter().map(|s| s.wire)))
    {
        let v = params.get(p.wire).map(String::as_str);
        match p.source {
            ParamSource::Credential(_) => {}
            ParamSource::Fixed(expected) => match v {
                None | Some("") => return Err(situation_error(info, Situation::MissingParameter)),
                Some(v) if v != expected => {
                    return Err(situation_error(info, Situation::FixedMismatch));
                }
                Some(_) => {}
            },
            ParamSource::Token => {
                let Some(t) = v.filter(|t| !t.is_empty()) else {
                    return Err(situation_error(info, Situation::MissingParameter));
                };
                if !shared.store().fresh(t, Instant::now()) {
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

/// A request that passed the checks.
pub(super) struct Checked {
    /// Its parameters, by wire name.
    pub(super) params: Params,
    /// The scopes it asks for, each once, in its order (empty for an endpoint without scopes).
    pub(super) scopes: Vec<&'static ScopeInfo>,
}

/// What every endpoint does first: check the method, read the parameters within their bounds
/// and check them against the spec. `Err` is the reply to send at once.
pub(super) fn accept(
    shared: &Shared,
    endpoint: ServedEndpoint,
    method: &HttpMethod,
    query: Option<&str>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Checked, Box<Response>> {
    let info = endpoint.info;
    if !info.methods.iter().any(|m| m.as_str() == method.as_str()) {
        return Err(Box::new(StatusCode::METHOD_NOT_ALLOWED.into_response()));
    }
    let refuse = |status, e| Box::new(endpoint.error(status, e, DEFAULT_OPERATOR));
    let invalid = situation_error(info, Situation::InvalidValue);
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => refuse(StatusCode::PAYLOAD_TOO_LARGE, invalid),
        _ => refuse(StatusCode::BAD_REQUEST, invalid),
    })?;
    let params = request_params(query, &body);
    let roles = Roles::of(info);
    let too_long = info.params.iter().any(|p| {
        params
            .get(p.wire)
            .is_some_and(|v| !acceptable(&roles, p, v))
    });
    if too_long {
        return Err(refuse(StatusCode::BAD_REQUEST, invalid));
    }
    let scopes =
        check_request(shared, info, &params).map_err(|e| refuse(StatusCode::BAD_REQUEST, e))?;
    Ok(Checked { params, scopes })
}
