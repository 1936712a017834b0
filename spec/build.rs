//! Lists the spec's files (every `*.toml` below this directory but the manifest) into
//! `$OUT_DIR/files.rs`, each with its text (`include_str!`), so that a new file (a new scope)
//! or an edited one changes this crate, and so rebuilds the macro that reads the files and
//! every crate it generates an API into.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    for file in &files {
        println!("cargo::rerun-if-changed={file}");
    }
    // A directory is watched whole: a file added to it reruns this script.
    println!("cargo::rerun-if-changed=.");
    let list: String = files
        .iter()
        .map(|f| {
            let path = root.join(f);
            format!(
                "    ({f:?}, include_str!({:?})),\n",
                path.display().to_string()
            )
        })
        .collect();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let code = format!(
        "/// The spec's files: each one's path relative to [`DIR`] and its text, in name order.\npub const FILES: &[(&str, &str)] = &[\n{list}];\n"
    );
    std::fs::write(out.join("files.rs"), code).expect("OUT_DIR is writable");
}

/// Every `*.toml` file below `dir`, relative to `root`, but the package manifest and what
/// lies under `src/` or `target/`.
fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        let shown = relative.to_string_lossy().replace('\\', "/");
        if path.is_dir() {
            if shown != "src" && shown != "target" {
                collect(root, &path, files);
            }
        } else if shown.ends_with(".toml") && shown != "Cargo.toml" {
            files.push(shown);
        }
    }
}
