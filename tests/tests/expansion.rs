//! The generated API, as code: the prettyplease-formatted expansion of the shipped spec. This
//! snapshot is the API's reviewable diff; parsing it as a `syn::File` also checks that the
//! expansion is valid Rust.

use std::path::Path;

fn spec_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The expansion with the machine-specific absolute paths of `include_str!` replaced, before
/// formatting: the layout (where a long line wraps) does not depend on where the checkout is.
fn pretty(dir: &Path) -> String {
    let spec = dqe_codegen::load_spec(dir, "spec").expect("the shipped spec is valid");
    let root = std::fs::canonicalize(dir).unwrap();
    let tokens = dqe_codegen::expand_spec(&spec)
        .to_string()
        .replace(&root.display().to_string(), "$SPEC");
    let file: syn::File = syn::parse_str(&tokens).expect("the expansion is valid Rust");
    prettyplease::unparse(&file)
}

#[test]
fn shipped_spec_expansion() {
    insta::assert_snapshot!(pretty(&spec_dir()));
}

#[test]
fn expansion_is_deterministic() {
    assert_eq!(pretty(&spec_dir()), pretty(&spec_dir()));
}
