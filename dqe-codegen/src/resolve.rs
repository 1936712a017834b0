//! Between `load` and `validate`: applies what scope files add to the API file's endpoints,
//! reporting additions to an endpoint or an outcome the API file does not define, then
//! resolves every type name to the enum or object it declares (`validate` reports the names
//! left, which declare nothing).

use crate::diag::{Diagnostics, Loc};
use crate::model::{
    At, Example, Field, PageNote, Param, ScopeErrors, Situation, Spec, TypeName, TypeRef,
};
use crate::names::{backticked, did_you_mean};

/// What a scope file adds to an endpoint (`[extend.ENDPOINT]`), applied once every file is read.
pub struct Extension {
    /// The scope file it comes from.
    pub file: usize,
    /// Whether a reply without a status that has one of its success keys is the success.
    pub without_status: bool,
    /// The endpoint extended.
    pub endpoint: At<String>,
    /// Parameters it adds.
    pub params: Vec<Param>,
    /// Fields it adds to the success outcome.
    pub success: Vec<Field>,
    /// Fields it adds to the pending outcome.
    pub pending: Vec<Field>,
    /// Example replies it adds.
    pub examples: Vec<Example>,
    /// Where `[extend.ENDPOINT.pending]` was written, if it was.
    pub pending_loc: Option<Loc>,
    /// Situations it adds to the endpoint's sandbox table (`[extend.ENDPOINT.sandbox]`), for
    /// its own parameters.
    pub sandbox: Vec<(Situation, At<String>)>,
    /// What it says of DQE's page for this step (`[extend.ENDPOINT.page]`).
    pub page: Option<PageNote>,
    /// How the scope documents the endpoint's errors (`[extend.ENDPOINT.errors]`).
    pub errors: Option<ScopeErrors>,
}

/// Adds each extension to its endpoint, in the order the files were read.
pub fn apply_extensions(spec: &mut Spec, extensions: Vec<Extension>, diags: &mut Diagnostics) {
    for x in extensions {
        let names: Vec<String> = spec.endpoints.iter().map(|e| e.key.value.clone()).collect();
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        let Some(endpoint) = spec
            .endpoints
            .iter_mut()
            .find(|e| e.key.value == x.endpoint.value)
        else {
            diags.at(
                &x.endpoint.loc,
                format!("extend.{}", x.endpoint.value),
                format!(
                    "reference to an undefined endpoint `{}`{}; the API file defines {}",
                    x.endpoint.value,
                    did_you_mean(&x.endpoint.value, &known),
                    backticked(known.iter().copied(), ", ")
                ),
            );
            continue;
        };
        if let Some(scope) = spec.scopes.iter_mut().find(|s| s.file == x.file) {
            scope.page_notes.extend(x.page);
            scope.errors.extend(x.errors);
        }
        endpoint.params.extend(x.params);
        endpoint.examples.extend(x.examples);
        endpoint.sandbox.extend(x.sandbox);
        let from_scope = |mut f: Field| {
            f.scope = Some(x.file);
            f
        };
        if let Some(s) = endpoint.success.as_mut() {
            if x.without_status {
                s.without_status_keys
                    .extend(x.success.iter().map(|f| f.wire.value.clone()));
            }
            s.fields.extend(x.success.into_iter().map(from_scope));
        }
        match (endpoint.pending.as_mut(), x.pending_loc) {
            (Some(p), _) => p.fields.extend(x.pending.into_iter().map(from_scope)),
            (None, Some(loc)) => diags.at(
                &loc,
                format!("extend.{}.pending", x.endpoint.value),
                format!(
                    "endpoint `{}` has no pending outcome to extend",
                    x.endpoint.value
                ),
            ),
            (None, None) => {}
        }
    }
}

/// Turns each [`TypeRef::Named`] of the spec (parameters, reply fields, objects' fields, lists'
/// items) into the [`TypeRef::Enum`] or [`TypeRef::Object`] it names; a name that declares nothing
/// stays as it is, for the checks to report with their suggestions.
///
/// After this, nothing reads a type by its name. [`crate::load_spec`] calls it; call it on a spec
/// built by hand (again after adding types: it resolves only what is still a name).
pub fn resolve_types(spec: &mut Spec) {
    let enums: Vec<String> = spec.enums.iter().map(|e| e.name.value.clone()).collect();
    let objects: Vec<String> = spec.objects.iter().map(|o| o.name.value.clone()).collect();
    let resolve = |ty: &mut TypeRef| resolve_type(ty, &enums, &objects);
    let params = spec
        .endpoints
        .iter_mut()
        .flat_map(|e| e.params.iter_mut())
        .chain(spec.callback.iter_mut().flat_map(|c| c.params.iter_mut()));
    for p in params {
        resolve(&mut p.ty.value);
    }
    let fields = spec
        .endpoints
        .iter_mut()
        .flat_map(|e| e.success.iter_mut().chain(e.pending.iter_mut()))
        .flat_map(|o| o.fields.iter_mut())
        .chain(spec.objects.iter_mut().flat_map(|o| o.fields.iter_mut()));
    for f in fields {
        resolve(&mut f.ty.value);
    }
}

/// One type: a list's item, or a name found among the enums' or the objects' names.
fn resolve_type(ty: &mut TypeRef, enums: &[String], objects: &[String]) {
    let found = |names: &[String], name: &str| {
        let index = names.iter().position(|n| n == name)?;
        Some(TypeName {
            name: name.to_owned(),
            index,
        })
    };
    match ty {
        TypeRef::List(inner) => resolve_type(inner, enums, objects),
        TypeRef::Named(name) => {
            if let Some(t) = found(enums, name) {
                *ty = TypeRef::Enum(t);
            } else if let Some(t) = found(objects, name) {
                *ty = TypeRef::Object(t);
            }
        }
        _ => {}
    }
}
