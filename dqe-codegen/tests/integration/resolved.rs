//! The expansion reads names the checks resolved: a spec whose `[journey]` names what it does
//! not have expands to the checks' diagnostics, never to a silently smaller API.

use std::path::Path;

/// The shipped spec, loaded and checked.
fn shipped() -> dqe_codegen::model::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
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

/// Every type of a loaded spec names its enum or object by position: none is left as a name.
#[test]
fn loading_resolves_every_type_name() {
    use dqe_codegen::model::TypeRef;
    fn unresolved(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) => true,
            TypeRef::List(item) => unresolved(item),
            _ => false,
        }
    }
    let spec = shipped();
    let params = spec.endpoints.iter().flat_map(|e| &e.params);
    let fields = spec
        .endpoints
        .iter()
        .flat_map(|e| e.outcomes())
        .flat_map(|o| &o.fields)
        .chain(spec.objects.iter().flat_map(|o| &o.fields));
    let types: Vec<&TypeRef> = params
        .map(|p| &p.ty.value)
        .chain(fields.map(|f| &f.ty.value))
        .collect();
    assert!(types.iter().any(|t| matches!(t, TypeRef::Enum(_))));
    assert!(types.iter().any(|t| matches!(t, TypeRef::Object(_))));
    assert!(!types.iter().any(|t| unresolved(t)), "{types:?}");
}

/// A spec changed by hand so that its references lead elsewhere (enums reordered, an object
/// removed) expands to the checks' diagnostics: the expansion follows references without
/// looking names up, and never panics.
#[test]
fn references_that_lead_elsewhere_expand_to_diagnostics() {
    let mut spec = shipped();
    assert!(spec.enums.len() > 1 && !spec.objects.is_empty());
    spec.enums.reverse();
    let code = dqe_codegen::expand_spec(&spec).to_string();
    assert!(
        code.contains("does not lead to its declaration in this spec"),
        "{code}"
    );

    let mut spec = shipped();
    spec.objects.clear();
    let code = dqe_codegen::expand_spec(&spec).to_string();
    assert!(
        code.contains("does not lead to its declaration in this spec"),
        "{code}"
    );
}

/// A type left as a name in a spec built by hand is reported as unresolved (not as undeclared),
/// and `resolve_types` resolves it; a dangling reference inside lists is reported too.
#[test]
fn a_hand_built_spec_resolves_its_names_or_is_told_to() {
    use dqe_codegen::model::{TypeName, TypeRef};
    let mut spec = shipped();
    let param = spec
        .endpoints
        .iter_mut()
        .flat_map(|e| &mut e.params)
        .find(|p| matches!(p.ty.value, TypeRef::Enum(_)))
        .expect("a parameter of an enum type");
    let TypeRef::Enum(t) = &param.ty.value else {
        unreachable!()
    };
    let name = t.name.clone();
    param.ty.value = TypeRef::Named(name.clone());
    let code = dqe_codegen::expand_spec(&spec).to_string();
    assert!(
        code.contains(&format!(
            "`{name}` is declared but this reference to it is not resolved"
        )),
        "{code}"
    );
    dqe_codegen::resolve_types(&mut spec);
    let code = dqe_codegen::expand_spec(&spec).to_string();
    assert!(!code.contains("compile_error"), "{code}");

    let field = spec
        .objects
        .iter_mut()
        .flat_map(|o| &mut o.fields)
        .next()
        .expect("an object field");
    let nowhere = TypeRef::Enum(TypeName {
        name: name.clone(),
        index: 99,
    });
    field.ty.value = TypeRef::List(Box::new(TypeRef::List(Box::new(nowhere))));
    let code = dqe_codegen::expand_spec(&spec).to_string();
    assert!(
        code.contains("does not lead to its declaration in this spec"),
        "{code}"
    );
}
