//! The rules of scope files: what `requires` and `without` name, the method each scope gives
//! the request builder, and parameter defaults.

use super::super::names::is_snake_ident;
use crate::diag::Diagnostics;
use crate::generated_names::{BUILDER_METHODS, scope_method};
use crate::model::*;

/// Checks every scope against the endpoint it is chosen on (the one with a `by_scope`
/// parameter), and every parameter default.
pub(super) fn check_scopes(spec: &Spec, d: &mut Diagnostics) {
    let chooser = spec
        .endpoints
        .iter()
        .find(|e| e.params.iter().any(|p| p.by_scope));
    for s in &spec.scopes {
        scope_names_known(chooser, s, d);
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

/// `requires` names optional parameters the caller sets, and `without` parameters that are
/// not mandatory, on the endpoint scopes are chosen on.
fn scope_names_known(chooser: Option<&Endpoint>, s: &Scope, d: &mut Diagnostics) {
    let lists = [("requires", &s.requires), ("without", &s.without)];
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
            let wrong = match key {
                "requires" if p.source != Source::Caller || p.by_scope || p.required => {
                    Some("a scope can require only an optional parameter the caller sets")
                }
                "without" if p.by_scope || (p.required && p.scope.is_none()) => Some(
                    "a scope cannot do without a mandatory parameter; make it optional, or give it a `default`",
                ),
                _ => None,
            };
            if let Some(message) = wrong {
                d.at(&n.loc, path, format!("`{}`: {message}", n.value));
            }
        }
    }
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
    let (Some(default), TypeRef::Named(n)) = (&p.default, &p.ty.value) else {
        return;
    };
    if let Some(en) = spec.enum_def(n)
        && !en.values.iter().any(|v| v.wire.value == default.value)
    {
        let values: Vec<&str> = en.values.iter().map(|v| v.wire.value.as_str()).collect();
        d.at(
            &default.loc,
            format!("{}.default", p.path),
            format!(
                "`{}` is not a value of `{n}`; expected one of {}",
                default.value,
                crate::names::backticked(values, ", ")
            ),
        );
    }
}
