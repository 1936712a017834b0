//! Model -> Rust items, one file per generated item. The generated code names the client
//! runtime through one path (`::dqe_client::__private`), and reads like hand-written serde
//! code: one pass over each reply's keys, no intermediate buffering. Every generated name comes
//! from [`crate::generated_names`].

mod credentials;
mod enums;
mod error;

mod info;
mod journey;
mod record;
mod reply;
mod request;
mod scope_methods;
mod summary;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::generated_names::EndpointNames;
use crate::model::*;
use crate::validate::Checked;

/// The path of the client runtime that generated code uses.
fn rt() -> TokenStream {
    quote!(::dqe_client::__private)
}

/// An identifier, from a name the spec checks made sure is one.
fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// Doc attributes, one per line, so the expansion reads as `///` comments; the text's first
/// sentence stands alone as its first paragraph ([`summary::lead_alone`]).
fn doc(text: &str) -> TokenStream {
    let text = summary::lead_alone(text);
    let lines = text.lines().map(|l| format!(" {}", l.trim_end()));
    quote!(#(#[doc = #lines])*)
}

/// Generates every item of a checked spec: an `include_str!` per spec file (so that editing
/// one rebuilds), `SERVER_ENV`, the scope enum, the credentials, the callback, each endpoint's
/// items, and the spec's enums and objects.
pub fn expand(spec: &Spec, checked: &Checked<'_>) -> TokenStream {
    let includes = spec.files.iter().map(|f| {
        let path = f.absolute.to_string_lossy().into_owned();
        quote!(
            const _: &str = include_str!(#path);
        )
    });
    let scope = enums::scope_enum(spec);
    let enums = spec.enums.iter().map(enums::enum_def);
    let objects = spec
        .objects
        .iter()
        .map(|o| record::record(&ident(&o.name.value), &doc(&o.description), &o.fields));
    let credentials = credentials::credentials(spec);
    let callback = spec.callback.as_ref().map(credentials::callback);
    let endpoints = spec.endpoints.iter().map(|e| endpoint(spec, e));
    let journey = checked.journey.as_ref().map(|j| journey::journey(spec, j));
    let server_env = spec.api.server_env.as_ref().map(|env| {
        let d = doc(&format!(
            "The environment variable holding the address of the {} server.",
            spec.api.name
        ));
        quote!(#d pub const SERVER_ENV: &str = #env;)
    });
    quote! {
        #(#includes)*
        #server_env
        #scope
        #credentials
        #callback
        #(#endpoints)*
        #journey
        #(#enums)*
        #(#objects)*
    }
}

/// Generates the items of one endpoint: its request builder, reply enum, outcome records,
/// error enum and, for an endpoint that issues tokens, the token traits.
fn endpoint(spec: &Spec, e: &Endpoint) -> TokenStream {
    let names = EndpointNames::new(e);
    let request = request::request(spec, e, &names);
    let reply = reply::reply_enum(spec, e, &names);
    let success = e
        .success
        .as_ref()
        .map(|o| record::outcome_record(spec, &names, o, &names.success, "on success"));
    let pending = e.pending.as_ref().map(|o| {
        record::outcome_record(
            spec,
            &names,
            o,
            &names.pending,
            "while the result is not ready",
        )
    });
    let error = error::error_enum(spec, e, &names);
    let grant = info::token_grant(e, &names);
    quote! {
        #request
        #reply
        #success
        #pending
        #error
        #grant
    }
}

/// The Rust type of a parameter or field.
fn rust_type(ty: &TypeRef) -> TokenStream {
    let rt = rt();
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Date => quote!(#rt::Date),
        TypeRef::Timestamp => quote!(#rt::Timestamp),
        TypeRef::Seconds => quote!(#rt::Seconds),
        TypeRef::Bool => quote!(bool),
        TypeRef::Score => quote!(#rt::Score),
        TypeRef::Integer => quote!(u64),
        TypeRef::Scope => quote!(Scope),
        TypeRef::Base64 => quote!(#rt::Document),
        TypeRef::List(inner) => {
            let inner = rust_type(inner);
            quote!(#rt::List<#inner>)
        }
        TypeRef::Named(name)
        | TypeRef::Enum(TypeName { name, .. })
        | TypeRef::Object(TypeName { name, .. }) => {
            let n = ident(name);
            quote!(#n)
        }
    }
}

/// The type of a reply field: objects are boxed, so that a reply stays small to move whatever
/// its outcome, and an object is copied once, into its box.
fn field_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Object(t) => {
            let n = ident(&t.name);
            quote!(::std::boxed::Box<#n>)
        }
        other => rust_type(other),
    }
}

/// How a type reads in documentation.
fn type_label(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Date => "date".into(),
        TypeRef::Timestamp => "timestamp".into(),
        TypeRef::Seconds => "seconds".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::Score => "score from 0 to 1".into(),
        TypeRef::Integer => "whole number".into(),
        TypeRef::Scope => "scope".into(),
        TypeRef::Base64 => "document sent as Base64 text".into(),
        TypeRef::List(i) => format!("list of {}", type_label(i)),
        TypeRef::Named(name)
        | TypeRef::Enum(TypeName { name, .. })
        | TypeRef::Object(TypeName { name, .. }) => format!("[`{name}`]"),
    }
}

/// The enum a reference of a checked spec leads to. The checks (`validate`) report a reference
/// that leads nowhere, and the expansion runs only on a spec that passes them.
fn enum_of<'s>(spec: &'s Spec, t: &TypeName) -> &'s EnumDef {
    &spec.enums[t.index]
}

/// The object a reference of a checked spec leads to, as [`enum_of`].
fn object_of<'s>(spec: &'s Spec, t: &TypeName) -> &'s ObjectDef {
    &spec.objects[t.index]
}

/// The runtime's value for each method an endpoint accepts, in order.
fn method_values(e: &Endpoint) -> impl Iterator<Item = TokenStream> + '_ {
    e.methods.iter().map(info::ToRuntime::to_runtime)
}
