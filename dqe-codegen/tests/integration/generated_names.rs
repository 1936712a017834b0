//! Spec diagnostics for names the expansion generates, in-process: a small spec loaded from
//! strings, and the rendered diagnostics compared whole.

use std::path::PathBuf;

use dqe_codegen::SourceFile;

/// A small API: one endpoint, `look`, with a mandatory parameter `place` (so its request
/// builder has the marker trait `LookRequestHasPlace`) and an optional one, `depth`.
const API: &str = r#"[api]
name = "Mini"
description = "A small API."

[replies]
status_key = "status"

[replies.error]
status = "error"
id_key = "error_id"
text_key = "error_type"
description = "It failed."

[endpoints.look]
summary = "Look."
description = "Looks."
path = "/look"
methods = ["GET"]

[[endpoints.look.params]]
name = "place"
required = true
description = "Where to look."

[[endpoints.look.params]]
name = "depth"
description = "How deep."

[endpoints.look.success]
status = "ok"
description = "Found."
"#;

fn file(display: &str, text: String) -> SourceFile {
    SourceFile {
        display: display.to_owned(),
        absolute: PathBuf::from("/nonexistent").join(display),
        text,
    }
}

/// The rendered diagnostics of the API file `api` and the scope files `scopes`.
fn diagnostics(api: String, scopes: &[&str]) -> Vec<String> {
    let mut files = vec![file("spec/api.toml", api)];
    for (n, text) in scopes.iter().enumerate() {
        files.push(file(&format!("spec/scopes/s{n}.toml"), (*text).to_owned()));
    }
    match dqe_codegen::load_spec_from(files) {
        Ok(_) => Vec::new(),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_small_spec_is_valid() {
    assert_eq!(diagnostics(API.to_owned(), &[]), Vec::<String>::new());
    // An optional parameter has no marker trait: its name is free.
    let api = format!("{API}\n[objects.LookRequestHasDepth]\ndescription = \"Free.\"\n");
    assert_eq!(diagnostics(api, &[]), Vec::<String>::new());
}

#[test]
fn an_object_named_like_a_marker_trait() {
    let api = format!("{API}\n[objects.LookRequestHasPlace]\ndescription = \"A clash.\"\n");
    assert_eq!(
        diagnostics(api, &[]),
        [
            "spec/api.toml:33:10: `objects.LookRequestHasPlace`: the type name `LookRequestHasPlace` is generated from the spec already; choose another"
        ]
    );
}

#[test]
fn an_enum_named_like_a_marker_trait() {
    let api = format!(
        "{API}\n[enums.LookRequestHasPlace]\ndescription = \"A clash.\"\n\n[[enums.LookRequestHasPlace.values]]\nwire = \"a\"\nvariant = \"A\"\ndescription = \"A.\"\n"
    );
    assert_eq!(
        diagnostics(api, &[]),
        [
            "spec/api.toml:33:8: `enums.LookRequestHasPlace`: the type name `LookRequestHasPlace` is generated from the spec already; choose another"
        ]
    );
}

#[test]
fn an_enum_value_named_all() {
    let api = format!(
        "{API}\n[enums.Depth]\ndescription = \"How deep.\"\n\n[[enums.Depth.values]]\nwire = \"all\"\nvariant = \"ALL\"\ndescription = \"Everything.\"\n"
    );
    assert_eq!(
        diagnostics(api, &[]),
        [
            "spec/api.toml:38:11: `enums.Depth.values[0].variant`: `ALL` is reserved: it names the constant listing every value of `Depth`"
        ]
    );
}

#[test]
fn a_scope_variant_named_all() {
    let scope = "[scope]\nname = \"all\"\nvariant = \"ALL\"\ndescription = \"Everything.\"\n";
    assert_eq!(
        diagnostics(API.to_owned(), &[scope]),
        [
            "spec/scopes/s0.toml:2:8: `scope`: `ALL` is reserved: it names the constant listing every scope; set `variant` to another name"
        ]
    );
}

#[test]
fn two_endpoints_that_generate_the_same_names() {
    let twin = API
        .split("[endpoints.look]")
        .nth(1)
        .unwrap()
        .replace("endpoints.look", "endpoints.look_1");
    let api = API.replace("endpoints.look", "endpoints.look1") + "\n[endpoints.look_1]" + &twin;
    // Once for the pair of names, not once per name generated; the parameter `place` of both
    // endpoints is no clash of its own.
    assert_eq!(
        diagnostics(api, &[]),
        [
            "spec/api.toml:33:12: `endpoints.look_1`: `look_1` generates `Look1Request`, as `look1` does already; choose another name"
        ]
    );
}

#[test]
fn two_mandatory_parameters_that_generate_the_same_marker_trait() {
    let params = "[[endpoints.look.params]]\nname = \"deep_sea\"\nrequired = true\ndescription = \"A.\"\n\n[[endpoints.look.params]]\nname = \"deep__sea\"\nrequired = true\ndescription = \"B.\"\n\n[endpoints.look.success]";
    let api = API.replace("[endpoints.look.success]", params);
    assert_eq!(
        diagnostics(api, &[]),
        [
            "spec/api.toml:35:8: `endpoints.look.params[3].name`: `deep__sea` generates `LookRequestHasDeepSea`, as `deep_sea` does already; choose another name"
        ]
    );
}

/// An enum whose values leave `variant` out: each variant is its wire value in UpperCamelCase,
/// as a scope's is, and the expansion names them so.
#[test]
fn enum_values_without_variant_take_their_wire_value() {
    let api = format!(
        "{API}\n[enums.Depth]\ndescription = \"How deep.\"\n\n[[enums.Depth.values]]\nwire = \"shallow\"\ndescription = \"Not deep.\"\n\n[[enums.Depth.values]]\nwire = \"very_deep\"\ndescription = \"Deep.\"\n\n[[enums.Depth.values]]\nwire = \"2\"\nvariant = \"Two\"\ndescription = \"Named.\"\n"
    );
    let spec = dqe_codegen::load_spec_from(vec![file("spec/api.toml", api)]).unwrap();
    let variants: Vec<&str> = spec.enums[0]
        .values
        .iter()
        .map(|v| v.variant.value.as_str())
        .collect();
    assert_eq!(variants, ["Shallow", "VeryDeep", "Two"]);
    let code = dqe_codegen::expand_spec(&spec).to_string();
    assert!(
        code.contains("Depth :: VeryDeep => \"very_deep\""),
        "{code}"
    );
}

/// Two values whose derived variants are one name, and a wire value that gives no Rust name:
/// each a diagnostic at the wire value that gives it, all reported at once.
#[test]
fn enum_values_whose_derived_variants_clash() {
    let api = format!(
        "{API}\n[enums.Depth]\ndescription = \"How deep.\"\n\n[[enums.Depth.values]]\nwire = \"very_deep\"\ndescription = \"A.\"\n\n[[enums.Depth.values]]\nwire = \"very-deep\"\ndescription = \"B.\"\n\n[[enums.Depth.values]]\nwire = \"2\"\ndescription = \"C.\"\n\n[enums.Mode]\ndescription = \"Mode.\"\n\n[[enums.Mode.values]]\nwire = \"a\"\nvariant = \"A\"\ndescription = \"A.\"\n\n[[enums.Mode.values]]\nwire = \"b\"\nvariant = \"A\"\ndescription = \"B.\"\n"
    );
    assert_eq!(
        diagnostics(api, &[]),
        [
            "spec/api.toml:45:8: `enums.Depth.values[2].wire`: the value `2` gives no usable Rust variant name (`2`); set `variant`, e.g. `variant = \"MyValue\"`",
            "spec/api.toml:41:8: `enums.Depth.values[1].wire`: duplicate variant of enum `Depth` `VeryDeep`: it is already defined above (derived from its wire value, as `variant` is left out: set `variant` to tell them apart)",
            "spec/api.toml:58:11: `enums.Mode.values[1].variant`: duplicate variant of enum `Mode` `A`: it is already defined above",
        ]
    );
}
