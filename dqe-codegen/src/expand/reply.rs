//! The generated reply enum of an endpoint: one variant per outcome (success, pending), the
//! error, and `Unrecognized` for a status the spec does not know. It decodes in one pass over
//! the reply's keys, whatever the status.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::record::{KeyValue, ReplyKey, build_record, decode_loop};
use super::{doc, field_type, ident, rt};
use crate::generated_names::EndpointNames;
use crate::model::*;

/// An outcome of the reply besides errors, as a variant of the reply enum.
struct OutcomeVariant<'a> {
    outcome: &'a OutcomeSpec,
    /// `Success` or `Pending`, as the runtime's `Outcome` names them too.
    variant: Ident,
    /// Its record.
    ty: Ident,
    /// Whether serializing writes the status of a `default` outcome: not for success (a token
    /// reply comes without one), always for pending.
    writes_default_status: bool,
}

/// Generates the reply enum of an endpoint, its decoder, its serializer and the runtime's
/// `Reply`.
pub(super) fn reply_enum(spec: &Spec, e: &Endpoint, names: &EndpointNames<'_>) -> TokenStream {
    let rt = rt();
    let name = ident(&names.reply);
    let error = ident(&names.error);
    let shape = &spec.replies.error;
    let status_key = &spec.replies.status_key;
    let outcomes = outcome_variants(e, names);
    let variants = outcomes.iter().map(|o| {
        let (variant, ty) = (&o.variant, &o.ty);
        let d = doc(&format!(
            "`{status_key}` = `{}`: {}",
            o.outcome.status.value, o.outcome.description
        ));
        quote!(#d #variant(#ty),)
    });
    let error_doc = doc(&format!(
        "`{status_key}` = `{}`: {}",
        shape.status, shape.description
    ));
    let unrecognized_doc = doc(&format!(
        "A `{status_key}` this version of the spec does not know (or none), kept as received."
    ));
    let d = doc(&format!(
        "A reply of [`{}`], by its `{status_key}`. Decoding never fails on a value of an unexpected type (see each outcome's `oddities`); only a body that is not a JSON object fails.",
        names.request
    ));
    let decode = decode_impl(spec, e, &name, &error, &outcomes);
    let serialize = serialize_impl(spec, &name, &outcomes);
    let success = ident(&names.success);
    let pending = match &e.pending {
        Some(_) => {
            let pending = ident(&names.pending);
            quote!(#pending)
        }
        None => quote!(#rt::NoPending),
    };
    let from_pending = match &e.pending {
        Some(_) => quote!(#name::Pending(pending)),
        None => quote!(match pending {}),
    };
    let outcome_arms = outcomes.iter().map(|o| {
        let variant = &o.variant;
        quote!(#name::#variant(value) => #rt::Outcome::#variant(value),)
    });
    quote! {
        #d
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #error_doc
            Error(#error),
            #unrecognized_doc
            Unrecognized {
                /// The status as received, if there was one.
                status: ::std::option::Option<::std::string::String>,
            },
        }

        #decode

        #serialize

        impl<'de> #rt::Deserialize<'de> for #name {
            fn deserialize<D: #rt::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #rt::deserialize_map(deserializer)
            }
        }

        impl #rt::Reply for #name {
            type Success = #success;
            type Pending = #pending;
            type Error = #error;
            fn into_outcome(self) -> #rt::Outcome<#success, #pending, #error> {
                match self {
                    #(#outcome_arms)*
                    #name::Error(error) => #rt::Outcome::Error(error),
                    #name::Unrecognized { status } => #rt::Outcome::Unrecognized(status),
                }
            }
            fn from_error(error: #error) -> Self {
                #name::Error(error)
            }
            fn from_success(success: #success) -> Self {
                #name::Success(success)
            }
            fn from_pending(pending: #pending) -> Self {
                #from_pending
            }
        }
    }
}

/// The endpoint's success and pending outcomes, those it has, in that order.
fn outcome_variants<'a>(e: &'a Endpoint, names: &EndpointNames<'_>) -> Vec<OutcomeVariant<'a>> {
    let success = e.success.as_ref().map(|outcome| OutcomeVariant {
        outcome,
        variant: ident("Success"),
        ty: ident(&names.success),
        writes_default_status: false,
    });
    let pending = e.pending.as_ref().map(|outcome| OutcomeVariant {
        outcome,
        variant: ident("Pending"),
        ty: ident(&names.pending),
        writes_default_status: true,
    });
    success.into_iter().chain(pending).collect()
}

/// Every key of every outcome, each once (by wire key), in order: one slot per key, so that
/// the reply is read in one pass whatever its status.
fn distinct_keys(e: &Endpoint) -> Vec<&Field> {
    let mut union: Vec<&Field> = Vec::new();
    for f in e.outcomes().flat_map(|o| &o.fields) {
        if !union.iter().any(|u| u.wire.value == f.wire.value) {
            union.push(f);
        }
    }
    union
}

/// The variable of a key's slot: named by position, then key, since two wire keys may differ
/// only in characters an identifier cannot hold.
fn key_var(union: &[&Field], f: &Field) -> Ident {
    let index = union
        .iter()
        .position(|u| u.wire.value == f.wire.value)
        .unwrap_or_default();
    let readable: String = f
        .wire
        .value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format_ident!("k{index}_{readable}")
}

/// Generates `DecodeMap` for the reply enum: the status, error id and text and every outcome's
/// keys read in one pass, then the variant chosen by status.
fn decode_impl(
    spec: &Spec,
    e: &Endpoint,
    name: &Ident,
    error: &Ident,
    outcomes: &[OutcomeVariant<'_>],
) -> TokenStream {
    let rt = rt();
    let shape = &spec.replies.error;
    let error_status = &shape.status;
    let union = distinct_keys(e);
    let text_key = |wire, var| ReplyKey {
        wire,
        var: ident(var),
        value: KeyValue::Text,
    };
    let mut keys = vec![
        text_key(&spec.replies.status_key, "s_status"),
        text_key(&shape.id_key, "s_id"),
        text_key(&shape.text_key, "s_text"),
    ];
    keys.extend(union.iter().map(|f| ReplyKey {
        wire: &f.wire.value,
        var: key_var(&union, f),
        value: KeyValue::Field(field_type(&f.ty.value)),
    }));
    let decode = decode_loop(&keys);
    let mut arms = Vec::new();
    let mut without_status_arms = Vec::new();
    let mut default_arm = quote!(::std::option::Option::None => #name::Unrecognized { status: ::std::option::Option::None },);
    for o in outcomes {
        let (st, variant) = (&o.outcome.status.value, &o.variant);
        let build = build_record(
            &o.ty,
            &o.outcome.fields,
            |f| key_var(&union, f),
            |value| quote!(#name::#variant(#value)),
        );
        arms.push(quote!(::std::option::Option::Some(#st) => #build,));
        if o.outcome.default {
            default_arm = quote!(::std::option::Option::None => #build,);
        }
        // A reply without a status that holds one of the keys a scope reads so (a one-step
        // scope whose result is the reply itself) is this outcome.
        let present = union
            .iter()
            .filter(|f| o.outcome.without_status_keys.contains(&f.wire.value))
            .map(|f| {
                let var = key_var(&union, f);
                quote!(!#var.is_absent())
            });
        let present: Vec<TokenStream> = present.collect();
        if !present.is_empty() {
            without_status_arms
                .push(quote!(::std::option::Option::None if #(#present)||* => #build,));
        }
    }
    quote! {
        impl #rt::DecodeMap for #name {
            const EXPECTING: &'static str = "a JSON object";
            fn decode_map<'de, A: #rt::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                #decode
                ::std::result::Result::Ok(match s_status.as_deref() {
                    #(#arms)*
                    ::std::option::Option::Some(#error_status) => #name::Error(#error::from_id_and_text(
                        s_id.as_deref().unwrap_or_default(),
                        s_text.map(::std::borrow::Cow::into_owned).unwrap_or_default(),
                    )),
                    #(#without_status_arms)*
                    #default_arm
                    ::std::option::Option::Some(_) => #name::Unrecognized {
                        status: s_status.map(::std::borrow::Cow::into_owned),
                    },
                })
            }
        }
    }
}

/// Generates `Serialize` for the reply enum: each outcome as its status and fields, an error
/// as its status, text and id, an unrecognized reply as its status.
fn serialize_impl(spec: &Spec, name: &Ident, outcomes: &[OutcomeVariant<'_>]) -> TokenStream {
    let rt = rt();
    let shape = &spec.replies.error;
    let status_key = &spec.replies.status_key;
    let (id_key, text_key, error_status) = (&shape.id_key, &shape.text_key, &shape.status);
    let text_field = ident(text_key);
    let outcome_arms = outcomes.iter().map(|o| {
        let (st, variant) = (&o.outcome.status.value, &o.variant);
        let status_entry = if o.outcome.default && !o.writes_default_status {
            quote!()
        } else {
            quote!(#rt::SerializeMap::serialize_entry(&mut map, #status_key, #st)?;)
        };
        quote! {
            #name::#variant(value) => {
                let mut map = #rt::Serializer::serialize_map(serializer, ::std::option::Option::None)?;
                #status_entry
                #rt::SerializeFields::serialize_fields(value, &mut map)?;
                #rt::SerializeMap::end(map)
            }
        }
    });
    quote! {
        impl #rt::Serialize for #name {
            fn serialize<S: #rt::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#outcome_arms)*
                    #name::Error(error) => {
                        let mut map = #rt::Serializer::serialize_map(serializer, ::std::option::Option::Some(3))?;
                        #rt::SerializeMap::serialize_entry(&mut map, #status_key, #error_status)?;
                        #rt::SerializeMap::serialize_entry(&mut map, #text_key, error.#text_field())?;
                        #rt::SerializeMap::serialize_entry(&mut map, #id_key, error.id())?;
                        #rt::SerializeMap::end(map)
                    }
                    #name::Unrecognized { status } => {
                        let mut map = #rt::Serializer::serialize_map(serializer, ::std::option::Option::None)?;
                        if let ::std::option::Option::Some(status) = status {
                            #rt::SerializeMap::serialize_entry(&mut map, #status_key, status)?;
                        }
                        #rt::SerializeMap::end(map)
                    }
                }
            }
        }
    }
}
