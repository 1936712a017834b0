//! `Api`: the type naming the spec for the runtime, and its `Journey` impl tying together the
//! types `[journey]` names (token endpoint, both steps, their keys, the callback).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, rt};
use crate::generated_names::{
    API_TYPE, CALLBACK_TYPE, CREDENTIALS_TYPE, EndpointNames, SCOPE_TYPE,
};
use crate::model::*;
use crate::validate::{CallbackKeys, ResolvedJourney};

/// Generates `Api` and `impl Journey for Api` from the resolved `[journey]`.
pub(super) fn journey(spec: &Spec, j: &ResolvedJourney<'_>) -> TokenStream {
    let keys = Keys::of(spec, j);
    let rt = rt();
    let (token, consent, retrieve) = (
        EndpointNames::new(j.token),
        EndpointNames::new(j.consent),
        EndpointNames::new(j.retrieve),
    );
    let token_request = ident(&token.request);
    let consent_request = ident(&consent.request);
    let consent_reply = ident(&consent.reply);
    let consent_success = ident(&consent.success);
    let retrieve_request = ident(&retrieve.request);
    let retrieve_type = if retrieve.mandatory.is_empty() {
        retrieve_request.clone()
    } else {
        ident(&retrieve.ready)
    };
    let scope_setter = ident(&j.retrieve_scopes.name.value);
    let (api, scope, credentials) = (ident(API_TYPE), ident(SCOPE_TYPE), ident(CREDENTIALS_TYPE));
    let name = &spec.api.name;
    let server_env = match &spec.api.server_env {
        Some(env) => quote!(::std::option::Option::Some(#env)),
        None => quote!(::std::option::Option::None),
    };
    let url = ident(&j.consent_url.name.value);
    let operator = operator_expr(j.operator);
    let callback_fns = callback_fns(&j.callback);
    let d = doc(&format!(
        "The {name} API as this spec describes it: name it where the runtime is generic over a spec \
         (`Client<Api>`, `Flow<Api>`, the sandbox). An empty enum: it has no value, only types.\n\n\
         Token: [`{}`]. Step 1: [`{}`]. Step 2: [`{}`].",
        token.request, consent.request, retrieve.request
    ));
    quote! {
        #d
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #api {}

        impl #rt::Journey for #api {
            type Credentials = #credentials;
            type Scope = #scope;
            type Token = #token_request;
            type ConsentReply = #consent_reply;
            type Retrieve = #retrieve_type;

            const INFO: &'static #rt::ApiInfo = &#rt::ApiInfo {
                name: #name,
                server_env: #server_env,
                scopes: #scope::INFO,
                token: &#token_request::INFO,
                consent: &#consent_request::INFO,
                retrieve: &#retrieve_request::INFO,
                #keys
            };

            fn credentials_from_env() -> ::std::result::Result<#credentials, #rt::MissingCredential> {
                #credentials::from_env()
            }

            fn scope_info(scope: &#scope) -> ::std::option::Option<&'static #rt::ScopeInfo> {
                scope.info()
            }

            fn retrieve(scopes: #rt::List<#scope>) -> #retrieve_type {
                #retrieve_request::new().#scope_setter(scopes)
            }

            fn consent_url(reply: &#consent_success) -> ::std::option::Option<&str> {
                reply.#url.as_deref()
            }

            fn operator(reply: &#consent_success) -> ::std::option::Option<&str> {
                #operator
            }

            #callback_fns
        }
    }
}

/// The body of `Journey::operator`: the step 1 success's operator field, or none.
fn operator_expr(operator: Option<&Field>) -> TokenStream {
    match operator {
        Some(o) => {
            let o = ident(&o.name.value);
            quote!(reply.#o.as_deref())
        }
        None => quote!({
            let _ = reply;
            ::std::option::Option::None
        }),
    }
}

/// Generates `Journey::callback_token` and `Journey::callback_query`: the callback's token key,
/// and the query string a browser comes back with, from the approved and declined values of
/// the status key's enum.
fn callback_fns(cb: &CallbackKeys<'_>) -> TokenStream {
    let rt = rt();
    let callback_ty = ident(CALLBACK_TYPE);
    let cb_token = ident(&cb.token.name.value);
    let cb_status = ident(&cb.status.name.value);
    let approved = ident(&cb.approved.variant.value);
    let declined = ident(&cb.declined.variant.value);
    let status_ty = ident(&cb.status_enum.name.value);
    let others = cb
        .callback
        .params
        .iter()
        .filter(|p| !std::ptr::eq(*p, cb.token) && !std::ptr::eq(*p, cb.status))
        .map(|p| {
            let n = ident(&p.name.value);
            quote!(#n: ::std::option::Option::None,)
        });
    quote! {
    fn callback_token(query: &str) -> ::std::result::Result<::std::string::String, #rt::CallbackError> {
        #callback_ty::from_query(query).map(|c| c.#cb_token)
    }

    fn callback_query(token: &str, approved: bool) -> ::std::string::String {
        #callback_ty {
            #cb_token: ::std::borrow::ToOwned::to_owned(token),
            #cb_status: if approved { #status_ty::#approved } else { #status_ty::#declined },
            #(#others)*
        }
        .to_query()
    }
    }
}

/// The wire keys of `ApiInfo`: the status key and the error's (`[replies]`), and the keys of
/// the successes that the runtime reads or fills (token, its lifetime, consent URL, operator).
struct Keys<'a> {
    status: &'a str,
    error: &'a ErrorShape,
    token: &'a str,
    lifetime: Option<&'a str>,
    consent_url: &'a str,
    operator: Option<&'a str>,
}

impl<'a> Keys<'a> {
    fn of(spec: &'a Spec, j: &ResolvedJourney<'a>) -> Self {
        let wire = |f: &'a Field| f.wire.value.as_str();
        Self {
            status: &spec.replies.status_key,
            error: &spec.replies.error,
            token: wire(j.token_field),
            lifetime: j.lifetime_field.map(wire),
            consent_url: wire(j.consent_url),
            operator: j.operator.map(wire),
        }
    }
}

impl quote::ToTokens for Keys<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let option = |v: Option<&str>| match v {
            Some(v) => quote!(::std::option::Option::Some(#v)),
            None => quote!(::std::option::Option::None),
        };
        let (status, token, url) = (self.status, self.token, self.consent_url);
        let (lifetime, operator) = (option(self.lifetime), option(self.operator));
        let (error_status, error_id, error_text) =
            (&self.error.status, &self.error.id_key, &self.error.text_key);
        tokens.extend(quote! {
            status_key: #status,
            error_status: #error_status,
            error_id_key: #error_id,
            error_text_key: #error_text,
            token_key: #token,
            token_lifetime_key: #lifetime,
            consent_url_key: #url,
            operator_key: #operator,
        });
    }
}
