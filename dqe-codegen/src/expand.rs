//! Model -> Rust items. The generated code names the client runtime through one path
//! (`::dqe_client::__private`), and reads like hand-written serde code: one pass over each
//! reply's keys, no intermediate buffering.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::*;
use crate::names::upper_camel;

fn rt() -> TokenStream {
    quote!(::dqe_client::__private)
}

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// Doc attributes, one per line, so the expansion reads as `///` comments.
fn doc(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|l| format!(" {}", l.trim_end()));
    quote!(#(#[doc = #lines])*)
}

/// Expands a checked spec.
pub fn expand(spec: &Spec) -> TokenStream {
    let includes = spec.files.iter().map(|f| {
        let path = f.absolute.to_string_lossy().into_owned();
        quote!(
            const _: &str = include_str!(#path);
        )
    });
    let scope = scope_enum(spec);
    let enums = spec.enums.iter().map(enum_def);
    let objects = spec
        .objects
        .iter()
        .map(|o| record(spec, &ident(&o.name.value), &doc(&o.description), &o.fields));
    let credentials = credentials(spec);
    let callback = spec.callback.as_ref().map(|c| callback(spec, c));
    let endpoints = spec.endpoints.iter().map(|e| endpoint(spec, e));
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
        #(#enums)*
        #(#objects)*
    }
}

fn rust_type(ty: &TypeRef) -> TokenStream {
    let rt = rt();
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Date => quote!(#rt::Date),
        TypeRef::Timestamp => quote!(#rt::Timestamp),
        TypeRef::Seconds => quote!(#rt::Seconds),
        TypeRef::Scope => quote!(Scope),
        TypeRef::List(inner) => {
            let inner = rust_type(inner);
            quote!(#rt::List<#inner>)
        }
        TypeRef::Named(n) => {
            let n = ident(n);
            quote!(#n)
        }
    }
}

/// The type of a reply field: objects are boxed, so that a reply stays small to move whatever
/// its outcome, and an object is copied once, into its box.
fn field_type(spec: &Spec, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(n) if spec.object(n).is_some() => {
            let n = ident(n);
            quote!(::std::boxed::Box<#n>)
        }
        other => rust_type(other),
    }
}

fn type_label(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Date => "date".into(),
        TypeRef::Timestamp => "timestamp".into(),
        TypeRef::Seconds => "seconds".into(),
        TypeRef::Scope => "scope".into(),
        TypeRef::List(i) => format!("list of {}", type_label(i)),
        TypeRef::Named(n) => format!("[`{n}`]"),
    }
}

// ----------------------------------------------------------------------------------------------
// Enums
// ----------------------------------------------------------------------------------------------

struct EnumSpec<'a> {
    name: Ident,
    doc: TokenStream,
    open: bool,
    values: Vec<(&'a str, Ident, TokenStream)>,
    descriptions: Vec<&'a str>,
}

fn scope_enum(spec: &Spec) -> TokenStream {
    if spec.scopes.is_empty() {
        return TokenStream::new();
    }
    let mut text = String::from(
        "A scope of the API: which product's data a request asks for. Each scope is described by one file of the spec.\n",
    );
    for s in &spec.scopes {
        text.push_str(&format!("\n- `{}`: {}", s.name.value, s.description));
    }
    enum_tokens(&EnumSpec {
        name: ident("Scope"),
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
    })
}

fn enum_def(e: &EnumDef) -> TokenStream {
    enum_tokens(&EnumSpec {
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
                    doc(&format!("`{}`: {}", v.wire.value, v.description)),
                )
            })
            .collect(),
        descriptions: e.values.iter().map(|v| v.description.as_str()).collect(),
    })
}

fn enum_tokens(e: &EnumSpec<'_>) -> TokenStream {
    let rt = rt();
    let name = &e.name;
    let enum_doc = &e.doc;
    let variants = e.values.iter().map(|(_, v, d)| quote!(#d #v,));
    let wires: Vec<&str> = e.values.iter().map(|(w, _, _)| *w).collect();
    let idents: Vec<&Ident> = e.values.iter().map(|(_, v, _)| v).collect();
    let expected = format!(
        "one of {}",
        wires
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let all_doc = doc(&format!(
        "Every value of [`{name}`] this version of the spec knows."
    ));
    let descriptions = &e.descriptions;
    let describe_other = if e.open {
        quote!(#name::Other(_) => ::std::option::Option::None,)
    } else {
        quote!()
    };
    let describe = quote! {
        /// What the value means, from the spec; `None` for a value the spec does not list.
        pub fn description(&self) -> ::std::option::Option<&'static str> {
            match self {
                #(#name::#idents => ::std::option::Option::Some(#descriptions),)*
                #describe_other
            }
        }
    };
    if e.open {
        quote! {
            #enum_doc
            #[derive(Clone, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A value this version of the spec does not list, kept as received.
                Other(::std::string::String),
            }

            impl #name {
                #all_doc
                pub const ALL: &'static [#name] = &[#(#name::#idents),*];

                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#name::#idents => #wires,)*
                        #name::Other(value) => value,
                    }
                }

                #describe
            }

            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#wires => #name::#idents,)*
                        other => #name::Other(::std::borrow::ToOwned::to_owned(other)),
                    }
                }
            }

            impl ::std::str::FromStr for #name {
                type Err = ::std::convert::Infallible;
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    ::std::result::Result::Ok(::std::convert::From::from(value))
                }
            }

            impl #rt::FieldType for #name {
                const EXPECTED: &'static str = "a string";
                fn from_text(text: &str) -> ::std::option::Option<Self> {
                    ::std::option::Option::Some(::std::convert::From::from(text))
                }
            }

            #rt::wire_enum_impls!(#name);
        }
    } else {
        quote! {
            #enum_doc
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub enum #name {
                #(#variants)*
            }

            impl #name {
                #all_doc
                pub const ALL: &'static [#name] = &[#(#name::#idents),*];

                /// The value as sent on the wire.
                pub fn as_str(&self) -> &'static str {
                    match self {
                        #(#name::#idents => #wires,)*
                    }
                }

                #describe
            }

            impl ::std::str::FromStr for #name {
                type Err = #rt::UnknownValue;
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    match value {
                        #(#wires => ::std::result::Result::Ok(#name::#idents),)*
                        _ => ::std::result::Result::Err(#rt::UnknownValue::new(#expected)),
                    }
                }
            }

            impl #rt::FieldType for #name {
                const EXPECTED: &'static str = #expected;
                fn from_text(text: &str) -> ::std::option::Option<Self> {
                    ::std::str::FromStr::from_str(text).ok()
                }
            }

            #rt::wire_enum_impls!(#name);
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Records: objects, success and pending outcomes
// ----------------------------------------------------------------------------------------------

struct Slot<'a> {
    wire: &'a str,
    var: Ident,
    ty: TokenStream,
    /// `Some` for the status, error id and text, read as borrowed text rather than a field.
    text: bool,
}

/// `let mut` slots and the loop that fills them from a map, ignoring unknown keys.
fn decode_loop(slots: &[Slot<'_>]) -> TokenStream {
    let rt = rt();
    let decls = slots.iter().map(|s| {
        let (var, ty) = (&s.var, &s.ty);
        if s.text {
            quote!(let mut #var: ::std::option::Option<::std::borrow::Cow<'de, str>> = ::std::option::Option::None;)
        } else {
            quote!(let mut #var: #rt::Slot<#ty> = #rt::Slot::Absent;)
        }
    });
    let arms = slots.iter().map(|s| {
        let (var, ty, wire) = (&s.var, &s.ty, s.wire);
        if s.text {
            quote!(#wire => #var = #rt::MapAccess::next_value_seed(&mut map, #rt::TextSeed)?,)
        } else {
            quote!(#wire => #var = #rt::MapAccess::next_value_seed(&mut map, #rt::Lenient::<#ty>::new())?,)
        }
    });
    quote! {
        #(#decls)*
        while let ::std::option::Option::Some(key) = #rt::MapAccess::next_key::<#rt::Key<'de>>(&mut map)? {
            match key.as_str() {
                #(#arms)*
                _ => {
                    #rt::MapAccess::next_value::<#rt::IgnoredAny>(&mut map)?;
                }
            }
        }
    }
}

fn field_slots<'a>(spec: &Spec, fields: &'a [Field], prefix: &str) -> Vec<Slot<'a>> {
    fields
        .iter()
        .map(|f| Slot {
            wire: &f.wire.value,
            var: format_ident!("{prefix}{}", f.name.value),
            ty: field_type(spec, &f.ty.value),
            text: false,
        })
        .collect()
}

/// `Self { field: slot.take(..), .., oddities }` for a record's fields.
fn build_record(fields: &[Field], prefix: &str) -> TokenStream {
    let inits = fields.iter().map(|f| {
        let name = ident(&f.name.value);
        let var = format_ident!("{prefix}{}", f.name.value);
        let wire = &f.wire.value;
        let sensitive = f.sensitive;
        quote!(#name: #var.take(#wire, #sensitive, &mut oddities),)
    });
    quote! {{
        let mut oddities = ::std::vec::Vec::new();
        Self { #(#inits)* oddities }
    }}
}

fn record(spec: &Spec, name: &Ident, doc_attrs: &TokenStream, fields: &[Field]) -> TokenStream {
    let rt = rt();
    let defs = fields.iter().map(|f| {
        let fname = ident(&f.name.value);
        let ty = field_type(spec, &f.ty.value);
        let mut text = f.description.clone();
        text.push_str(&format!(
            "\n\nKey `{}`, {}{}.",
            f.wire.value,
            type_label(&f.ty.value),
            if f.sensitive {
                ", sensitive: redacted in `Debug`"
            } else {
                ""
            }
        ));
        let d = doc(&text);
        quote!(#d pub #fname: ::std::option::Option<#ty>,)
    });
    let debug_fields = fields.iter().map(|f| {
        let fname = ident(&f.name.value);
        let label = &f.name.value;
        let sensitive = f.sensitive;
        quote!(.field(#label, &#rt::Redacted::new(&self.#fname, #sensitive)))
    });
    let ser = fields.iter().map(|f| {
        let fname = ident(&f.name.value);
        let wire = &f.wire.value;
        quote!(#rt::serialize_field(map, #wire, &self.#fname, &self.oddities)?;)
    });
    let slots = field_slots(spec, fields, "f_");
    let decode = decode_loop(&slots);
    let build = build_record(fields, "f_");
    let label = name.to_string();
    let expecting = format!("a JSON object ({label})");
    quote! {
        #doc_attrs
        ///
        /// Keys that are missing, `""` or `null` are `None`; unknown keys are ignored; a number
        /// or a boolean where the spec says string reads as its JSON text (and is noted in
        /// `oddities`, so that it re-encodes as it came); a value of another unexpected type is
        /// `None` and kept in `oddities`.
        #[derive(Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#defs)*
            /// Values of an unexpected type or shape, kept as received rather than failing the reply.
            pub oddities: ::std::vec::Vec<#rt::Oddity>,
        }

        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label)
                    #(#debug_fields)*
                    .field("oddities", &self.oddities)
                    .finish()
            }
        }

        impl #rt::DecodeMap for #name {
            const EXPECTING: &'static str = #expecting;
            fn decode_map<'de, A: #rt::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                #decode
                ::std::result::Result::Ok(#build)
            }
        }

        impl #rt::SerializeFields for #name {
            fn serialize_fields<M: #rt::SerializeMap>(&self, map: &mut M) -> ::std::result::Result<(), M::Error> {
                #(#ser)*
                #rt::serialize_oddities(&self.oddities, map)
            }
        }

        #rt::record_impls!(#name);
    }
}

// ----------------------------------------------------------------------------------------------
// Credentials and callback
// ----------------------------------------------------------------------------------------------

fn credentials(spec: &Spec) -> TokenStream {
    let rt = rt();
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
    let from_env = if !spec.credentials.is_empty()
        && spec.credentials.iter().all(|c| c.env.is_some())
    {
        let envs = spec
            .credentials
            .iter()
            .map(|c| c.env.clone().unwrap_or_default());
        let vars: Vec<String> = spec
            .credentials
            .iter()
            .map(|c| format!("`{}`", c.env.clone().unwrap_or_default()))
            .collect();
        let d = doc(&format!(
            "Reads the credentials from the environment ({}).\n\n# Errors\nNames the first variable that is missing or empty.",
            vars.join(", ")
        ));
        let lookup_doc = doc(&format!(
            "Reads the credentials through `lookup`, which is given the variable names ({}): for \
             configuration kept elsewhere than the process environment, such as a file.\n\n# Errors\n\
             Names the first variable that is missing or empty.",
            vars.join(", ")
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
    } else {
        TokenStream::new()
    };
    quote! {
        #doc_attrs
        #[derive(Clone)]
        pub struct Credentials {
            #(#field_docs #names: #rt::SecretString,)*
        }

        impl Credentials {
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

        impl ::std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Credentials")
                    #(.field(#labels, &#rt::REDACTED_MARK))*
                    .finish()
            }
        }
    }
}

fn callback(spec: &Spec, c: &Callback) -> TokenStream {
    let rt = rt();
    let _ = spec;
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
    let decls = c.params.iter().map(|p| {
        let name = format_ident!("v_{}", p.name.value);
        let ty = rust_type(&p.ty.value);
        quote!(let mut #name: ::std::option::Option<#ty> = ::std::option::Option::None;)
    });
    let arms = c.params.iter().map(|p| {
        let name = format_ident!("v_{}", p.name.value);
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
        let var = format_ident!("v_{}", p.name.value);
        let wire = &p.wire.value;
        if p.required {
            quote!(#name: #var.ok_or(#rt::CallbackError::Missing(#wire))?,)
        } else {
            quote!(#name: #var,)
        }
    });
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
        pub struct Callback {
            #(#defs)*
        }

        impl Callback {
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

            /// The query string for this callback (the keys added to the redirect URL).
            pub fn to_query(&self) -> ::std::string::String {
                let mut form = #rt::Form::new();
                #(#pairs)*
                form.finish()
            }
        }

        impl ::std::fmt::Debug for Callback {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Callback")
                    #(#debug_fields)*
                    .finish()
            }
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Endpoints
// ----------------------------------------------------------------------------------------------

fn endpoint(spec: &Spec, e: &Endpoint) -> TokenStream {
    let base = upper_camel(&e.key.value);
    let request = request(spec, e, &base);
    let error = error_enum(spec, e, &base);
    let success = e.success.as_ref().map(|o| {
        let name = format_ident!("{base}Success");
        let d = doc(&format!(
            "What [`{base}Request`] answers on success (`{}` = `{}`): {}",
            spec.replies.status_key, o.status.value, o.description
        ));
        record(spec, &name, &d, &o.fields)
    });
    let pending = e.pending.as_ref().map(|o| {
        let name = format_ident!("{base}Pending");
        let d = doc(&format!(
            "What [`{base}Request`] answers while the result is not ready (`{}` = `{}`): {}",
            spec.replies.status_key, o.status.value, o.description
        ));
        record(spec, &name, &d, &o.fields)
    });
    let reply = reply_enum(spec, e, &base);
    let grant = token_grant(e, &base);
    quote! {
        #request
        #reply
        #success
        #pending
        #error
        #grant
    }
}

fn endpoint_info(spec: &Spec, e: &Endpoint) -> TokenStream {
    let rt = rt();
    let key = &e.key.value;
    let path = &e.path;
    let idempotent = e.idempotent;
    let methods = e.methods.iter().map(|m| match m {
        Method::Get => quote!(#rt::Method::Get),
        Method::Post => quote!(#rt::Method::Post),
    });
    let params = e.params.iter().map(|p| {
        let (name, wire, required, sensitive) =
            (&p.name.value, &p.wire.value, p.required, p.sensitive);
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
    });
    let errors = e.errors.iter().map(|x| {
        let (id, text, description, retryable) = (&x.id.value, &x.text.value, &x.description, x.retryable);
        quote!(#rt::ErrorInfo { id: #id, text: #text, description: #description, retryable: #retryable })
    });
    let situations = e.sandbox.iter().map(|(s, id)| {
        let id = &id.value;
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

fn request(spec: &Spec, e: &Endpoint, base: &str) -> TokenStream {
    let rt = rt();
    let name = format_ident!("{base}Request");
    let reply = format_ident!("{base}Reply");
    let caller: Vec<&Param> = e
        .params
        .iter()
        .filter(|p| p.source == Source::Caller)
        .collect();
    let required: Vec<&Param> = caller.iter().copied().filter(|p| p.required).collect();
    let states: Vec<Ident> = required
        .iter()
        .map(|p| format_ident!("{}State", upper_camel(&p.name.value)))
        .collect();
    let unset = quote!(#rt::Unset);
    let fields = caller.iter().map(|p| {
        let n = ident(&p.name.value);
        let ty = rust_type(&p.ty.value);
        quote!(#n: ::std::option::Option<#ty>,)
    });
    let moves: Vec<TokenStream> = caller
        .iter()
        .map(|p| {
            let n = ident(&p.name.value);
            quote!(#n: self.#n,)
        })
        .collect();
    let clones = caller.iter().map(|p| {
        let n = ident(&p.name.value);
        quote!(#n: ::std::clone::Clone::clone(&self.#n),)
    });
    let nones = caller.iter().map(|p| {
        let n = ident(&p.name.value);
        quote!(#n: ::std::option::Option::None,)
    });
    let setters = caller.iter().map(|p| {
        let n = ident(&p.name.value);
        let ty = rust_type(&p.ty.value);
        let mut text = format!(
            "Sets `{}`: {}\n\nSent as `{}`",
            p.name.value, p.description, p.wire.value
        );
        text.push_str(if p.required {
            "; mandatory."
        } else {
            "; optional."
        });
        if let TypeRef::Named(t) = &p.ty.value {
            text.push_str(&format!(" See [`{t}`]."));
        }
        let d = doc(&text);
        if let Some(pos) = required.iter().position(|r| r.name.value == p.name.value) {
            let out_states = states.iter().enumerate().map(|(i, s)| {
                if i == pos {
                    quote!(#rt::Set)
                } else {
                    quote!(#s)
                }
            });
            let others = moves
                .iter()
                .enumerate()
                .filter(|(i, _)| caller[*i].name.value != p.name.value)
                .map(|(_, m)| m);
            quote! {
                #d
                pub fn #n(self, value: impl ::std::convert::Into<#ty>) -> #name<#(#out_states),*> {
                    #name {
                        #n: ::std::option::Option::Some(value.into()),
                        #(#others)*
                        __state: ::std::marker::PhantomData,
                    }
                }
            }
        } else {
            quote! {
                #d
                pub fn #n(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                    self.#n = ::std::option::Option::Some(value.into());
                    self
                }
            }
        }
    });
    let setters: Vec<TokenStream> = setters.collect();
    let setters_impl = if setters.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            impl <#(#states),*> #name <#(#states),*> {
                #(#setters)*
            }
        }
    };
    let bounds: Vec<TokenStream> = required
        .iter()
        .zip(&states)
        .map(|(p, s)| {
            let tr = format_ident!("{name}Has{}", upper_camel(&p.name.value));
            quote!(#s: #tr)
        })
        .collect();
    let marker_traits = required.iter().map(|p| {
        let tr = format_ident!("{name}Has{}", upper_camel(&p.name.value));
        let message = format!(
            "the mandatory parameter `{}` of `{name}` is not set",
            p.name.value
        );
        let label = format!("`{}` is missing from this request", p.name.value);
        let note = format!("set it with `.{}(...)`: {}", p.name.value, p.description);
        let d = doc(&format!(
            "Implemented once `{}` is set on [`{name}`].",
            p.name.value
        ));
        quote! {
            #d
            #[doc(hidden)]
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            pub trait #tr {}
            impl #tr for #rt::Set {}
        }
    });
    let encode = e.params.iter().map(|p| {
        let wire = &p.wire.value;
        match &p.source {
            Source::Caller => {
                let n = ident(&p.name.value);
                quote! {
                    if let ::std::option::Option::Some(value) = &self.#n {
                        form.pair(#wire, &#rt::WireValue::wire(value));
                    }
                }
            }
            Source::Credential(c) => {
                let c = ident(&c.value);
                quote!(form.pair(#wire, #rt::ExposeSecret::expose_secret(&ctx.credentials.#c));)
            }
            Source::Token => quote! {
                if let ::std::option::Option::Some(token) = ctx.token {
                    form.pair(#wire, token);
                }
            },
            Source::Fixed(v) => quote!(form.pair(#wire, #v);),
        }
    });
    let takes_token = e.params.iter().any(|p| p.source == Source::Token);
    let scoped = caller.iter().find(|p| {
        matches!(&p.ty.value, TypeRef::Scope)
            || matches!(&p.ty.value, TypeRef::List(inner) if **inner == TypeRef::Scope)
    });
    let has_scopes = match scoped {
        Some(p) => {
            let n = ident(&p.name.value);
            let list = if p.ty.value == TypeRef::Scope {
                quote!(self.#n.clone().map(#rt::List::from))
            } else {
                quote!(self.#n.clone())
            };
            quote! {
                impl <#(#states),*> #rt::HasScopes for #name <#(#states),*> {
                    type Scope = Scope;
                    fn scopes(&self) -> ::std::option::Option<#rt::List<Scope>> {
                        #list
                    }
                }
            }
        }
        None => TokenStream::new(),
    };
    let debug_fields = caller.iter().map(|p| {
        let n = ident(&p.name.value);
        let label = &p.name.value;
        let sensitive = p.sensitive;
        quote!(.field(#label, &#rt::Redacted::new(&self.#n, #sensitive)))
    });
    let path = &e.path;
    let key = &e.key.value;
    let methods = e.methods.iter().map(|m| match m {
        Method::Get => quote!(#rt::Method::Get),
        Method::Post => quote!(#rt::Method::Post),
    });
    let idempotent = e.idempotent;
    let method_names: Vec<&str> = e
        .methods
        .iter()
        .map(|m| match m {
            Method::Get => "GET (query string)",
            Method::Post => "POST (form body)",
        })
        .collect();
    let mut text = format!("{}\n\n{}\n\n", e.summary, e.description);
    text.push_str(&format!(
        "Path `{path}`, methods {}. Replies decode as [`{reply}`].\n\n",
        method_names.join(", ")
    ));
    text.push_str(
        "| Parameter | Wire name | Type | Set by | Description |\n|---|---|---|---|---|\n",
    );
    for p in &e.params {
        let by = match &p.source {
            Source::Caller if p.required => format!("you: [`{name}::{}`], mandatory", p.name.value),
            Source::Caller => format!("you: [`{name}::{}`], optional", p.name.value),
            Source::Credential(c) => format!("the client: credential `{}`", c.value),
            Source::Token => "the client: the token".to_owned(),
            Source::Fixed(v) => format!("always `{v}`"),
        };
        text.push_str(&format!(
            "| `{}` | `{}` | {} | {by} | {} |\n",
            p.name.value,
            p.wire.value,
            type_label(&p.ty.value),
            p.description.replace('|', "\\|")
        ));
    }
    if !required.is_empty() {
        text.push_str(&format!(
            "\nThe mandatory parameters are checked at compile time: a request missing one is not an [`Endpoint`]({rt_path}::Endpoint), and the compiler names the parameter.",
            rt_path = "dqe_client::endpoint"
        ));
    }
    let d = doc(&text);
    let info = endpoint_info(spec, e);
    let info_doc = doc(&format!(
        "What the spec says of this endpoint (`{}`).",
        e.key.value
    ));
    let new_doc = doc(&format!("A new `{name}` with no parameter set."));
    let defaults = if states.is_empty() {
        quote!()
    } else {
        quote!(<#(#states = #unset),*>)
    };
    let generics = quote!(<#(#states),*>);
    let default_impl = quote! {
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::new()
            }
        }
    };
    quote! {
        #d
        #[must_use = "a request does nothing until it is sent"]
        pub struct #name #defaults {
            #(#fields)*
            __state: ::std::marker::PhantomData<fn() -> (#(#states,)*)>,
        }

        impl #name {
            #new_doc
            pub fn new() -> Self {
                #name {
                    #(#nones)*
                    __state: ::std::marker::PhantomData,
                }
            }

            #info_doc
            pub const INFO: #rt::EndpointInfo = #info;
        }

        #default_impl

        #setters_impl

        impl #generics ::std::clone::Clone for #name #generics {
            fn clone(&self) -> Self {
                #name {
                    #(#clones)*
                    __state: ::std::marker::PhantomData,
                }
            }
        }

        impl #generics ::std::fmt::Debug for #name #generics {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!(#name))
                    #(#debug_fields)*
                    .finish()
            }
        }

        impl #generics #name #generics {
            /// The parameters as a query string or form body, with the credentials and token of
            /// `ctx`. Only a request with every mandatory parameter set has this method.
            pub fn to_form(&self, ctx: &#rt::EncodeContext<'_, Credentials>) -> ::std::string::String
            where
                #(#bounds,)*
            {
                #rt::Endpoint::to_form(self, ctx)
            }
        }

        #has_scopes

        #(#marker_traits)*

        impl #generics #rt::Endpoint for #name #generics where #(#bounds),* {
            type Credentials = Credentials;
            type Reply = #reply;
            const NAME: &'static str = #key;
            const PATH: &'static str = #path;
            const METHODS: &'static [#rt::Method] = &[#(#methods),*];
            const IDEMPOTENT: bool = #idempotent;
            const TAKES_TOKEN: bool = #takes_token;

            fn encode(&self, ctx: &#rt::EncodeContext<'_, Credentials>, form: &mut #rt::Form) {
                #(#encode)*
            }
        }
    }
}

fn error_enum(spec: &Spec, e: &Endpoint, base: &str) -> TokenStream {
    let rt = rt();
    let name = format_ident!("{base}Error");
    let shape = &spec.replies.error;
    let text_field = ident(&shape.text_key);
    let id_field = ident(&shape.id_key);
    let holes = |x: &ErrorEntry| -> Vec<Ident> {
        x.template
            .iter()
            .filter_map(|p| match p {
                Piece::Hole(h) => Some(ident(h)),
                Piece::Lit(_) => None,
            })
            .collect()
    };
    let variants = e.errors.iter().map(|x| {
        let v = ident(&x.variant.value);
        let mut text = format!("`{}` {}: {}", x.id.value, x.text.value, x.description);
        if x.retryable {
            text.push_str("\n\nRetryable: asking again may succeed.");
        }
        if let Some(ex) = &x.example {
            text.push_str(&format!("\n\nAs received: `{}`.", ex.value));
        }
        let d = doc(&text);
        let hole_fields = holes(x).into_iter().map(|h| {
            let hd = doc(&format!("The `{{{h}}}` part of the text, as received (empty if the text does not have the documented form)."));
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
    });
    let canon = |id: &str| -> String {
        let t = id.trim_start_matches('0');
        if t.is_empty() && !id.is_empty() {
            "0".to_owned()
        } else {
            t.to_owned()
        }
    };
    let from_arms = e.errors.iter().map(|x| {
        let v = ident(&x.variant.value);
        let id = canon(&x.id.value);
        let hs = holes(x);
        if hs.is_empty() {
            quote!(#id => #name::#v { #text_field },)
        } else {
            let pieces = x.template.iter().map(|p| match p {
                Piece::Lit(l) => quote!(#rt::Piece::Lit(#l)),
                Piece::Hole(_) => quote!(#rt::Piece::Hole),
            });
            let idx = (0..hs.len()).map(proc_macro2::Literal::usize_unsuffixed);
            // One placeholder between fixed text, the usual shape: strip prefix and suffix.
            let one = match x.template.as_slice() {
                [Piece::Hole(_)] => Some(("", "")),
                [Piece::Lit(p), Piece::Hole(_)] => Some((p.as_str(), "")),
                [Piece::Hole(_), Piece::Lit(s)] => Some(("", s.as_str())),
                [Piece::Lit(p), Piece::Hole(_), Piece::Lit(s)] => Some((p.as_str(), s.as_str())),
                _ => None,
            };
            match one {
                Some((prefix, suffix)) => {
                    let h = hs.first();
                    quote! {
                        #id => #name::#v {
                            #h: #rt::capture_one(#prefix, #suffix, &#text_field),
                            #text_field,
                        },
                    }
                }
                None => quote! {
                    #id => {
                        let mut captured = #rt::capture(&[#(#pieces),*], &#text_field);
                        #name::#v { #(#hs: ::std::mem::take(&mut captured[#idx]),)* #text_field }
                    }
                },
            }
        }
    });
    let arm = |f: &dyn Fn(&ErrorEntry) -> TokenStream| -> Vec<TokenStream> {
        e.errors
            .iter()
            .map(|x| {
                let v = ident(&x.variant.value);
                let body = f(x);
                quote!(#name::#v { .. } => #body,)
            })
            .collect()
    };
    let id_arms = arm(&|x| {
        let id = &x.id.value;
        quote!(#id)
    });
    let desc_arms = arm(&|x| {
        let d = &x.description;
        quote!(::std::option::Option::Some(#d))
    });
    let retry_arms = arm(&|x| {
        let r = x.retryable;
        quote!(#r)
    });
    let text_arms = e.errors.iter().map(|x| {
        let v = ident(&x.variant.value);
        quote!(#name::#v { #text_field, .. } => #text_field,)
    });
    let d = doc(&format!(
        "The documented errors of [`{base}Request`]. {}\n\nMatch on the variant (it is chosen by id; the text is kept as received). An id the spec does not list is `Unknown`, with its id and text.",
        shape.description
    ));
    let text_doc = doc(&format!(
        "The error text (`{}`) as received.",
        shape.text_key
    ));
    let id_doc = doc(&format!(
        "The error id (`{}`): the documented id, or the id as received for `Unknown`.",
        shape.id_key
    ));
    let id_key = &shape.id_key;
    let text_key = &shape.text_key;
    let from_doc = doc(&format!(
        "The error for an id (`{id_key}`) and a text (`{text_key}`) as received. Ids match by number: `1` is `01`."
    ));
    quote! {
        #d
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An id this version of the spec does not list, kept as received.
            Unknown {
                /// The id as received.
                #id_field: ::std::string::String,
                /// The text as received.
                #text_field: ::std::string::String,
            },
        }

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
                    _ => #name::Unknown {
                        #id_field: ::std::borrow::ToOwned::to_owned(#id_field),
                        #text_field,
                    },
                }
            }

            #id_doc
            pub fn id(&self) -> &str {
                match self {
                    #(#id_arms)*
                    #name::Unknown { #id_field, .. } => #id_field,
                }
            }

            #text_doc
            pub fn #text_field(&self) -> &str {
                match self {
                    #(#text_arms)*
                    #name::Unknown { #text_field, .. } => #text_field,
                }
            }

            /// What the error means, from the spec; `None` for an unknown id.
            pub fn description(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #(#desc_arms)*
                    #name::Unknown { .. } => ::std::option::Option::None,
                }
            }

            /// Whether asking again may succeed, from the spec; `false` for an unknown id.
            pub fn is_retryable(&self) -> bool {
                match self {
                    #(#retry_arms)*
                    #name::Unknown { .. } => false,
                }
            }
        }

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
        }
    }
}

fn reply_enum(spec: &Spec, e: &Endpoint, base: &str) -> TokenStream {
    let rt = rt();
    let name = format_ident!("{base}Reply");
    let success = format_ident!("{base}Success");
    let pending_ty = format_ident!("{base}Pending");
    let error = format_ident!("{base}Error");
    let shape = &spec.replies.error;
    let status_key = &spec.replies.status_key;
    let id_key = &shape.id_key;
    let text_key = &shape.text_key;
    let error_status = &shape.status;
    let text_field = ident(text_key);

    // One slot per distinct key over every outcome: one pass over the map, whatever the status.
    let mut union: Vec<&Field> = Vec::new();
    for o in e.outcomes() {
        for f in &o.fields {
            if !union.iter().any(|u| u.wire.value == f.wire.value) {
                union.push(f);
            }
        }
    }
    // Slots are named by position, then key: two wire keys may differ only in characters an
    // identifier cannot hold.
    let var_of = |f: &Field| {
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
    };
    let mut slots: Vec<Slot<'_>> = vec![
        Slot {
            wire: status_key,
            var: ident("s_status"),
            ty: TokenStream::new(),
            text: true,
        },
        Slot {
            wire: id_key,
            var: ident("s_id"),
            ty: TokenStream::new(),
            text: true,
        },
        Slot {
            wire: text_key,
            var: ident("s_text"),
            ty: TokenStream::new(),
            text: true,
        },
    ];
    for f in &union {
        slots.push(Slot {
            wire: &f.wire.value,
            var: var_of(f),
            ty: field_type(spec, &f.ty.value),
            text: false,
        });
    }
    let decode = decode_loop(&slots);
    let build = |o: &Outcome, ty: &Ident, variant: TokenStream| {
        let inits = o.fields.iter().map(|f| {
            let n = ident(&f.name.value);
            let var = var_of(f);
            let wire = &f.wire.value;
            let sensitive = f.sensitive;
            quote!(#n: #var.take(#wire, #sensitive, &mut oddities),)
        });
        quote! {{
            let mut oddities = ::std::vec::Vec::new();
            #name::#variant(#ty { #(#inits)* oddities })
        }}
    };
    let mut arms = Vec::new();
    let mut variants = Vec::new();
    let mut ser_arms = Vec::new();
    let mut outcome_arms = Vec::new();
    let mut default_arm = quote!(::std::option::Option::None => #name::Unrecognized { status: ::std::option::Option::None },);
    if let Some(o) = &e.success {
        let st = &o.status.value;
        let b = build(o, &success, quote!(Success));
        arms.push(quote!(::std::option::Option::Some(#st) => #b,));
        if o.default {
            default_arm = quote!(::std::option::Option::None => #b,);
        }
        let d = doc(&format!("`{status_key}` = `{st}`: {}", o.description));
        variants.push(quote!(#d Success(#success),));
        let status_entry = if o.default {
            quote!()
        } else {
            quote!(#rt::SerializeMap::serialize_entry(&mut map, #status_key, #st)?;)
        };
        ser_arms.push(quote! {
            #name::Success(value) => {
                let mut map = #rt::Serializer::serialize_map(serializer, ::std::option::Option::None)?;
                #status_entry
                #rt::SerializeFields::serialize_fields(value, &mut map)?;
                #rt::SerializeMap::end(map)
            }
        });
        outcome_arms.push(quote!(#name::Success(value) => #rt::Outcome::Success(value),));
    }
    let pending_assoc = if let Some(o) = &e.pending {
        let st = &o.status.value;
        let b = build(o, &pending_ty, quote!(Pending));
        arms.push(quote!(::std::option::Option::Some(#st) => #b,));
        if o.default {
            default_arm = quote!(::std::option::Option::None => #b,);
        }
        let d = doc(&format!("`{status_key}` = `{st}`: {}", o.description));
        variants.push(quote!(#d Pending(#pending_ty),));
        ser_arms.push(quote! {
            #name::Pending(value) => {
                let mut map = #rt::Serializer::serialize_map(serializer, ::std::option::Option::None)?;
                #rt::SerializeMap::serialize_entry(&mut map, #status_key, #st)?;
                #rt::SerializeFields::serialize_fields(value, &mut map)?;
                #rt::SerializeMap::end(map)
            }
        });
        outcome_arms.push(quote!(#name::Pending(value) => #rt::Outcome::Pending(value),));
        quote!(#pending_ty)
    } else {
        quote!(#rt::NoPending)
    };
    let error_doc = doc(&format!(
        "`{status_key}` = `{error_status}`: {}",
        shape.description
    ));
    let unrecognized_doc = doc(&format!(
        "A `{status_key}` this version of the spec does not know (or none), kept as received."
    ));
    let d = doc(&format!(
        "A reply of [`{base}Request`], by its `{status_key}`. Decoding never fails on a value of an unexpected type (see each outcome's `oddities`); only a body that is not a JSON object fails."
    ));
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
                    #default_arm
                    ::std::option::Option::Some(_) => #name::Unrecognized {
                        status: s_status.map(::std::borrow::Cow::into_owned),
                    },
                })
            }
        }

        impl #rt::Serialize for #name {
            fn serialize<S: #rt::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
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

        impl<'de> #rt::Deserialize<'de> for #name {
            fn deserialize<D: #rt::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #rt::deserialize_map(deserializer)
            }
        }

        impl #rt::Reply for #name {
            type Success = #success;
            type Pending = #pending_assoc;
            type Error = #error;
            fn into_outcome(self) -> #rt::Outcome<#success, #pending_assoc, #error> {
                match self {
                    #(#outcome_arms)*
                    #name::Error(error) => #rt::Outcome::Error(error),
                    #name::Unrecognized { status } => #rt::Outcome::Unrecognized(status),
                }
            }
            fn from_error(error: #error) -> Self {
                #name::Error(error)
            }
        }
    }
}

fn token_grant(e: &Endpoint, base: &str) -> TokenStream {
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
    let ty = format_ident!("{base}Success");
    let req = format_ident!("{base}Request");
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
