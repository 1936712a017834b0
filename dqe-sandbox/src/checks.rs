//! The checks every API request goes through before it is answered: its method, the size of
//! its values, who is calling (the credentials), then the spec's parameter list and the scopes
//! it asks for (each scope's own parameters; a parameter no scope asked for takes is ignored,
//! as DQE ignores it). A request that fails one is refused ([`Refusal`]) with the documented
//! error the spec names for that situation; nothing here writes a reply.
//!
//! What a request needs of each parameter, given its scopes, is
//! [`ParamInfo::need`](dqe_client::endpoint::ParamInfo::need)'s to say, and which parameters the
//! scopes take [`ParamInfo::is_taken_by`](dqe_client::endpoint::ParamInfo::is_taken_by)'s: the
//! checks decide neither.

use axum::http::StatusCode;
use serde_json::Value;

use super::config::{MAX_JSON_BYTES, MAX_URL_BYTES, MAX_VALUE_BYTES};
use super::errors::{Refusal, situation_error, worded};
use super::request::{Params, Request};
use super::roles::Roles;
use dqe_client::endpoint::{
    EndpointInfo, ErrorInfo, Need, ParamInfo, ParamSource, ScopeInfo, Situation, Unaccepted,
    ValueKind, named_scopes,
};
use dqe_client::journey::ApiInfo;

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
        // Once the scopes are known, an error is in their words (`worded`), a scope's own
        // parameter's in that scope's.
        let word = |e| worded(info, e, &scopes);
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
                        return Err(word(situation_error(info, Situation::MissingParameter)));
                    }
                    Some(v) if v != expected => {
                        return Err(word(situation_error(info, Situation::FixedMismatch)));
                    }
                    Some(_) => {}
                },
                ParamSource::Token => {
                    let Some(t) = v.filter(|t| !t.is_empty()) else {
                        return Err(word(situation_error(info, Situation::MissingParameter)));
                    };
                    if !(self.is_live)(t) {
                        return Err(word(situation_error(info, Situation::InvalidToken)));
                    }
                }
                // Checked by `asked_scopes`.
                ParamSource::Caller if Some(p.name) == info.scope_param => {}
                ParamSource::Caller => {
                    let need = p.need(&scopes);
                    check_caller_value(info, p, v, need).map_err(|e| match need {
                        Need::ForScope(s) => worded(info, e, &[s]),
                        _ => word(e),
                    })?;
                }
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
    let Some(p) = info.scope_parameter() else {
        return Ok(Vec::new());
    };
    let sent = params.get(p.wire).unwrap_or_default();
    let mut scopes = named_scopes(api.scopes, sent)
        .map_err(|_| situation_error(info, Situation::InvalidScope))?;
    if scopes.is_empty() {
        if p.is_always_needed() {
            return Err(situation_error(info, Situation::MissingParameter));
        }
        scopes = api.scopes_asked(&scopes);
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
    match p.accepts(v) {
        Err(Unaccepted::NotAJsonObject) => Err(situation_error(info, Situation::NotJson(p.name))),
        Err(_) => Err(situation_error(info, Situation::InvalidValue)),
        Ok(()) if matches!(p.kind, ValueKind::Json(_)) => check_json(info, p, v),
        Ok(()) => Ok(()),
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
    //! each refusal is named by the situation the spec answers for it, and each parameter and
    //! scope is found in the spec by what it is (its role, its source, what a scope requires or
    //! does without), never by its name, so that these tests hold for any spec.

    use super::*;
    use crate::config::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE};
    use dqe_client::endpoint::ParamRole;
    use dqe_client::journey::Journey;

    /// The one token the checks take as live.
    const LIVE: &str = "sbx-live";
    /// A phone number the checks accept.
    const PHONE: &str = "0612345678";

    /// A change to a form: the parameter (wire name), and its value, or `None` to leave it out.
    type Change = (&'static str, Option<String>);

    /// What this crate's spec says of its journey.
    fn api() -> &'static ApiInfo {
        dqe_client::Api::INFO
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

    /// The parameter of `info` that `is` picks (`what` names it in the failure).
    fn param(
        info: &'static EndpointInfo,
        what: &str,
        is: impl Fn(&ParamInfo) -> bool,
    ) -> &'static ParamInfo {
        info.params
            .iter()
            .find(|p| is(p))
            .unwrap_or_else(|| panic!("the spec's {} has no {what}", info.name))
    }

    /// The credentials `info` takes, in the order the checks read them (the licence, then the
    /// secret).
    fn credentials(info: &'static EndpointInfo) -> Vec<&'static ParamInfo> {
        let credential = |p: &&ParamInfo| matches!(p.source, ParamSource::Credential(_));
        let found: Vec<&ParamInfo> = info.params.iter().filter(credential).collect();
        assert!(!found.is_empty(), "{} takes no credential", info.name);
        found
    }

    /// A value of `p`'s kind that the checks accept.
    fn value_of(p: &ParamInfo) -> String {
        match (p.role, p.kind, p.values.first()) {
            (Some(ParamRole::Phone), ..) => PHONE.to_owned(),
            (_, ValueKind::Json(keys), _) => {
                let pairs: Vec<String> = keys.iter().map(|k| format!("{k:?}:{PHONE:?}")).collect();
                format!("{{{}}}", pairs.join(","))
            }
            (_, ValueKind::Integer, _) => "1".to_owned(),
            (_, ValueKind::Text, Some(value)) => (*value).to_owned(),
            // Text with no fixed value, and any kind a later spec format adds.
            _ => "Shop".to_owned(),
        }
    }

    /// The default scopes' wire values.
    fn defaults() -> Vec<&'static str> {
        api().default_scopes().map(|s| s.wire).collect()
    }

    /// A form `info` accepts: every parameter it always needs with a value of its kind, the
    /// default scopes, the default account's credentials, the live token, a fixed value as the
    /// spec fixes it; then `changes` (a value replaces, or is added; `None` leaves out).
    fn form(info: &'static EndpointInfo, changes: &[Change]) -> String {
        let secrets = [DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET];
        let mut credential = secrets.iter();
        let mut pairs: Vec<Change> = Vec::new();
        for p in info.params {
            let value = match p.source {
                ParamSource::Credential(_) => credential.next().map(|v| (*v).to_owned()),
                ParamSource::Token => Some(LIVE.to_owned()),
                ParamSource::Fixed(value) => Some(value.to_owned()),
                ParamSource::Caller if Some(p.name) == info.scope_param => {
                    Some(defaults().join(","))
                }
                ParamSource::Caller => p.is_always_needed().then(|| value_of(p)),
            };
            pairs.extend(value.map(|v| (p.wire, Some(v))));
        }
        for (key, value) in changes {
            match pairs.iter_mut().find(|(k, _)| k == key) {
                Some(pair) => pair.1.clone_from(value),
                None => pairs.push((key, value.clone())),
            }
        }
        let pairs: Vec<String> = pairs
            .into_iter()
            .filter_map(|(k, v)| Some(format!("{k}={}", v?)))
            .collect();
        pairs.join("&")
    }

    /// The checks of a step 1 request: [`form`] with `changes`.
    fn step1(changes: &[Change]) -> Result<Request, Refusal> {
        check(api().consent, &form(api().consent, changes))
    }

    /// The change asking for `scopes` (comma-joined as given).
    fn asking(scopes: &str) -> Change {
        let p = api()
            .consent
            .scope_parameter()
            .expect("step 1 asks for scopes");
        (p.wire, Some(scopes.to_owned()))
    }

    /// The documented error `info`'s spec names for `situation`.
    fn named(info: &EndpointInfo, situation: Situation) -> &'static str {
        info.situation(situation)
            .unwrap_or_else(|| panic!("the spec names no error for {situation:?}"))
    }

    /// A refusal with HTTP 400 and the error `info`'s spec names for `situation`.
    fn bad(info: &EndpointInfo, situation: Situation) -> (StatusCode, &'static str) {
        (StatusCode::BAD_REQUEST, named(info, situation))
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

    /// A scope asked for that requires `p` (of step 1), and nothing else besides what every
    /// request needs.
    fn requiring(p: &ParamInfo) -> &'static ScopeInfo {
        api()
            .scopes
            .iter()
            .find(|s| s.requires == [p.name])
            .unwrap_or_else(|| panic!("no scope requires {} alone", p.name))
    }

    /// A JSON parameter of step 1 that the default scopes do without, and a scope requiring it.
    fn json_param_not_taken_by_default() -> (&'static ParamInfo, &'static ScopeInfo) {
        let p = param(
            api().consent,
            "JSON parameter the defaults do without",
            |p| matches!(p.kind, ValueKind::Json(_)) && !p.is_taken_by(defaults()),
        );
        (p, requiring(p))
    }

    /// The parameters of `info` the caller gives and every request needs (at least one).
    fn caller_needed(info: &'static EndpointInfo) -> Vec<&'static ParamInfo> {
        let needed: Vec<&ParamInfo> = (info.params.iter())
            .filter(|p| p.is_always_needed() && p.source == ParamSource::Caller)
            .collect();
        assert!(
            !needed.is_empty(),
            "{} needs no parameter of the caller",
            info.name
        );
        needed
    }

    #[test]
    fn a_complete_request_is_accepted_with_its_scopes_each_once() {
        assert_eq!(scopes(step1(&[])), defaults());
        let other = api()
            .scopes
            .iter()
            .find(|s| s.requires.is_empty() && !defaults().contains(&s.wire))
            .expect("a scope that requires nothing more");
        let first = defaults()[0];
        let list = format!("{first}, {},{first}", other.wire);
        assert_eq!(scopes(step1(&[asking(&list)])), [first, other.wire]);
    }

    #[test]
    fn a_missing_mandatory_parameter_is_the_missing_parameter_error() {
        let info = api().consent;
        for p in caller_needed(info) {
            let missing = bad(info, Situation::MissingParameter);
            assert_eq!(refusal(step1(&[(p.wire, None)])), missing, "{}", p.wire);
        }
        let token = api().token;
        let fixed = param(token, "fixed value", |p| {
            matches!(p.source, ParamSource::Fixed(_))
        });
        let form = form(token, &[(fixed.wire, None)]);
        let missing = bad(token, Situation::MissingParameter);
        assert_eq!(
            refusal(check(token, &form)),
            missing,
            "{} left out",
            fixed.wire
        );
    }

    #[test]
    fn a_scope_asked_for_requires_its_parameters() {
        let info = api().consent;
        let (p, scope) = json_param_not_taken_by_default();
        let empty = bad(info, Situation::Empty(p.name));
        assert_eq!(refusal(step1(&[asking(scope.wire)])), empty);
        let blank = (p.wire, Some(String::new()));
        assert_eq!(refusal(step1(&[asking(scope.wire), blank])), empty);
        let given = (p.wire, Some(value_of(p)));
        assert_eq!(scopes(step1(&[asking(scope.wire), given])), [scope.wire]);
    }

    #[test]
    fn an_unknown_scope_is_the_invalid_scope_error() {
        let invalid = bad(api().consent, Situation::InvalidScope);
        assert_eq!(refusal(step1(&[asking("nope")])), invalid);
        let list = format!("{},nope", defaults()[0]);
        assert_eq!(refusal(step1(&[asking(&list)])), invalid);
    }

    #[test]
    fn a_parameter_the_scopes_asked_for_do_not_take_is_ignored() {
        // The default scopes do without it: a value that is not JSON is not looked at.
        let (p, scope) = json_param_not_taken_by_default();
        let not_json = (p.wire, Some("not json".to_owned()));
        assert_eq!(scopes(step1(std::slice::from_ref(&not_json))), defaults());
        // A scope that takes it refuses the same value.
        let refused = refusal(step1(&[asking(scope.wire), not_json]));
        assert_eq!(refused, bad(api().consent, Situation::NotJson(p.name)));
    }

    #[test]
    fn a_wrong_credential_is_its_own_error() {
        for info in [api().consent, api().token] {
            for p in credentials(info) {
                let ParamSource::Credential(name) = p.source else {
                    unreachable!("a credential")
                };
                let wrong = form(info, &[(p.wire, Some("WRONG".to_owned()))]);
                let expected = bad(info, Situation::Credential(name));
                assert_eq!(refusal(check(info, &wrong)), expected, "{}", p.wire);
            }
        }
        let token = api().token;
        assert_eq!(scopes(check(token, &form(token, &[]))), Vec::<&str>::new());
    }

    #[test]
    fn an_empty_value_is_the_error_the_spec_names_for_it_else_a_missing_one() {
        let info = api().consent;
        for p in caller_needed(info) {
            let expected = match info.situation(Situation::Empty(p.name)) {
                Some(_) => bad(info, Situation::Empty(p.name)),
                None => bad(info, Situation::MissingParameter),
            };
            let empty = (p.wire, Some(String::new()));
            assert_eq!(refusal(step1(&[empty])), expected, "{}", p.wire);
        }
    }

    #[test]
    fn a_token_that_is_not_live_is_the_invalid_token_error() {
        let info = api().consent;
        let token = info.token_parameter().expect("step 1 takes the token");
        let expired = (token.wire, Some("sbx-expired".to_owned()));
        assert_eq!(
            refusal(step1(&[expired])),
            bad(info, Situation::InvalidToken)
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
        let partner = param(info, "partner's name", |p| {
            p.role == Some(ParamRole::Partner)
        });
        let long = (partner.wire, Some("x".repeat(MAX_VALUE_BYTES + 1)));
        assert_eq!(refusal(step1(&[long])), (StatusCode::BAD_REQUEST, invalid));
    }
}
