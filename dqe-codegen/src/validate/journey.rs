//! The rules of `[journey]`: each value names an item of the right shape, so that the generated
//! `impl Journey for Api` compiles and the runtime can run the journey on it. Checking resolves
//! every name once, into a [`ResolvedJourney`] that the expansion reads: it looks nothing up.

use crate::diag::Diagnostics;
use crate::model::*;

/// `[journey]` with every name it holds resolved to the item named, checked to be of the right
/// shape: what `impl Journey for Api` is generated from.
pub(crate) struct ResolvedJourney<'a> {
    /// The endpoint that issues tokens (`token`).
    pub token: &'a Endpoint,
    /// Its success's field with the `token` role.
    pub token_field: &'a Field,
    /// Its success's field with the `token_lifetime` role, if any.
    pub lifetime_field: Option<&'a Field>,
    /// Step 1 (`consent`).
    pub consent: &'a Endpoint,
    /// Step 1's success field holding the consent URL (`consent_url`).
    pub consent_url: &'a Field,
    /// Step 1's success field naming the operator (`operator`), if any.
    pub operator: Option<&'a Field>,
    /// Step 2 (`retrieve`).
    pub retrieve: &'a Endpoint,
    /// Step 2's list of scopes, which `Journey::retrieve` sets to the flow's.
    pub retrieve_scopes: &'a Param,
    /// The callback's keys that the journey reads and writes.
    pub callback: CallbackKeys<'a>,
}

/// `[callback]` and the keys of it `[journey]` names, resolved.
pub(crate) struct CallbackKeys<'a> {
    /// `[callback]`.
    pub callback: &'a Callback,
    /// The key holding the flow's token (`callback_token`).
    pub token: &'a Param,
    /// The key saying how consent ended (`callback_status`).
    pub status: &'a Param,
    /// The enum of that key.
    pub status_enum: &'a EnumDef,
    /// Its value when the customer approved (`approved`).
    pub approved: &'a EnumValue,
    /// Its value when the customer declined (`declined`).
    pub declined: &'a EnumValue,
}

/// Checks every value of `[journey]`, if the spec has one, and resolves them: `None` when the
/// spec has no journey or one of its names is not resolved (always reported).
pub(super) fn check_journey<'a>(
    spec: &'a Spec,
    d: &mut Diagnostics,
) -> Option<ResolvedJourney<'a>> {
    let j = spec.journey.as_ref()?;
    let before = d.len();
    if spec.scopes.is_empty() {
        d.at(
            &j.loc,
            "journey",
            "a journey needs at least one scope file (under `scopes/`)",
        );
    }
    let token = token_endpoint_issues_tokens(spec, j, d);
    let consent = consent_endpoint_chooses_scopes(spec, j, d);
    let retrieve = retrieve_endpoint_built_from_scopes(spec, j, d);
    let fields = consent.map(|consent| consent_fields_are_text(consent, j, d));
    let callback = callback_keys_known(spec, j, d);
    let resolved = (|| {
        let (token, token_field, lifetime_field) = token?;
        let (retrieve, retrieve_scopes) = retrieve?;
        let (consent_url, operator) = fields?;
        Some(ResolvedJourney {
            token,
            token_field,
            lifetime_field,
            consent: consent?,
            consent_url: consent_url?,
            operator: match &j.operator {
                Some(_) => Some(operator?),
                None => None,
            },
            retrieve,
            retrieve_scopes,
            callback: callback?,
        })
    })();
    if resolved.is_none() && d.len() == before {
        d.at(
            &j.loc,
            "journey",
            "the journey names an item the spec does not have",
        );
    }
    resolved
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
    let found = spec.endpoint(&name.value);
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

/// The field of an outcome with this role, if any.
fn field_with_role(o: Option<&OutcomeSpec>, role: Role) -> Option<&Field> {
    o?.fields
        .iter()
        .find(|f| f.role.as_ref().is_some_and(|r| r.value == role))
}

/// `token` names an endpoint whose success has a field of role `token`, and which the client
/// can call on its own (no parameter from the caller). Returns it with its token and lifetime
/// fields.
fn token_endpoint_issues_tokens<'a>(
    spec: &'a Spec,
    j: &Journey,
    d: &mut Diagnostics,
) -> Option<(&'a Endpoint, &'a Field, Option<&'a Field>)> {
    let e = endpoint(spec, &j.token, "token", d)?;
    let token_field = field_with_role(e.success.as_ref(), Role::Token);
    if token_field.is_none() {
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
    let lifetime = field_with_role(e.success.as_ref(), Role::TokenLifetime);
    Some((e, token_field?, lifetime))
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
/// parameter from the caller: step 2 is built from the flow's scopes alone. Returns it with
/// its list of scopes.
fn retrieve_endpoint_built_from_scopes<'a>(
    spec: &'a Spec,
    j: &Journey,
    d: &mut Diagnostics,
) -> Option<(&'a Endpoint, &'a Param)> {
    let e = endpoint(spec, &j.retrieve, "retrieve", d)?;
    let mut problems = Vec::new();
    let scopes = e.params.iter().find(|p| is_scope_list_param(p));
    if scopes.is_none() {
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
    Some((e, scopes?))
}

/// `consent_url` and `operator` name text fields of step 1's success. Returns them, each
/// `None` when not resolved (and, for `operator`, when the journey names none).
fn consent_fields_are_text<'a>(
    consent: &'a Endpoint,
    j: &Journey,
    d: &mut Diagnostics,
) -> (Option<&'a Field>, Option<&'a Field>) {
    let fields = consent.success.as_ref().map_or(&[][..], |s| &s.fields[..]);
    let mut field = |key: &str, name: Option<&At<String>>| {
        let name = name.filter(|n| !n.value.is_empty())?;
        let found = fields.iter().find(|f| f.name.value == name.value);
        match found {
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
        found
    };
    let url = field("consent_url", Some(&j.consent_url));
    (url, field("operator", j.operator.as_ref()))
}

/// `callback_token` names a mandatory string key of `[callback]`; `callback_status` a
/// mandatory key whose enum has the `approved` and `declined` values; every other key is
/// optional (the sandbox writes only these two).
fn callback_keys_known<'a>(
    spec: &'a Spec,
    j: &Journey,
    d: &mut Diagnostics,
) -> Option<CallbackKeys<'a>> {
    let Some(cb) = &spec.callback else {
        d.at(
            &j.loc,
            "journey",
            "a journey needs a `[callback]` table (the keys DQE adds to the redirect)",
        );
        return None;
    };
    let token = callback_key(cb, &j.callback_token, "callback_token", d);
    if let Some(p) = token
        && p.ty.value != TypeRef::String
    {
        d.at(
            &j.callback_token.loc,
            "journey.callback_token",
            format!("callback key `{}` must be a string", p.name.value),
        );
    }
    let status = callback_key(cb, &j.callback_status, "callback_status", d);
    let values = status.and_then(|p| status_values(spec, j, p, d));
    other_callback_keys_optional(cb, j, d);
    let (status_enum, approved, declined) = values?;
    Some(CallbackKeys {
        callback: cb,
        token: token?,
        status: status?,
        status_enum,
        approved: approved?,
        declined: declined?,
    })
}

/// The mandatory key of `[callback]` that `[journey]` names at `key`, or a diagnostic.
fn callback_key<'a>(
    cb: &'a Callback,
    name: &At<String>,
    key: &str,
    d: &mut Diagnostics,
) -> Option<&'a Param> {
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
}

/// The enum of the status key `p`, with its `approved` and `declined` values (each `None`
/// when the enum lacks it, reported).
#[allow(clippy::type_complexity)]
fn status_values<'a>(
    spec: &'a Spec,
    j: &Journey,
    p: &Param,
    d: &mut Diagnostics,
) -> Option<(&'a EnumDef, Option<&'a EnumValue>, Option<&'a EnumValue>)> {
    let status_enum = match &p.ty.value {
        TypeRef::Enum(t) => spec.enum_of(t),
        _ => None,
    };
    let Some(e) = status_enum else {
        d.at(
            &j.callback_status.loc,
            "journey.callback_status",
            format!("callback key `{}` must be of an enum type", p.name.value),
        );
        return None;
    };
    let mut value = |key: &str, wire: &At<String>| {
        if wire.value.is_empty() {
            return None;
        }
        let found = e.values.iter().find(|v| v.wire.value == wire.value);
        if found.is_none() {
            d.at(
                &wire.loc,
                format!("journey.{key}"),
                format!("enum `{}` has no value `{}`", e.name.value, wire.value),
            );
        }
        found
    };
    let approved = value("approved", &j.approved);
    Some((e, approved, value("declined", &j.declined)))
}

/// With a `[journey]`, no key of `[callback]` but its token and status is mandatory.
fn other_callback_keys_optional(cb: &Callback, j: &Journey, d: &mut Diagnostics) {
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
