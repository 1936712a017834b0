//! The OpenAPI 3.1 document of a spec ([`openapi`]), for the tools and teams that do not use the
//! generated Rust: every endpoint with each method it accepts (GET with query parameters, POST
//! with an `application/x-www-form-urlencoded` body), every parameter by its wire name, the
//! replies as a union told apart by the spec's status key, the error tables, the scopes, and
//! what is sensitive.
//!
//! What OpenAPI has no word for is said with `x-` extensions, each explained where it is
//! written: `x-sensitive`, `x-credential`, `x-token`, `x-role`, `x-scope`,
//! `x-required-by-scopes`, `x-scopes-without`, `x-errors`, `x-one-step`, `x-spec-type`...
//! Like the rest of the crate it knows the spec format, not any particular API: every name and
//! text comes from the spec.
//!
//! The document is deterministic: object keys are sorted, and lists keep the spec's order
//! (parameters in wire order, scopes and types in the order the files were read).

use serde_json::{Map, Value, json};

use crate::generated_names::{EndpointNames, SCOPE_TYPE};
use crate::model::*;
use crate::names::backticked;

/// The OpenAPI version of the documents [`openapi`] writes.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// `info.version`: a spec carries no version of its own.
const DOCUMENT_VERSION: &str = "unversioned";

/// The media type of replies.
const JSON: &str = "application/json";
/// The media type of POST bodies.
const FORM: &str = "application/x-www-form-urlencoded";

/// A string of digits, or empty (read as no value).
const DIGITS: &str = "^[0-9]*$";
/// `true` or `false` in any case, or empty (read as no value).
const BOOL_TEXT: &str = "^(|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$";
/// A number from 0 to 1 written as text, or empty ("not compared").
const SCORE_TEXT: &str = r"^(|[01]|[01]\.0*|0?\.[0-9]+)$";

/// The OpenAPI 3.1 document of a checked spec (what [`crate::load_spec`] returns).
///
/// - `info`: the API's name and description (`x-server-env`: the variable holding the
///   server's address); `info.version` is `"unversioned"`, as a spec has no version.
/// - `paths`: one operation per endpoint and method (`operationId` `<endpoint>_get`,
///   `<endpoint>_post`; `x-preferred` on the method the spec prefers). GET takes the
///   parameters `in: query`; POST takes them as an `application/x-www-form-urlencoded` body
///   whose schema is `components.schemas.<Endpoint>Request`. A list is sent comma-joined
///   (`style: form`, `explode: false`); an object as JSON text (`contentMediaType`, with its
///   schema in `contentSchema`). A parameter is `required` when every request must carry it:
///   one that only some scopes need is not, and says which (`x-required-by-scopes`); the
///   scopes that do not take one are its `x-scopes-without`. Credentials and the token are
///   supplied by the client, never by the caller (`x-credential`, `x-token`, `format:
///   password`); anything secret or personal is `x-sensitive`.
/// - Replies: `<Endpoint>Reply` is a `oneOf` of `<Endpoint>Success`, `<Endpoint>Pending` and
///   `<Endpoint>Error` with a `discriminator` on the spec's status key; a success that may come
///   without a status says when (`x-default-outcome`, `x-without-status-keys`, and an `anyOf`
///   of the keys that make it one). An error's id is an enum of the documented ids (open: an
///   undocumented id is still an error), and `x-errors` lists each with its text, description
///   and whether it is retryable.
/// - `components.schemas.Scope`: the scopes, each with its description and `x-one-step`,
///   `x-default`, `x-requires`, `x-without` (wire names); the spec's enums and objects under
///   their names.
///
/// Key order is sorted, so two runs on one spec give the same text.
pub fn openapi(spec: &Spec) -> Value {
    canonical(Doc { spec }.document())
}

/// The spec being written out.
struct Doc<'a> {
    spec: &'a Spec,
}

impl Doc<'_> {
    fn document(&self) -> Value {
        let api = &self.spec.api;
        let mut info = json!({
            "title": api.name,
            "description": api.description,
            "version": DOCUMENT_VERSION,
        });
        if let Some(env) = &api.server_env {
            info["x-server-env"] = json!(env);
        }
        let mut doc = json!({
            "openapi": OPENAPI_VERSION,
            "info": info,
            "paths": self.paths(),
            "components": { "schemas": self.schemas() },
        });
        if !self.spec.credentials.is_empty() {
            doc["x-credentials"] = self.credentials();
        }
        doc
    }

    /// `x-credentials`: what the client supplies from its configuration, and where.
    fn credentials(&self) -> Value {
        let mut out = Map::new();
        for c in &self.spec.credentials {
            let sent_as: Vec<Value> = self
                .spec
                .endpoints
                .iter()
                .flat_map(|e| e.params.iter().map(move |p| (e, p)))
                .filter(
                    |(_, p)| matches!(&p.source, Source::Credential(n) if n.value == c.name.value),
                )
                .map(|(e, p)| json!({ "endpoint": e.key.value, "parameter": p.wire.value }))
                .collect();
            let mut v = json!({
                "description": c.description,
                "x-sensitive": true,
                "parameters": sent_as,
            });
            if let Some(env) = &c.env {
                v["env"] = json!(env);
            }
            out.insert(c.name.value.clone(), v);
        }
        Value::Object(out)
    }

    fn paths(&self) -> Value {
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

    fn operation(&self, e: &Endpoint, m: Method, preferred: bool) -> Value {
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
    fn statusless(&self, e: &Endpoint) -> String {
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
    fn form_encoding(&self, params: &[Param]) -> Map<String, Value> {
        params
            .iter()
            .filter_map(|p| {
                let encoding = match &p.ty.value {
                    TypeRef::List(_) => json!({ "style": "form", "explode": false }),
                    TypeRef::Named(n) if self.spec.object(n).is_some() => {
                        json!({ "contentType": JSON })
                    }
                    _ => return None,
                };
                Some((p.wire.value.clone(), encoding))
            })
            .collect()
    }

    /// What the 200 response says of the reply.
    fn reply_summary(&self, e: &Endpoint) -> String {
        format!("The reply, {}.", self.outcomes_told_apart(e))
    }

    /// `` whose `status` names the outcome: `success`, `pending` or `error` ``.
    fn outcomes_told_apart(&self, e: &Endpoint) -> String {
        let mut statuses: Vec<&str> = e.outcomes().map(|o| o.status.value.as_str()).collect();
        statuses.push(&self.spec.replies.error.status);
        format!(
            "whose `{}` names the outcome: {}",
            self.spec.replies.status_key,
            or_list(&statuses)
        )
    }

    /// The endpoint's example replies, by name.
    fn examples(&self, e: &Endpoint) -> Map<String, Value> {
        let mut out = Map::new();
        for x in &e.examples {
            let value = serde_json::from_str::<Value>(&x.body)
                .unwrap_or_else(|_| Value::String(x.body.trim().to_owned()));
            let mut example = json!({ "summary": x.name, "value": value });
            if let Some(s) = self.scope_of(x.scope) {
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
    fn callbacks(&self, e: &Endpoint, m: Method) -> Option<Value> {
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

    /// A parameter of a GET operation of `e`, or of the callback (`e` is `None`).
    fn query_param(&self, e: Option<&Endpoint>, p: &Param) -> Value {
        let mut q = json!({
            "name": p.wire.value,
            "in": "query",
            "required": param_required(p),
            "description": self.param_description(e, p),
            "schema": self.param_schema(e, p, false),
        });
        if matches!(p.ty.value, TypeRef::List(_)) {
            q["style"] = json!("form");
            q["explode"] = json!(false);
        }
        q
    }

    /// The parameter's description, with what the spec says beside it: where its value comes
    /// from, which scopes need it or do without it.
    fn param_description(&self, e: Option<&Endpoint>, p: &Param) -> String {
        let mut out = p.description.clone();
        let mut add = |s: String| {
            out.push_str("\n\n");
            out.push_str(&s);
        };
        match &p.source {
            Source::Caller => {}
            Source::Fixed(v) => add(format!("Always `{v}`.")),
            Source::Credential(c) => {
                let env = self
                    .spec
                    .credentials
                    .iter()
                    .find(|x| x.name.value == c.value)
                    .and_then(|x| x.env.as_deref())
                    .map(|env| format!(" (environment variable `{env}`)"))
                    .unwrap_or_default();
                add(format!(
                    "Supplied by the client from its configuration, never per call: the credential `{}`{env}. Secret.",
                    c.value
                ));
            }
            Source::Token => add(format!(
                "Supplied by the client: {}. Secret.",
                self.token_origin()
            )),
        }
        if let Some(d) = &p.default {
            add(format!("Sent as `{}` when the caller sets none.", d.value));
        }
        let required_by = self.required_by(e, p);
        if !required_by.is_empty() {
            add(format!(
                "Required when the scopes asked for include {}.",
                or_list(&required_by)
            ));
        } else if let Some(s) = self.scope_of(p.scope) {
            add(format!("Taken with the scope `{}`.", s.name.value));
        }
        match self.scopes_without(e, p).as_slice() {
            [] => {}
            [one] => add(format!(
                "Not taken by the scope `{one}`: not sent when it is the only one asked for."
            )),
            many => add(format!(
                "Not taken by the scopes {}: not sent when only these are asked for.",
                backticked(many.iter().copied(), ", ")
            )),
        }
        out
    }

    /// Where the token comes from: the field with the `token` role.
    fn token_origin(&self) -> String {
        for e in &self.spec.endpoints {
            for o in e.outcomes() {
                if let Some(f) = o
                    .fields
                    .iter()
                    .find(|f| f.role.as_ref().is_some_and(|r| r.value == Role::Token))
                {
                    return format!(
                        "the `{}` of a reply of `{}` (`{}`)",
                        f.wire.value, e.path, e.key.value
                    );
                }
            }
        }
        "the token in use".to_owned()
    }

    /// The scopes (wire) that make `p` mandatory: those that list it in `requires` (on the
    /// endpoint scopes are chosen on), and the one that added it as `required`.
    fn required_by(&self, e: Option<&Endpoint>, p: &Param) -> Vec<&str> {
        let chooser = e.is_some_and(chooses_scopes);
        self.spec
            .scopes
            .iter()
            .filter(|s| {
                (chooser && s.requires.iter().any(|r| r.value == p.name.value))
                    || (p.required && p.scope == Some(s.file))
            })
            .map(|s| s.name.value.as_str())
            .collect()
    }

    /// The scopes (wire) that do not take `p` (`without`, on the endpoint scopes are chosen on).
    fn scopes_without(&self, e: Option<&Endpoint>, p: &Param) -> Vec<&str> {
        if !e.is_some_and(chooses_scopes) {
            return Vec::new();
        }
        self.spec
            .scopes
            .iter()
            .filter(|s| s.without.iter().any(|w| w.value == p.name.value))
            .map(|s| s.name.value.as_str())
            .collect()
    }

    fn scope_of(&self, file: Option<usize>) -> Option<&Scope> {
        file.and_then(|f| self.spec.scopes.iter().find(|s| s.file == f))
    }

    /// The schema of a parameter's value, with its annotations; `described`: with its
    /// description too (a property of a POST body; a GET parameter carries it itself).
    fn param_schema(&self, e: Option<&Endpoint>, p: &Param, described: bool) -> Value {
        let mut s = match &p.source {
            Source::Fixed(v) => json!({ "type": "string", "const": v, "default": v }),
            _ => self.request_type(&p.ty.value),
        };
        let secret = matches!(p.source, Source::Credential(_) | Source::Token);
        if described {
            s["description"] = json!(self.param_description(e, p));
        }
        if secret || p.sensitive {
            s["x-sensitive"] = json!(true);
        }
        if secret && s.get("type") == Some(&json!("string")) {
            s["format"] = json!("password");
        }
        match &p.source {
            Source::Credential(c) => s["x-credential"] = json!(c.value),
            Source::Token => s["x-token"] = json!(true),
            Source::Caller | Source::Fixed(_) => {}
        }
        if let Some(d) = &p.default {
            s["default"] = typed_value(&p.ty.value, &d.value);
        }
        if let Some(r) = &p.role {
            s["x-role"] = json!(param_role(r.value));
        }
        if let Some(scope) = self.scope_of(p.scope) {
            s["x-scope"] = json!(scope.name.value);
        }
        let required_by = self.required_by(e, p);
        if !required_by.is_empty() {
            s["x-required-by-scopes"] = json!(required_by);
        }
        let without = self.scopes_without(e, p);
        if !without.is_empty() {
            s["x-scopes-without"] = json!(without);
        }
        s
    }

    /// The schema of a value sent as a parameter.
    fn request_type(&self, ty: &TypeRef) -> Value {
        let mut s = match ty {
            TypeRef::String => json!({ "type": "string" }),
            TypeRef::Date => json!({ "type": "string", "format": "date" }),
            TypeRef::Timestamp => json!({ "type": ["integer", "string"] }),
            TypeRef::Seconds | TypeRef::Integer => json!({ "type": "integer", "minimum": 0 }),
            TypeRef::Bool => json!({ "type": "boolean" }),
            TypeRef::Score => json!({ "type": "number", "minimum": 0, "maximum": 1 }),
            TypeRef::Scope => schema_ref(SCOPE_TYPE),
            TypeRef::List(item) => json!({ "type": "array", "items": self.request_type(item) }),
            TypeRef::Named(n) if self.spec.object(n).is_some() => json!({
                "type": "string",
                "contentMediaType": JSON,
                "contentSchema": schema_ref(n),
            }),
            TypeRef::Named(n) => schema_ref(n),
        };
        annotate_type(&mut s, ty);
        s
    }

    /// The schema of a value in a reply: as lenient as the generated client's reading.
    fn reply_type(&self, ty: &TypeRef) -> Value {
        let mut s = match ty {
            TypeRef::String | TypeRef::Date => json!({ "type": "string" }),
            TypeRef::Timestamp => json!({ "type": ["number", "string"] }),
            TypeRef::Seconds | TypeRef::Integer => json!({
                "type": ["integer", "string"],
                "minimum": 0,
                "pattern": DIGITS,
            }),
            TypeRef::Bool => json!({ "type": ["boolean", "string"], "pattern": BOOL_TEXT }),
            TypeRef::Score => json!({
                "type": ["number", "string"],
                "minimum": 0,
                "maximum": 1,
                "pattern": SCORE_TEXT,
            }),
            TypeRef::Scope => schema_ref(SCOPE_TYPE),
            TypeRef::List(item) => json!({
                "type": "string",
                "x-comma-separated": self.reply_type(item),
            }),
            TypeRef::Named(n) => schema_ref(n),
        };
        annotate_type(&mut s, ty);
        s
    }

    /// A key of a reply or an object.
    fn field_schema(&self, f: &Field) -> Value {
        let mut s = self.reply_type(&f.ty.value);
        s["description"] = json!(f.description);
        if f.sensitive {
            s["x-sensitive"] = json!(true);
        }
        match f.role.as_ref().map(|r| r.value) {
            Some(Role::Token) => {
                s["x-role"] = json!("token");
                if s.get("type") == Some(&json!("string")) {
                    s["format"] = json!("password");
                }
            }
            Some(Role::TokenLifetime) => s["x-role"] = json!("token_lifetime"),
            None => {}
        }
        if let Some(scope) = self.scope_of(f.scope) {
            s["x-scope"] = json!(scope.name.value);
        }
        s
    }

    fn schemas(&self) -> Value {
        let mut out = Map::new();
        if !self.spec.scopes.is_empty() {
            out.insert(SCOPE_TYPE.to_owned(), self.scope_schema());
        }
        for en in &self.spec.enums {
            out.insert(en.name.value.clone(), enum_schema(en));
        }
        for o in &self.spec.objects {
            let properties: Map<String, Value> = o
                .fields
                .iter()
                .map(|f| (f.wire.value.clone(), self.field_schema(f)))
                .collect();
            let mut s = json!({
                "type": "object",
                "description": o.description,
                "properties": properties,
            });
            if !o.fields.is_empty() && o.fields.iter().all(|f| f.sensitive) {
                s["x-sensitive"] = json!(true);
            }
            out.insert(o.name.value.clone(), s);
        }
        for e in &self.spec.endpoints {
            let names = EndpointNames::new(e);
            out.insert(names.request.clone(), self.request_schema(e));
            let mut mapping = Map::new();
            let mut variants = Vec::new();
            let mut default = None;
            for (o, name) in e
                .success
                .iter()
                .map(|o| (o, &names.success))
                .chain(e.pending.iter().map(|o| (o, &names.pending)))
            {
                out.insert(name.clone(), self.outcome_schema(e, o));
                mapping.insert(o.status.value.clone(), json!(ref_path(name)));
                variants.push(schema_ref(name));
                if o.default {
                    default = Some(ref_path(name));
                }
            }
            out.insert(names.error.clone(), self.error_schema(e));
            mapping.insert(
                self.spec.replies.error.status.clone(),
                json!(ref_path(&names.error)),
            );
            variants.push(schema_ref(&names.error));
            let mut discriminator = json!({
                "propertyName": self.spec.replies.status_key,
                "mapping": mapping,
            });
            if let Some(d) = default {
                discriminator["x-default-mapping"] = json!(d);
            }
            out.insert(
                names.reply.clone(),
                json!({
                    "description": format!(
                        "A reply of `{}` (`{}`), {}.{}",
                        e.key.value,
                        e.path,
                        self.outcomes_told_apart(e),
                        self.statusless(e)
                    ),
                    "oneOf": variants,
                    "discriminator": discriminator,
                }),
            );
        }
        Value::Object(out)
    }

    /// `Scope`: the scope files, each value with what its file says.
    fn scope_schema(&self) -> Value {
        let chooser = self.spec.endpoints.iter().find(|e| chooses_scopes(e));
        // `requires` and `without` name parameters by their Rust name: given by wire name.
        let wire = |n: &At<String>| {
            chooser
                .and_then(|e| e.params.iter().find(|p| p.name.value == n.value))
                .map_or_else(|| n.value.clone(), |p| p.wire.value.clone())
        };
        let values: Vec<&str> = self
            .spec
            .scopes
            .iter()
            .map(|s| s.name.value.as_str())
            .collect();
        let one_of: Vec<Value> = self
            .spec
            .scopes
            .iter()
            .map(|s| {
                json!({
                    "const": s.name.value,
                    "description": s.description,
                    "x-variant": s.variant,
                    "x-one-step": s.one_step,
                    "x-default": s.default,
                    "x-requires": s.requires.iter().map(wire).collect::<Vec<_>>(),
                    "x-without": s.without.iter().map(wire).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "type": "string",
            "description": "A scope: one per scope file of the spec. `x-one-step`: its result is \
                the reply to the request that asks for it, with no later step; `x-default`: asked \
                for when the caller names none; `x-requires`: the optional parameters it makes \
                mandatory; `x-without`: the parameters it does not take.",
            "enum": values,
            "oneOf": one_of,
            "x-enum-descriptions": self.spec.scopes.iter().map(|s| s.description.as_str()).collect::<Vec<_>>(),
        })
    }

    /// `<Endpoint>Request`: the POST body, and the GET query's parameters together.
    fn request_schema(&self, e: &Endpoint) -> Value {
        let properties: Map<String, Value> = e
            .params
            .iter()
            .map(|p| (p.wire.value.clone(), self.param_schema(Some(e), p, true)))
            .collect();
        let required: Vec<&str> = e
            .params
            .iter()
            .filter(|p| param_required(p))
            .map(|p| p.wire.value.as_str())
            .collect();
        let mut s = json!({
            "type": "object",
            "description": format!(
                "The parameters of `{}` (`{}`), as a form body (POST) or a query string (GET): {}",
                e.key.value, e.path, e.summary
            ),
            "properties": properties,
        });
        if !required.is_empty() {
            s["required"] = json!(required);
        }
        s
    }

    /// `<Endpoint>Success`, `<Endpoint>Pending`: the status, then the outcome's keys.
    fn outcome_schema(&self, e: &Endpoint, o: &OutcomeSpec) -> Value {
        let status_key = &self.spec.replies.status_key;
        let mut description = o.description.clone();
        let mut properties = Map::new();
        properties.insert(
            status_key.clone(),
            json!({ "type": "string", "const": o.status.value }),
        );
        for f in &o.fields {
            properties.insert(f.wire.value.clone(), self.field_schema(f));
        }
        let mut s = json!({ "type": "object" });
        if o.default {
            description.push_str(&format!(
                "\n\nA reply without `{status_key}` is this outcome."
            ));
            s["x-default-outcome"] = json!(true);
        } else if o.without_status_keys.is_empty() {
            s["required"] = json!([status_key]);
        } else {
            let keys = &o.without_status_keys;
            let scopes: Vec<&str> = o
                .fields
                .iter()
                .filter(|f| keys.contains(&f.wire.value))
                .filter_map(|f| self.scope_of(f.scope))
                .map(|s| s.name.value.as_str())
                .fold(Vec::new(), |mut v, s| {
                    if !v.contains(&s) {
                        v.push(s);
                    }
                    v
                });
            let whose = if scopes.is_empty() {
                String::new()
            } else {
                format!(
                    " (the result of the scope {}, answered as the body itself)",
                    or_list(&scopes)
                )
            };
            description.push_str(&format!(
                "\n\nA reply without `{status_key}` that holds one of {}{whose} is this outcome too.",
                backticked(keys.iter().map(String::as_str), ", ")
            ));
            let any_of: Vec<Value> = std::iter::once(status_key)
                .chain(keys)
                .map(|k| json!({ "required": [k] }))
                .collect();
            s["anyOf"] = json!(any_of);
            s["x-without-status-keys"] = json!(keys);
        }
        s["description"] = json!(format!(
            "{description}\n\nOutcome `{}` of `{}`.",
            o.status.value, e.key.value
        ));
        s["properties"] = Value::Object(properties);
        s
    }

    /// `<Endpoint>Error`: the error shape, with the endpoint's error table.
    fn error_schema(&self, e: &Endpoint) -> Value {
        let shape = &self.spec.replies.error;
        let ids: Vec<&str> = e.errors.iter().map(|x| x.id.value.as_str()).collect();
        let texts: Vec<String> = e
            .errors
            .iter()
            .map(|x| format!("{}: {}", x.text.value, x.description))
            .collect();
        let mut id = json!({
            "type": "string",
            "description": "The error id: one the spec documents (see `x-errors`), or another, \
                still an error. Ids compare by number: `1` is `01`.",
        });
        if !ids.is_empty() {
            id["anyOf"] = json!([
                { "enum": ids, "x-enum-descriptions": texts },
                { "description": "An id the spec does not document." },
            ]);
        }
        let errors: Vec<Value> = e
            .errors
            .iter()
            .map(|x| {
                let mut v = json!({
                    "id": x.id.value,
                    "text": x.text.value,
                    "description": x.description,
                    "retryable": x.retryable,
                    "x-variant": x.variant.value,
                });
                if let Some(example) = &x.example {
                    v["example"] = json!(example.value);
                }
                v
            })
            .collect();
        let mut properties = Map::new();
        properties.insert(
            self.spec.replies.status_key.clone(),
            json!({ "type": "string", "const": shape.status }),
        );
        properties.insert(shape.id_key.clone(), id);
        properties.insert(
            shape.text_key.clone(),
            json!({
                "type": "string",
                "description": "The error text: the documented text of its id (`x-errors`), whose \
                    `{name}` parts vary; the same id may come with another wording.",
            }),
        );
        json!({
            "type": "object",
            "description": format!("{}\n\nAn error of `{}`.", shape.description, e.key.value),
            "properties": properties,
            "required": [self.spec.replies.status_key, shape.id_key],
            "x-errors": errors,
        })
    }
}

/// The schema of an enum: a closed enum's values, or an open one's known values and any other.
fn enum_schema(en: &EnumDef) -> Value {
    let values: Vec<&str> = en.values.iter().map(|v| v.wire.value.as_str()).collect();
    let descriptions: Vec<&str> = en.values.iter().map(|v| v.description.as_str()).collect();
    let variants: Vec<&str> = en.values.iter().map(|v| v.variant.value.as_str()).collect();
    let mut s = json!({
        "type": "string",
        "description": en.description,
        "x-enum-descriptions": descriptions,
        "x-enum-varnames": variants,
    });
    if en.open {
        s["anyOf"] = json!([
            { "enum": values },
            { "description": "A value the spec does not list (the enum is open: it is kept)." },
        ]);
        s["x-open"] = json!(true);
    } else {
        s["enum"] = json!(values);
    }
    s
}

/// Whether scopes are chosen on this endpoint (it has the `by_scope` parameter).
fn chooses_scopes(e: &Endpoint) -> bool {
    e.params.iter().any(|p| p.by_scope)
}

/// Whether every request carries the parameter: the client's own values always; the caller's
/// when mandatory whatever the scopes.
fn param_required(p: &Param) -> bool {
    match p.source {
        Source::Caller => p.required && p.scope.is_none() && p.default.is_none(),
        Source::Credential(_) | Source::Token | Source::Fixed(_) => true,
    }
}

/// `x-spec-type`: the spec's own type, where the JSON Schema type says less.
fn annotate_type(s: &mut Value, ty: &TypeRef) {
    if !matches!(ty, TypeRef::String | TypeRef::Named(_)) {
        s["x-spec-type"] = json!(type_name(ty));
    }
}

/// A type as the spec writes it.
fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".to_owned(),
        TypeRef::Date => "date".to_owned(),
        TypeRef::Timestamp => "timestamp".to_owned(),
        TypeRef::Seconds => "seconds".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Score => "score".to_owned(),
        TypeRef::Integer => "integer".to_owned(),
        TypeRef::Scope => "scope".to_owned(),
        TypeRef::List(item) => format!("list<{}>", type_name(item)),
        TypeRef::Named(n) => n.clone(),
    }
}

/// A wire value as the JSON value of its type (a default).
fn typed_value(ty: &TypeRef, wire: &str) -> Value {
    match ty {
        TypeRef::Integer | TypeRef::Seconds => wire
            .parse::<u64>()
            .map_or_else(|_| json!(wire), |n| json!(n)),
        TypeRef::Bool => match wire.to_ascii_lowercase().as_str() {
            "true" => json!(true),
            "false" => json!(false),
            _ => json!(wire),
        },
        TypeRef::List(item) => Value::Array(
            wire.split(',')
                .filter(|s| !s.is_empty())
                .map(|s| typed_value(item, s.trim()))
                .collect(),
        ),
        _ => json!(wire),
    }
}

fn param_role(r: ParamRole) -> &'static str {
    ParamRole::ALL
        .iter()
        .find(|(_, role)| *role == r)
        .map_or("", |(name, _)| name)
}

fn method_key(m: Method) -> &'static str {
    match m {
        Method::Get => "get",
        Method::Post => "post",
    }
}

fn ref_path(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": ref_path(name) })
}

/// `` `a` ``, `` `a` or `b` ``, `` `a`, `b` or `c` ``.
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => format!("{} or `{last}`", backticked(init.iter().copied(), ", ")),
    }
}

/// The value with every object's keys sorted, whatever map `serde_json` was built with.
fn canonical(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.into_iter().map(|(k, v)| (k, canonical(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(or_list(&[]), "");
        assert_eq!(or_list(&["a"]), "`a`");
        assert_eq!(or_list(&["a", "b", "c"]), "`a`, `b` or `c`");
    }

    #[test]
    fn defaults_take_their_type() {
        assert_eq!(typed_value(&TypeRef::Integer, "24"), json!(24));
        assert_eq!(typed_value(&TypeRef::Bool, "TRUE"), json!(true));
        assert_eq!(
            typed_value(&TypeRef::List(Box::new(TypeRef::String)), "a,b"),
            json!(["a", "b"])
        );
        assert_eq!(typed_value(&TypeRef::Named("Mode".into()), "2"), json!("2"));
    }

    #[test]
    fn keys_are_sorted() {
        let v = canonical(json!({ "b": { "d": 1, "c": 2 }, "a": [ { "f": 1, "e": 2 } ] }));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"a":[{"e":2,"f":1}],"b":{"c":2,"d":1}}"#
        );
    }
}
