//! `Api`: the type naming the spec for the runtime, and its `Journey` impl tying together the
//! types `[journey]` names (token endpoint, both steps, their keys, the callback).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{doc, ident, rt};
use crate::generated_names::{
    API_TYPE, CALLBACK_TYPE, CREDENTIALS_TYPE, EndpointNames, SCOPE_TYPE,
};
use crate::model::*;

/// Generates `Api` and `impl Journey for Api`, for a spec with a `[journey]` (checked).
pub(super) fn journey(spec: &Spec) -> TokenStream {
    let (Some(j), Some(callback)) = (&spec.journey, &spec.callback) else {
        return TokenStream::new();
    };
    let find = |name: &At<String>| spec.endpoints.iter().find(|e| e.key.value == name.value);
    let (Some(token), Some(consent), Some(retrieve)) =
        (find(&j.token), find(&j.consent), find(&j.retrieve))
    else {
        return TokenStream::new();
    };
    let keys = Keys::of(spec, j, token, consent);
    let rt = rt();
    let (token, consent, retrieve) = (
        EndpointNames::new(token),
        EndpointNames::new(consent),
        EndpointNames::new(retrieve),
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
    let scope_setter = retrieve_scope_setter(spec, j);
    let Some(scope_setter) = scope_setter else {
        return TokenStream::new();
    };
    let (api, scope, credentials) = (ident(API_TYPE), ident(SCOPE_TYPE), ident(CREDENTIALS_TYPE));
    let name = &spec.api.name;
    let server_env = match &spec.api.server_env {
        Some(env) => quote!(::std::option::Option::Some(#env)),
        None => quote!(::std::option::Option::None),
    };
    let url = ident(&j.consent_url.value);
    let operator = operator_expr(j);
    let Some(callback_fns) = callback_fns(spec, j, callback) else {
        return TokenStream::new();
    };
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

/// The setter of step 2's scope list (the caller's `list<scope>` parameter), which
/// `Journey::retrieve` calls with the flow's scopes.
fn retrieve_scope_setter(spec: &Spec, j: &Journey) -> Option<Ident> {
    let e = spec.endpoint(&j.retrieve.value)?;
    e.params
        .iter()
        .find(|p| p.source == Source::Caller && p.ty.value.is_scope_list())
        .map(|p| ident(&p.name.value))
}

/// The body of `Journey::operator`: the step 1 success's operator key, or none.
fn operator_expr(j: &Journey) -> TokenStream {
    match &j.operator {
        Some(o) => {
            let o = ident(&o.value);
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
/// the status key's enum. `None` when the journey names what the spec does not have (the
/// checks report it).
fn callback_fns(spec: &Spec, j: &Journey, callback: &Callback) -> Option<TokenStream> {
    let rt = rt();
    let callback_ty = ident(CALLBACK_TYPE);
    let cb_token = ident(&j.callback_token.value);
    let cb_status = ident(&j.callback_status.value);
    let status_enum = callback
        .params
        .iter()
        .find(|p| p.name.value == j.callback_status.value)
        .and_then(|p| match &p.ty.value {
            TypeRef::Named(n) => spec.enums.iter().find(|e| &e.name.value == n),
            _ => None,
        });
    let status_enum = status_enum?;
    let variant = |wire: &str| {
        status_enum
            .values
            .iter()
            .find(|v| v.wire.value == wire)
            .map(|v| ident(&v.variant.value))
    };
    let (Some(approved), Some(declined)) = (variant(&j.approved.value), variant(&j.declined.value))
    else {
        return None;
    };
    let status_ty = ident(&status_enum.name.value);
    let others = callback
        .params
        .iter()
        .filter(|p| {
            p.name.value != j.callback_token.value && p.name.value != j.callback_status.value
        })
        .map(|p| {
            let n = ident(&p.name.value);
            quote!(#n: ::std::option::Option::None,)
        });
    Some(quote! {
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
    })
}

/// The wire keys of `ApiInfo`: the status key, and the keys of the successes that the runtime
/// reads or fills (token, its lifetime, consent URL, operator).
struct Keys {
    status: String,
    token: String,
    lifetime: Option<String>,
    consent_url: String,
    operator: Option<String>,
}

impl Keys {
    fn of(spec: &Spec, j: &Journey, token: &Endpoint, consent: &Endpoint) -> Self {
        let token_fields = token.success.as_ref().map_or(&[][..], |s| &s.fields[..]);
        let by_role = |role: Role| {
            token_fields
                .iter()
                .find(|f| f.role.as_ref().is_some_and(|r| r.value == role))
                .map(|f| f.wire.value.clone())
        };
        let consent_fields = consent.success.as_ref().map_or(&[][..], |s| &s.fields[..]);
        let by_name = |name: &str| {
            consent_fields
                .iter()
                .find(|f| f.name.value == name)
                .map(|f| f.wire.value.clone())
        };
        Self {
            status: spec.replies.status_key.clone(),
            token: by_role(Role::Token).unwrap_or_default(),
            lifetime: by_role(Role::TokenLifetime),
            consent_url: by_name(&j.consent_url.value).unwrap_or_default(),
            operator: j.operator.as_ref().and_then(|o| by_name(&o.value)),
        }
    }
}

impl quote::ToTokens for Keys {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let option = |v: &Option<String>| match v {
            Some(v) => quote!(::std::option::Option::Some(#v)),
            None => quote!(::std::option::Option::None),
        };
        let (status, token, url) = (&self.status, &self.token, &self.consent_url);
        let (lifetime, operator) = (option(&self.lifetime), option(&self.operator));
        tokens.extend(quote! {
            status_key: #status,
            token_key: #token,
            token_lifetime_key: #lifetime,
            consent_url_key: #url,
            operator_key: #operator,
        });
    }
}
