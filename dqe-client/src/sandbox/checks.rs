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
        (None | Some(""), Need::ForScope(_)) => Err(situation_error(info, empty)),
        (Some(""), Need::Always) if info.situation(empty).is_some() => {
            Err(situation_error(info, empty))
        }
        (None | Some(""), Need::Always) => Err(situation_error(info, Situation::MissingParameter)),
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

#[cfg(test)]
mod tests {
    //! The checks called directly, on requests made from a form body, with this crate's spec:
    //! each refusal is named by the situation the spec answers for it.

    use super::*;
    use crate::journey::Journey;
    use crate::sandbox::config::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE};

    /// The one token the checks take as live.
    const LIVE: &str = "sbx-live";

    /// What this crate's spec says of its journey.
    fn api() -> &'static ApiInfo {
        crate::Api::INFO
    }

    /// The checks of `form`, sent by POST to `info`, with the default account and [`LIVE`].
    fn check(info: &'static EndpointInfo, form: &str) -> Result<Request, Refusal> {
        let accounts = [(DEFAULT_LICENCE.to_owned(), DEFAULT_CLIENT_SECRET.to_owned())];
        let is_live = |token: &str| token == LIVE;
        let checks = Checks {
            api: api(),
            accounts: &accounts,
            is_live: &is_live,
        };
        checks.accept(info, "POST", None, Ok(form.as_bytes()))
    }

    /// A step 1 form that passes (asking for `formfilling`), with `changes`: a value to set
    /// (added when the form has none), or `None` to leave the parameter out.
    fn step1(changes: &[(&str, Option<&str>)]) -> Result<Request, Refusal> {
        let mut pairs = vec![
            ("number", Some("0612345678")),
            ("name", Some("Shop")),
            ("licence", Some(DEFAULT_LICENCE)),
            ("token", Some(LIVE)),
            ("scope", Some("formfilling")),
        ];
        for &(key, value) in changes {
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(pair) => pair.1 = value,
                None => pairs.push((key, value)),
            }
        }
        let form: Vec<String> = pairs
            .into_iter()
            .filter_map(|(k, v)| Some(format!("{k}={}", v?)))
            .collect();
        check(api().consent, &form.join("&"))
    }

    /// The documented error `info`'s spec names for `situation`.
    fn named(info: &EndpointInfo, situation: Situation) -> &'static str {
        info.situation(situation)
            .unwrap_or_else(|| panic!("the spec names no error for {situation:?}"))
    }

    /// The HTTP status and the documented error a refused request gets.
    fn refusal(checked: Result<Request, Refusal>) -> (StatusCode, &'static str) {
        match checked {
            Err(Refusal::Error { status, error }) => (status, error.id),
            Err(Refusal::Method) => panic!("refused for its method"),
            Ok(request) => panic!("accepted: {request:?}"),
        }
    }

    /// The scopes an accepted request asks for.
    fn scopes(checked: Result<Request, Refusal>) -> Vec<&'static str> {
        match checked {
            Ok(request) => request.scopes.iter().map(|s| s.wire).collect(),
            Err(refusal) => panic!("refused: {refusal:?}"),
        }
    }

    #[test]
    fn a_complete_request_is_accepted_with_its_scopes_each_once() {
        assert_eq!(scopes(step1(&[])), ["formfilling"]);
        let both = step1(&[("scope", Some("formfilling, numVerify,formfilling"))]);
        assert_eq!(scopes(both), ["formfilling", "numVerify"]);
    }

    #[test]
    fn a_missing_mandatory_parameter_is_the_missing_parameter_error() {
        let info = api().consent;
        let missing = (
            StatusCode::BAD_REQUEST,
            named(info, Situation::MissingParameter),
        );
        assert_eq!(refusal(step1(&[("name", None)])), missing);
        assert_eq!(refusal(step1(&[("number", None)])), missing);
        let token = api().token;
        let form = format!("licence={DEFAULT_LICENCE}&client_secret={DEFAULT_CLIENT_SECRET}");
        assert_eq!(
            refusal(check(token, &form)),
            (
                StatusCode::BAD_REQUEST,
                named(token, Situation::MissingParameter)
            ),
            "grant_type left out"
        );
    }

    #[test]
    fn a_scope_asked_for_requires_its_parameters() {
        let info = api().consent;
        let empty = (
            StatusCode::BAD_REQUEST,
            named(info, Situation::Empty("user_infos")),
        );
        assert_eq!(refusal(step1(&[("scope", Some("matching"))])), empty);
        let with_empty = [("scope", Some("matching")), ("user_infos", Some(""))];
        assert_eq!(refusal(step1(&with_empty)), empty);
        let given = r#"{"phone":"0612345678"}"#;
        let with_value = [("scope", Some("matching")), ("user_infos", Some(given))];
        assert_eq!(scopes(step1(&with_value)), ["matching"]);
    }

    #[test]
    fn an_unknown_scope_is_the_invalid_scope_error() {
        let info = api().consent;
        let invalid = (
            StatusCode::BAD_REQUEST,
            named(info, Situation::InvalidScope),
        );
        assert_eq!(refusal(step1(&[("scope", Some("nope"))])), invalid);
        assert_eq!(
            refusal(step1(&[("scope", Some("formfilling,nope"))])),
            invalid
        );
    }

    #[test]
    fn a_parameter_the_scopes_asked_for_do_not_take_is_ignored() {
        // `formfilling` does without `user_infos`: a value that is not JSON is not looked at.
        let not_json = [("user_infos", Some("not json"))];
        assert_eq!(scopes(step1(&not_json)), ["formfilling"]);
        // `matching` takes it: the same value is refused.
        let info = api().consent;
        let matching = [
            ("scope", Some("matching")),
            ("user_infos", Some("not json")),
        ];
        assert_eq!(
            refusal(step1(&matching)),
            (
                StatusCode::BAD_REQUEST,
                named(info, Situation::NotJson("user_infos"))
            )
        );
    }

    #[test]
    fn a_wrong_credential_is_its_own_error() {
        let info = api().consent;
        assert_eq!(
            refusal(step1(&[("licence", Some("WRONG"))])),
            (
                StatusCode::BAD_REQUEST,
                named(info, Situation::Credential("licence"))
            )
        );
        let token = api().token;
        let grant = token
            .params
            .iter()
            .find_map(|p| match p.source {
                ParamSource::Fixed(value) => Some(format!("{}={value}", p.wire)),
                _ => None,
            })
            .unwrap_or_default();
        let form = format!("licence={DEFAULT_LICENCE}&client_secret=WRONG&{grant}");
        assert_eq!(
            refusal(check(token, &form)),
            (
                StatusCode::BAD_REQUEST,
                named(token, Situation::Credential("client_secret"))
            )
        );
        let right =
            format!("licence={DEFAULT_LICENCE}&client_secret={DEFAULT_CLIENT_SECRET}&{grant}");
        assert_eq!(scopes(check(token, &right)), Vec::<&str>::new());
    }

    #[test]
    fn an_empty_value_is_the_error_the_spec_names_for_it_else_a_missing_one() {
        let info = api().consent;
        assert_eq!(
            refusal(step1(&[("number", Some(""))])),
            (
                StatusCode::BAD_REQUEST,
                named(info, Situation::Empty("number"))
            )
        );
        assert_eq!(
            refusal(step1(&[("name", Some(""))])),
            (
                StatusCode::BAD_REQUEST,
                named(info, Situation::MissingParameter)
            )
        );
    }

    #[test]
    fn a_token_that_is_not_live_is_the_invalid_token_error() {
        let info = api().consent;
        assert_eq!(
            refusal(step1(&[("token", Some("sbx-expired"))])),
            (
                StatusCode::BAD_REQUEST,
                named(info, Situation::InvalidToken)
            )
        );
    }

    #[test]
    fn the_method_the_body_and_the_length_of_values_come_first() {
        let info = api().consent;
        let invalid = named(info, Situation::InvalidValue);
        let accounts: [(String, String); 0] = [];
        let checks = Checks {
            api: api(),
            accounts: &accounts,
            is_live: &|_| false,
        };
        let method = checks.accept(info, "DELETE", None, Ok(b""));
        assert!(matches!(method, Err(Refusal::Method)), "{method:?}");
        let body = checks.accept(info, "POST", None, Err(StatusCode::PAYLOAD_TOO_LARGE));
        assert_eq!(refusal(body), (StatusCode::PAYLOAD_TOO_LARGE, invalid));
        let long = "x".repeat(MAX_VALUE_BYTES + 1);
        assert_eq!(
            refusal(step1(&[("name", Some(&long))])),
            (StatusCode::BAD_REQUEST, invalid)
        );
    }
}
