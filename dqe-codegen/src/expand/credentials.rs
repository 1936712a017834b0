//! Generated configuration types: `Credentials` (secrets the client adds to requests) and
//! `Callback` (the keys added to a redirect URL).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{doc, ident, rt, rust_type};
use crate::generated_names::{CALLBACK_TYPE, CREDENTIALS_TYPE};
use crate::model::{Callback, Spec};
use crate::names::backticked;

/// Generates `Credentials`: a secret per credential, `new`, an accessor each, a `Debug` that
/// shows none, and `from_env`/`from_lookup` when every credential has an environment variable.
pub(super) fn credentials(spec: &Spec) -> TokenStream {
    let rt = rt();
    let ty = ident(CREDENTIALS_TYPE);
    let names: Vec<Ident> = spec
        .credentials
        .iter()
        .map(|c| ident(&c.name.value))
        .collect();
    let labels: Vec<&str> = spec
        .credentials
        .iter()
        .map(|c| c.name.value.as_str())
        .collect();
    let field_docs = spec.credentials.iter().map(|c| doc(&c.description));
    let accessor_docs = spec.credentials.iter().map(|c| {
        doc(&format!(
            "{}\n\nA secret: read it with `ExposeSecret::expose_secret`.",
            c.description
        ))
    });
    let mut text = String::from(
        "What identifies you to the API: secrets that the client adds to the requests that need them.\nTheir `Debug` never shows them.\n",
    );
    for c in &spec.credentials {
        text.push_str(&format!("\n- `{}`: {}", c.name.value, c.description));
        if let Some(env) = &c.env {
            text.push_str(&format!(" Environment variable `{env}`."));
        }
    }
    let doc_attrs = doc(&text);
    let from_env = credentials_from_env(spec, &names, &labels);
    quote! {
        #doc_attrs
        #[derive(Clone)]
        pub struct #ty {
            #(#field_docs #names: #rt::SecretString,)*
        }

        impl #ty {
            /// Credentials from their values.
            #[allow(clippy::new_without_default)]
            pub fn new(#(#names: impl ::std::convert::Into<::std::string::String>),*) -> Self {
                Self { #(#names: #rt::SecretString::from(#names.into()),)* }
            }

            #from_env

            #(
                #accessor_docs
                pub fn #names(&self) -> &#rt::SecretString {
                    &self.#names
                }
            )*
        }

        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#CREDENTIALS_TYPE)
                    #(.field(#labels, &#rt::REDACTED_MARK))*
                    .finish()
            }
        }

        impl #rt::CredentialSet for #ty {
            fn credential(&self, name: &str) -> ::std::option::Option<&#rt::SecretString> {
                match name {
                    #(#labels => ::std::option::Option::Some(&self.#names),)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    }
}

/// Generates `Credentials::from_env` and `from_lookup`, when every credential has an
/// environment variable (nothing otherwise).
fn credentials_from_env(spec: &Spec, names: &[Ident], labels: &[&str]) -> TokenStream {
    let rt = rt();
    if spec.credentials.is_empty() || spec.credentials.iter().any(|c| c.env.is_none()) {
        return TokenStream::new();
    }
    let envs: Vec<&str> = spec
        .credentials
        .iter()
        .map(|c| c.env.as_deref().unwrap_or_default())
        .collect();
    let vars = backticked(envs.iter().copied(), ", ");
    let d = doc(&format!(
        "Reads the credentials from the environment ({vars}).\n\n# Errors\nNames the first variable that is missing or empty."
    ));
    let lookup_doc = doc(&format!(
        "Reads the credentials through `lookup`, which is given the variable names ({vars}): for \
         configuration kept elsewhere than the process environment, such as a file.\n\n# Errors\n\
         Names the first variable that is missing or empty."
    ));
    quote! {
        #d
        pub fn from_env() -> ::std::result::Result<Self, #rt::MissingCredential> {
            Self::from_lookup(|name| ::std::env::var(name).ok())
        }

        #lookup_doc
        pub fn from_lookup(
            lookup: impl Fn(&str) -> ::std::option::Option<::std::string::String>,
        ) -> ::std::result::Result<Self, #rt::MissingCredential> {
            ::std::result::Result::Ok(Self {
                #(#names: #rt::lookup_secret(&lookup, #labels, #envs)?,)*
            })
        }
    }
}

/// Generates `Callback`: a field per key (optional unless required), `from_query`, `to_query`
/// and a redacting `Debug`.
pub(super) fn callback(c: &Callback) -> TokenStream {
    let rt = rt();
    let ty = ident(CALLBACK_TYPE);
    let defs = c.params.iter().map(|p| {
        let name = ident(&p.name.value);
        let ty = rust_type(&p.ty.value);
        let d = doc(&format!("{}\n\nKey `{}`.", p.description, p.wire.value));
        if p.required {
            quote!(#d pub #name: #ty,)
        } else {
            quote!(#d pub #name: ::std::option::Option<#ty>,)
        }
    });
    let from_query = callback_from_query(c);
    let pairs = c.params.iter().map(|p| {
        let name = ident(&p.name.value);
        let wire = &p.wire.value;
        if p.required {
            quote!(form.pair(#wire, &#rt::WireValue::wire(&self.#name));)
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = &self.#name {
                    form.pair(#wire, &#rt::WireValue::wire(value));
                }
            }
        }
    });
    let debug_fields = c.params.iter().map(|p| {
        let name = ident(&p.name.value);
        let label = &p.name.value;
        let sensitive = p.sensitive;
        if p.required {
            quote!(.field(#label, &#rt::RedactedValue::new(&self.#name, #sensitive)))
        } else {
            quote!(.field(#label, &#rt::Redacted::new(&self.#name, #sensitive)))
        }
    });
    let d = doc(&c.description);
    quote! {
        #d
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #ty {
            #(#defs)*
        }

        impl #ty {
            #from_query

            /// The query string for this callback (the keys added to the redirect URL).
            pub fn to_query(&self) -> ::std::string::String {
                let mut form = #rt::Form::new();
                #(#pairs)*
                form.finish()
            }
        }

        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#CALLBACK_TYPE)
                    #(#debug_fields)*
                    .finish()
            }
        }
    }
}

/// Generates `Callback::from_query`: each key read into its field's type, a required one
/// missing or a value not understood named in the error.
fn callback_from_query(c: &Callback) -> TokenStream {
    let rt = rt();
    let var = |name: &str| format_ident!("v_{name}");
    let decls = c.params.iter().map(|p| {
        let name = var(&p.name.value);
        let ty = rust_type(&p.ty.value);
        quote!(let mut #name: ::std::option::Option<#ty> = ::std::option::Option::None;)
    });
    let arms = c.params.iter().map(|p| {
        let name = var(&p.name.value);
        let ty = rust_type(&p.ty.value);
        let wire = &p.wire.value;
        quote! {
            #wire => {
                #name = ::std::option::Option::Some(
                    <#ty as #rt::FieldType>::from_text(&value)
                        .ok_or(#rt::CallbackError::Invalid(#wire))?,
                );
            }
        }
    });
    let inits = c.params.iter().map(|p| {
        let name = ident(&p.name.value);
        let var = var(&p.name.value);
        let wire = &p.wire.value;
        if p.required {
            quote!(#name: #var.ok_or(#rt::CallbackError::Missing(#wire))?,)
        } else {
            quote!(#name: #var,)
        }
    });
    quote! {
        /// Reads the callback from a redirect URL's query string (with or without its
        /// leading `?`), or from a whole URL.
        ///
        /// # Errors
        /// Names the key that is missing or holds a value that is not understood.
        pub fn from_query(query: &str) -> ::std::result::Result<Self, #rt::CallbackError> {
            #(#decls)*
            for (key, value) in #rt::query_pairs(query) {
                match &*key {
                    #(#arms)*
                    _ => {}
                }
            }
            ::std::result::Result::Ok(Self { #(#inits)* })
        }
    }
}
