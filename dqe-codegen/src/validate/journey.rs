//! The rules of `[journey]`: each value names an item of the right shape, so that the generated
//! `impl Journey for Api` compiles and the runtime can run the journey on it.

use crate::diag::Diagnostics;
use crate::model::*;

/// Checks every value of `[journey]`, if the spec has one.
pub(super) fn check_journey(spec: &Spec, d: &mut Diagnostics) {
    let Some(j) = &spec.journey else {
        return;
    };
    if spec.scopes.is_empty() {
        d.at(
            &j.loc,
            "journey",
            "a journey needs at least one scope file (under `scopes/`)",
        );
    }
    token_endpoint_issues_tokens(spec, j, d);
    let consent = consent_endpoint_chooses_scopes(spec, j, d);
    retrieve_endpoint_built_from_scopes(spec, j, d);
    if let Some(consent) = consent {
        consent_fields_are_text(consent, j, d);
    }
    callback_keys_known(spec, j, d);
}

/// The endpoint `[journey]` names at `key`, or a diagnostic.
fn endpoint<'a>(
    spec: &'a Spec,
    name: &At<String>,
    key: &str,
    d: &mut Diagnostics,
) -> Option<&'a Endpoint> {
    if name.value.is_empty() {
        return None;
    }
    let found = spec.endpoints.iter().find(|e| e.key.value == name.value);
    if found.is_none() {
        d.at(
            &name.loc,
            format!("journey.{key}"),
            format!("there is no endpoint `{}`", name.value),
        );
    }
    found
}

/// Whether a parameter is the caller's list of scopes (step 2 is sent the flow's list).
fn is_scope_list_param(p: &Param) -> bool {
    p.source == Source::Caller && p.ty.value.is_scope_list()
}

/// `token` names an endpoint whose success has a field of role `token`, and which the client
/// can call on its own (no parameter from the caller).
fn token_endpoint_issues_tokens(spec: &Spec, j: &Journey, d: &mut Diagnostics) {
    let Some(e) = endpoint(spec, &j.token, "token", d) else {
        return;
    };
    let issues = e.success.as_ref().is_some_and(|s| {
        s.fields
            .iter()
            .any(|f| f.role.as_ref().is_some_and(|r| r.value == Role::Token))
    });
    if !issues {
        d.at(
            &j.token.loc,
            "journey.token",
            format!(
                "endpoint `{}` issues no token: its success needs a field with `role = \"token\"`",
                e.key.value
            ),
        );
    }
    if e.params.iter().any(|p| p.source == Source::Caller) {
        d.at(
            &j.token.loc,
            "journey.token",
            format!(
                "endpoint `{}` takes parameters from the caller; the client calls the token endpoint on its own",
                e.key.value
            ),
        );
    }
}

/// `consent` names an endpoint that takes the token and the caller's scopes, and has no
/// pending outcome (step 1 answers at once).
fn consent_endpoint_chooses_scopes<'a>(
    spec: &'a Spec,
    j: &Journey,
    d: &mut Diagnostics,
) -> Option<&'a Endpoint> {
    let e = endpoint(spec, &j.consent, "consent", d)?;
    let mut problems = Vec::new();
    if !e.params.iter().any(Param::is_scope_choice) {
        problems.push("it needs a parameter of type `list<scope>` set by the caller");
    }
    if !e.takes_token() {
        problems.push("it needs a parameter with `token = true`");
    }
    if e.pending.is_some() {
        problems.push("step 1 answers at once: it cannot have a pending outcome");
    }
    for problem in problems {
        d.at(
            &j.consent.loc,
            "journey.consent",
            format!("endpoint `{}` cannot be step 1: {problem}", e.key.value),
        );
    }
    Some(e)
}

/// `retrieve` names an endpoint that takes the token and the scopes, and no other mandatory
/// parameter from the caller: step 2 is built from the flow's scopes alone.
fn retrieve_endpoint_built_from_scopes(spec: &Spec, j: &Journey, d: &mut Diagnostics) {
    let Some(e) = endpoint(spec, &j.retrieve, "retrieve", d) else {
        return;
    };
    let mut problems = Vec::new();
    if !e.params.iter().any(is_scope_list_param) {
        problems.push("it needs a parameter of type `list<scope>` set by the caller".to_owned());
    }
    if !e.takes_token() {
        problems.push("it needs a parameter with `token = true`".to_owned());
    }
    for p in &e.params {
        if p.is_mandatory() && !is_scope_list_param(p) {
            problems.push(format!(
                "its mandatory parameter `{}` cannot be known from a flow (step 2 is built from the flow's token and scopes)",
                p.name.value
            ));
        }
    }
    for problem in problems {
        d.at(
            &j.retrieve.loc,
            "journey.retrieve",
            format!("endpoint `{}` cannot be step 2: {problem}", e.key.value),
        );
    }
}

/// `consent_url` and `operator` name text fields of step 1's success.
fn consent_fields_are_text(consent: &Endpoint, j: &Journey, d: &mut Diagnostics) {
    let fields = consent.success.as_ref().map_or(&[][..], |s| &s.fields[..]);
    let keys = [
        ("consent_url", Some(&j.consent_url)),
        ("operator", j.operator.as_ref()),
    ];
    for (key, name) in keys {
        let Some(name) = name.filter(|n| !n.value.is_empty()) else {
            continue;
        };
        match fields.iter().find(|f| f.name.value == name.value) {
            None => d.at(
                &name.loc,
                format!("journey.{key}"),
                format!(
                    "step 1's success (endpoint `{}`) has no field `{}`",
                    consent.key.value, name.value
                ),
            ),
            Some(f) if f.ty.value != TypeRef::String => d.at(
                &name.loc,
                format!("journey.{key}"),
                format!("field `{}` must be a string", name.value),
            ),
            Some(_) => {}
        }
    }
}

/// `callback_token` names a mandatory string key of `[callback]`; `callback_status` a
/// mandatory key whose enum has the `approved` and `declined` values; every other key is
/// optional (the sandbox writes only these two).
fn callback_keys_known(spec: &Spec, j: &Journey, d: &mut Diagnostics) {
    let Some(cb) = &spec.callback else {
        d.at(
            &j.loc,
            "journey",
            "a journey needs a `[callback]` table (the keys DQE adds to the redirect)",
        );
        return;
    };
    let find = |name: &At<String>, key: &str, d: &mut Diagnostics| {
        if name.value.is_empty() {
            return None;
        }
        let found = cb.params.iter().find(|p| p.name.value == name.value);
        match found {
            None => d.at(
                &name.loc,
                format!("journey.{key}"),
                format!("`[callback]` has no key `{}`", name.value),
            ),
            Some(p) if !p.required => d.at(
                &name.loc,
                format!("journey.{key}"),
                format!("callback key `{}` must be `required`", name.value),
            ),
            Some(_) => {}
        }
        found
    };
    if let Some(p) = find(&j.callback_token, "callback_token", d)
        && p.ty.value != TypeRef::String
    {
        d.at(
            &j.callback_token.loc,
            "journey.callback_token",
            format!("callback key `{}` must be a string", p.name.value),
        );
    }
    if let Some(p) = find(&j.callback_status, "callback_status", d) {
        let values = match &p.ty.value {
            TypeRef::Named(n) => spec.enums.iter().find(|e| &e.name.value == n),
            _ => None,
        };
        match values {
            None => d.at(
                &j.callback_status.loc,
                "journey.callback_status",
                format!("callback key `{}` must be of an enum type", p.name.value),
            ),
            Some(e) => {
                for (key, wire) in [("approved", &j.approved), ("declined", &j.declined)] {
                    if !wire.value.is_empty()
                        && !e.values.iter().any(|v| v.wire.value == wire.value)
                    {
                        d.at(
                            &wire.loc,
                            format!("journey.{key}"),
                            format!("enum `{}` has no value `{}`", e.name.value, wire.value),
                        );
                    }
                }
            }
        }
    }
    for (i, p) in cb.params.iter().enumerate() {
        let named = [&j.callback_token, &j.callback_status]
            .iter()
            .any(|n| n.value == p.name.value);
        if p.required && !named {
            d.at(
                &p.name.loc,
                format!("callback.params[{i}].required"),
                format!(
                    "callback key `{}` cannot be mandatory: with a `[journey]`, only its token and status are",
                    p.name.value
                ),
            );
        }
    }
}
