//! The simulator of the ID Mobile journey that a merchant's tests (as a dev-dependency) and the
//! `dqe` command line (`dqe sandbox`, `dqe demo`) run their sign-up flow against instead of DQE.
//!
//! See the guide's chapter [testing with the sandbox](dqe_client::guide::sandbox). An
//! application's own code depends on `dqe-client` alone.
//!
//! It serves the token endpoint, both steps over GET and POST, and the operator's consent page,
//! stateful and in memory.
//!
//! Requests are validated from the spec ([`EndpointInfo`](dqe_client::endpoint::EndpointInfo)): a
//! missing mandatory parameter, a wrong fixed value, an unknown licence or a wrong secret, an
//! unknown or expired token, an unknown scope each get the documented error the spec names for
//! that situation. Replies are the generated types the client decodes.
//!
//! # Any spec
//! The sandbox serves a spec through its [`Journey`](dqe_client::journey::Journey): what the spec
//! says of its journey ([`ApiInfo`](dqe_client::journey::ApiInfo): the token endpoint, both steps,
//! every scope) and the types `generate_api!` made for it. [`Sandbox::start`] serves this
//! `dqe-client`'s spec ([`Api`](dqe_client::Api)); [`Sandbox::start_for`] serves any other, such as a
//! crate's own spec with its private scopes:
//!
//! ```ignore
//! dqe_client::generate_api!("../spec"); // in your crate: your `Api`, `Scope`, requests...
//!
//! let sandbox = Sandbox::start_for::<Api>(SandboxConfig::default(), addr).await?;
//! ```
//!
//! The sandbox names no endpoint, parameter or reply key itself: paths, parameters, errors, the
//! keys it fills (the token and its lifetime, the consent URL, the operator: named by the
//! spec's `[journey]`, in [`ApiInfo`](dqe_client::journey::ApiInfo)) and the callback's query
//! string all come from the spec.
//!
//! # Scopes
//! Every scope of the spec is served from the spec alone ([`ScopeInfo`](dqe_client::endpoint::ScopeInfo),
//! listed in [`ApiInfo::scopes`](dqe_client::journey::ApiInfo::scopes)), so a new scope file needs
//! no Rust:
//!
//! - Each scope asked for must have the parameters it requires, present and not empty, else
//!   the error the spec names for that parameter being empty (`Situation::Empty`). A
//!   JSON-valued parameter must be a JSON object (else `Situation::NotJson`) with a value for
//!   each key the spec names an error for (`Situation::MissingKey`); a whole number must be
//!   one. A shared parameter that no scope asked for takes (`without`) is not required.
//! - The reply data is made from the spec: each key a scope asked for adds to the reply, from
//!   the field's `example` (`{param}` standing for the value sent for that parameter) or from
//!   its type; a shared key holding scopes echoes those asked for, and one named like a step 1
//!   parameter echoes the value sent.
//! - A one-step scope answers with its result at step 1: no consent page, no flow. When some
//!   scope asked for needs consent, step 1 also gives the consent page's address, and the page
//!   lists each such scope with its description.
//! - An error is answered in the words of the scopes asked for
//!   ([`EndpointInfo::error_for`](dqe_client::endpoint::EndpointInfo::error_for)): a scope's file
//!   may word an error of the API file otherwise, or do without one (`[extend.E.errors]`); the
//!   first scope asked for that documents it gives its words, and a scope's own missing
//!   parameter is answered in that scope's.
//!
//! The phone number, the partner's name and the redirect address are told apart by what the
//! spec says of each parameter, not by name (the `roles` module).
//!
//! # Scenarios
//! Like payment test cards, phone numbers choose what happens. A number is 10 digits,
//! `06` then:
//!
//! | digit 3 | operator |
//! |---|---|
//! | `1` | Orange |
//! | `2` | SFR |
//! | `3` | Bouygues Telecom |
//! | `4` | Free Mobile |
//! | other | Orange |
//!
//! When digit 4 is `9`, digit 5 says which step fails and the last two digits which documented
//! error it answers: `0619100013` makes step 1 answer error `13` (operator Orange not found);
//! `0629200021` makes step 2 answer error `21` once consent is given; digit 5 `3` makes step 2
//! answer the error once and then succeed. Any other number goes through: step 1 succeeds, the
//! consent page asks for the code, and step 2 answers `pending` until consent and for the
//! configured pending time, then the data. The numbers work for every scope: step 1 failures
//! for all, step 2 failures for the scopes that have a step 2, each in the words of the scopes
//! asked for; the number of an error that none of them documents (its file does without it)
//! goes through. [`scenarios`] lists every scenario number of this crate's spec (in the API
//! file's words), [`scenarios_of`] those of any spec.
//!
//! The consent page approves with the right code, answers the wrong-code error with a wrong one
//! and the declined error on Decline, then redirects to the redirect address (`redirect_uri`)
//! with the spec's callback (the token, and whether the customer approved) added to its query
//! string (before its fragment, if it has one), as DQE does. The SMS code is logged (target
//! `dqe_sandbox`) and, in test mode, shown on the page; `auto_approve` skips the page
//! for headless runs. Without a browser, a test answers for the customer with
//! [`Sandbox::answer`], or lets the consent expire at once with [`Sandbox::expire`].
//!
//! # Anti-forgery
//! The consent page gives the browser that opens it a random value, both in a cookie
//! (`HttpOnly`, `SameSite=Strict`) and in a hidden field of its form. A submit whose field does
//! not match its cookie and a value the page issued for that consent (a form forged on another
//! site, a POST made without loading the page) is refused with HTTP 403 and changes nothing.
//!
//! # Limits
//! The sandbox can be left running: its memory is bounded.
//!
//! - Every token lives [`SandboxConfig::token_lifetime`] (the lifetime its reply states) and
//!   takes its flow with it when it expires; expired entries are purged whenever the sandbox's
//!   state is used. A consent left unanswered for [`SandboxConfig::consent_lifetime`] expires:
//!   its page answers HTTP 410 and step 2 the error the spec names for an unfinished code check
//!   (`consent_wrong_code`).
//! - At most [`SandboxConfig::max_entries`] tokens live at once (each holds at most one flow).
//!   While that many live, the token endpoint answers HTTP 503 with a `Retry-After` header and
//!   an error reply whose id is [`FULL_ERROR_ID`], saying so.
//! - A parameter value longer than [`MAX_VALUE_BYTES`] ([`MAX_URL_BYTES`] for the redirect
//!   address, which must also hold no control character; [`MAX_JSON_BYTES`] for a JSON-valued
//!   one) gets the endpoint's documented invalid-request error (HTTP 400); a body over
//!   [`MAX_BODY_BYTES`] gets the same error with HTTP 413. (The HTTP server refuses a request
//!   line over 64 KiB on its own, with 414.)
//! - Durations longer than [`MAX_DURATION`] are refused by [`Sandbox::start`] (and
//!   [`Sandbox::start_for`]).
//!
//! Tokens (and every other secret key of the token reply, such as a refresh token), consent ids,
//! SMS codes and anti-forgery values come from the operating system's CSPRNG.
//!
//! # Where each rule lives
//! One module per subject (all private but what is re-exported here):
//!
//! - `config`: the settings ([`SandboxConfig`]) and the limits (`MAX_*`, [`FULL_ERROR_ID`]).
//! - `roles`: which parameter is the phone number, the partner's name, the redirect address.
//! - `request`: a request's parameters as sent, the same with the scopes it asks for once
//!   checked, and what step 1 sent that the reply data gives back.
//! - `errors`: the documented error for each situation, and a refusal (an error and an HTTP
//!   status) as a plain value.
//! - `checks`: what a request must be to be answered (method, sizes, credentials, scopes,
//!   parameters), each failure a refusal; what a request needs by scope is for
//!   `ParamInfo::need` (plumbing of `dqe-client`, hidden) to say, not for the checks.
//! - `scenario`: which operator and which error a phone number chooses.
//! - `reply_data`: the keys of a success or pending reply, made from the spec.
//! - `reply`: every API reply written (JSON, status, the documented error shape, HTTP 503 when
//!   full), through the spec's generated reply types.
//! - `store`: the live tokens and their flows, bounded; `shared`: what every handler shares.
//! - `token`, `step1`, `step2`: what each endpoint answers a request that passed the checks;
//!   `endpoints`: each at its path, the checks first.
//! - `customer`: the customer's answer and what it makes of a consent; `consent_page`: the
//!   page's handlers and anti-forgery; `consent_html`: its HTML.
//! - `random`: the secrets handed out; `pdf`: the sample document.
//! - `server`: the running [`Sandbox`] and its routes.
//! - [`standin`] (public, apart: it knows HTTP, not the spec): a stand-in server answering
//!   what a test scripts (garbage, redirects, huge or dripping bodies), to see how a client
//!   treats a broken or hostile DQE.
//!
//! The modules use each other one way only (module -> what it uses; the leaves `config`,
//! `roles`, `errors`, `scenario`, `random`, `pdf` and `consent_html` use none):
//!
//! ```text
//! request      -> roles
//! store        -> request, scenario
//! shared       -> config, store
//! checks       -> config, errors, request, roles
//! reply_data   -> pdf, request
//! reply        -> config, errors, scenario
//! token        -> random, reply, reply_data, request, shared
//! step1        -> errors, random, reply, reply_data, request, roles, scenario, shared, store
//! step2        -> errors, reply, reply_data, request, scenario, shared, store
//! endpoints    -> checks, reply, request, shared, step1, step2, token
//! customer     -> errors, shared, store
//! consent_page -> consent_html, customer, random, reply, request, shared, store
//! server       -> config, consent_page, customer, endpoints, shared, store
//! ```

#![deny(missing_docs)]

mod checks;
mod config;
mod consent_html;
mod consent_page;
mod customer;
mod endpoints;
mod errors;
mod pdf;
mod random;
mod reply;
mod reply_data;
mod request;
mod roles;
mod scenario;
mod server;
mod shared;
pub mod standin;
mod step1;
mod step2;
mod store;
mod token;

pub use config::{
    DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, FULL_ERROR_ID, MAX_BODY_BYTES, MAX_DURATION,
    MAX_JSON_BYTES, MAX_URL_BYTES, MAX_VALUE_BYTES, SandboxConfig,
};
pub use customer::{AnswerError, CustomerAnswer};
pub use scenario::{scenarios, scenarios_of};
pub use server::Sandbox;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    /// Each module of the sandbox (file name) with the sibling modules its code uses, read
    /// from its `super::` paths (comments and its tests left out).
    fn uses() -> BTreeMap<String, Vec<String>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut graph = BTreeMap::new();
        for entry in std::fs::read_dir(dir).expect("the sandbox's sources") {
            let path = entry.expect("a source file").path();
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if name == "lib" || path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("a source file");
            let code = source
                .split("#[cfg(test)]\nmod tests")
                .next()
                .unwrap_or_default();
            let mut deps: Vec<String> = Vec::new();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (_, rest) in line
                    .match_indices("super::")
                    .map(|(i, _)| line.split_at(i + 7))
                {
                    // `super::{a, b}` names the modules a and b; `super::a::...`, the module a.
                    let items: Vec<&str> = match rest.strip_prefix('{') {
                        Some(list) => list
                            .split('}')
                            .next()
                            .unwrap_or_default()
                            .split(',')
                            .collect(),
                        None => vec![rest],
                    };
                    for item in items {
                        let module: String = item
                            .trim()
                            .chars()
                            .take_while(|c| {
                                c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'
                            })
                            .collect();
                        if !module.is_empty() && module != name && !deps.contains(&module) {
                            deps.push(module);
                        }
                    }
                }
            }
            deps.sort();
            graph.insert(name.to_owned(), deps);
        }
        graph
    }

    /// The graph the module docs draw: `module -> what it uses`, the leaves left out.
    fn drawn() -> BTreeMap<String, Vec<String>> {
        let docs = include_str!("lib.rs");
        let table = docs
            .split("//! ```text\n")
            .nth(1)
            .and_then(|t| t.split("//! ```\n").next())
            .expect("the graph in the module docs");
        table
            .lines()
            .filter_map(|l| l.strip_prefix("//! ")?.split_once(" -> "))
            .map(|(module, deps)| {
                let deps = deps.split(", ").map(str::to_owned).collect();
                (module.trim().to_owned(), deps)
            })
            .collect()
    }

    #[test]
    fn the_modules_use_each_other_one_way_as_the_docs_draw_it() {
        let graph = uses();
        let mut with_deps = graph.clone();
        with_deps.retain(|_, deps| !deps.is_empty());
        assert_eq!(with_deps, drawn(), "the module docs draw another graph");
        // Each module's place: after every module it uses. A cycle leaves some unplaced.
        let mut placed: Vec<&str> = Vec::new();
        while placed.len() < graph.len() {
            let next = graph.iter().find(|(m, deps)| {
                !placed.contains(&m.as_str()) && deps.iter().all(|d| placed.contains(&d.as_str()))
            });
            let Some((module, _)) = next else {
                let left: Vec<_> = graph
                    .keys()
                    .filter(|m| !placed.contains(&m.as_str()))
                    .collect();
                panic!("these modules use each other in a loop: {left:?}");
            };
            placed.push(module);
        }
    }
}
