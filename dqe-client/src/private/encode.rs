//! Encoding one request parameter: the one implementation that the generated `encode` and
//! `DynamicRequest` both call, so that a request built either way is sent alike.

use std::borrow::Cow;

use secrecy::ExposeSecret;

use crate::dynamic::CredentialSet;
use crate::endpoint::{EncodeContext, Form, ParamInfo, ParamSource};

/// Appends the parameter `p`, when a request asking for the scopes `asked` (wire values) takes
/// it ([`ParamInfo::is_taken_by`]), where the spec says its value comes from: `value`, the
/// caller's (else the spec's default, else nothing); the credential it names; the token of
/// `ctx` (if any); or its fixed value.
#[inline]
pub fn encode_param<'a, C: CredentialSet>(
    p: &ParamInfo,
    value: Option<Cow<'_, str>>,
    asked: impl IntoIterator<Item = &'a str>,
    ctx: &EncodeContext<'_, C>,
    form: &mut Form,
) {
    if !p.is_taken_by(asked) {
        return;
    }
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
