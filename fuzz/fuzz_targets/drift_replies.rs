//! Any bytes as a file of replies, compared with the shipped spec: reading and comparing never
//! panic, whatever the bytes (`dqe spec drift --replies` reads what a merchant's logs kept), and
//! any JSON value walked as a reply of each endpoint by the client's own rule never panics
//! either. Seeds: DQE's documented replies (`seeds/decode_replies/`).
#![no_main]

use std::sync::OnceLock;

use dqe_client::journey::Journey;
use dqe_codegen::SourceFile;
use dqe_codegen::model::Spec;
use dqe_spec_tools::drift::replies::{compare, read_replies};

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
    if let Ok(file) = read_replies(data, "fuzz.jsonl") {
        for d in compare(&[file], spec()) {
            let _ = d.difference.to_string();
            let _ = d.difference.to_json();
        }
    }
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let api = dqe_client::Api::INFO;
        for endpoint in [api.token, api.consent, api.retrieve] {
            for d in dqe_client::departure::departures(api, endpoint, &value) {
                let _ = d.to_string();
            }
        }
    }
});
