//! The expansion reads names the checks resolved: a spec whose `[journey]` names what it does
//! not have expands to the checks' diagnostics, never to a silently smaller API.

use std::path::Path;

/// The shipped spec, loaded and checked.
fn shipped() -> dqe_codegen::model::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dqe-client/spec");
    dqe_codegen::load_spec(&dir, "spec").expect("the shipped spec is valid")
}

#[test]
fn the_shipped_journey_expands() {
    let code = dqe_codegen::expand_spec(&shipped()).to_string();
    assert!(code.contains("impl :: dqe_client :: __private :: Journey for Api"));
    assert!(!code.contains("compile_error"));
}

#[test]
fn a_journey_naming_a_missing_endpoint_expands_to_its_diagnostic() {
    let mut spec = shipped();
    let journey = spec.journey.as_mut().unwrap();
    journey.retrieve.value = "nowhere".to_owned();
    let code = dqe_codegen::expand_spec(&spec).to_string();
    assert!(code.contains("compile_error"), "{code}");
    assert!(
        code.contains("`journey.retrieve`: there is no endpoint `nowhere`"),
        "{code}"
    );
    assert!(!code.contains("Journey for Api"));
}
