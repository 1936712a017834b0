//! `components.schemas`: reply outcomes as a union told apart by the status key, error
//! tables, the scopes, request bodies, and the spec's enums and objects.

use serde_json::{Map, Value, json};

use super::*;

impl Doc<'_> {
    /// The schema of a value in a reply: as lenient as the generated client's reading.
    pub(super) fn reply_type(&self, ty: &TypeRef) -> Value {
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
            TypeRef::Base64 => base64_schema(),
            TypeRef::List(item) => json!({
                "type": "string",
                "x-comma-separated": self.reply_type(item),
            }),
            TypeRef::Named(n)
            | TypeRef::Enum(TypeName { name: n, .. })
            | TypeRef::Object(TypeName { name: n, .. }) => schema_ref(n),
        };
        annotate_type(&mut s, ty);
        s
    }

    /// A key of a reply or an object.
    pub(super) fn field_schema(&self, f: &Field) -> Value {
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
            Some(Role::PostalLines) => s["x-role"] = json!("postal_lines"),
            None => {}
        }
        if let Some(scope) = self.spec.scope_of_file(f.scope) {
            s["x-scope"] = json!(scope.name.value);
        }
        s
    }

    pub(super) fn schemas(&self) -> Value {
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
    pub(super) fn scope_schema(&self) -> Value {
        let chooser = self.spec.scope_chooser();
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
                    "x-requires": self.spec.requires(s).iter().map(|p| &p.wire.value).collect::<Vec<_>>(),
                    "x-without": chooser.map(|e| self.not_taken(e, s)).unwrap_or_default(),
                })
            })
            .collect();
        json!({
            "type": "string",
            "description": "A scope: one per scope file of the spec. `x-one-step`: its result is \
                the reply to the request that asks for it, with no later step; `x-default`: asked \
                for when the caller names none; `x-requires`: the parameters it makes mandatory \
                (those its file adds as required, and the optional ones it requires); `x-without`: the parameters it does not take, not sent when no scope \
                asked for takes them (those of the API file its file lists in `without`, and \
                those other scope files add).",
            "enum": values,
            "oneOf": one_of,
            "x-enum-descriptions": self.spec.scopes.iter().map(|s| s.description.as_str()).collect::<Vec<_>>(),
        })
    }

    /// The parameters (wire) of `e` that the scope `s` does without ([`Spec::done_without`]).
    fn not_taken<'a>(&self, e: &'a Endpoint, s: &Scope) -> Vec<&'a str> {
        self.spec
            .done_without(e, s)
            .into_iter()
            .map(|p| p.wire.value.as_str())
            .collect()
    }

    /// `<Endpoint>Request`: the POST body, and the GET query's parameters together.
    pub(super) fn request_schema(&self, e: &Endpoint) -> Value {
        let properties: Map<String, Value> = e
            .params
            .iter()
            .map(|p| (p.wire.value.clone(), self.param_schema(Some(e), p, true)))
            .collect();
        let required: Vec<&str> = e
            .params
            .iter()
            .filter(|p| p.always_sent())
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
    pub(super) fn outcome_schema(&self, e: &Endpoint, o: &OutcomeSpec) -> Value {
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
                .filter_map(|f| self.spec.scope_of_file(f.scope))
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
    pub(super) fn error_schema(&self, e: &Endpoint) -> Value {
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
