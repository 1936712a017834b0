//! The rules of scope files: what `requires` and `without` name, the method each scope gives
//! the request builder, and parameter defaults.

use super::super::names::is_snake_ident;
use crate::diag::Diagnostics;
use crate::generated_names::{BUILDER_METHODS, scope_method};
use crate::model::*;

/// Checks every scope against the endpoint it is chosen on (the one with a `by_scope`
/// parameter), and every parameter default.
pub(super) fn check_scopes(spec: &Spec, d: &mut Diagnostics) {
    let chooser = spec.scope_chooser();
    for s in &spec.scopes {
        scope_names_known(spec, chooser, s, d);
        page_notes_name_what_exists(spec, s, d);
        for errors in &s.errors {
            scope_errors_name_what_exists(spec, errors, d);
        }
        if let Some(e) = chooser {
            scope_method_free(e, s, d);
        }
    }
    for e in &spec.endpoints {
        for p in &e.params {
            default_is_a_value(spec, p, d);
        }
    }
}

/// `requires` names optional parameters the caller sets that the scope takes, and `without`
/// parameters of the API file that the caller sets and that are not mandatory, on the endpoint
/// scopes are chosen on.
fn scope_names_known(spec: &Spec, chooser: Option<&Endpoint>, s: &Scope, d: &mut Diagnostics) {
    let lists = [("requires", &s.makes_mandatory), ("without", &s.without)];
    for (key, names) in lists {
        for (i, n) in names.iter().enumerate() {
            let path = format!("scope.{key}[{i}]");
            let Some(e) = chooser else {
                d.at(
                    &n.loc,
                    path,
                    format!(
                        "`{key}` needs an endpoint whose scope parameter has `by_scope = true`"
                    ),
                );
                continue;
            };
            let Some(p) = e.params.iter().find(|p| p.name.value == n.value) else {
                d.at(
                    &n.loc,
                    path,
                    format!("endpoint `{}` has no parameter `{}`", e.key.value, n.value),
                );
                continue;
            };
            if let Some(message) = wrong_name(spec, e, s, p, key) {
                d.at(&n.loc, path, format!("`{}`: {message}", n.value));
            }
        }
    }
}

/// What is wrong with naming `p` in the scope's `key` list (`requires` or `without`), if anything.
fn wrong_name(spec: &Spec, e: &Endpoint, s: &Scope, p: &Param, key: &str) -> Option<String> {
    let added_by = spec.scope_of_file(p.scope);
    let message = match (key, added_by) {
        ("requires", _) if p.source != Source::Caller || p.by_scope || p.required => {
            "a scope can require only an optional parameter the caller sets".to_owned()
        }
        ("requires", Some(o)) if !spec.takes(e, s, p) => format!(
            "a scope can require only a parameter it takes, and this one is added by the scope `{}`, which alone takes it",
            o.name.value
        ),
        ("requires", _) if !spec.takes(e, s, p) => {
            "a scope can require only a parameter it takes, and this one is in its `without`"
                .to_owned()
        }
        ("without", _) if p.by_scope || p.is_mandatory() => {
            "a scope cannot do without a mandatory parameter; make it optional, or give it a `default`".to_owned()
        }
        ("without", _) if p.source != Source::Caller => {
            "a scope can do without only a parameter the caller sets".to_owned()
        }
        ("without", Some(o)) if o.file == s.file => {
            "this scope's own file adds it, so it takes it: `without` names the API file's parameters".to_owned()
        }
        ("without", Some(o)) => format!(
            "the scope `{}` adds it and alone takes it: `without` names the API file's parameters",
            o.name.value
        ),
        _ => return None,
    };
    Some(message)
}

/// The scope's method on the request builder is a usable name, distinct from the setters and
/// the builder's own methods.
fn scope_method_free(e: &Endpoint, s: &Scope, d: &mut Diagnostics) {
    let method = scope_method(s);
    let taken = e
        .params
        .iter()
        .any(|p| p.source == Source::Caller && p.name.value == method)
        || BUILDER_METHODS.contains(&method.as_str());
    if taken || !is_snake_ident(&method) {
        d.at(
            &s.name.loc,
            "scope.variant",
            format!(
                "the scope's method on `{}`'s request builder would be `{method}`, which {}; set `variant` to another name",
                e.key.value,
                if taken { "is taken by a parameter or a method" } else { "is not a Rust name" }
            ),
        );
    }
}

/// A parameter's `default` is one of its enum's values.
fn default_is_a_value(spec: &Spec, p: &Param, d: &mut Diagnostics) {
    let (Some(default), TypeRef::Enum(t)) = (&p.default, &p.ty.value) else {
        return;
    };
    if let Some(en) = spec.enum_of(t)
        && !en.values.iter().any(|v| v.wire.value == default.value)
    {
        let values: Vec<&str> = en.values.iter().map(|v| v.wire.value.as_str()).collect();
        d.at(
            &default.loc,
            format!("{}.default", p.path),
            format!(
                "`{}` is not a value of `{}`; expected one of {}",
                default.value,
                t.name,
                crate::names::backticked(values, ", ")
            ),
        );
    }
}

/// `[extend.E.page]`: `replies_of` names an endpoint, and `fixed` parameters of `E` by their
/// wire names.
fn page_notes_name_what_exists(spec: &Spec, s: &Scope, d: &mut Diagnostics) {
    for note in &s.page_notes {
        let key = format!("extend.{}.page", note.endpoint.value);
        if let Some(r) = &note.replies_of
            && spec.endpoint(&r.value).is_none()
        {
            d.at(
                &r.loc,
                format!("{key}.replies_of"),
                format!("`{}` is not an endpoint of the spec", r.value),
            );
        }
        let Some(e) = spec.endpoint(&note.endpoint.value) else {
            continue;
        };
        for unlisted in &note.unlisted_keys {
            let known = e
                .outcomes()
                .any(|o| o.fields.iter().any(|f| f.wire.value == unlisted.value));
            if !known {
                d.at(
                    &unlisted.loc,
                    format!("{key}.unlisted_keys"),
                    format!(
                        "`{}` is not a key of `{}`'s replies",
                        unlisted.value, note.endpoint.value
                    ),
                );
            }
        }
        for (wire, _) in &note.fixed {
            if !e.params.iter().any(|p| p.wire.value == wire.value) {
                d.at(
                    &wire.loc,
                    format!("{key}.fixed.{}", wire.value),
                    format!(
                        "`{}` is not a parameter of `{}` (by its wire name)",
                        wire.value, note.endpoint.value
                    ),
                );
            }
        }
    }
}

/// `[extend.E.errors]`: `without` and `texts` name ids of `E`'s table, each once, none in both;
/// `without` none the sandbox answers in a situation (it must answer it, for every scope); and
/// a text of its own has no placeholder the API file's text lacks (the generated variant has a
/// field for each of those alone).
fn scope_errors_name_what_exists(spec: &Spec, o: &ScopeErrors, d: &mut Diagnostics) {
    let Some(e) = spec.endpoint(&o.endpoint.value) else {
        return;
    };
    let key = format!("extend.{}.errors", e.key.value);
    let id = dqe_spec_types::canonical_id;
    let entry = |wanted: &str| e.errors.iter().find(|x| id(&x.id.value) == id(wanted));
    let ids = || crate::names::backticked(e.errors.iter().map(|x| x.id.value.as_str()), ", ");
    let mut seen: Vec<&str> = Vec::new();
    let named = o
        .without
        .iter()
        .enumerate()
        .map(|(i, w)| (w, format!("{key}.without[{i}]")))
        .chain(
            o.texts
                .iter()
                .map(|t| (&t.id, format!("{key}.texts.{}", t.id.value))),
        );
    for (wanted, path) in named {
        let message = if entry(&wanted.value).is_none() {
            format!(
                "`{}` is not an error id of `{}`, whose table has {}",
                wanted.value,
                e.key.value,
                ids()
            )
        } else if seen.contains(&id(&wanted.value)) {
            format!(
                "error `{}` is named twice: a scope does without an error or words it otherwise, once",
                wanted.value
            )
        } else {
            seen.push(id(&wanted.value));
            continue;
        };
        d.at(&wanted.loc, path, message);
    }
    for (i, w) in o.without.iter().enumerate() {
        let answered = e.sandbox.iter().find(|(_, x)| id(&x.value) == id(&w.value));
        if let Some((situation, _)) = answered {
            d.at(
                &w.loc,
                format!("{key}.without[{i}]"),
                format!(
                    "the sandbox answers error `{}` for `{}` (`endpoints.{}.sandbox`): a scope cannot do without an error the sandbox answers",
                    w.value,
                    situation.key(),
                    e.key.value
                ),
            );
        }
    }
    for t in &o.texts {
        let Some(x) = entry(&t.id.value) else {
            continue;
        };
        let holes: Vec<&str> = crate::template::holes(&x.template).collect();
        if let Some(extra) = crate::template::holes(&t.template).find(|h| !holes.contains(h)) {
            d.at(
                &t.text.loc,
                format!("{key}.texts.{}", t.id.value),
                format!(
                    "`{{{extra}}}` is not a placeholder of the API file's text of error `{}` (`{}`): a scope's text may leave out the API's placeholders, not add its own",
                    x.id.value, x.text.value
                ),
            );
        }
    }
}
