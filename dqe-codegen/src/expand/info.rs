//! What the runtime reads of an endpoint beside its types: the `INFO` constant (what the spec
//! says of it, for the sandbox and tools) and, for an endpoint that issues tokens, the token
//! traits.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, method_values, rt};
use crate::generated_names::EndpointNames;
use crate::model::*;

/// Generates the `EndpointInfo` value of an endpoint: name, path, methods, idempotence, and
/// its parameters, errors and sandbox situations.
pub(super) fn endpoint_info(spec: &Spec, e: &Endpoint) -> TokenStream {
    let rt = rt();
    let key = &e.key.value;
    let path = &e.path;
    let idempotent = e.idempotent;
    let methods = method_values(e);
    let params = e.params.iter().map(|p| param_info(spec, p));
    let errors = e.errors.iter().map(|x| {
        let (id, text, description, retryable) = (&x.id.value, &x.text.value, &x.description, x.retryable);
        let template = super::error::template_pieces(&x.template);
        quote!(#rt::ErrorInfo { id: #id, text: #text, template: #template, description: #description, retryable: #retryable })
    });
    let situations = e.sandbox.iter().map(|(s, id)| {
        let id = &id.value;
        let s = situation(s);
        quote!((#s, #id))
    });
    quote! {
        #rt::EndpointInfo {
            name: #key,
            path: #path,
            methods: &[#(#methods),*],
            idempotent: #idempotent,
            params: &[#(#params),*],
            errors: &[#(#errors),*],
            situations: &[#(#situations),*],
        }
    }
}

/// Generates the `ParamInfo` value of a parameter: names, whether mandatory and sensitive,
/// where its value comes from, and the values it may take (a closed enum's, or scopes).
fn param_info(spec: &Spec, p: &Param) -> TokenStream {
    let rt = rt();
    let (name, wire, required, sensitive) = (&p.name.value, &p.wire.value, p.required, p.sensitive);
    let source = match &p.source {
        Source::Caller => quote!(#rt::ParamSource::Caller),
        Source::Credential(c) => {
            let c = &c.value;
            quote!(#rt::ParamSource::Credential(#c))
        }
        Source::Token => quote!(#rt::ParamSource::Token),
        Source::Fixed(v) => quote!(#rt::ParamSource::Fixed(#v)),
    };
    let item = match &p.ty.value {
        TypeRef::List(inner) => inner.as_ref(),
        other => other,
    };
    let values: Vec<&str> = match item {
        TypeRef::Named(n) => spec
            .enum_def(n)
            .filter(|d| !d.open)
            .map(|d| d.values.iter().map(|v| v.wire.value.as_str()).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let scopes = *item == TypeRef::Scope;
    quote! {
        #rt::ParamInfo {
            name: #name, wire: #wire, required: #required, sensitive: #sensitive,
            source: #source, values: &[#(#values),*], scopes: #scopes,
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

/// Generates a runtime `Situation` value.
fn situation(s: &Situation) -> TokenStream {
    let rt = rt();
    let v = |name: &str| {
        let name = ident(name);
        quote!(#rt::Situation::#name)
    };
    match s {
        Situation::MissingParameter => v("MissingParameter"),
        Situation::FixedMismatch => v("FixedMismatch"),
        Situation::InvalidValue => v("InvalidValue"),
        Situation::InvalidScope => v("InvalidScope"),
        Situation::InvalidToken => v("InvalidToken"),
        Situation::ConsentWrongCode => v("ConsentWrongCode"),
        Situation::ConsentDeclined => v("ConsentDeclined"),
        Situation::Credential(n) => quote!(#rt::Situation::Credential(#n)),
        Situation::Empty(n) => quote!(#rt::Situation::Empty(#n)),
        Situation::NotJson(n) => quote!(#rt::Situation::NotJson(#n)),
        Situation::MissingKey(n, k) => quote!(#rt::Situation::MissingKey(#n, #k)),
    }
}
