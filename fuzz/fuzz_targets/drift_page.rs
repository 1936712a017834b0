//! Any bytes as a help-centre page, compared with the shipped spec: reading and comparing
//! never panic, whatever the bytes (`dqe spec drift` reads files a person copied from a
//! browser). Seeds: `dqe-codegen/tests/pages/`.
#![no_main]

use std::sync::OnceLock;

use dqe_codegen::SourceFile;
use dqe_codegen::model::Spec;

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let file = |name: &str, text: &str| SourceFile {
            display: name.to_owned(),
            absolute: std::path::PathBuf::from("/fuzz").join(name),
            text: text.to_owned(),
        };
        let files = vec![
            file("api.toml", include_str!("../../spec/api.toml")),
            file("scopes/formfilling.toml", include_str!("../../spec/scopes/formfilling.toml")),
            file("scopes/matching.toml", include_str!("../../spec/scopes/matching.toml")),
            file("scopes/matching_notp.toml", include_str!("../../spec/scopes/matching_notp.toml")),
            file("scopes/numverify.toml", include_str!("../../spec/scopes/numverify.toml")),
            file("scopes/simswap.toml", include_str!("../../spec/scopes/simswap.toml")),
        ];
        dqe_codegen::load_spec_from(files).expect("the shipped spec is valid")
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(found) = dqe_spec_tools::drift::drift(data, "fuzz.txt", spec()) {
        for d in &found {
            let _ = d.to_string();
            let _ = d.to_json();
        }
    }
});
