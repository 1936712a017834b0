//! The generated request builder of an endpoint (as bon builds them): a struct with one
//! optional field per parameter the caller sets, and a typestate of one type parameter per
//! mandatory parameter, so that only a complete request is an `Endpoint`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::scope_methods::{scope_method_signatures, scope_methods};
use super::{doc, ident, info, method_values, rt, rust_type, summary, type_label};
use crate::generated_names::{CREDENTIALS_TYPE, EndpointNames, SCOPE_TYPE};
use crate::model::*;
use crate::names::backticked;

/// The builder's typestate, from [`EndpointNames::mandatory`].
pub(super) struct Typestate {
    /// One type parameter per mandatory parameter (`NumberState`).
    pub(super) states: Vec<Ident>,
    /// `NumberState: InitiateRequestHasNumber`, one per type parameter.
    pub(super) bounds: Vec<TokenStream>,
}

/// Generates the request builder of an endpoint: the struct, `new` and `INFO`, its setters,
/// `Clone` and a redacting `Debug`, `to_form`, the marker traits of its typestate, and its
/// `Endpoint` implementation.
pub(super) fn request(spec: &Spec, e: &Endpoint, names: &EndpointNames<'_>) -> TokenStream {
    let rt = rt();
    let name = ident(&names.request);
    let caller: Vec<&Param> = e
        .params
        .iter()
        .filter(|p| p.source == Source::Caller)
        .collect();
    let ts = typestate(names);
    let states = &ts.states;
    let fields = caller.iter().map(|p| {
        let n = ident(&p.name.value);
        let ty = rust_type(&p.ty.value);
        quote!(#n: ::std::option::Option<#ty>,)
    });
    let nones = caller.iter().map(|p| {
        let n = ident(&p.name.value);
        quote!(#n: ::std::option::Option::None,)
    });
    let d = doc(&doc_table(spec, e, names));
    let info = info::endpoint_info(spec, e);
    let info_doc = doc(&format!(
        "What the spec says of this endpoint (`{}`).",
        e.key.value
    ));
    let new_doc = doc(&format!("A new `{name}` with no parameter set."));
    let defaults = if states.is_empty() {
        quote!()
    } else {
        let unset = quote!(#rt::Unset);
        quote!(<#(#states = #unset),*>)
    };
    let setters = setters(spec, e, &caller, &name, &ts);
    let scope_methods = scope_methods(spec, e, &caller, &name, names, &ts);
    let ready = ready_alias(names);
    let derived = clone_and_debug(&caller, &name, &ts);
    let to_form = to_form(&name, &ts);
    let has_scopes = has_scopes(&caller, &name, &ts);
    let markers = marker_traits(spec, names);
    let endpoint_impl = encoding(spec, e, names, &ts);
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

        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::new()
            }
        }

        #setters

        #scope_methods

        #ready

        #derived

        #to_form

        #has_scopes

        #markers

        #endpoint_impl
    }
}

/// The builder's type parameters and their bounds.
fn typestate(names: &EndpointNames<'_>) -> Typestate {
    let states: Vec<Ident> = names.mandatory.iter().map(|m| ident(&m.state)).collect();
    let bounds = names
        .mandatory
        .iter()
        .zip(&states)
        .map(|(m, s)| {
            let tr = ident(&m.marker);
            quote!(#s: #tr)
        })
        .collect();
    Typestate { states, bounds }
}

/// Generates the marker traits of the typestate, implemented by the runtime's `Set` only, each
/// with the compiler message naming its parameter when it is missing.
fn marker_traits(spec: &Spec, names: &EndpointNames<'_>) -> TokenStream {
    let rt = rt();
    let name = &names.request;
    let traits = names.mandatory.iter().map(|m| {
        let tr = ident(&m.marker);
        let p = m.param;
        let message = format!(
            "the mandatory parameter `{}` of `{name}` is not set",
            p.name.value
        );
        let label = format!("`{}` is missing from this request", p.name.value);
        let note = if p.by_scope {
            let methods: Vec<String> = scope_method_signatures(spec);
            format!(
                "choose a scope with one of its methods, each taking what that scope requires: {}",
                methods.join(", ")
            )
        } else {
            format!("set it with `.{}(...)`: {}", p.name.value, p.description)
        };
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
    quote!(#(#traits)*)
}

/// Generates the setters, one per parameter the caller sets: a mandatory one moves the builder
/// to the state where it is `Set`, an optional one keeps the state.
fn setters(
    spec: &Spec,
    e: &Endpoint,
    caller: &[&Param],
    name: &Ident,
    ts: &Typestate,
) -> TokenStream {
    let rt = rt();
    let states = &ts.states;
    let mandatory = mandatory_names(caller);
    let setters: Vec<TokenStream> = caller
        .iter()
        .filter(|p| !p.by_scope)
        .map(|p| {
            let n = ident(&p.name.value);
            let ty = rust_type(&p.ty.value);
            let arg = argument_type(&p.ty.value, &ty);
            let conv = argument_value(&p.ty.value, &quote!(value));
            let d = doc(&setter_doc(spec, e, p));
            let Some(pos) = mandatory.iter().position(|m| *m == p.name.value) else {
                return quote! {
                    #d
                    pub fn #n(mut self, value: #arg) -> Self {
                        self.#n = ::std::option::Option::Some(#conv);
                        self
                    }
                };
            };
            let out_states = states.iter().enumerate().map(|(i, s)| {
                if i == pos {
                    quote!(#rt::Set)
                } else {
                    quote!(#s)
                }
            });
            let others = caller
                .iter()
                .filter(|o| o.name.value != p.name.value)
                .map(|o| {
                    let o = ident(&o.name.value);
                    quote!(#o: self.#o,)
                });
            quote! {
                #d
                pub fn #n(self, value: #arg) -> #name<#(#out_states),*> {
                    #name {
                        #n: ::std::option::Option::Some(#conv),
                        #(#others)*
                        __state: ::std::marker::PhantomData,
                    }
                }
            }
        })
        .collect();
    if setters.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl <#(#states),*> #name <#(#states),*> {
            #(#setters)*
        }
    }
}

/// A setter's documentation.
fn setter_doc(spec: &Spec, e: &Endpoint, p: &Param) -> String {
    let lead = summary::led(
        &format!("Sets `{}`: ", p.name.value),
        &p.description,
        &format!("Sets the `{}` parameter of this request.", p.name.value),
    );
    let mut text = format!("{lead}\n\nSent as `{}`", p.wire.value);
    text.push_str(if p.required {
        "; mandatory."
    } else {
        "; optional."
    });
    if let Some(note) = taken_note(spec, e, p) {
        text.push_str(&format!(" It is {note}."));
    }
    if let Some(t) = p.ty.value.declared_name() {
        text.push_str(&format!(" See [`{t}`]."));
    }
    text
}

/// Which scopes take a parameter of `e`, for documentation ([`Spec::scopes_taking`]): `None`
/// when every scope does.
fn taken_note(spec: &Spec, e: &Endpoint, p: &Param) -> Option<String> {
    let taking = spec.scopes_taking(e, p)?;
    Some(if taking.is_empty() {
        "never sent: no scope takes it".to_owned()
    } else {
        format!(
            "sent only when a scope asked for takes it: {}",
            backticked(taking.iter().map(|s| s.name.value.as_str()), ", ")
        )
    })
}

/// Generates `Clone` and a redacting `Debug` for the builder in every state.
fn clone_and_debug(caller: &[&Param], name: &Ident, ts: &Typestate) -> TokenStream {
    let rt = rt();
    let states = &ts.states;
    let generics = quote!(<#(#states),*>);
    let clones = caller.iter().map(|p| {
        let n = ident(&p.name.value);
        quote!(#n: ::std::clone::Clone::clone(&self.#n),)
    });
    let debug_fields = caller.iter().map(|p| {
        let n = ident(&p.name.value);
        let label = &p.name.value;
        let sensitive = p.sensitive;
        quote!(.field(#label, &#rt::Redacted::new(&self.#n, #sensitive)))
    });
    quote! {
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
    }
}

/// Generates `to_form`, which only a complete request has.
fn to_form(name: &Ident, ts: &Typestate) -> TokenStream {
    let rt = rt();
    let (states, bounds) = (&ts.states, &ts.bounds);
    let credentials = ident(CREDENTIALS_TYPE);
    quote! {
        impl <#(#states),*> #name <#(#states),*> {
            /// The parameters as a query string or form body, with the credentials and token of
            /// `ctx`: what the client sends to the endpoint.
            ///
            /// Only a request with every mandatory parameter set has this method.
            pub fn to_form(&self, ctx: &#rt::EncodeContext<'_, #credentials>) -> ::std::string::String
            where
                #(#bounds,)*
            {
                #rt::Endpoint::to_form(self, ctx)
            }
        }
    }
}

/// Generates `HasScopes` when the caller sets a scope (or a list of them).
fn has_scopes(caller: &[&Param], name: &Ident, ts: &Typestate) -> TokenStream {
    let rt = rt();
    let states = &ts.states;
    let scope = ident(SCOPE_TYPE);
    let scoped = caller.iter().find(|p| p.ty.value.is_scope_or_list());
    let Some(p) = scoped else {
        return TokenStream::new();
    };
    let n = ident(&p.name.value);
    let list = if p.ty.value == TypeRef::Scope {
        quote!(self.#n.clone().map(#rt::List::from))
    } else {
        quote!(self.#n.clone())
    };
    quote! {
        impl <#(#states),*> #rt::HasScopes for #name <#(#states),*> {
            type Scope = #scope;
            fn scopes(&self) -> ::std::option::Option<#rt::List<#scope>> {
                #list
            }
        }
    }
}

/// Generates the `Endpoint` implementation of a complete request: its constants, and `encode`,
/// which hands each parameter to the runtime's `encode_param` with its `ParamInfo` and, for one
/// the caller sets, the builder's value (the encoder `DynamicRequest` calls too); a parameter
/// only some scopes take ([`Spec::scopes_taking`]) only when one of them is asked for.
fn encoding(spec: &Spec, e: &Endpoint, names: &EndpointNames<'_>, ts: &Typestate) -> TokenStream {
    let rt = rt();
    let (states, bounds) = (&ts.states, &ts.bounds);
    let name = ident(&names.request);
    let reply = ident(&names.reply);
    let credentials = ident(CREDENTIALS_TYPE);
    // Which scopes take each parameter is the runtime's to say, from `ParamInfo::taken_by`
    // (`ParamInfo::is_taken_by`, called by `encode_param`), as for `DynamicRequest`.
    let gated = e.params.iter().any(|p| spec.scopes_taking(e, p).is_some());
    let asked = asked_scopes(e).filter(|_| gated);
    let encode = e
        .params
        .iter()
        .map(|p| encode_param(&name, p, asked.is_some()));
    let (key, path, idempotent) = (&e.key.value, &e.path, e.idempotent);
    let methods = method_values(e);
    quote! {
        impl <#(#states),*> #rt::Endpoint for #name <#(#states),*> where #(#bounds),* {
            type Credentials = #credentials;
            type Reply = #reply;
            const NAME: &'static str = #key;
            const PATH: &'static str = #path;
            const METHODS: &'static [#rt::Method] = &[#(#methods),*];
            const IDEMPOTENT: bool = #idempotent;
            const INFO: &'static #rt::EndpointInfo = &#name::INFO;

            fn encode(&self, ctx: &#rt::EncodeContext<'_, #credentials>, form: &mut #rt::Form) {
                #asked
                #(#encode)*
            }
        }
    }
}

/// The statement binding `__asked`, the scopes a request asks for as a slice: those the caller
/// set (its scope, or list of scopes), else the default scopes (`Scope::DEFAULT`, as the
/// sandbox and `DynamicRequest` read a request naming none); `None` for an endpoint whose
/// requests carry no scope.
fn asked_scopes(e: &Endpoint) -> Option<TokenStream> {
    let scope = ident(SCOPE_TYPE);
    let p = e.scope_param()?;
    let n = ident(&p.name.value);
    let slice = if p.ty.value == TypeRef::Scope {
        quote!(::std::slice::from_ref(s))
    } else {
        quote!(s.as_slice())
    };
    Some(quote! {
        let __asked: &[#scope] = match &self.#n {
            ::std::option::Option::Some(s) => #slice,
            ::std::option::Option::None => #scope::DEFAULT,
        };
    })
}

/// Writes the parameter `p` of the request `name`: the runtime's `encode_param` with its
/// `ParamInfo` (found by name at compile time), for one the caller sets the builder's value,
/// and the scopes asked for (`__asked`, when some parameter of the endpoint is not taken by
/// every scope, else none); it sends that value (or the spec's default), the credential, the
/// token, or the fixed value, when a scope asked for takes the parameter.
fn encode_param(name: &Ident, p: &Param, asked: bool) -> TokenStream {
    let rt = rt();
    let n = &p.name.value;
    let value = match &p.source {
        Source::Caller => {
            let n = ident(n);
            quote!(self.#n.as_ref().map(#rt::WireValue::wire))
        }
        Source::Credential(_) | Source::Token | Source::Fixed(_) => {
            quote!(::std::option::Option::None)
        }
    };
    let scope = ident(SCOPE_TYPE);
    let asked = if asked {
        quote!(__asked.iter().map(#scope::as_str))
    } else {
        quote!([])
    };
    quote!(#rt::encode_param(const { #name::INFO.param(#n).unwrap() }, #value, #asked, ctx, form);)
}

/// The builder's documentation: summary, description, path and methods, and a table of its
/// parameters saying who sets each.
fn doc_table(spec: &Spec, e: &Endpoint, names: &EndpointNames<'_>) -> String {
    let (name, reply) = (&names.request, &names.reply);
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
        "Path `{}`, methods {}. Replies decode as [`{reply}`].\n\n",
        e.path,
        method_names.join(", ")
    ));
    text.push_str(
        "| Parameter | Wire name | Type | Set by | Description |\n|---|---|---|---|---|\n",
    );
    for p in &e.params {
        let mut by = match &p.source {
            Source::Caller if p.by_scope => {
                "you: one method per scope, each taking what its scope requires".to_owned()
            }
            Source::Caller if p.is_mandatory() => {
                format!("you: [`{name}::{}`], mandatory", p.name.value)
            }
            Source::Caller if p.required => format!(
                "you: mandatory with its scope, an argument of that scope's method (or [`{name}::{}`])",
                p.name.value
            ),
            Source::Caller => format!("you: [`{name}::{}`], optional", p.name.value),
            Source::Credential(c) => format!("the client: credential `{}`", c.value),
            Source::Token => "the client: the token".to_owned(),
            Source::Fixed(v) => format!("always `{}`", v.value),
        };
        if let Some(note) = taken_note(spec, e, p) {
            by.push_str(&format!("; {note}"));
        }
        text.push_str(&format!(
            "| `{}` | `{}` | {} | {by} | {} |\n",
            p.name.value,
            p.wire.value,
            type_label(&p.ty.value),
            p.description.replace('|', "\\|")
        ));
    }
    if e.chooses_scopes() {
        text.push_str(
            "\nScopes are chosen with one method each (several calls ask for several scopes), taking the parameters that scope requires: the call site reads as what it asks for, and a missing requirement is a compile error that names it, which a `scope` setter beside optional parameters could not give. A request whose scopes are chosen at run time (a command line) is a `DynamicRequest`, checked when it is finished.\n",
        );
    }
    if !names.mandatory.is_empty() {
        text.push_str(&format!(
            "\nThe mandatory parameters are checked at compile time: a request missing one is not an [`Endpoint`]({rt_path}::Endpoint), and the compiler names the parameter.",
            rt_path = "dqe_client::endpoint"
        ));
    }
    text
}

/// The names of the mandatory parameters the caller sets with a setter or a scope method.
fn mandatory_names<'a>(caller: &[&'a Param]) -> Vec<&'a str> {
    caller
        .iter()
        .filter(|p| p.is_mandatory())
        .map(|p| p.name.value.as_str())
        .collect()
}

/// Generates the alias of the complete request (`InitiateReady`), for signatures: one name
/// instead of one type argument per mandatory parameter.
fn ready_alias(names: &EndpointNames<'_>) -> TokenStream {
    if names.mandatory.is_empty() {
        return TokenStream::new();
    }
    let rt = rt();
    let (request, ready) = (ident(&names.request), ident(&names.ready));
    let sets = names.mandatory.iter().map(|_| quote!(#rt::Set));
    let d = doc(&format!(
        "A [`{request}`] with every mandatory parameter set: the type of a complete request, to name in signatures."
    ));
    quote!(#d pub type #ready = #request<#(#sets),*>;)
}

/// The type a setter or scope method takes: `impl Into<T>`; a boolean as is; a whole number as
/// `impl WholeNumber`, which an unsuffixed literal (`.simswap(24)`) satisfies.
pub(super) fn argument_type(ty: &TypeRef, rust: &TokenStream) -> TokenStream {
    match ty {
        // A public trait, named by its public path: it shows in the setter's signature.
        TypeRef::Integer => quote!(impl ::dqe_client::types::WholeNumber),
        TypeRef::Bool => rust.clone(),
        _ => quote!(impl ::std::convert::Into<#rust>),
    }
}

/// The value of an argument of [`argument_type`].
pub(super) fn argument_value(ty: &TypeRef, arg: &TokenStream) -> TokenStream {
    let rt = rt();
    match ty {
        TypeRef::Integer => quote!(#rt::WholeNumber::whole(#arg)),
        TypeRef::Bool => arg.clone(),
        _ => quote!(#arg.into()),
    }
}
