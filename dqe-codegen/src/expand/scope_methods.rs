//! The scope methods of a request builder whose endpoint chooses scopes: one method per scope
//! (`.formfilling()`, `.simswap(24)`), taking the parameters that scope requires, so that the
//! call site reads as what it asks for and a missing requirement is a compile error.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::request::{Typestate, argument_type, argument_value};
use super::{doc, ident, rt, rust_type};
use crate::generated_names::{EndpointNames, SCOPE_TYPE, scope_method};
use crate::model::*;
use crate::names::backticked;

/// The names of the parameters the scope `s` requires ([`Spec::requires`]): its method's
/// arguments.
fn requires_names<'a>(spec: &'a Spec, s: &Scope) -> Vec<&'a str> {
    spec.requires(s)
        .into_iter()
        .map(|p| p.name.value.as_str())
        .collect()
}

/// How each scope's method is called, for messages: `` `.simswap(period)` ``.
pub(super) fn scope_method_signatures(spec: &Spec) -> Vec<String> {
    spec.scopes
        .iter()
        .map(|s| {
            format!(
                "`.{}({})`",
                scope_method(s),
                requires_names(spec, s).join(", ")
            )
        })
        .collect()
}

/// Generates one method per scope on a builder whose scope parameter is `by_scope`: it adds
/// the scope to the request (once) and takes the parameters the scope requires as arguments,
/// so that asking for a scope without them does not compile.
pub(super) fn scope_methods(
    spec: &Spec,
    e: &Endpoint,
    caller: &[&Param],
    name: &Ident,
    names: &EndpointNames<'_>,
    ts: &Typestate,
) -> TokenStream {
    let rt = rt();
    let Some(chooser) = e.scope_chooser() else {
        return TokenStream::new();
    };
    let states = &ts.states;
    let scope = ident(SCOPE_TYPE);
    let field = ident(&chooser.name.value);
    let pos = names
        .mandatory
        .iter()
        .position(|m| m.param.name.value == chooser.name.value);
    let out_states: Vec<TokenStream> = states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if Some(i) == pos {
                quote!(#rt::Set)
            } else {
                quote!(#s)
            }
        })
        .collect();
    let methods = spec.scopes.iter().map(|s| {
        let method = ident(&scope_method(s));
        let variant = ident(&s.variant);
        let required = requires_names(spec, s);
        // What the scope requires of this endpoint ([`Spec::method_arguments`]).
        let args = spec.method_arguments(e, s);
        let arg_names: Vec<Ident> = args.iter().map(|p| ident(&p.name.value)).collect();
        let arg_decls = args.iter().map(|p| {
            let (n, ty) = (ident(&p.name.value), rust_type(&p.ty.value));
            let arg = argument_type(&p.ty.value, &ty);
            quote!(#n: #arg)
        });
        let inits = caller.iter().map(|p| {
            let n = ident(&p.name.value);
            if p.by_scope {
                quote!(#n: ::std::option::Option::Some(scopes),)
            } else if arg_names.contains(&n) {
                let conv = argument_value(&p.ty.value, &quote!(#n));
                quote!(#n: ::std::option::Option::Some(#conv),)
            } else {
                quote!(#n: self.#n,)
            }
        });
        let not_taken: Vec<&str> = spec
            .done_without(e, s)
            .into_iter()
            .filter(|p| p.source == Source::Caller)
            .map(|p| p.name.value.as_str())
            .collect();
        let d = doc(&scope_method_doc(s, &required, &not_taken));
        quote! {
            #d
            pub fn #method(self, #(#arg_decls),*) -> #name<#(#out_states),*> {
                let mut scopes: ::std::vec::Vec<#scope> =
                    self.#field.map(|l| l.into_iter().collect()).unwrap_or_default();
                if !scopes.contains(&#scope::#variant) {
                    scopes.push(#scope::#variant);
                }
                let scopes = #rt::List::from(scopes);
                #name {
                    #(#inits)*
                    __state: ::std::marker::PhantomData,
                }
            }
        }
    });
    quote! {
        impl <#(#states),*> #name <#(#states),*> {
            #(#methods)*
        }
    }
}

/// A scope method's documentation: `required`, the parameters it requires; `not_taken`, those
/// it does not take.
fn scope_method_doc(s: &Scope, required: &[&str], not_taken: &[&str]) -> String {
    let mut text = format!(
        "Asks for the scope `{}`: {}\n\n",
        s.name.value, s.description
    );
    text.push_str(if s.needs_consent() {
        "Two steps: the customer gives consent, then step 2 answers the result."
    } else {
        "One step: the result is the reply to this request (no consent, no step 2)."
    });
    if !required.is_empty() {
        let list: Vec<String> = required.iter().map(|r| format!("`{r}`")).collect();
        text.push_str(&format!(" It requires {}, taken here.", list.join(", ")));
    }
    if !not_taken.is_empty() {
        text.push_str(&format!(
            " It does not take {}: a parameter that none of the scopes asked for takes is not sent.",
            backticked(not_taken.iter().copied(), ", ")
        ));
    }
    text.push_str(" Call several scope methods to ask for several scopes (comma-joined).");
    text
}
