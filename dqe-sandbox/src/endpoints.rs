//! The three API endpoints the sandbox serves (the token endpoint, step 1 and step 2), each at
//! its spec path over any method: the [checks](super::checks) first, then what the endpoint
//! answers ([`super::token`], [`super::step1`], [`super::step2`]), or the refusal, written by
//! [`reply`](super::reply). The sandbox works from what the spec says of each endpoint; only
//! writing a reply goes through the spec's generated types.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::Method as HttpMethod;
use axum::response::Response;
use axum::routing::{MethodRouter, any};

use super::checks::Checks;
use super::reply::Replies;
use super::request::Request;
use super::shared::Shared;
use super::{step1, step2, token};
use dqe_client::endpoint::Endpoint;
use dqe_client::journey::Journey;

/// What an endpoint answers a request that passed the checks, its replies written by
/// [`Replies`].
type Answer = fn(&Shared, &Replies, &Request) -> Response;

/// The reply type of an API's token endpoint.
type TokenReply<A> = <<A as Journey>::Token as Endpoint>::Reply;

/// The reply type of an API's step 2.
type RetrieveReply<A> = <<A as Journey>::Retrieve as Endpoint>::Reply;

/// One API endpoint the sandbox serves: how its replies are written (what the spec says of it
/// included) and what it answers.
#[derive(Clone, Copy)]
pub(super) struct ServedEndpoint {
    /// How its replies are written.
    replies: Replies,
    /// What it answers a request that passed the checks.
    answer: Answer,
}

impl ServedEndpoint {
    /// Its path, as the spec gives it.
    pub(super) fn path(&self) -> &'static str {
        self.replies.info.path
    }

    /// Its route, over any method: the checks first, then the endpoint answers.
    pub(super) fn route(self) -> MethodRouter<Arc<Shared>> {
        any(
            move |State(shared): State<Arc<Shared>>,
                  method: HttpMethod,
                  RawQuery(query): RawQuery,
                  body: Result<Bytes, BytesRejection>| async move {
                let is_live = |token: &str| shared.store().fresh(token, Instant::now());
                let checks = Checks {
                    api: shared.api,
                    accounts: &shared.config.accounts,
                    is_live: &is_live,
                };
                let body = body.as_deref().map_err(BytesRejection::status);
                match checks.accept(self.replies.info, method.as_str(), query.as_deref(), body) {
                    Ok(request) => (self.answer)(&shared, &self.replies, &request),
                    Err(refusal) => self.replies.refusal(refusal),
                }
            },
        )
    }
}

/// The API endpoints of the spec `A` names, as the sandbox serves them: the token endpoint,
/// step 1 and step 2.
pub(super) fn served<A: Journey>() -> [ServedEndpoint; 3] {
    let api = A::INFO;
    [
        ServedEndpoint {
            replies: Replies::of::<TokenReply<A>>(api, api.token),
            answer: token::answer,
        },
        ServedEndpoint {
            replies: Replies::of::<A::ConsentReply>(api, api.consent),
            answer: step1::answer,
        },
        ServedEndpoint {
            replies: Replies::of::<RetrieveReply<A>>(api, api.retrieve),
            answer: step2::answer,
        },
    ]
}
