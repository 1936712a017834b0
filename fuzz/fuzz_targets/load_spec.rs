//! Any text as a spec (an API file, and a scope file after a NUL byte): loading never panics,
//! and a spec that loads expands without panicking.
#![no_main]

use dqe_codegen::SourceFile;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(2, '\0');
    let file = |name: &str, text: &str| SourceFile {
        display: name.to_owned(),
        absolute: std::path::PathBuf::from("/fuzz").join(name),
        text: text.to_owned(),
    };
    let mut files = vec![file("api.toml", parts.next().unwrap_or(""))];
    if let Some(scope) = parts.next() {
        files.push(file("scopes/fuzz.toml", scope));
    }
    if let Ok(spec) = dqe_codegen::load_spec_from(files) {
        let _ = dqe_codegen::expand_spec(&spec);
    }
});
