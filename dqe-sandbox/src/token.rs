//! The token endpoint's answer: a new token, kept in the store, unless too many live.

use std::time::Instant;

use axum::response::Response;
use serde_json::Value;

use super::random;
use super::reply::{Replies, no_randomness};
use super::reply_data;
use super::request::{Request, SentValues};
use super::shared::Shared;
use dqe_client::endpoint::FieldKind;

/// A new token, unless [`SandboxConfig::max_entries`](super::SandboxConfig::max_entries) are
/// live. Its reply is made from the spec, but for the token, its lifetime (the configured one)
/// and every other secret key (sensitive text, such as a refresh token): a fresh random value.
pub(super) fn answer(shared: &Shared, replies: &Replies, _: &Request) -> Response {
    let Some(token) = random::id() else {
        return no_randomness();
    };
    let token = format!("sbx-{token}");
    let Some(success) = replies.outcome_info(false) else {
        return replies.undecodable();
    };
    let lifetime = shared.config.token_lifetime;
    let api = shared.api;
    let mut data = reply_data::outcome(success, &[], &SentValues::default());
    for field in success.fields {
        let value = if field.wire == api.token_key {
            Value::from(token.as_str())
        } else if Some(field.wire) == api.token_lifetime_key {
            Value::from(lifetime.as_secs().to_string())
        } else if field.sensitive
            && matches!(field.kind, FieldKind::Text)
            && data.contains_key(field.wire)
        {
            let Some(secret) = random::id() else {
                return no_randomness();
            };
            Value::from(secret)
        } else {
            continue;
        };
        data.insert(field.wire.to_owned(), value);
    }
    // Written before the token is kept, so that a reply that cannot be written keeps nothing.
    let reply = replies.outcome(success, data);
    if !reply.status().is_success() {
        return reply;
    }
    let now = Instant::now();
    // `Sandbox::start` refused lifetimes long enough to overflow; were one to, the token
    // would be born expired rather than the sandbox panic.
    let expires = now.checked_add(lifetime).unwrap_or(now);
    let issued = shared
        .store()
        .issue(token, expires, shared.config.max_entries, now);
    match issued {
        Ok(()) => reply,
        Err(next_expiry) => replies.full(&shared.config, next_expiry),
    }
}
