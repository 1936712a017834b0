//! The generated error enum of an endpoint: a variant per documented id (named from its
//! meaning, with a field per `{name}` of its text), and `Unknown` for the others.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::info::ToRuntime;
use super::{doc, ident, rt};
use crate::generated_names::{EndpointNames, UNKNOWN_VARIANT};
use crate::model::*;
use crate::rules::canonical_id;
use crate::template;

/// Generates the error enum of an endpoint, its constructors and accessors (`id()`, the text,
/// `description()`, `is_retryable()`), `Display`, `Error` and the runtime's `ApiError`.
pub(super) fn error_enum(spec: &Spec, e: &Endpoint, names: &EndpointNames<'_>) -> TokenStream {
    let name = ident(&names.error);
    let shape = &spec.replies.error;
    let text_field = ident(&shape.text_key);
    let id_field = ident(&shape.id_key);
    let unknown = ident(UNKNOWN_VARIANT);
    let variants = e.errors.iter().map(|x| error_variant(x, &text_field));
    let d = doc(&format!(
        "The documented errors of [`{}`], to match on: one variant per error id the spec lists.\n\n{} The variant is chosen by id; the text is kept as received. An id the spec does not list is `Unknown`, with its id and text.",
        names.request, shape.description
    ));
    let methods = error_methods(spec, e, &name);
    let outcome = outcome_method(e, &name);
    let traits = error_traits(&name, &text_field);
    quote! {
        #d
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An id this version of the spec does not list, kept as received.
            #unknown {
                /// The id as received.
                #id_field: ::std::string::String,
                /// The text as received.
                #text_field: ::std::string::String,
            },
        }

        #methods

        #outcome

        #traits
    }
}

/// Generates `customer_outcome()`: what each documented error means to the customer, from its
/// `outcome` in the spec (`Failed` when it has none, and for an unknown id).
fn outcome_method(e: &Endpoint, name: &Ident) -> TokenStream {
    let rt = rt();
    let unknown = ident(UNKNOWN_VARIANT);
    let failed = CustomerOutcome::Failed.to_runtime();
    let arms = e.errors.iter().map(|x| {
        let v = ident(&x.variant.value);
        let o = x.customer_outcome().to_runtime();
        quote!(#name::#v { .. } => #o,)
    });
    quote! {
        impl #name {
            /// What the error means to the customer, from the spec (`outcome`); `Failed` for an
            /// unknown id.
            pub fn customer_outcome(&self) -> #rt::CustomerOutcome {
                match self {
                    #(#arms)*
                    #name::#unknown { .. } => #failed,
                }
            }
        }
    }
}

/// Generates the variant of a documented error: a field per placeholder of its text, and the
/// text as received.
fn error_variant(x: &ErrorEntry, text_field: &Ident) -> TokenStream {
    let v = ident(&x.variant.value);
    let mut text = format!("`{}` {}: {}", x.id.value, x.text.value, x.description);
    if x.retryable {
        text.push_str("\n\nRetryable: asking again may succeed.");
    }
    if let Some(ex) = &x.example {
        text.push_str(&format!("\n\nAs received: `{}`.", ex.value));
    }
    let d = doc(&text);
    let hole_fields = template::holes(&x.template).map(|h| {
        let hd = doc(&format!("The `{{{h}}}` part of the text, as received (empty if the text does not have the documented form)."));
        let h = ident(h);
        quote!(#hd #h: ::std::string::String,)
    });
    quote! {
        #d
        #v {
            #(#hole_fields)*
            /// The error text as received.
            #text_field: ::std::string::String,
        },
    }
}

/// The scopes' own texts of the error `x` of `e` that keep some of its placeholders
/// ([`Scope::wording`]): the other templates its placeholders are captured with.
fn other_wordings<'a>(spec: &'a Spec, e: &Endpoint, x: &ErrorEntry) -> Vec<&'a [Piece]> {
    spec.scopes
        .iter()
        .filter_map(|s| match s.wording(e, x) {
            Wording::Own(t) if template::holes(&t.template).next().is_some() => {
                Some(t.template.as_slice())
            }
            _ => None,
        })
        .collect()
}

/// Generates the arm of `from_id_and_text` that builds a documented error from its text,
/// capturing its placeholders (with the API file's template, then the scopes' own `others`).
fn from_id_arm(
    name: &Ident,
    x: &ErrorEntry,
    others: &[&[Piece]],
    text_field: &Ident,
) -> TokenStream {
    let rt = rt();
    let v = ident(&x.variant.value);
    let id = canonical_id(&x.id.value);
    let holes: Vec<Ident> = template::holes(&x.template).map(ident).collect();
    if holes.is_empty() {
        return quote!(#id => #name::#v { #text_field },);
    }
    if !others.is_empty() {
        let templates = std::iter::once(x.template.as_slice())
            .chain(others.iter().copied())
            .map(template_pieces);
        let names = template::holes(&x.template);
        let idx = (0..holes.len()).map(Literal::usize_unsuffixed);
        return quote! {
            #id => {
                let mut captured = #rt::capture_first(&[#(#templates),*], &[#(#names),*], &#text_field);
                #name::#v { #(#holes: ::std::mem::take(&mut captured[#idx]),)* #text_field }
            }
        };
    }
    // One placeholder between fixed text, the usual shape: strip prefix and suffix.
    if let Some((prefix, suffix)) = template::single_hole(&x.template) {
        let h = holes.first();
        return quote! {
            #id => #name::#v {
                #h: #rt::capture_one(#prefix, #suffix, &#text_field),
                #text_field,
            },
        };
    }
    let pieces = template_pieces(&x.template);
    let idx = (0..holes.len()).map(Literal::usize_unsuffixed);
    quote! {
        #id => {
            let mut captured = #rt::capture(#pieces, &#text_field);
            #name::#v { #(#holes: ::std::mem::take(&mut captured[#idx]),)* #text_field }
        }
    }
}

/// Generates the inherent methods of an error enum: `from_parts`, `from_id_and_text`, `id()`,
/// the text accessor, `description()` and `is_retryable()`.
fn error_methods(spec: &Spec, e: &Endpoint, name: &Ident) -> TokenStream {
    let rt = rt();
    let shape = &spec.replies.error;
    let (id_key, text_key) = (&shape.id_key, &shape.text_key);
    let text_field = ident(text_key);
    let id_field = ident(id_key);
    let unknown = ident(UNKNOWN_VARIANT);
    let from_arms = e
        .errors
        .iter()
        .map(|x| from_id_arm(name, x, &other_wordings(spec, e, x), &text_field));
    let arms = |value: &dyn Fn(&ErrorEntry) -> TokenStream| -> Vec<TokenStream> {
        e.errors
            .iter()
            .map(|x| {
                let v = ident(&x.variant.value);
                let value = value(x);
                quote!(#name::#v { .. } => #value,)
            })
            .collect()
    };
    let id_arms = arms(&|x| {
        let id = &x.id.value;
        quote!(#id)
    });
    let desc_arms = arms(&|x| {
        let d = &x.description;
        quote!(::std::option::Option::Some(#d))
    });
    let retry_arms = arms(&|x| {
        let r = x.retryable;
        quote!(#r)
    });
    let text_arms = e.errors.iter().map(|x| {
        let v = ident(&x.variant.value);
        quote!(#name::#v { #text_field, .. } => #text_field,)
    });
    let text_doc = doc(&format!("The error text (`{text_key}`) as received."));
    let id_doc = doc(&format!(
        "The error id (`{id_key}`): the documented id, or the id as received for `Unknown`."
    ));
    let from_doc = doc(&format!(
        "The error for an id (`{id_key}`) and a text (`{text_key}`) as received. Ids match by number: `1` is `01`."
    ));
    quote! {
        impl #name {
            #from_doc
            pub fn from_parts(
                #id_field: impl ::std::convert::Into<::std::string::String>,
                #text_field: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                #name::from_id_and_text(&#id_field.into(), #text_field.into())
            }

            /// As [`Self::from_parts`], with the id borrowed: it is only copied for an unknown id.
            pub fn from_id_and_text(#id_field: &str, #text_field: ::std::string::String) -> Self {
                match #rt::canonical_id(#id_field) {
                    #(#from_arms)*
                    _ => #name::#unknown {
                        #id_field: ::std::borrow::ToOwned::to_owned(#id_field),
                        #text_field,
                    },
                }
            }

            #id_doc
            pub fn id(&self) -> &str {
                match self {
                    #(#id_arms)*
                    #name::#unknown { #id_field, .. } => #id_field,
                }
            }

            #text_doc
            pub fn #text_field(&self) -> &str {
                match self {
                    #(#text_arms)*
                    #name::#unknown { #text_field, .. } => #text_field,
                }
            }

            /// What the error means, from the spec; `None` for an unknown id.
            pub fn description(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #(#desc_arms)*
                    #name::#unknown { .. } => ::std::option::Option::None,
                }
            }

            /// Whether asking again may succeed, from the spec; `false` for an unknown id.
            pub fn is_retryable(&self) -> bool {
                match self {
                    #(#retry_arms)*
                    #name::#unknown { .. } => false,
                }
            }
        }
    }
}

/// Generates `Display` (text and id, control characters escaped), `Error` and the runtime's
/// `ApiError` for an error enum.
fn error_traits(name: &Ident, text_field: &Ident) -> TokenStream {
    let rt = rt();
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{} (error {})", #rt::Printable(self.#text_field()), #rt::Printable(self.id()))
            }
        }

        impl ::std::error::Error for #name {}

        impl #rt::ApiError for #name {
            fn from_parts(id: ::std::string::String, text: ::std::string::String) -> Self {
                #name::from_parts(id, text)
            }
            fn id(&self) -> &str {
                #name::id(self)
            }
            fn text(&self) -> &str {
                #name::#text_field(self)
            }
            fn description(&self) -> ::std::option::Option<&'static str> {
                #name::description(self)
            }
            fn is_retryable(&self) -> bool {
                #name::is_retryable(self)
            }
            fn customer_outcome(&self) -> #rt::CustomerOutcome {
                #name::customer_outcome(self)
            }
        }
    }
}

/// Generates a template as the runtime's pieces: `&[Piece::Lit(".."), Piece::Hole("name")]`.
pub(super) fn template_pieces(template: &[Piece]) -> TokenStream {
    let rt = rt();
    let pieces = template.iter().map(|p| match p {
        Piece::Lit(l) => quote!(#rt::Piece::Lit(#l)),
        Piece::Hole(h) => quote!(#rt::Piece::Hole(#h)),
    });
    quote!(&[#(#pieces),*])
}
