//! The `paths` of the document: one operation per endpoint and method, its parameters or
//! form body, its replies, examples and the browser's return (callbacks).

use serde_json::{Map, Value, json};

use super::*;

impl Doc<'_> {
    pub(super) fn paths(&self) -> Value {
        let mut paths = Map::new();
        for e in &self.spec.endpoints {
            let item = paths
                .entry(e.path.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            for (i, &m) in e.methods.iter().enumerate() {
                let key = method_key(m);
                // Two endpoints on one path and method: the first is kept.
                if item.get(key).is_none() {
                    item[key] = self.operation(e, m, i == 0 && e.methods.len() > 1);
                }
            }
        }
        Value::Object(paths)
    }

    pub(super) fn operation(&self, e: &Endpoint, m: Method, preferred: bool) -> Value {
        let names = EndpointNames::new(e);
        let mut description = e.description.clone();
        if !e.idempotent {
            description.push_str(
                "\n\nNot idempotent: sending it twice has an effect, so it must not be sent \
                 again once it may have reached the server.",
            );
        }
        let mut media = json!({ "schema": schema_ref(&names.reply) });
        let examples = self.examples(e);
        if !examples.is_empty() {
            media["examples"] = Value::Object(examples);
        }
        let mut op = json!({
            "operationId": format!("{}_{}", e.key.value, method_key(m)),
            "summary": e.summary,
            "description": description,
            "responses": {
                "200": {
                    "description": self.reply_summary(e),
                    "content": { JSON: media },
                },
            },
        });
        if !e.idempotent {
            op["x-idempotent"] = json!(false);
        }
        if let Some(size) = &e.max_body {
            op["x-max-body-bytes"] = json!(size.value);
        }
        if preferred {
            op["x-preferred"] = json!(true);
        }
        match m {
            Method::Get => {
                if !e.params.is_empty() {
                    let params = e
                        .params
                        .iter()
                        .map(|p| self.query_param(Some(e), p))
                        .collect();
                    op["parameters"] = Value::Array(params);
                }
            }
            Method::Post => {
                let mut body = json!({ "schema": schema_ref(&names.request) });
                let encoding = self.form_encoding(&e.params);
                if !encoding.is_empty() {
                    body["encoding"] = Value::Object(encoding);
                }
                op["requestBody"] = json!({ "required": true, "content": { FORM: body } });
            }
        }
        if let Some(callbacks) = self.callbacks(e, m) {
            op["callbacks"] = callbacks;
        }
        op
    }

    /// What a reply without a status is, if anything: `` A reply without `status`... ``.
    pub(super) fn statusless(&self, e: &Endpoint) -> String {
        let key = &self.spec.replies.status_key;
        let mut out = String::new();
        for o in e.outcomes() {
            let status = &o.status.value;
            if o.default {
                out.push_str(&format!(" A reply without `{key}` is `{status}`."));
            } else if !o.without_status_keys.is_empty() {
                out.push_str(&format!(
                    " A reply without `{key}` that holds one of its `x-without-status-keys` is `{status}`."
                ));
            }
        }
        out
    }

    /// The encoding of a POST body's properties: lists comma-joined, objects as JSON text.
    pub(super) fn form_encoding(&self, params: &[Param]) -> Map<String, Value> {
        params
            .iter()
            .filter_map(|p| {
                let encoding = match &p.ty.value {
                    TypeRef::List(_) => json!({ "style": "form", "explode": false }),
                    TypeRef::Object(_) => json!({ "contentType": JSON }),
                    _ => return None,
                };
                Some((p.wire.value.clone(), encoding))
            })
            .collect()
    }

    /// What the 200 response says of the reply.
    pub(super) fn reply_summary(&self, e: &Endpoint) -> String {
        format!("The reply, {}.", self.outcomes_told_apart(e))
    }

    /// `` whose `status` names the outcome: `success`, `pending` or `error` ``.
    pub(super) fn outcomes_told_apart(&self, e: &Endpoint) -> String {
        let mut statuses: Vec<&str> = e.outcomes().map(|o| o.status.value.as_str()).collect();
        statuses.push(&self.spec.replies.error.status);
        format!(
            "whose `{}` names the outcome: {}",
            self.spec.replies.status_key,
            or_list(&statuses)
        )
    }

    /// The endpoint's example replies, by name.
    pub(super) fn examples(&self, e: &Endpoint) -> Map<String, Value> {
        let mut out = Map::new();
        for x in &e.examples {
            let value = serde_json::from_str::<Value>(&x.body)
                .unwrap_or_else(|_| Value::String(x.body.trim().to_owned()));
            let mut example = json!({ "summary": x.name, "value": value });
            if let Some(s) = self.spec.scope_of_file(x.scope) {
                example["x-scope"] = json!(s.name.value);
            }
            // Names are unique in the map: a second example of a name gets a number.
            let mut key = x.name.clone();
            let mut n = 1;
            while out.contains_key(&key) {
                n += 1;
                key = format!("{} ({n})", x.name);
            }
            out.insert(key, example);
        }
        out
    }

    /// The browser's return to the redirect parameter's address, on the endpoint that has one.
    pub(super) fn callbacks(&self, e: &Endpoint, m: Method) -> Option<Value> {
        let callback = self.spec.callback.as_ref()?;
        let redirect = e.params.iter().find(|p| {
            p.role
                .as_ref()
                .is_some_and(|r| r.value == ParamRole::Redirect)
        })?;
        let wire = &redirect.wire.value;
        let expression = match m {
            Method::Get => format!("{{$request.query.{wire}}}"),
            Method::Post => format!("{{$request.body#/{wire}}}"),
        };
        let params: Vec<Value> = callback
            .params
            .iter()
            .map(|p| self.query_param(None, p))
            .collect();
        let get = json!({
            "summary": format!("The browser comes back to `{wire}`."),
            "description": callback.description,
            "parameters": params,
            "responses": {
                "200": { "description": format!("The page at `{wire}`.") },
            },
        });
        Some(json!({ "redirect": { expression: { "get": get } } }))
    }
}
