//! The rules of one endpoint: its parameters, outcomes, error table and sandbox situations.

use std::collections::HashMap;

use super::{items, unique};
use crate::diag::Diagnostics;
use crate::generated_names::UNKNOWN_VARIANT;
use crate::model::*;
use crate::template;

/// Checks one endpoint, rule by rule.
pub(super) fn check_endpoint(spec: &Spec, e: &Endpoint, d: &mut Diagnostics) {
    items::params(spec, &e.params, d);
    no_retry_without_idempotence(e, d);
    scope_params_optional(e, d);
    by_scope_on_the_scope_param(e, d);
    one_param_per_role(e, d);
    reply_fields(spec, e, d);
    one_token_field(e, d);
    token_endpoint_has_no_mandatory_param(e, d);
    one_default_outcome(e, d);
    outcome_statuses_distinct(e, d);
    outcome_status_not_error_status(spec, e, d);
    error_ids_unique(e, d);
    error_variants_unique(e, d);
    for (situation, id) in &e.sandbox {
        let key = format!("endpoints.{}.sandbox.{}", e.key.value, situation.key());
        sandbox_error_documented(e, id, &key, d);
        sandbox_key_exists(spec, e, situation, id, &key, d);
    }
    for x in &e.errors {
        unknown_variant_reserved(x, d);
        placeholder_not_the_text_key(spec, x, d);
    }
}

/// An endpoint that is not idempotent (step 1 sends an SMS) has no retryable error: retry
/// advice must never re-send a request that may have had its effect.
fn no_retry_without_idempotence(e: &Endpoint, d: &mut Diagnostics) {
    if e.idempotent {
        return;
    }
    for x in e.errors.iter().filter(|x| x.retryable) {
        d.at(
            &x.id.loc,
            format!("{}.retryable", x.path),
            "an error of an endpoint that is not idempotent cannot be `retryable`: asking again would repeat the request's effect (set the endpoint's `idempotent = true` if sending it twice is harmless)",
        );
    }
}

/// A parameter a scope file adds is required only with that scope, which the request learns
/// from the scope methods of a `by_scope` parameter: without one, it must be optional.
fn scope_params_optional(e: &Endpoint, d: &mut Diagnostics) {
    if e.chooses_scopes() {
        return;
    }
    for p in e.params.iter().filter(|p| p.scope.is_some() && p.required) {
        d.at(
            &p.loc,
            &p.path,
            "a parameter added by a scope can be `required` only on an endpoint whose scope parameter has `by_scope = true`: otherwise the request does not know which scopes it will carry until it is built",
        );
    }
}

/// A role is given to one parameter of an endpoint at most, one the caller sets as text.
fn one_param_per_role(e: &Endpoint, d: &mut Diagnostics) {
    for (i, p) in e.params.iter().enumerate() {
        let Some(role) = &p.role else { continue };
        let again = e.params[..i]
            .iter()
            .any(|q| q.role.as_ref().is_some_and(|r| r.value == role.value));
        let message = if again {
            "another parameter of this endpoint has this role already"
        } else if p.source != Source::Caller || p.ty.value != TypeRef::String {
            "a role goes on a text parameter the caller sets"
        } else {
            continue;
        };
        d.at(&role.loc, format!("{}.role", p.path), message);
    }
}

/// `by_scope` is on one parameter at most, the caller's scope or list of scopes.
fn by_scope_on_the_scope_param(e: &Endpoint, d: &mut Diagnostics) {
    for (i, p) in e.params.iter().filter(|p| p.by_scope).enumerate() {
        let scopes = p.ty.value.is_scope_or_list();
        let message = if i > 0 {
            "only one parameter of an endpoint can be `by_scope`"
        } else if !scopes || p.source != Source::Caller || p.scope.is_some() {
            "`by_scope` goes on the API file's parameter of type `scope` or `list<scope>` that the caller sets"
        } else {
            continue;
        };
        d.at(&p.loc, format!("{}.by_scope", p.path), message);
    }
}

/// The fields of each outcome are valid ([`items::fields`]), and each field passes the rules
/// that concern the whole reply.
fn reply_fields(spec: &Spec, e: &Endpoint, d: &mut Diagnostics) {
    let mut by_wire: HashMap<&str, &Field> = HashMap::new();
    for o in e.outcomes() {
        items::fields(spec, &o.fields, d);
        for f in &o.fields {
            one_type_per_key(&mut by_wire, f, d);
            field_not_a_reply_key(spec, f, d);
        }
    }
}

/// A key has one type in every outcome of an endpoint (they are decoded in one pass).
fn one_type_per_key<'a>(
    by_wire: &mut HashMap<&'a str, &'a Field>,
    f: &'a Field,
    d: &mut Diagnostics,
) {
    match by_wire.get(f.wire.value.as_str()) {
        Some(first) if first.ty.value != f.ty.value => d.at(
            &f.ty.loc,
            format!("{}.type", f.path),
            format!(
                "key `{}` has another type in another outcome of this endpoint; one key has one type",
                f.wire.value
            ),
        ),
        Some(_) => {}
        None => {
            by_wire.insert(&f.wire.value, f);
        }
    }
}

/// A field's key is not the reply's status key, error id key or error text key.
fn field_not_a_reply_key(spec: &Spec, f: &Field, d: &mut Diagnostics) {
    let reserved = [
        &spec.replies.status_key,
        &spec.replies.error.id_key,
        &spec.replies.error.text_key,
    ];
    if reserved.contains(&&f.wire.value) {
        d.at(
            &f.wire.loc,
            &f.path,
            format!("key `{}` is the reply's status or error key, set in `[replies]`; it cannot also be a field", f.wire.value),
        );
    }
}

/// How many fields of the endpoint's outcomes hold the token it issues.
fn token_fields(e: &Endpoint) -> usize {
    e.outcomes()
        .flat_map(|o| &o.fields)
        .filter(|f| f.role.as_ref().is_some_and(|r| r.value == Role::Token))
        .count()
}

/// At most one field holds the token.
fn one_token_field(e: &Endpoint, d: &mut Diagnostics) {
    if token_fields(e) > 1 {
        d.at(
            &e.loc,
            format!("endpoints.{}", e.key.value),
            "only one field can have `role = \"token\"`",
        );
    }
}

/// An endpoint that issues tokens has no mandatory parameter: the client calls it on its own.
fn token_endpoint_has_no_mandatory_param(e: &Endpoint, d: &mut Diagnostics) {
    if token_fields(e) == 1
        && let Some(p) = e.params.iter().find(|p| p.required)
    {
        d.at(
            &p.loc,
            &p.path,
            "an endpoint that issues tokens cannot have `required` parameters: the client calls it on its own",
        );
    }
}

/// At most one outcome is the default (a reply without a status).
fn one_default_outcome(e: &Endpoint, d: &mut Diagnostics) {
    if e.outcomes().filter(|o| o.default).count() > 1 {
        d.at(
            &e.loc,
            format!("endpoints.{}", e.key.value),
            "only one outcome can be `default = true`",
        );
    }
}

/// Success and pending have different statuses.
fn outcome_statuses_distinct(e: &Endpoint, d: &mut Diagnostics) {
    if let (Some(s), Some(p)) = (&e.success, &e.pending)
        && s.status.value == p.status.value
    {
        d.at(
            &p.status.loc,
            format!("endpoints.{}.pending.status", e.key.value),
            "success and pending need different `status` values",
        );
    }
}

/// No outcome has the status of error replies.
fn outcome_status_not_error_status(spec: &Spec, e: &Endpoint, d: &mut Diagnostics) {
    for o in e.outcomes() {
        if o.status.value == spec.replies.error.status {
            d.at(
                &o.status.loc,
                format!("endpoints.{}.status", e.key.value),
                "this status is the error status set in `[replies.error]`",
            );
        }
    }
}

/// The error table's ids are distinct.
fn error_ids_unique(e: &Endpoint, d: &mut Diagnostics) {
    let ids = e.errors.iter().map(|x| (&x.id, format!("{}.id", x.path)));
    unique(d, "error id", ids);
}

/// The error table's variants are distinct.
fn error_variants_unique(e: &Endpoint, d: &mut Diagnostics) {
    let variants = e
        .errors
        .iter()
        .map(|x| (&x.variant, format!("{}.variant", x.path)));
    unique(d, "error variant", variants);
}

/// The sandbox answers a situation with an error of this endpoint's table.
fn sandbox_error_documented(e: &Endpoint, id: &At<String>, key: &str, d: &mut Diagnostics) {
    if !e.errors.iter().any(|x| x.id.value == id.value) {
        d.at(&id.loc, key, format!("reference to an undefined error id `{}`: the sandbox answers with documented errors of this endpoint", id.value));
    }
}

/// A keyed situation names what the endpoint has: `credentials.NAME` a credential it sends,
/// `empty.NAME` a parameter, `not_json.NAME` and `missing_key.NAME.KEY` a parameter whose value
/// is an object (sent as JSON) and, for the latter, one of that object's keys.
fn sandbox_key_exists(
    spec: &Spec,
    e: &Endpoint,
    situation: &Situation,
    id: &At<String>,
    key: &str,
    d: &mut Diagnostics,
) {
    let param = |name: &str| e.params.iter().find(|p| p.name.value == name);
    let object = |name: &str| {
        param(name).and_then(|p| match &p.ty.value {
            TypeRef::Object(t) => spec.object_of(t),
            _ => None,
        })
    };
    let missing = match situation {
        Situation::Credential(name) => {
            let sent = e
                .params
                .iter()
                .any(|p| matches!(&p.source, Source::Credential(c) if &c.value == name));
            (!sent).then(|| format!("this endpoint sends no credential `{name}`"))
        }
        Situation::Empty(name) => param(name)
            .is_none()
            .then(|| format!("this endpoint has no parameter `{name}`")),
        Situation::NotJson(name) => object(name)
            .is_none()
            .then(|| format!("this endpoint has no parameter `{name}` whose value is an object")),
        Situation::MissingKey(name, k) => match object(name) {
            None => Some(format!(
                "this endpoint has no parameter `{name}` whose value is an object"
            )),
            Some(o) => (!o.fields.iter().any(|f| &f.wire.value == k))
                .then(|| format!("the object `{}` has no key `{k}`", o.name.value)),
        },
        _ => None,
    };
    if let Some(message) = missing {
        d.at(&id.loc, key, message);
    }
}

/// No error variant is `Unknown`, which holds the ids the spec does not list.
fn unknown_variant_reserved(x: &ErrorEntry, d: &mut Diagnostics) {
    if x.variant.value == UNKNOWN_VARIANT {
        d.at(
            &x.variant.loc,
            format!("{}.variant", x.path),
            "`Unknown` is reserved for ids the spec does not list",
        );
    }
}

/// No placeholder of an error text takes the name of the field holding the whole text.
fn placeholder_not_the_text_key(spec: &Spec, x: &ErrorEntry, d: &mut Diagnostics) {
    for h in template::holes(&x.template) {
        if h == spec.replies.error.text_key {
            d.at(
                &x.text.loc,
                format!("{}.type", x.path),
                format!("the template placeholder `{{{h}}}` does not match: `{h}` already holds the whole text"),
            );
        }
    }
}
