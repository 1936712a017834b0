//! The OpenAPI export (`dqe_spec_tools::openapi`, printed by `dqe spec openapi`): the shipped
//! spec's document is a snapshot (`snapshots/openapi__shipped_spec.snap`, reviewed like code),
//! and for the shipped spec and a spec of awkward names, every parameter's wire name, its
//! required-ness and sensitivity, every outcome's status, every error id and every scope are
//! checked against the spec itself. CI also runs a standard validator on the shipped
//! document (`scripts/validate-openapi`, from `.ci/run`).

use std::path::{Path, PathBuf};

use dqe_codegen::model::{Endpoint, Method, Source, Spec};
use serde_json::Value;

fn dir(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn load(rel: &str) -> Spec {
    dqe_codegen::load_spec(&dir(rel), rel).expect("a valid spec")
}

/// The specs every check runs on: the shipped one, and one whose status and error keys,
/// wire names and methods differ from it.
const SPECS: [&str; 2] = ["../spec", "tests/fixtures/tricky"];

fn documents() -> Vec<(Spec, Value)> {
    SPECS
        .iter()
        .map(|rel| {
            let spec = load(rel);
            let doc = dqe_spec_tools::openapi(&spec);
            (spec, doc)
        })
        .collect()
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let s = &doc["components"]["schemas"][name];
    assert!(s.is_object(), "no schema `{name}`");
    s
}

/// `access_token` -> `AccessToken`.
fn camel(key: &str) -> String {
    key.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn operation<'a>(doc: &'a Value, e: &Endpoint, m: Method) -> &'a Value {
    let key = match m {
        Method::Get => "get",
        Method::Post => "post",
    };
    let op = &doc["paths"][&e.path][key];
    assert!(op.is_object(), "no {key} operation for `{}`", e.key.value);
    op
}

#[test]
fn shipped_spec() {
    let doc = dqe_spec_tools::openapi(&load("../spec"));
    insta::assert_snapshot!(serde_json::to_string_pretty(&doc).unwrap());
}

#[test]
fn the_document_is_deterministic() {
    for rel in SPECS {
        let a = serde_json::to_string(&dqe_spec_tools::openapi(&load(rel))).unwrap();
        let b = serde_json::to_string(&dqe_spec_tools::openapi(&load(rel))).unwrap();
        assert_eq!(a, b, "{rel}");
    }
}

#[test]
fn it_says_what_it_is() {
    for (spec, doc) in documents() {
        assert_eq!(doc["openapi"], dqe_spec_tools::OPENAPI_VERSION);
        assert!(dqe_spec_tools::OPENAPI_VERSION.starts_with("3.1."));
        assert_eq!(doc["info"]["title"], spec.api.name.as_str());
        assert_eq!(doc["info"]["description"], spec.api.description.as_str());
    }
}

#[test]
fn every_parameter_of_every_method_by_its_wire_name() {
    for (spec, doc) in documents() {
        for e in &spec.endpoints {
            assert!(!e.methods.is_empty());
            let request = schema(&doc, &format!("{}Request", camel(&e.key.value)));
            for &m in &e.methods {
                let op = operation(&doc, e, m);
                match m {
                    Method::Get => {
                        let params = op["parameters"].as_array().unwrap();
                        assert_eq!(params.len(), e.params.len(), "{}", e.key.value);
                        for (p, q) in e.params.iter().zip(params) {
                            assert_eq!(q["name"], p.wire.value.as_str());
                            assert_eq!(q["in"], "query");
                            assert_eq!(q["required"], p.always_sent(), "{}", p.wire.value);
                        }
                    }
                    Method::Post => {
                        let body = &op["requestBody"]["content"]["application/x-www-form-urlencoded"]
                            ["schema"]["$ref"];
                        assert_eq!(
                            body.as_str(),
                            Some(
                                format!("#/components/schemas/{}Request", camel(&e.key.value))
                                    .as_str()
                            )
                        );
                    }
                }
            }
            let required: Vec<&str> = request["required"]
                .as_array()
                .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
                .unwrap_or_default();
            for p in &e.params {
                let wire = p.wire.value.as_str();
                let property = &request["properties"][wire];
                assert!(
                    property.is_object(),
                    "{}: no property `{wire}`",
                    e.key.value
                );
                assert_eq!(required.contains(&wire), p.always_sent(), "{wire}");
                let secret = matches!(p.source, Source::Credential(_) | Source::Token);
                if p.sensitive || secret {
                    assert_eq!(property["x-sensitive"], true, "{wire}");
                }
                if secret {
                    assert_eq!(property["format"], "password", "{wire}");
                    assert!(
                        property["description"]
                            .as_str()
                            .unwrap()
                            .contains("Supplied by the client"),
                        "{wire}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_parameter_that_scopes_require_says_which() {
    let spec = load("../spec");
    let doc = dqe_spec_tools::openapi(&spec);
    let request = schema(&doc, "InitiateRequest");
    let initiate = spec.endpoint("initiate").unwrap();
    for s in &spec.scopes {
        for r in &s.makes_mandatory {
            let p = initiate
                .params
                .iter()
                .find(|p| p.name.value == r.value)
                .unwrap();
            let by = request["properties"][&p.wire.value]["x-required-by-scopes"]
                .as_array()
                .unwrap();
            assert!(by.iter().any(|v| v == s.name.value.as_str()));
        }
    }
}

#[test]
fn every_reply_is_a_union_told_apart_by_the_status_key() {
    for (spec, doc) in documents() {
        let status_key = spec.replies.status_key.as_str();
        for e in &spec.endpoints {
            let base = camel(&e.key.value);
            let reply = schema(&doc, &format!("{base}Reply"));
            assert_eq!(reply["discriminator"]["propertyName"], status_key);
            let mapping = reply["discriminator"]["mapping"].as_object().unwrap();
            let mut statuses: Vec<&str> = e.outcomes().map(|o| o.status.value.as_str()).collect();
            statuses.push(&spec.replies.error.status);
            assert_eq!(mapping.len(), statuses.len());
            assert_eq!(reply["oneOf"].as_array().unwrap().len(), statuses.len());
            for status in statuses {
                let target = mapping[status].as_str().unwrap();
                let name = target.rsplit('/').next().unwrap();
                assert_eq!(
                    schema(&doc, name)["properties"][status_key]["const"],
                    status
                );
            }
            let op = operation(&doc, e, e.methods[0]);
            assert_eq!(
                op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
                format!("#/components/schemas/{base}Reply").as_str()
            );
            let success = schema(&doc, &format!("{base}Success"));
            for o in e.success.iter() {
                if o.default {
                    assert_eq!(success["x-default-outcome"], true);
                    assert!(success.get("required").is_none());
                }
                for f in &o.fields {
                    let property = &success["properties"][&f.wire.value];
                    assert!(property.is_object(), "{}", f.wire.value);
                    if f.sensitive {
                        assert_eq!(property["x-sensitive"], true, "{}", f.wire.value);
                    }
                }
            }
        }
    }
}

#[test]
fn every_error_id_with_its_text() {
    for (spec, doc) in documents() {
        let shape = &spec.replies.error;
        for e in &spec.endpoints {
            let error = schema(&doc, &format!("{}Error", camel(&e.key.value)));
            let id = &error["properties"][&shape.id_key];
            let ids = id["anyOf"][0]["enum"].as_array().unwrap();
            let listed = error["x-errors"].as_array().unwrap();
            assert_eq!(ids.len(), e.errors.len());
            assert_eq!(listed.len(), e.errors.len());
            for (x, (id, row)) in e.errors.iter().zip(ids.iter().zip(listed)) {
                assert_eq!(id, x.id.value.as_str());
                assert_eq!(row["id"], x.id.value.as_str());
                assert_eq!(row["text"], x.text.value.as_str());
                assert_eq!(row["description"], x.description.as_str());
                assert_eq!(row["retryable"], x.retryable);
            }
            assert!(error["properties"][&shape.text_key].is_object());
            assert_eq!(
                error["required"],
                serde_json::json!([spec.replies.status_key, shape.id_key])
            );
        }
    }
}

#[test]
fn every_scope_with_what_its_file_says() {
    let spec = load("../spec");
    let doc = dqe_spec_tools::openapi(&spec);
    let scope = schema(&doc, "Scope");
    let values = scope["enum"].as_array().unwrap();
    let described = scope["oneOf"].as_array().unwrap();
    assert_eq!(values.len(), spec.scopes.len());
    for (s, (v, d)) in spec.scopes.iter().zip(values.iter().zip(described)) {
        assert_eq!(v, s.name.value.as_str());
        assert_eq!(d["const"], s.name.value.as_str());
        assert_eq!(d["description"], s.description.as_str());
        assert_eq!(d["x-one-step"], s.one_step);
        assert_eq!(d["x-default"], s.default);
        assert_eq!(
            d["x-requires"].as_array().unwrap().len(),
            spec.requires(s).len()
        );
    }
}

/// Which scopes take each parameter of step 1, said per scope (`x-without`) and per parameter
/// (`x-taken-by-scopes`, absent when every scope takes it), as the runtime built from the same
/// files says it (`ParamInfo::is_taken_by`): a scope does not take what its file lists in
/// `without`, nor what another scope's file adds.
#[test]
fn which_scopes_take_a_parameter_is_what_the_files_say() {
    let spec = load("../spec");
    let doc = dqe_spec_tools::openapi(&spec);
    let initiate = spec.endpoint("initiate").unwrap();
    let request = schema(&doc, "InitiateRequest");
    let described = schema(&doc, "Scope")["oneOf"].as_array().unwrap();
    let mut some_not_taken = 0;
    for (s, d) in spec.scopes.iter().zip(described) {
        let without: Vec<&str> = d["x-without"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for p in &initiate.params {
            let wire = p.wire.value.as_str();
            // The rule itself is the library's: the runtime's description of the same
            // shipped spec says which scopes take the parameter.
            let taken = dqe_client::InitiateRequest::INFO
                .params
                .iter()
                .find(|info| info.wire == wire)
                .unwrap_or_else(|| panic!("{wire} is a parameter of the runtime's step 1"))
                .is_taken_by([s.name.value.as_str()]);
            some_not_taken += usize::from(!taken);
            assert_eq!(without.contains(&wire), !taken, "{}: {wire}", s.name.value);
            let taken_by = &request["properties"][wire]["x-taken-by-scopes"];
            let said = taken_by
                .as_array()
                .is_none_or(|a| a.iter().any(|v| v == s.name.value.as_str()));
            assert_eq!(said, taken, "{}: {wire}: {taken_by}", s.name.value);
        }
    }
    assert!(
        some_not_taken > 0,
        "the shipped spec has parameters some scopes do not take"
    );
}

/// The text of the document names every wire name and error id of the spec: what a reader
/// searching it for one finds.
#[test]
fn the_text_names_every_wire_name_and_error_id() {
    for (spec, doc) in documents() {
        let text = serde_json::to_string(&doc).unwrap();
        let quoted = |s: &str| format!("\"{s}\"");
        for e in &spec.endpoints {
            for p in &e.params {
                assert!(
                    text.contains(&format!("\"name\":{}", quoted(&p.wire.value))),
                    "{}",
                    p.wire.value
                );
            }
            for x in &e.errors {
                assert!(
                    text.contains(&format!("\"id\":{}", quoted(&x.id.value))),
                    "{}",
                    x.id.value
                );
            }
        }
    }
}

/// An endpoint the spec gives a body limit (`max_body`) says it on each of its operations, in
/// bytes; the others say nothing (the client's default applies).
#[test]
fn each_endpoint_s_body_limit_is_on_its_operations() {
    for (spec, doc) in documents() {
        for e in &spec.endpoints {
            for &m in &e.methods {
                let limit = operation(&doc, e, m).get("x-max-body-bytes");
                assert_eq!(
                    limit.and_then(Value::as_u64),
                    e.max_body.as_ref().map(|s| s.value),
                    "{}",
                    e.key.value
                );
            }
        }
    }
    let shipped = load("../spec");
    assert!(shipped.endpoints.iter().any(|e| e.max_body.is_some()));
}
