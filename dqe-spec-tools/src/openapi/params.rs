//! Parameters: their schemas (by type, sensitivity and source) and their descriptions (who
//! sets them, which scopes require them, which scopes take them).

use serde_json::{Value, json};

use super::*;

impl Doc<'_> {
    /// A parameter of a GET operation of `e`, or of the callback (`e` is `None`).
    pub(super) fn query_param(&self, e: Option<&Endpoint>, p: &Param) -> Value {
        let mut q = json!({
            "name": p.wire.value,
            "in": "query",
            "required": p.always_sent(),
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
    /// from, which scopes need it, which take it.
    pub(super) fn param_description(&self, e: Option<&Endpoint>, p: &Param) -> String {
        let mut out = p.description.clone();
        let mut add = |s: String| {
            out.push_str("\n\n");
            out.push_str(&s);
        };
        match &p.source {
            Source::Caller => {}
            Source::Fixed(v) => add(format!("Always `{}`.", v.value)),
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
        }
        match self.taken_by(e, p).as_deref() {
            None => {}
            Some([]) => add("Taken by no scope: never sent.".to_owned()),
            Some([one]) => add(format!(
                "Taken only by the scope `{one}`: not sent when it is not asked for."
            )),
            Some(many) => add(format!(
                "Taken only by the scopes {}: not sent when none of them is asked for.",
                backticked(many.iter().copied(), ", ")
            )),
        }
        out
    }

    /// Where the token comes from: the field with the `token` role.
    pub(super) fn token_origin(&self) -> String {
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

    /// The scopes (wire) that make `p` mandatory ([`Spec::scopes_requiring`]).
    pub(super) fn required_by(&self, e: Option<&Endpoint>, p: &Param) -> Vec<&str> {
        self.spec
            .scopes_requiring(e, p)
            .iter()
            .map(|s| s.name.value.as_str())
            .collect()
    }

    /// The scopes (wire) that take `p` ([`Spec::scopes_taking`]); `None` when every scope
    /// does, and for the callback's keys.
    pub(super) fn taken_by(&self, e: Option<&Endpoint>, p: &Param) -> Option<Vec<&str>> {
        let taking = self.spec.scopes_taking(e?, p)?;
        Some(taking.iter().map(|s| s.name.value.as_str()).collect())
    }

    /// The schema of a parameter's value, with its annotations; `described`: with its
    /// description too (a property of a POST body; a GET parameter carries it itself).
    pub(super) fn param_schema(&self, e: Option<&Endpoint>, p: &Param, described: bool) -> Value {
        let mut s = match &p.source {
            Source::Fixed(At { value: v, .. }) => {
                json!({ "type": "string", "const": v, "default": v })
            }
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
        let required_by = self.required_by(e, p);
        if !required_by.is_empty() {
            s["x-required-by-scopes"] = json!(required_by);
        }
        if let Some(taken_by) = self.taken_by(e, p) {
            s["x-taken-by-scopes"] = json!(taken_by);
        }
        s
    }

    /// The schema of a value sent as a parameter.
    pub(super) fn request_type(&self, ty: &TypeRef) -> Value {
        let mut s = match ty {
            TypeRef::String => json!({ "type": "string" }),
            TypeRef::Date => json!({ "type": "string", "format": "date" }),
            TypeRef::Timestamp => json!({ "type": ["integer", "string"] }),
            TypeRef::Seconds | TypeRef::Integer => json!({ "type": "integer", "minimum": 0 }),
            TypeRef::Bool => json!({ "type": "boolean" }),
            TypeRef::Score => json!({ "type": "number", "minimum": 0, "maximum": 1 }),
            TypeRef::Scope => schema_ref(SCOPE_TYPE),
            TypeRef::Base64 => base64_schema(),
            TypeRef::List(item) => json!({ "type": "array", "items": self.request_type(item) }),
            TypeRef::Object(t) => json!({
                "type": "string",
                "contentMediaType": JSON,
                "contentSchema": schema_ref(&t.name),
            }),
            TypeRef::Named(n) | TypeRef::Enum(TypeName { name: n, .. }) => schema_ref(n),
        };
        annotate_type(&mut s, ty);
        s
    }
}
