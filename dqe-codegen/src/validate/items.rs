//! Rules for the items endpoints, the callback and objects share: parameters, fields, and the
//! types they name.

use super::unique;
use crate::diag::Diagnostics;
use crate::generated_names::{BUILDER_METHODS, EXTRA_FIELD, ODDITIES_FIELD};
use crate::model::*;
use crate::names::did_you_mean;

/// A list of parameters: distinct names and wire names, no setter named like a builder
/// method, usable types, defined credentials.
pub(super) fn params(spec: &Spec, list: &[Param], d: &mut Diagnostics) {
    let names = list.iter().map(|p| (&p.name, &p.wire, p.path.as_str()));
    names_and_wires_unique(d, ("parameter", "wire name"), names);
    for p in list {
        setter_not_a_builder_method(p, d);
        check_type(spec, &format!("{}.type", p.path), &p.ty, false, d);
        credential_defined(spec, p, d);
    }
}

/// The items of a list (name, wire name, dotted key) have distinct names, then distinct wire
/// names; `what` names both in messages.
fn names_and_wires_unique<'a>(
    d: &mut Diagnostics,
    what: (&str, &str),
    items: impl Iterator<Item = (&'a At<String>, &'a At<String>, &'a str)> + Clone,
) {
    let names = items
        .clone()
        .map(|(n, _, path)| (n, format!("{path}.name")));
    unique(d, what.0, names);
    let wires = items.map(|(_, w, path)| (w, format!("{path}.wire")));
    unique(d, what.1, wires);
}

/// A parameter the caller sets does not take the name of a method of the request builder.
fn setter_not_a_builder_method(p: &Param, d: &mut Diagnostics) {
    if p.source == Source::Caller && BUILDER_METHODS.contains(&p.name.value.as_str()) {
        d.at(
            &p.name.loc,
            format!("{}.name", p.path),
            format!(
                "`{}` would clash with a method of the request builder; set `name` to another identifier and `wire = \"{}\"`",
                p.name.value, p.wire.value
            ),
        );
    }
}

/// A parameter's credential is declared under `[credentials]`.
fn credential_defined(spec: &Spec, p: &Param, d: &mut Diagnostics) {
    let Source::Credential(c) = &p.source else {
        return;
    };
    if spec.credentials.iter().any(|x| x.name.value == c.value) {
        return;
    }
    let names: Vec<&str> = spec
        .credentials
        .iter()
        .map(|c| c.name.value.as_str())
        .collect();
    let hint = did_you_mean(&c.value, &names);
    d.at(
        &c.loc,
        format!("{}.credential", p.path),
        format!(
            "reference to an undefined credential `{}`{hint}; declare it as `[credentials.{}]`",
            c.value, c.value
        ),
    );
}

/// A list of fields: distinct names and keys, usable types, no field named `oddities`.
pub(super) fn fields(spec: &Spec, list: &[Field], d: &mut Diagnostics) {
    let names = list.iter().map(|f| (&f.name, &f.wire, f.path.as_str()));
    names_and_wires_unique(d, ("field", "key"), names);
    for f in list {
        check_type(spec, &format!("{}.type", f.path), &f.ty, true, d);
        role_has_its_type(f, d);
        if f.name.value == ODDITIES_FIELD {
            d.at(&f.name.loc, format!("{}.name", f.path), format!("`{}` is reserved for what a reply holds that does not fit its type; set `name` to another identifier and `wire` to the key", f.name.value));
        }
        if f.name.value == EXTRA_FIELD {
            d.at(&f.name.loc, format!("{}.name", f.path), format!("`{}` is reserved for the keys a reply holds that the spec does not know; set `name` to another identifier and `wire` to the key", f.name.value));
        }
    }
}

/// A field with a role has the type the role needs: a token is a string, its lifetime seconds,
/// postal lines a string.
fn role_has_its_type(f: &Field, d: &mut Diagnostics) {
    let Some(role) = &f.role else {
        return;
    };
    let (want, what) = match role.value {
        Role::Token => (TypeRef::String, "string"),
        Role::TokenLifetime => (TypeRef::Seconds, "seconds"),
        Role::PostalLines => (TypeRef::String, "string"),
    };
    if f.ty.value != want {
        d.at(
            &role.loc,
            format!("{}.role", f.path),
            format!("a field with this role must be of type `{what}`"),
        );
    }
}

/// A resolved reference, at any depth of lists, that does not lead to the enum or object of
/// its name (in a spec built by hand): what lets the expansion follow references without
/// looking names up.
fn dangling<'t>(spec: &Spec, ty: &'t TypeRef) -> Option<&'t TypeName> {
    match ty {
        TypeRef::Enum(t) if spec.enum_of(t).is_none() => Some(t),
        TypeRef::Object(t) if spec.object_of(t).is_none() => Some(t),
        TypeRef::List(item) => dangling(spec, item),
        _ => None,
    }
}

/// A type names a declared enum or object, `scope` has scope files, an object or a document
/// (`base64`) is not in a list, and a request parameter takes text, a list, an enum or an
/// object (a document is something a reply gives).
fn check_type(spec: &Spec, path: &str, ty: &At<TypeRef>, reply: bool, d: &mut Diagnostics) {
    let mut t = &ty.value;
    let mut in_list = false;
    if let TypeRef::List(inner) = t {
        t = inner;
        in_list = true;
    }
    if let Some(t) = dangling(spec, t) {
        let message = format!(
            "the reference to `{}` does not lead to its declaration in this spec (a spec built by hand? `load_spec` resolves the names)",
            t.name
        );
        return d.at(&ty.loc, path, message);
    }
    match t {
        TypeRef::Scope if spec.scopes.is_empty() => d.at(
            &ty.loc,
            path,
            "reference to an undefined scope: type `scope` needs at least one scope file under `scopes/`",
        ),
        // A parameter sends an object as JSON text; a list holds words.
        TypeRef::Object(t) if in_list => d.at(
            &ty.loc,
            path,
            format!("`{}` is an object; a list holds strings, scopes or enums", t.name),
        ),
        // A spec built by hand, never resolved.
        TypeRef::Named(name) if spec.enum_def(name).is_some() || spec.object(name).is_some() => d.at(
            &ty.loc,
            path,
            format!("`{name}` is declared but this reference to it is not resolved: call `dqe_codegen::resolve_types` on a spec built by hand (`load_spec` does)"),
        ),
        // Resolution left the names that declare nothing.
        TypeRef::Named(name) => {
            let names: Vec<&str> = spec
                .enums
                .iter()
                .map(|e| e.name.value.as_str())
                .chain(spec.objects.iter().map(|o| o.name.value.as_str()))
                .collect();
            let hint = did_you_mean(name, &names);
            d.at(
                &ty.loc,
                path,
                format!("reference to an undefined type `{name}`{hint}; declare it as `[enums.{name}]` or `[objects.{name}]`"),
            );
        }
        // A document is one value, never a word of a comma-separated list.
        TypeRef::Base64 if in_list => d.at(
            &ty.loc,
            path,
            "`base64` is a document; a list holds strings, scopes or enums",
        ),
        _ if !reply && !in_list && matches!(t, TypeRef::Date | TypeRef::Timestamp | TypeRef::Seconds | TypeRef::Score | TypeRef::Base64) => d.at(
            &ty.loc,
            path,
            "a request parameter takes a string, a boolean, an integer, a list, an enum or an object (sent as JSON)",
        ),
        _ => {}
    }
}
