//! The files kept in two places, each copy equal byte for byte to its source. The repository
//! tracks no symbolic link (a clone made with `core.symlinks=false`, Windows' default, would get
//! text files holding the target's path instead, and `.ci/run` refuses them), so a file needed
//! inside another directory, a package's for instance, is copied, and this test fails when a
//! copy drifts, printing the command that brings it back.

use std::path::Path;

/// `(copy, source)`, relative to the repository's root.
const COPIES: &[(&str, &str)] = &[
    // `cargo package` ships only what is inside the package's directory.
    ("dqe-client/LICENSE-MIT", "LICENSE-MIT"),
    ("dqe-client/LICENSE-APACHE", "LICENSE-APACHE"),
    ("dqe-codegen/LICENSE-MIT", "LICENSE-MIT"),
    ("dqe-codegen/LICENSE-APACHE", "LICENSE-APACHE"),
    ("dqe-macros/LICENSE-MIT", "LICENSE-MIT"),
    ("dqe-macros/LICENSE-APACHE", "LICENSE-APACHE"),
    ("dqe-spec-types/LICENSE-MIT", "LICENSE-MIT"),
    ("dqe-spec-types/LICENSE-APACHE", "LICENSE-APACHE"),
    ("dqe-sandbox/LICENSE-MIT", "LICENSE-MIT"),
    ("dqe-sandbox/LICENSE-APACHE", "LICENSE-APACHE"),
    ("dqe-spec-tools/LICENSE-MIT", "LICENSE-MIT"),
    ("dqe-spec-tools/LICENSE-APACHE", "LICENSE-APACHE"),
    ("dqe-cli/LICENSE-MIT", "LICENSE-MIT"),
    ("dqe-cli/LICENSE-APACHE", "LICENSE-APACHE"),
];

#[test]
fn every_copy_equals_its_source() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |rel: &str| {
        let path = root.join(rel);
        assert!(
            !path.is_symlink(),
            "{rel} is a symbolic link: copy the file"
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let drifted: Vec<String> = COPIES
        .iter()
        .filter(|(copy, source)| read(copy) != read(source))
        .map(|(copy, source)| format!("cp {source} {copy}"))
        .collect();
    assert!(
        drifted.is_empty(),
        "copies that differ from their source; when the source's change is meant, copy it \
         again (from the repository's root):\n{}",
        drifted.join("\n")
    );
}
