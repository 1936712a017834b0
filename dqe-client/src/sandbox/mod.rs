//! A simulator of the whole ID Mobile journey, for tests and demos: the token endpoint, both
//! steps over GET and POST, and the operator's consent page, stateful and in memory.
//!
//! Requests are validated from the spec ([`EndpointInfo`](crate::endpoint::EndpointInfo)): a
//! missing mandatory parameter, a wrong fixed value, an unknown licence or a wrong secret, an
//! unknown or expired token, an unknown scope each get the documented error the spec names for
//! that situation. Replies are the generated types the client decodes.
//!
//! # Any spec
//! The sandbox serves a spec through its [`Journey`]: what the spec
//! says of its journey ([`ApiInfo`]: the token endpoint, both steps,
//! every scope) and the types `generate_api!` made for it. [`Sandbox::start`] serves this
//! crate's own spec ([`Api`](crate::Api)); [`Sandbox::start_for`] serves any other, such as a
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
//! spec's `[journey]`, in [`ApiInfo`]) and the callback's query string all come from the spec.
//!
//! # Scopes
//! Every scope of the spec is served from the spec alone ([`ScopeInfo`](crate::endpoint::ScopeInfo),
//! listed in [`ApiInfo::scopes`]), so a new scope file needs
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
//!
//! The phone number, the partner's name and the redirect address are told apart by what the
//! spec says of each parameter, not by name (see the `roles` module).
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
//! for all, step 2 failures for the scopes that have a step 2. [`scenarios`] lists every
//! scenario number of this crate's spec, [`scenarios_of`] those of any spec.
//!
//! The consent page approves with the right code, answers the wrong-code error with a wrong one
//! and the declined error on Decline, then redirects to the redirect address (`redirect_uri`)
//! with the spec's callback (the token, and whether the customer approved) added to its query
//! string (before its fragment, if it has one), as DQE does. The SMS code is logged (target
//! `dqe_client::sandbox`) and, in test mode, shown on the page; `auto_approve` skips the page
//! for headless runs.
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
