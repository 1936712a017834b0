//! The checks every API request goes through before it is answered: its method, the size of
//! its values, then the spec's parameter list, each failure answered with the documented error
//! the spec names for that situation.

use std::collections::HashMap;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{Method as HttpMethod, StatusCode};
use axum::response::{IntoResponse, Response};

use super::api::Api;
use super::scenario::DEFAULT_OPERATOR;
use super::{MAX_URL_BYTES, MAX_VALUE_BYTES, REDIRECT_PARAM, Shared};
use crate::__private::form_pairs;
use crate::Scope;
use crate::endpoint::{EndpointInfo, ErrorInfo, ParamInfo, ParamSource, Piece, Situation};

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

/// The items of a comma-separated value (scopes, enum values), trimmed, empty ones skipped.
pub(super) fn list_items(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
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
/// [`MAX_VALUE_BYTES`]; the redirect address up to [`MAX_URL_BYTES`], without control
/// characters (it becomes a `Location` header).
fn acceptable(p: &ParamInfo, value: &str) -> bool {
    if p.name == REDIRECT_PARAM {
        value.len() <= MAX_URL_BYTES && !value.chars().any(char::is_control)
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

/// Checks a caller's parameter: present when required, not empty where the spec names an
/// error for that, and within its scopes or values.
fn check_caller_value(
    info: &'static EndpointInfo,
    p: &ParamInfo,
    value: Option<&str>,
) -> Result<(), &'static ErrorInfo> {
    match value {
        None if p.required => Err(situation_error(info, Situation::MissingParameter)),
        None => Ok(()),
        Some("") => {
            let empty = Situation::Empty(p.name);
            if info.situation(empty).is_some() {
                return Err(situation_error(info, empty));
            }
            if p.required {
                return Err(situation_error(info, Situation::MissingParameter));
            }
            Ok(())
        }
        Some(v) => {
            if p.scopes && list_items(v).any(|s| matches!(Scope::from(s), Scope::Other(_))) {
                return Err(situation_error(info, Situation::InvalidScope));
            }
            if !p.values.is_empty() && list_items(v).any(|s| !p.values.contains(&s)) {
                return Err(situation_error(info, Situation::InvalidValue));
            }
            Ok(())
        }
    }
}

/// Checks a request against the spec's parameter list; the error to answer, if any.
fn check_request(
    shared: &Shared,
    info: &'static EndpointInfo,
    params: &Params,
) -> Result<(), &'static ErrorInfo> {
    check_credentials(shared, info, params)?;
    for p in info.params {
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
            ParamSource::Caller => check_caller_value(info, p, v)?,
        }
    }
    Ok(())
}

/// What every endpoint does first: check the method, read the parameters within their bounds
/// and check them against the spec. `Err` is the reply to send at once.
pub(super) fn accept(
    shared: &Shared,
    endpoint: Api,
    method: &HttpMethod,
    query: Option<&str>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Params, Box<Response>> {
    let info = endpoint.info;
    if !info.methods.iter().any(|m| m.as_str() == method.as_str()) {
        return Err(Box::new(StatusCode::METHOD_NOT_ALLOWED.into_response()));
    }
    let refuse = |status, e| Box::new((endpoint.error_reply)(status, e, DEFAULT_OPERATOR));
    let invalid = situation_error(info, Situation::InvalidValue);
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => refuse(StatusCode::PAYLOAD_TOO_LARGE, invalid),
        _ => refuse(StatusCode::BAD_REQUEST, invalid),
    })?;
    let params = request_params(query, &body);
    let too_long = info
        .params
        .iter()
        .any(|p| params.get(p.wire).is_some_and(|v| !acceptable(p, v)));
    if too_long {
        return Err(refuse(StatusCode::BAD_REQUEST, invalid));
    }
    check_request(shared, info, &params).map_err(|e| refuse(StatusCode::BAD_REQUEST, e))?;
    Ok(params)
}
