//! The macro's own cost: loading, checking and expanding the shipped spec, as the macro does at
//! each build of `dqe-client`. The `cargo check` cost of the generated code against the same
//! code pasted in is measured by `benches/macro-cost.sh`.

use std::path::Path;

fn main() {
    divan::main();
}

fn spec_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

#[divan::bench]
fn load_and_check() -> dqe_codegen::model::Spec {
    dqe_codegen::load_spec(&spec_dir(), "spec").unwrap()
}

#[divan::bench]
fn load_check_and_expand() -> proc_macro2::TokenStream {
    let spec = dqe_codegen::load_spec(&spec_dir(), "spec").unwrap();
    dqe_codegen::expand_spec(&spec)
}
