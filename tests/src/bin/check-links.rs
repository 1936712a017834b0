//! `cargo run -p tests --bin check-links [DOC_DIR]`: the links `RUSTDOCFLAGS="-D warnings" cargo
//! doc` does not check (see `tests::links`). The README's and the guide chapters' relative links
//! must reach a file and a heading anchor GitHub gives it; the HTML `cargo doc --workspace
//! --no-deps` wrote for the workspace's crates (under DOC_DIR, by default the target
//! directory's `doc`) must link to files and ids it wrote. Prints each broken link and exits 1;
//! exits 2 when the documentation was not built.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use tests::links::{Broken, html, markdown};

/// The Markdown files checked, from the repository's root: the README and the guide's chapters.
fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let guide = Path::new("dqe-client/src/guide");
    let mut files = vec![PathBuf::from("README.md")];
    let mut chapters: Vec<PathBuf> = std::fs::read_dir(root.join(guide))
        .expect("the guide's directory")
        .filter_map(Result::ok)
        .map(|e| guide.join(e.file_name()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    chapters.sort();
    files.extend(chapters);
    files
}

/// The workspace's target directory and the directory names of its crates' documentation (a
/// library's or a program's name, `-` written `_`), from `cargo metadata`.
fn workspace(root: &Path) -> (PathBuf, Vec<String>) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root)
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo's JSON");
    let target = PathBuf::from(meta["target_directory"].as_str().expect("target_directory"));
    let mut names: Vec<String> = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["targets"].as_array().into_iter().flatten())
        .filter(|t| {
            t["kind"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| matches!(k.as_str(), Some("lib" | "proc-macro" | "bin")))
        })
        .filter_map(|t| t["name"].as_str().map(|n| n.replace('-', "_")))
        .collect();
    names.sort();
    names.dedup();
    (target, names)
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (target, crates) = workspace(&root);
    let doc = std::env::args_os()
        .nth(1)
        .map_or_else(|| target.join("doc"), PathBuf::from);
    let documented: Vec<String> = crates
        .into_iter()
        .filter(|name| doc.join(name).join("index.html").is_file())
        .collect();
    if documented.is_empty() {
        eprintln!(
            "check-links: no crate's documentation under {}: run `cargo doc --workspace --no-deps` first",
            doc.display()
        );
        return ExitCode::from(2);
    }
    let files = markdown_files(&root);
    let mut broken: Vec<Broken> = markdown::check(&root, &files);
    broken.extend(html::check(&doc, &documented));
    for link in &broken {
        eprintln!("check-links: {link}");
    }
    println!(
        "check-links: {} Markdown files, the documentation of {} crates ({}): {} broken links",
        files.len(),
        documented.len(),
        documented.join(", "),
        broken.len()
    );
    if broken.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
