//! What the runtime reads of an endpoint beside its types: the `INFO` constant (what the spec
//! says of it, for the sandbox and tools) and, for an endpoint that issues tokens, the token
//! traits.

use proc_macro2::TokenStream;
use quote::quote;

use super::{enum_of, ident, method_values, object_of, rt};
use crate::generated_names::EndpointNames;
use crate::model::*;
use crate::types::value_type;

/// Generates the `EndpointInfo` value of an endpoint: name, path, methods, idempotence, the
/// longest reply body it is read with, its parameters (with the one carrying the token,
/// [`Endpoint::token_param`], and the one asking for scopes, [`Endpoint::scope_param`]), errors
/// and sandbox situations.
pub(super) fn endpoint_info(spec: &Spec, e: &Endpoint) -> TokenStream {
    let rt = rt();
    let key = &e.key.value;
    let path = &e.path;
    let idempotent = e.idempotent;
    let max_body = match &e.max_body {
        // At most 1 GiB (checked when the spec is read): a `usize` on every target.
        Some(size) => {
            let size = proc_macro2::Literal::u64_unsuffixed(size.value);
            quote!(::std::option::Option::Some(#size))
        }
        None => quote!(::std::option::Option::None),
    };
    let methods = method_values(e);
    let params = e.params.iter().map(|p| param_info(spec, e, p));
    let errors = e
        .errors
        .iter()
        .map(|x| error_info(x, &x.text.value, &x.template));
    let outcomes = outcome_infos(spec, e);
    let name_of = |p: Option<&Param>| match p {
        Some(p) => {
            let n = &p.name.value;
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    };
    let (token_param, scope_param) = (name_of(e.token_param()), name_of(e.scope_param()));
    let situations = e.sandbox.iter().map(|(s, id)| {
        let id = &id.value;
        let s = s.to_runtime();
        quote!((#s, #id))
    });
    quote! {
        #rt::EndpointInfo {
            name: #key,
            path: #path,
            methods: &[#(#methods),*],
            idempotent: #idempotent,
            max_body: #max_body,
            params: &[#(#params),*],
            token_param: #token_param,
            scope_param: #scope_param,
            errors: &[#(#errors),*],
            situations: &[#(#situations),*],
            outcomes: &[#(#outcomes),*],
        }
    }
}

/// Generates the `ErrorInfo` of the error `x` worded `text` (parsed as `template`): the API
/// file's words, or a scope's own.
pub(super) fn error_info(x: &ErrorEntry, text: &str, template: &[Piece]) -> TokenStream {
    let rt = rt();
    let (id, description, retryable) = (&x.id.value, &x.description, x.retryable);
    let template = template.iter().map(ToRuntime::to_runtime);
    quote!(#rt::ErrorInfo { id: #id, text: #text, template: &[#(#template),*], description: #description, retryable: #retryable })
}

/// Generates the `ScopeErrors` of a scope: how it documents each endpoint's errors otherwise
/// than the API file ([`Scope::wording`]), one per endpoint concerned, in the API's order.
pub(super) fn scope_errors(spec: &Spec, s: &Scope) -> TokenStream {
    let rt = rt();
    let entries = spec.endpoints.iter().filter_map(|e| {
        let (mut without, mut texts) = (Vec::new(), Vec::new());
        for x in &e.errors {
            match s.wording(e, x) {
                Wording::Api => {}
                Wording::Own(t) => texts.push(error_info(x, &t.text.value, &t.template)),
                Wording::Without => without.push(&x.id.value),
            }
        }
        if without.is_empty() && texts.is_empty() {
            return None;
        }
        let endpoint = &e.key.value;
        Some(quote! {
            #rt::ScopeErrors { endpoint: #endpoint, without: &[#(#without),*], texts: &[#(#texts),*] }
        })
    });
    quote!(&[#(#entries),*])
}

/// Generates the `OutcomeInfo` of each outcome (success, then pending).
fn outcome_infos<'a>(spec: &'a Spec, e: &'a Endpoint) -> impl Iterator<Item = TokenStream> + 'a {
    let rt = rt();
    e.outcomes().map(move |o| {
        let status = &o.status.value;
        let pending = e.pending.as_ref().is_some_and(|p| std::ptr::eq(p, o));
        let default = o.default;
        let keys = &o.without_status_keys;
        let fields = o.fields.iter().map(|f| field_info(spec, f, 0));
        quote! {
            #rt::OutcomeInfo {
                status: #status, pending: #pending, default: #default,
                without_status_keys: &[#(#keys),*],
                fields: &[#(#fields),*],
            }
        }
    })
}

/// Generates the `FieldInfo` of a key, with the keys of the object it holds (to a few levels:
/// a spec's objects do not nest deeper).
fn field_info(spec: &Spec, f: &Field, depth: usize) -> TokenStream {
    let rt = rt();
    let (name, wire, sensitive) = (&f.name.value, &f.wire.value, f.sensitive);
    let kind = field_kind(spec, &f.ty.value, depth);
    let value_type = ident(value_type(&f.ty.value).variant_name());
    let example = match &f.example {
        Some(e) => quote!(::std::option::Option::Some(#e)),
        None => quote!(::std::option::Option::None),
    };
    let scope = scope_wire(spec, f.scope);
    quote! {
        #rt::FieldInfo { name: #name, wire: #wire, kind: #kind, value_type: #rt::ValueType::#value_type, sensitive: #sensitive, example: #example, scope: #scope }
    }
}

/// The `FieldKind` of a type.
fn field_kind(spec: &Spec, ty: &TypeRef, depth: usize) -> TokenStream {
    let rt = rt();
    match ty {
        TypeRef::String => quote!(#rt::FieldKind::Text),
        TypeRef::Date => quote!(#rt::FieldKind::Date),
        TypeRef::Timestamp => quote!(#rt::FieldKind::Timestamp),
        TypeRef::Seconds => quote!(#rt::FieldKind::Seconds),
        TypeRef::Bool => quote!(#rt::FieldKind::Bool),
        TypeRef::Score => quote!(#rt::FieldKind::Score),
        TypeRef::Integer => quote!(#rt::FieldKind::Integer),
        TypeRef::Scope => quote!(#rt::FieldKind::Scopes),
        TypeRef::Base64 => quote!(#rt::FieldKind::Base64),
        TypeRef::List(inner) if **inner == TypeRef::Scope => quote!(#rt::FieldKind::Scopes),
        TypeRef::List(inner) => {
            let inner = field_kind(spec, inner, depth);
            quote!(#rt::FieldKind::List(&#inner))
        }
        TypeRef::Object(t) if depth < 4 => {
            let fields = object_of(spec, t)
                .fields
                .iter()
                .map(|f| field_info(spec, f, depth + 1));
            quote!(#rt::FieldKind::Object(&[#(#fields),*]))
        }
        TypeRef::Enum(t) => {
            let values = enum_of(spec, t).values.iter().map(|v| &v.wire.value);
            quote!(#rt::FieldKind::Enum(&[#(#values),*]))
        }
        TypeRef::Object(_) | TypeRef::Named(_) => quote!(#rt::FieldKind::Text),
    }
}

/// The wire value of the scope a file declares, as an `Option<&str>`.
fn scope_wire(spec: &Spec, file: Option<usize>) -> TokenStream {
    match spec.scope_of_file(file) {
        Some(s) => {
            let w = &s.name.value;
            quote!(::std::option::Option::Some(#w))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// Generates the `ParamInfo` value of a parameter: names, whether always needed
/// ([`Param::always_needed`]) and sensitive,
/// where its value comes from, the values it may take (a closed enum's, or scopes), and the
/// scopes that take it ([`Spec::scopes_taking`]).
fn param_info(spec: &Spec, e: &Endpoint, p: &Param) -> TokenStream {
    let rt = rt();
    let (name, wire, sensitive) = (&p.name.value, &p.wire.value, p.sensitive);
    let always_needed = p.always_needed();
    let description = &p.description;
    let source = p.source.to_runtime();
    let item = match &p.ty.value {
        TypeRef::List(inner) => inner.as_ref(),
        other => other,
    };
    let values: Vec<&str> = match item {
        TypeRef::Enum(t) if !enum_of(spec, t).open => {
            let values = enum_of(spec, t).values.iter();
            values.map(|v| v.wire.value.as_str()).collect()
        }
        _ => Vec::new(),
    };
    let scopes = *item == TypeRef::Scope;
    let is_list = matches!(p.ty.value, TypeRef::List(_));
    let kind = match &p.ty.value {
        TypeRef::Integer => quote!(#rt::ValueKind::Integer),
        TypeRef::Object(t) => {
            let keys = object_of(spec, t).fields.iter().map(|f| &f.wire.value);
            quote!(#rt::ValueKind::Json(&[#(#keys),*]))
        }
        _ => quote!(#rt::ValueKind::Text),
    };
    let default = match &p.default {
        Some(d) => {
            let d = &d.value;
            quote!(::std::option::Option::Some(#d))
        }
        None => quote!(::std::option::Option::None),
    };
    let taken_by = match spec.scopes_taking(e, p) {
        Some(taking) => {
            let wires = taking.iter().map(|s| &s.name.value);
            quote!(::std::option::Option::Some(&[#(#wires),*]))
        }
        None => quote!(::std::option::Option::None),
    };
    let by_scope = p.by_scope;
    let role = match &p.role {
        Some(r) => {
            let r = r.value.to_runtime();
            quote!(::std::option::Option::Some(#r))
        }
        None => quote!(::std::option::Option::None),
    };
    quote! {
        #rt::ParamInfo {
            name: #name, description: #description, wire: #wire, always_needed: #always_needed, sensitive: #sensitive,
            source: #source, values: &[#(#values),*], is_list: #is_list, holds_scopes: #scopes,
            kind: #kind, default: #default, taken_by: #taken_by, set_by_scope_methods: #by_scope, role: #role,
        }
    }
}

/// Generates `TokenGrant` for the success record of an endpoint whose success has a field with
/// `role = "token"` (and `TokenEndpoint` for its request); nothing for other endpoints.
pub(super) fn token_grant(e: &Endpoint, names: &EndpointNames<'_>) -> TokenStream {
    let rt = rt();
    let Some(success) = &e.success else {
        return TokenStream::new();
    };
    let find = |role: Role| {
        success
            .fields
            .iter()
            .find(|f| f.role.as_ref().map(|r| r.value) == Some(role))
    };
    let Some(token) = find(Role::Token) else {
        return TokenStream::new();
    };
    let token = ident(&token.name.value);
    let lifetime = match find(Role::TokenLifetime) {
        Some(f) => {
            let n = ident(&f.name.value);
            quote!(self.#n.map(|s| s.as_duration()))
        }
        None => quote!(::std::option::Option::None),
    };
    let ty = ident(&names.success);
    let req = ident(&names.request);
    quote! {
        impl #rt::TokenGrant for #ty {
            fn token(&self) -> ::std::option::Option<&str> {
                self.#token.as_deref()
            }
            fn lifetime(&self) -> ::std::option::Option<::std::time::Duration> {
                #lifetime
            }
        }

        impl #rt::TokenEndpoint for #req {}
    }
}

/// A value of a type the runtime shares with the generator (`dqe-spec-types`), written as the
/// Rust expression that builds it in the generated code. Each writes its variant from the
/// shared type's own `parts`/`variant_name`, so the generator keeps no list of variants.
pub(super) trait ToRuntime {
    /// The expression, with the runtime's path (`::dqe_client::__private::Situation::Empty("x")`).
    fn to_runtime(&self) -> TokenStream;
}

impl ToRuntime for Situation {
    fn to_runtime(&self) -> TokenStream {
        let rt = rt();
        let (variant, payload) = self.parts();
        let variant = ident(variant);
        if payload.is_empty() {
            quote!(#rt::Situation::#variant)
        } else {
            quote!(#rt::Situation::#variant(#(#payload),*))
        }
    }
}

impl ToRuntime for Piece {
    fn to_runtime(&self) -> TokenStream {
        let rt = rt();
        let (variant, text) = self.parts();
        let variant = ident(variant);
        quote!(#rt::Piece::#variant(#text))
    }
}

impl ToRuntime for ParamRole {
    fn to_runtime(&self) -> TokenStream {
        let rt = rt();
        let variant = ident(self.variant_name());
        quote!(#rt::ParamRole::#variant)
    }
}

impl ToRuntime for Method {
    fn to_runtime(&self) -> TokenStream {
        let rt = rt();
        let variant = ident(self.variant_name());
        quote!(#rt::Method::#variant)
    }
}

impl ToRuntime for Source {
    fn to_runtime(&self) -> TokenStream {
        let rt = rt();
        let (variant, payload) = self.parts();
        let variant = ident(variant);
        match payload {
            Some(text) => {
                let text = &text.value;
                quote!(#rt::ParamSource::#variant(#text))
            }
            None => quote!(#rt::ParamSource::#variant),
        }
    }
}

impl ToRuntime for CustomerOutcome {
    fn to_runtime(&self) -> TokenStream {
        let rt = rt();
        let variant = ident(self.variant_name());
        quote!(#rt::CustomerOutcome::#variant)
    }
}
