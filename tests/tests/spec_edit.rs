//! Editing a spec file reaches the compiled API, and its documentation, with no Rust edited:
//! a scratch crate invokes `generate_api!` on its own copy of the spec, is built and run, then
//! the copy's description of an error is edited and the crate is built, run and documented
//! again. This works because the macro emits an `include_str!` of every spec file it reads.

use std::path::{Path, PathBuf};

use tests::{cargo, copy_dir};

/// Builds and runs the crate at `dir`; `tmp` is the test's `CARGO_TARGET_TMPDIR`.
fn run(dir: &Path, tmp: &Path, target: &Path) -> String {
    let out = cargo(tmp)
        .args(["run", "--quiet", "--offline", "--target-dir"])
        .arg(target)
        .current_dir(dir)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_spec_edit_reaches_the_compiled_api_and_its_docs() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let work = tmp.join("spec-edit");
    let krate = work.join("probe");
    let target = work.join("target");
    let _ = std::fs::remove_dir_all(&krate);
    copy_dir(&root.join("spec"), &krate.join("spec"));
    std::fs::create_dir_all(krate.join("src")).unwrap();
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let client = std::fs::canonicalize(root.join("dqe-client")).unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"spec-edit-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ndqe-client = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
            client.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(
        krate.join("src/lib.rs"),
        "//! Probe.\n#![allow(missing_docs)]\ndqe_client::generate_api!(\"../spec\");\n",
    )
    .unwrap();
    std::fs::write(
        krate.join("src/main.rs"),
        "fn main() {\n    let e = spec_edit_probe::RetrieveError::from_parts(\"99\", \"x\");\n    \
         println!(\"{}\", e.description().unwrap_or(\"none\"));\n}\n",
    )
    .unwrap();

    assert_eq!(run(&krate, &tmp, &target), "Server error.\n");

    let api = krate.join("spec/api.toml");
    let text = std::fs::read_to_string(&api).unwrap();
    let edited = text.replacen(
        "description = \"Server error.\"",
        "description = \"Server error, edited in the spec.\"",
        1,
    );
    assert_ne!(text, edited, "the spec has the description this test edits");
    std::fs::write(&api, edited).unwrap();

    assert_eq!(
        run(&krate, &tmp, &target),
        "Server error, edited in the spec.\n"
    );

    let out = cargo(&tmp)
        .args([
            "doc",
            "--quiet",
            "--offline",
            "--no-deps",
            "--lib",
            "--target-dir",
        ])
        .arg(&target)
        .current_dir(&krate)
        .output()
        .expect("cargo doc runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(target.join("doc/spec_edit_probe/enum.RetrieveError.html"))
        .unwrap();
    assert!(html.contains("Server error, edited in the spec."));
}
