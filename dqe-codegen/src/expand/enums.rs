//! Generated enums: the scope enum (one variant per scope file) and the spec's enums. An open
//! enum keeps unknown values in `Other`; a closed one refuses them.

use dqe_spec_types::lenient::ValueType;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{doc, ident, rt, summary};
use crate::generated_names::{ALL_CONST, OTHER_VARIANT, SCOPE_TYPE};
use crate::model::{EnumDef, Spec, TypeRef};
use crate::names::backticked;

/// What an enum is generated from, whether the scope enum or a spec's enum.
struct EnumItem<'a> {
    name: Ident,
    doc: TokenStream,
    open: bool,
    /// (wire value, variant, variant doc).
    values: Vec<(&'a str, Ident, TokenStream)>,
    descriptions: Vec<&'a str>,
    /// What it is to the table of the JSON kinds each type reads.
    value_type: ValueType,
}

/// Generates the `Scope` enum for a spec with scope files: its doc lists them.
pub(super) fn scope_enum(spec: &Spec) -> TokenStream {
    if spec.scopes.is_empty() {
        return TokenStream::new();
    }
    let mut text = String::from(
        "A scope of the API: which product's data a request asks for. Each scope is described by one file of the spec.\n",
    );
    for s in &spec.scopes {
        text.push_str(&format!("\n- `{}`: {}", s.name.value, s.description));
    }
    let info = scope_info(spec);
    let item = enum_tokens(&EnumItem {
        name: ident(SCOPE_TYPE),
        doc: doc(&text),
        open: true,
        values: spec
            .scopes
            .iter()
            .map(|s| {
                (
                    s.name.value.as_str(),
                    ident(&s.variant),
                    doc(&format!("`{}`: {}", s.name.value, s.description)),
                )
            })
            .collect(),
        descriptions: spec.scopes.iter().map(|s| s.description.as_str()).collect(),
        value_type: crate::types::value_type(&TypeRef::Scope),
    });
    quote!(#item #info)
}

/// Generates `Scope::INFO` (what the spec says of each scope, in the order of `Scope::ALL`),
/// `Scope::info`, `Scope::is_one_step` and `Scope::DEFAULT`.
fn scope_info(spec: &Spec) -> TokenStream {
    let rt = rt();
    let scope = ident(SCOPE_TYPE);
    let infos = spec.scopes.iter().map(|s| {
        let (wire, description, one_step, default) =
            (&s.name.value, &s.description, s.one_step, s.default);
        let needs_consent = s.needs_consent();
        let requires = spec.requires(s).into_iter().map(|p| &p.name.value);
        let (langs, texts): (Vec<_>, Vec<_>) =
            s.customer_text.iter().map(|(l, t)| (&l.value, t)).unzip();
        let errors = super::info::scope_errors(spec, s);
        quote! {
            #rt::ScopeInfo {
                wire: #wire, description: #description,
                customer_text: &[#((#langs, #texts)),*], one_step: #one_step,
                needs_consent: #needs_consent, default: #default,
                requires: &[#(#requires),*],
                errors: #errors,
            }
        }
    });
    let arms = spec.scopes.iter().enumerate().map(|(i, s)| {
        let v = ident(&s.variant);
        quote!(#scope::#v => ::std::option::Option::Some(&#scope::INFO[#i]),)
    });
    let defaults = spec.default_scopes().map(|s| {
        let v = ident(&s.variant);
        quote!(#scope::#v)
    });
    quote! {
        impl #scope {
            /// What the spec says of each scope, in the order of [`Scope::ALL`].
            pub const INFO: &'static [#rt::ScopeInfo] = &[#(#infos),*];

            /// The scopes asked for when the caller names none (`default = true` in their files).
            pub const DEFAULT: &'static [#scope] = &[#(#defaults),*];

            /// What the spec says of this scope; `None` for a scope it does not know.
            pub fn info(&self) -> ::std::option::Option<&'static #rt::ScopeInfo> {
                match self {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }

            /// Whether its result is the step 1 reply itself (no consent, no step 2).
            pub fn is_one_step(&self) -> bool {
                self.info().is_some_and(|i| i.one_step)
            }
        }
    }
}

/// Generates the enum for a spec's `[enums.NAME]`.
pub(super) fn enum_def(e: &EnumDef) -> TokenStream {
    enum_tokens(&EnumItem {
        name: ident(&e.name.value),
        doc: doc(&e.description),
        open: e.open,
        values: e
            .values
            .iter()
            .map(|v| {
                (
                    v.wire.value.as_str(),
                    ident(&v.variant.value),
                    doc(&value_doc(&v.wire.value, &v.description)),
                )
            })
            .collect(),
        descriptions: e.values.iter().map(|v| v.description.as_str()).collect(),
        value_type: ValueType::Enum,
    })
}

/// Generates an enum with its `ALL` constant, `as_str`, `description`, parsing and the wire
/// traits; what differs between an open and a closed enum comes from [`Openness`].
fn enum_tokens(e: &EnumItem<'_>) -> TokenStream {
    let rt = rt();
    let (name, enum_doc) = (&e.name, &e.doc);
    let variants = e.values.iter().map(|(_, v, d)| quote!(#d #v,));
    let wires: Vec<&str> = e.values.iter().map(|(w, _, _)| *w).collect();
    let idents: Vec<&Ident> = e.values.iter().map(|(_, v, _)| v).collect();
    let all = ident(ALL_CONST);
    let all_doc = doc(&format!(
        "Every value of [`{name}`] this version of the spec knows."
    ));
    let descriptions = &e.descriptions;
    let value_type = ident(e.value_type.variant_name());
    let Openness {
        attrs,
        other_variant,
        as_str_type,
        other_arms,
        parsing,
        expected,
        from_text,
    } = if e.open {
        open(name, &wires, &idents)
    } else {
        closed(name, &wires, &idents)
    };
    let (other_as_str, other_description) = other_arms;
    quote! {
        #enum_doc
        #attrs
        pub enum #name {
            #(#variants)*
            #other_variant
        }

        impl #name {
            #all_doc
            pub const #all: &'static [#name] = &[#(#name::#idents),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> #as_str_type {
                match self {
                    #(#name::#idents => #wires,)*
                    #other_as_str
                }
            }

            /// What the value means, from the spec; `None` for a value the spec does not list.
            pub fn description(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #(#name::#idents => ::std::option::Option::Some(#descriptions),)*
                    #other_description
                }
            }
        }

        #parsing

        impl #rt::FieldType for #name {
            const EXPECTED: &'static str = #expected;
            const VALUE_TYPE: #rt::ValueType = #rt::ValueType::#value_type;
            fn from_text(text: &str) -> ::std::option::Option<Self> {
                #from_text
            }
        }

        #rt::wire_enum_impls!(#name);
    }
}

/// What differs between an open and a closed enum.
struct Openness {
    /// The derives (an open enum is not `Copy`, and is `non_exhaustive`).
    attrs: TokenStream,
    /// `Other`, for an open enum.
    other_variant: TokenStream,
    /// What `as_str` returns (`&'static str` when every value is the spec's).
    as_str_type: TokenStream,
    /// The arms for `Other` of `as_str` and `description`.
    other_arms: (TokenStream, TokenStream),
    /// `FromStr` (and `From<&str>` for an open enum).
    parsing: TokenStream,
    /// What `FieldType` expects, in messages.
    expected: String,
    /// The body of `FieldType::from_text`.
    from_text: TokenStream,
}

/// The pieces of an open enum: `Other` keeps the values the spec does not list, so any text
/// parses.
fn open(name: &Ident, wires: &[&str], idents: &[&Ident]) -> Openness {
    let other = ident(OTHER_VARIANT);
    Openness {
        attrs: quote! {
            #[derive(Clone, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
        },
        other_variant: quote! {
            /// A value this version of the spec does not list, kept as received.
            #other(::std::string::String),
        },
        as_str_type: quote!(&str),
        other_arms: (
            quote!(#name::#other(value) => value,),
            quote!(#name::#other(_) => ::std::option::Option::None,),
        ),
        parsing: quote! {
            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#wires => #name::#idents,)*
                        other => #name::#other(::std::borrow::ToOwned::to_owned(other)),
                    }
                }
            }

            impl ::std::str::FromStr for #name {
                type Err = ::std::convert::Infallible;
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    ::std::result::Result::Ok(::std::convert::From::from(value))
                }
            }
        },
        expected: "a string".to_owned(),
        from_text: quote!(::std::option::Option::Some(::std::convert::From::from(
            text
        ))),
    }
}

/// The pieces of a closed enum: a value the spec does not list does not parse.
fn closed(name: &Ident, wires: &[&str], idents: &[&Ident]) -> Openness {
    let rt = rt();
    let expected = format!("one of {}", backticked(wires.iter().copied(), ", "));
    Openness {
        attrs: quote!(#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]),
        other_variant: TokenStream::new(),
        as_str_type: quote!(&'static str),
        other_arms: (TokenStream::new(), TokenStream::new()),
        parsing: quote! {
            impl ::std::str::FromStr for #name {
                type Err = #rt::UnknownValue;
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    match value {
                        #(#wires => ::std::result::Result::Ok(#name::#idents),)*
                        _ => ::std::result::Result::Err(#rt::UnknownValue::new(#expected)),
                    }
                }
            }
        },
        expected,
        from_text: quote!(::std::str::FromStr::from_str(text).ok()),
    }
}

/// An enum value's documentation: `` `M`: Male.``, or where that is too short to sum the value
/// up alone, `` Male, written `M` on the wire.``.
fn value_doc(wire: &str, description: &str) -> String {
    let (first, rest) = summary::split(description);
    let led = format!("`{wire}`: {first}");
    if summary::is_short(&led) {
        let first = first.trim_end_matches(['.', '?', '!']);
        summary::paragraphs(&format!("{first}, written `{wire}` on the wire."), rest)
    } else {
        summary::paragraphs(&led, rest)
    }
}
