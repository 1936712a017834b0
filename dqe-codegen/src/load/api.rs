//! The API file: `[api]`, `[replies]`, `[credentials.*]`, `[callback]` and `[endpoints.*]`.

use super::items::{read_error, read_example, read_outcome, read_param, read_sandbox, read_types};
use super::{check_snake, check_snake_at, req_description};
use crate::model::*;
use crate::reader::Table;
use crate::size::parse_size;

/// Reads the API file's root table into `spec`.
pub(super) fn read_api(t: &Table<'_, '_>, spec: &mut Spec) {
    read_api_table(t, spec);
    read_replies(t, spec);
    read_credentials(t, spec);
    read_callback(t, spec);
    read_journey(t, spec);
    for (key, e) in t.named_tables("endpoints") {
        spec.endpoints.push(read_endpoint(key, &e));
    }
    read_types(t, spec);
}

/// `[api]`.
fn read_api_table(t: &Table<'_, '_>, spec: &mut Spec) {
    let Some(api) = t.table("api") else {
        t.error("missing table `[api]` (the API's `name` and `description`)");
        return;
    };
    spec.api.name = api.req_text("name", "the API's name, used in messages");
    spec.api.description = req_description(&api);
    spec.api.server_env = api.str("server_env").map(|s| s.value);
    spec.api.loc = api.loc();
    api.finish();
}

/// `[replies]` and `[replies.error]`.
fn read_replies(t: &Table<'_, '_>, spec: &mut Spec) {
    let Some(r) = t.table("replies") else {
        t.error("missing table `[replies]` (how a reply names its outcome)");
        return;
    };
    spec.replies.status_key = r.req_text("status_key", "the key that names a reply's outcome");
    spec.replies.loc = r.loc();
    if let Some(e) = r.table("error") {
        let id_key = e.req_str("id_key", "the key holding an error's id");
        let text_key = e.req_str("text_key", "the key holding an error's text");
        for (k, v) in [("id_key", &id_key), ("text_key", &text_key)] {
            if let Some(v) = v {
                check_snake(&e, k, v);
            }
        }
        spec.replies.error = ErrorShape {
            status: e.req_text("status", "the status value of an error reply"),
            id_key: id_key.map(|s| s.value).unwrap_or_default(),
            text_key: text_key.map(|s| s.value).unwrap_or_default(),
            description: req_description(&e),
        };
        e.finish();
    } else {
        r.error("missing table `[replies.error]` (the shape of error replies)");
    }
    r.finish();
}

/// `[credentials.NAME]`.
fn read_credentials(t: &Table<'_, '_>, spec: &mut Spec) {
    for (name, c) in t.named_tables("credentials") {
        check_snake_at(&c, &name);
        spec.credentials.push(Credential {
            description: req_description(&c),
            env: c.str("env").map(|s| s.value),
            name,
        });
        c.finish();
    }
}

/// `[callback]`.
fn read_callback(t: &Table<'_, '_>, spec: &mut Spec) {
    if let Some(cb) = t.table("callback") {
        let params = cb
            .array_of_tables("params")
            .into_iter()
            .map(|p| read_param(&p, None, false))
            .collect();
        spec.callback = Some(Callback {
            description: req_description(&cb),
            params,
            loc: cb.loc(),
        });
        cb.finish();
    }
}

/// `[journey]`.
fn read_journey(t: &Table<'_, '_>, spec: &mut Spec) {
    let Some(j) = t.table("journey") else {
        return;
    };
    spec.journey = Some(Journey {
        token: j.req_at("token", "the endpoint that issues tokens"),
        consent: j.req_at("consent", "step 1, the endpoint that asks for consent"),
        retrieve: j.req_at("retrieve", "step 2, the endpoint that gives the data"),
        consent_url: j.req_at(
            "consent_url",
            "the field of step 1's success holding the consent URL",
        ),
        operator: j.str("operator"),
        callback_token: j.req_at(
            "callback_token",
            "the callback key holding the flow's token",
        ),
        callback_status: j.req_at(
            "callback_status",
            "the callback key saying how consent ended",
        ),
        approved: j.req_at("approved", "the callback status of an approved consent"),
        declined: j.req_at("declined", "the callback status of a declined consent"),
        loc: j.loc(),
    });
    j.finish();
}

/// `[endpoints.NAME]`.
fn read_endpoint(key: At<String>, e: &Table<'_, '_>) -> Endpoint {
    check_snake_at(e, &key);
    let methods = read_methods(e);
    let path = e
        .req_str(
            "path",
            "every endpoint needs its path, e.g. `path = \"/v1/lookup/\"`",
        )
        .map(|p| {
            if !p.value.starts_with('/') {
                e.error_at("path", p.loc.span.clone(), "a path starts with `/`");
            }
            p.value
        })
        .unwrap_or_default();
    let endpoint = Endpoint {
        summary: e.req_text("summary", "one line saying what the endpoint does"),
        description: req_description(e),
        path,
        methods,
        idempotent: e.bool("idempotent", true),
        max_body: read_max_body(e),
        params: e
            .array_of_tables("params")
            .into_iter()
            .map(|p| read_param(&p, None, true))
            .collect(),
        success: e.table("success").map(|o| read_outcome(&o)),
        pending: e.table("pending").map(|o| read_outcome(&o)),
        errors: e
            .array_of_tables("errors")
            .into_iter()
            .map(|x| read_error(&x))
            .collect(),
        examples: e
            .array_of_tables("examples")
            .into_iter()
            .map(|x| read_example(&x, None))
            .collect(),
        sandbox: e
            .table("sandbox")
            .map(|t| read_sandbox(&t))
            .unwrap_or_default(),
        loc: e.loc(),
        key,
    };
    if endpoint.success.is_none() {
        e.error("missing table `success`: what the endpoint answers when it succeeds");
    }
    e.finish();
    endpoint
}

/// An endpoint's `max_body`: a size in bytes ([`parse_size`]).
fn read_max_body(e: &Table<'_, '_>) -> Option<At<u64>> {
    let text = e.str_or_int("max_body")?;
    match parse_size(&text.value) {
        Ok(size) => Some(At::new(size, text.loc)),
        Err(message) => {
            e.error_at("max_body", text.loc.span, message);
            None
        }
    }
}

/// An endpoint's `methods`.
fn read_methods(e: &Table<'_, '_>) -> Vec<Method> {
    let Some(list) = e.str_array("methods") else {
        e.error("missing key `methods`: the HTTP methods it accepts, e.g. [\"POST\", \"GET\"]");
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in list {
        match m.value.as_str() {
            "GET" => out.push(Method::Get),
            "POST" => out.push(Method::Post),
            other => e.error_at(
                "methods",
                m.loc.span.clone(),
                format!("unknown method `{other}`; expected `GET` or `POST`"),
            ),
        }
    }
    if out.is_empty() {
        e.error("`methods` is empty; list at least one of `GET`, `POST`");
    }
    out
}
