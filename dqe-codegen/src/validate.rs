//! Checks that span items: references resolve, names are unique, generated names do not clash.
//! Every problem is reported; nothing stops at the first.

use std::collections::HashMap;

use crate::diag::{Diagnostics, Loc};
use crate::model::*;
use crate::names::closest;

/// Names the expander generates itself, which the spec cannot also declare.
pub(crate) const RESERVED_TYPES: &[&str] = &["Scope", "Credentials", "Callback"];
/// Field names the expander uses itself.
pub(crate) const RESERVED_FIELDS: &[&str] = &["oddities"];
/// Parameter names that would clash with the methods of a generated request builder.
pub(crate) const RESERVED_PARAMS: &[&str] = &["new", "to_form", "clone", "default", "fmt"];

/// Checks the whole spec.
pub fn validate(spec: &Spec, d: &mut Diagnostics) {
    unique(
        d,
        "credential",
        spec.credentials.iter().map(|c| {
            (
                &c.name.value,
                &c.name.loc,
                format!("credentials.{}", c.name.value),
            )
        }),
    );
    types_unique(spec, d);
    scopes_unique(spec, d);
    if let Some(cb) = &spec.callback {
        params(spec, &cb.params, d);
        if cb.params.is_empty() {
            d.at(
                &cb.loc,
                "callback",
                "a callback needs at least one `[[callback.params]]`",
            );
        }
    }
    for e in &spec.endpoints {
        endpoint(spec, e, d);
    }
    for o in &spec.objects {
        fields(spec, &o.fields, d);
    }
    for e in &spec.enums {
        unique(
            d,
            &format!("wire value of enum `{}`", e.name.value),
            e.values
                .iter()
                .map(|v| (&v.wire.value, &v.wire.loc, format!("{}.wire", v.path))),
        );
        unique(
            d,
            &format!("variant of enum `{}`", e.name.value),
            e.values.iter().map(|v| {
                (
                    &v.variant.value,
                    &v.variant.loc,
                    format!("{}.variant", v.path),
                )
            }),
        );
        if let Some(v) = e.values.iter().find(|v| v.variant.value == "Other") {
            d.at(
                &v.variant.loc,
                format!("{}.variant", v.path),
                "`Other` is reserved: it holds the values an open enum does not list",
            );
        }
    }
}

fn unique<'a>(
    d: &mut Diagnostics,
    what: &str,
    items: impl Iterator<Item = (&'a String, &'a Loc, String)>,
) {
    let mut seen: HashMap<&String, &Loc> = HashMap::new();
    for (name, loc, key) in items {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(name) {
            let first_line = if first.file == loc.file {
                "above".to_owned()
            } else {
                "in another file".to_owned()
            };
            d.at(
                loc,
                key,
                format!("duplicate {what} `{name}`: it is already defined {first_line}"),
            );
        } else {
            seen.insert(name, loc);
        }
    }
}

fn types_unique(spec: &Spec, d: &mut Diagnostics) {
    let mut names: Vec<(&String, &Loc, String)> = Vec::new();
    for e in &spec.enums {
        names.push((
            &e.name.value,
            &e.name.loc,
            format!("enums.{}", e.name.value),
        ));
    }
    for o in &spec.objects {
        names.push((
            &o.name.value,
            &o.name.loc,
            format!("objects.{}", o.name.value),
        ));
    }
    unique(d, "type", names.iter().cloned());
    let generated: Vec<String> = spec
        .endpoints
        .iter()
        .flat_map(|e| {
            let base = crate::names::upper_camel(&e.key.value);
            ["Request", "Reply", "Success", "Pending", "Error"].map(|s| format!("{base}{s}"))
        })
        .collect();
    for (name, loc, key) in names {
        if RESERVED_TYPES.contains(&name.as_str()) || generated.contains(name) {
            d.at(
                loc,
                key,
                format!(
                    "the type name `{name}` is generated from the spec already; choose another"
                ),
            );
        }
    }
}

fn scopes_unique(spec: &Spec, d: &mut Diagnostics) {
    unique(
        d,
        "scope",
        spec.scopes
            .iter()
            .map(|s| (&s.name.value, &s.name.loc, "scope.name".to_owned())),
    );
    let variants: Vec<(String, Loc)> = spec
        .scopes
        .iter()
        .map(|s| (s.variant.clone(), s.name.loc.clone()))
        .collect();
    unique(
        d,
        "scope variant",
        variants
            .iter()
            .map(|(v, l)| (v, l, "scope.variant".to_owned())),
    );
    for s in &spec.scopes {
        if s.variant == "Other" {
            d.at(
                &s.name.loc,
                "scope",
                "`Other` is reserved; set `variant` to another name",
            );
        }
    }
}

fn endpoint(spec: &Spec, e: &Endpoint, d: &mut Diagnostics) {
    let path = format!("endpoints.{}", e.key.value);
    params(spec, &e.params, d);
    no_retry_without_idempotence(e, d);
    for p in &e.params {
        if p.scope.is_some() && p.required {
            d.at(
                &p.loc,
                &p.path,
                "a parameter added by a scope cannot be `required`: the request does not know which scopes it will carry until it is built",
            );
        }
    }
    let mut by_wire: HashMap<&str, &Field> = HashMap::new();
    let mut token_fields = 0;
    for o in e.outcomes() {
        fields(spec, &o.fields, d);
        for f in &o.fields {
            if let Some(first) = by_wire.get(f.wire.value.as_str()) {
                if first.ty.value != f.ty.value {
                    d.at(
                        &f.ty.loc,
                        format!("{}.type", f.path),
                        format!(
                            "key `{}` has another type in another outcome of this endpoint; one key has one type",
                            f.wire.value
                        ),
                    );
                }
            } else {
                by_wire.insert(&f.wire.value, f);
            }
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
            if let Some(role) = &f.role {
                let (want, what) = match role.value {
                    Role::Token => {
                        token_fields += 1;
                        (TypeRef::String, "string")
                    }
                    Role::TokenLifetime => (TypeRef::Seconds, "seconds"),
                };
                if f.ty.value != want {
                    d.at(
                        &role.loc,
                        format!("{}.role", f.path),
                        format!("a field with this role must be of type `{what}`"),
                    );
                }
            }
        }
    }
    if token_fields > 1 {
        d.at(&e.loc, &path, "only one field can have `role = \"token\"`");
    }
    if token_fields == 1
        && let Some(p) = e.params.iter().find(|p| p.required)
    {
        d.at(
                &p.loc,
                &p.path,
                "an endpoint that issues tokens cannot have `required` parameters: the client calls it on its own",
            );
    }
    let defaults = e.outcomes().filter(|o| o.default).count();
    if defaults > 1 {
        d.at(&e.loc, &path, "only one outcome can be `default = true`");
    }
    if let (Some(s), Some(p)) = (&e.success, &e.pending)
        && s.status.value == p.status.value
    {
        d.at(
            &p.status.loc,
            format!("{path}.pending.status"),
            "success and pending need different `status` values",
        );
    }
    for o in e.outcomes() {
        if o.status.value == spec.replies.error.status {
            d.at(
                &o.status.loc,
                format!("{path}.status"),
                "this status is the error status set in `[replies.error]`",
            );
        }
    }
    unique(
        d,
        "error id",
        e.errors
            .iter()
            .map(|x| (&x.id.value, &x.id.loc, format!("{}.id", x.path))),
    );
    unique(
        d,
        "error variant",
        e.errors.iter().map(|x| {
            (
                &x.variant.value,
                &x.variant.loc,
                format!("{}.variant", x.path),
            )
        }),
    );
    for (situation, id) in &e.sandbox {
        let key = format!("{path}.sandbox.{}", situation.replace(':', "."));
        if !e.errors.iter().any(|x| x.id.value == id.value) {
            d.at(&id.loc, &key, format!("reference to an undefined error id `{}`: the sandbox answers with documented errors of this endpoint", id.value));
        }
        if let Some(name) = situation.strip_prefix("credentials:")
            && !e
                .params
                .iter()
                .any(|p| matches!(&p.source, Source::Credential(c) if c.value == name))
        {
            d.at(
                &id.loc,
                &key,
                format!("this endpoint sends no credential `{name}`"),
            );
        }
        if let Some(name) = situation.strip_prefix("empty:")
            && !e.params.iter().any(|p| p.name.value == name)
        {
            d.at(
                &id.loc,
                &key,
                format!("this endpoint has no parameter `{name}`"),
            );
        }
    }
    for x in &e.errors {
        if x.variant.value == "Unknown" {
            d.at(
                &x.variant.loc,
                format!("{}.variant", x.path),
                "`Unknown` is reserved for ids the spec does not list",
            );
        }
        for piece in &x.template {
            if let Piece::Hole(h) = piece
                && *h == spec.replies.error.text_key
            {
                d.at(
                        &x.text.loc,
                        format!("{}.type", x.path),
                        format!("the template placeholder `{{{h}}}` does not match: `{h}` already holds the whole text"),
                    );
            }
        }
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

fn params(spec: &Spec, list: &[Param], d: &mut Diagnostics) {
    unique(
        d,
        "parameter",
        list.iter()
            .map(|p| (&p.name.value, &p.name.loc, format!("{}.name", p.path))),
    );
    unique(
        d,
        "wire name",
        list.iter()
            .map(|p| (&p.wire.value, &p.wire.loc, format!("{}.wire", p.path))),
    );
    for p in list {
        if p.source == Source::Caller && RESERVED_PARAMS.contains(&p.name.value.as_str()) {
            d.at(
                &p.name.loc,
                format!("{}.name", p.path),
                format!(
                    "`{}` would clash with a method of the request builder; set `name` to another identifier and `wire = \"{}\"`",
                    p.name.value, p.wire.value
                ),
            );
        }
        check_type(spec, &format!("{}.type", p.path), &p.ty, false, d);
        if let Source::Credential(c) = &p.source
            && !spec.credentials.iter().any(|x| x.name.value == c.value)
        {
            let names: Vec<&str> = spec
                .credentials
                .iter()
                .map(|c| c.name.value.as_str())
                .collect();
            let hint = closest(&c.value, &names)
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            d.at(&c.loc, format!("{}.credential", p.path), format!("reference to an undefined credential `{}`{hint}; declare it as `[credentials.{}]`", c.value, c.value));
        }
    }
}

fn fields(spec: &Spec, list: &[Field], d: &mut Diagnostics) {
    unique(
        d,
        "field",
        list.iter()
            .map(|f| (&f.name.value, &f.name.loc, format!("{}.name", f.path))),
    );
    unique(
        d,
        "key",
        list.iter()
            .map(|f| (&f.wire.value, &f.wire.loc, format!("{}.wire", f.path))),
    );
    for f in list {
        check_type(spec, &format!("{}.type", f.path), &f.ty, true, d);
        if RESERVED_FIELDS.contains(&f.name.value.as_str()) {
            d.at(&f.name.loc, format!("{}.name", f.path), format!("`{}` is reserved for what a reply holds that does not fit its type; set `name` to another identifier and `wire` to the key", f.name.value));
        }
    }
}

fn check_type(spec: &Spec, path: &str, ty: &At<TypeRef>, reply: bool, d: &mut Diagnostics) {
    let mut t = &ty.value;
    let mut in_list = false;
    if let TypeRef::List(inner) = t {
        t = inner;
        in_list = true;
    }
    match t {
        TypeRef::Scope if spec.scopes.is_empty() => d.at(
            &ty.loc,
            path,
            "reference to an undefined scope: type `scope` needs at least one scope file under `scopes/`",
        ),
        TypeRef::Named(name) => {
            if spec.enum_def(name).is_some() {
                return;
            }
            if spec.object(name).is_some() {
                if !reply {
                    d.at(&ty.loc, path, format!("`{name}` is an object; a request parameter takes a string, a list or an enum"));
                } else if in_list {
                    d.at(&ty.loc, path, format!("`{name}` is an object; a list holds strings, scopes or enums"));
                }
                return;
            }
            let names: Vec<&str> = spec
                .enums
                .iter()
                .map(|e| e.name.value.as_str())
                .chain(spec.objects.iter().map(|o| o.name.value.as_str()))
                .collect();
            let hint = closest(name, &names)
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            d.at(
                &ty.loc,
                path,
                format!("reference to an undefined type `{name}`{hint}; declare it as `[enums.{name}]` or `[objects.{name}]`"),
            );
        }
        _ if !reply && !in_list && matches!(t, TypeRef::Date | TypeRef::Timestamp | TypeRef::Seconds) => d.at(
            &ty.loc,
            path,
            "a request parameter takes a string, a list or an enum",
        ),
        _ => {}
    }
}
