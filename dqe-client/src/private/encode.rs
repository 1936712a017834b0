//! Encoding one request parameter: the one implementation that the generated `encode` and
//! `DynamicRequest` both call, so that a request built either way is sent alike.

use std::borrow::Cow;

use secrecy::ExposeSecret;

use crate::dynamic::CredentialSet;
use crate::endpoint::{EncodeContext, Form, ParamInfo, ParamSource};

/// Appends the parameter `p` where the spec says its value comes from: `value`, the caller's
/// (else the spec's default, else nothing); the credential it names; the token of `ctx` (if
/// any); or its fixed value. Whether the request takes `p` at all (the scopes asked for) is the
/// caller's to decide.
#[inline]
pub fn encode_param<C: CredentialSet>(
    p: &ParamInfo,
    value: Option<Cow<'_, str>>,
    ctx: &EncodeContext<'_, C>,
    form: &mut Form,
) {
    match p.source {
        ParamSource::Caller => match (value, p.default) {
            (Some(v), _) => form.pair(p.wire, &v),
            (None, Some(default)) => form.pair(p.wire, default),
            (None, None) => {}
        },
        ParamSource::Credential(name) => {
            if let Some(secret) = ctx.credentials.credential(name) {
                form.pair(p.wire, secret.expose_secret());
            }
        }
        ParamSource::Token => {
            if let Some(token) = ctx.token {
                form.pair(p.wire, token);
            }
        }
        ParamSource::Fixed(v) => form.pair(p.wire, v),
    }
}
