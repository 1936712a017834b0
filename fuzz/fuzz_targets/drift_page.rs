//! Any bytes as a help-centre page, compared with the shipped spec: reading and comparing
//! never panic, whatever the bytes (`dqe spec drift` reads files a person copied from a
//! browser, saved as HTML or fetched as the Help Center API's JSON). Seeds: `dqe-cli/tests/pages/`.
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
        // Every file of the shipped spec, as the `dqe-spec` crate lists them, the API file first.
        let mut files: Vec<SourceFile> =
            dqe_spec::FILES.iter().map(|(name, text)| file(name, text)).collect();
        files.sort_by_key(|f| f.display != dqe_codegen::API_FILE);
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
