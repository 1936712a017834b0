//! Checks that span items: references resolve, names are unique, generated names do not clash.
//! Every problem is reported; nothing stops at the first. Each rule is a named function, and
//! [`check_spec`] lists them in the order they report (as serde's `internals/check.rs` does).

mod endpoint;
mod items;
mod journey;
mod scopes;

use std::collections::HashMap;

use crate::diag::{Diagnostics, Loc};
use crate::generated_names::{ALL_CONST, API_TYPES, EndpointNames, OTHER_VARIANT};
use crate::model::*;

pub(crate) use journey::{CallbackKeys, ResolvedJourney};

/// What checking resolves of a spec's names, for the expansion to read instead of looking
/// them up (the way progenitor turns an operation into an `OperationMethod` before
/// generating): whole only when nothing was reported.
pub(crate) struct Checked<'a> {
    /// `[journey]`, resolved, when the spec has one.
    pub journey: Option<ResolvedJourney<'a>>,
}

/// Checks the whole spec, rule by rule, and returns what it resolved.
pub fn check_spec<'a>(spec: &'a Spec, d: &mut Diagnostics) -> Checked<'a> {
    credentials_unique(spec, d);
    types_unique(spec, d);
    types_not_generated(spec, d);
    generated_names_unique(spec, d);
    scopes_unique(spec, d);
    scope_variants_not_reserved(spec, d);
    callback_params_valid(spec, d);
    scopes::check_scopes(spec, d);
    let journey = journey::check_journey(spec, d);
    for e in &spec.endpoints {
        endpoint::check_endpoint(spec, e, d);
    }
    for o in &spec.objects {
        items::fields(spec, &o.fields, d);
    }
    for e in &spec.enums {
        enum_values_unique(e, d);
        enum_variants_not_reserved(e, d);
    }
    Checked { journey }
}

/// Reports every item whose name was already given to an earlier one: (name and where it
/// was written, key). Empty names (already reported as missing) are skipped.
fn unique<'a>(
    d: &mut Diagnostics,
    what: &str,
    items: impl Iterator<Item = (&'a At<String>, String)>,
) {
    unique_noted(d, what, items.map(|(name, key)| (name, key, "")));
}

/// [`unique`], each item with a note added to its message when it is a duplicate.
fn unique_noted<'a>(
    d: &mut Diagnostics,
    what: &str,
    items: impl Iterator<Item = (&'a At<String>, String, &'a str)>,
) {
    let mut seen: HashMap<&String, &Loc> = HashMap::new();
    for (At { value: name, loc }, key, note) in items {
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
                format!("duplicate {what} `{name}`: it is already defined {first_line}{note}"),
            );
        } else {
            seen.insert(name, loc);
        }
    }
}

/// Credentials have distinct names.
fn credentials_unique(spec: &Spec, d: &mut Diagnostics) {
    let names = spec.credentials.iter().map(|c| &c.name);
    unique(
        d,
        "credential",
        names.map(|n| (n, format!("credentials.{}", n.value))),
    );
}

/// The enums and objects of every file, with their keys.
fn declared_types(spec: &Spec) -> Vec<(&At<String>, String)> {
    let enums = spec
        .enums
        .iter()
        .map(|e| (&e.name, format!("enums.{}", e.name.value)));
    let objects = spec
        .objects
        .iter()
        .map(|o| (&o.name, format!("objects.{}", o.name.value)));
    enums.chain(objects).collect()
}

/// Enums and objects, over every file, have distinct names.
fn types_unique(spec: &Spec, d: &mut Diagnostics) {
    unique(d, "type", declared_types(spec).into_iter());
}

/// No enum or object takes a name the expansion generates: an API-wide type (`Scope`...), an
/// endpoint's request, reply, outcome or error type, or a request builder's marker trait.
fn types_not_generated(spec: &Spec, d: &mut Diagnostics) {
    let names: Vec<EndpointNames<'_>> = spec.endpoints.iter().map(EndpointNames::new).collect();
    let generated: Vec<&str> = names
        .iter()
        .flat_map(|n| n.items().map(|(item, _)| item))
        .collect();
    for (At { value: name, loc }, key) in declared_types(spec) {
        if API_TYPES.contains(&name.as_str()) || generated.contains(&name.as_str()) {
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

/// No two endpoints, nor two mandatory parameters of one endpoint, generate the same name
/// from different names (`foo_1` and `foo1` both give `Foo1Request`), reported once per pair
/// of names; a name written twice is reported as a duplicate already.
fn generated_names_unique(spec: &Spec, d: &mut Diagnostics) {
    // (generated name, the name it comes from), first come first.
    let mut seen: Vec<(String, &str)> = Vec::new();
    // (name, the name it clashes with): one report for all that a name generates.
    let mut reported: Vec<(&str, &str)> = Vec::new();
    for e in &spec.endpoints {
        for (item, param) in EndpointNames::new(e).items() {
            let (source, key) = match param {
                Some(p) => (&p.name, format!("{}.name", p.path)),
                None => (&e.key, format!("endpoints.{}", e.key.value)),
            };
            match seen.iter().find(|(i, _)| i == item) {
                Some(&(_, first)) if first != source.value => {
                    if !reported.contains(&(&source.value, first)) {
                        reported.push((&source.value, first));
                        d.at(
                            &source.loc,
                            key,
                            format!(
                                "`{}` generates `{item}`, as `{first}` does already; choose another name",
                                source.value
                            ),
                        );
                    }
                }
                Some(_) => {}
                None => seen.push((item.to_owned(), &source.value)),
            }
        }
    }
}

/// Scope files have distinct names and variants.
fn scopes_unique(spec: &Spec, d: &mut Diagnostics) {
    let names = spec
        .scopes
        .iter()
        .map(|s| (&s.name, "scope.name".to_owned()));
    unique(d, "scope", names);
    let variants: Vec<At<String>> = spec
        .scopes
        .iter()
        .map(|s| At::new(s.variant.clone(), s.name.loc.clone()))
        .collect();
    let variants = variants.iter().map(|v| (v, "scope.variant".to_owned()));
    unique(d, "scope variant", variants);
}

/// No scope's variant is `Other` (it holds unknown scopes) or `ALL` (the constant listing
/// every scope).
fn scope_variants_not_reserved(spec: &Spec, d: &mut Diagnostics) {
    for s in &spec.scopes {
        if s.variant == OTHER_VARIANT {
            d.at(
                &s.name.loc,
                "scope",
                "`Other` is reserved; set `variant` to another name",
            );
        }
        if s.variant == ALL_CONST {
            d.at(
                &s.name.loc,
                "scope",
                "`ALL` is reserved: it names the constant listing every scope; set `variant` to another name",
            );
        }
    }
}

/// A callback's parameters are valid, and it has at least one.
fn callback_params_valid(spec: &Spec, d: &mut Diagnostics) {
    if let Some(cb) = &spec.callback {
        items::params(spec, &cb.params, d);
        if cb.params.is_empty() {
            d.at(
                &cb.loc,
                "callback",
                "a callback needs at least one `[[callback.params]]`",
            );
        }
    }
}

/// An enum's values have distinct wire values, and distinct variants.
fn enum_values_unique(e: &EnumDef, d: &mut Diagnostics) {
    let enum_name = &e.name.value;
    let wires = e
        .values
        .iter()
        .map(|v| (&v.wire, format!("{}.wire", v.path)));
    unique(d, &format!("wire value of enum `{enum_name}`"), wires);
    let variants = e.values.iter().map(|v| {
        let note = if v.variant_derived {
            " (derived from its wire value, as `variant` is left out: set `variant` to tell them apart)"
        } else {
            ""
        };
        (&v.variant, variant_key(v), note)
    });
    unique_noted(d, &format!("variant of enum `{enum_name}`"), variants);
}

/// The key a value's variant is written at: `variant`, or the wire value it is derived from.
fn variant_key(v: &EnumValue) -> String {
    let key = if v.variant_derived { "wire" } else { "variant" };
    format!("{}.{key}", v.path)
}

/// No value of an enum is named `Other` (it holds unlisted values) or `ALL` (the constant
/// listing every value).
fn enum_variants_not_reserved(e: &EnumDef, d: &mut Diagnostics) {
    if let Some(v) = e.values.iter().find(|v| v.variant.value == OTHER_VARIANT) {
        d.at(
            &v.variant.loc,
            variant_key(v),
            "`Other` is reserved: it holds the values an open enum does not list",
        );
    }
    if let Some(v) = e.values.iter().find(|v| v.variant.value == ALL_CONST) {
        d.at(
            &v.variant.loc,
            variant_key(v),
            format!(
                "`ALL` is reserved: it names the constant listing every value of `{}`",
                e.name.value
            ),
        );
    }
}
