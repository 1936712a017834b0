//! The OpenAPI 3.1 document of a spec ([`openapi`]), for the tools and teams that do not use the
//! generated Rust: every endpoint with each method it accepts (GET with query parameters, POST
//! with an `application/x-www-form-urlencoded` body), every parameter by its wire name, the
//! replies as a union told apart by the spec's status key, the error tables, the scopes, and
//! what is sensitive.
//!
//! What OpenAPI has no word for is said with `x-` extensions, each explained where it is
//! written: `x-sensitive`, `x-credential`, `x-token`, `x-role`, `x-scope`,
//! `x-required-by-scopes`, `x-taken-by-scopes`, `x-errors`, `x-one-step`, `x-spec-type`...
//! Like the rest of the crate it knows the spec format, not any particular API: every name and
//! text comes from the spec.
//!
//! The document is deterministic: object keys are sorted, and lists keep the spec's order
//! (parameters in wire order, scopes and types in the order the files were read).

use serde_json::{Map, Value, json};

use dqe_codegen::model::*;
use dqe_codegen::support::backticked;
use dqe_codegen::support::{EndpointNames, SCOPE_TYPE};

mod params;
mod paths;
mod schemas;

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

/// The schema of a document sent as Base64 text: `format: byte` for OpenAPI 3.0 tools,
/// `contentEncoding` for JSON Schema 2020-12's. Both annotate, a validator does not assert
/// them: the client reads any string (text that is not Base64 is kept as an oddity).
fn base64_schema() -> Value {
    json!({ "type": "string", "format": "byte", "contentEncoding": "base64" })
}

/// The OpenAPI 3.1 document of a checked spec (what [`dqe_codegen::load_spec`] returns).
///
/// - `info`: the API's name and description (`x-server-env`: the variable holding the
///   server's address); `info.version` is `"unversioned"`, as a spec has no version.
/// - `paths`: one operation per endpoint and method (`operationId` `<endpoint>_get`,
///   `<endpoint>_post`; `x-preferred` on the method the spec prefers; `x-max-body-bytes`,
///   the longest reply the client reads from it, when the spec gives one). GET takes the
///   parameters `in: query`; POST takes them as an `application/x-www-form-urlencoded` body
///   whose schema is `components.schemas.<Endpoint>Request`. A list is sent comma-joined
///   (`style: form`, `explode: false`); an object as JSON text (`contentMediaType`, with its
///   schema in `contentSchema`). A parameter is `required` when every request must carry it:
///   one that only some scopes need is not, and says which (`x-required-by-scopes`); one
///   that only some scopes take lists them (`x-taken-by-scopes`), and is sent only when one
///   of them is asked for. Credentials and the token are
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
    pub(super) fn document(&self) -> Value {
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
    pub(super) fn credentials(&self) -> Value {
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

/// `x-spec-type`: the spec's own type, where the JSON Schema type says less.
fn annotate_type(s: &mut Value, ty: &TypeRef) {
    if !matches!(ty, TypeRef::String) && ty.declared_name().is_none() {
        s["x-spec-type"] = json!(dqe_codegen::support::type_name(ty));
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
            dqe_spec_types::list_items(wire)
                .map(|s| typed_value(item, s))
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
        let mode = TypeName {
            name: "Mode".into(),
            index: 0,
        };
        assert_eq!(typed_value(&TypeRef::Enum(mode), "2"), json!("2"));
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
