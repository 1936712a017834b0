//! Workspace-level tests live under `tests/`. This library holds what several of them share:
//! building scratch crates from copies of the workspace's files.

use std::path::Path;
use std::process::Command;

/// Copies a directory tree, following links.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if std::fs::metadata(entry.path()).unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `cargo`, as the running cargo, for building a scratch crate on its own: the caller's
/// `RUSTFLAGS` and target directory are not passed on.
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.env_remove("RUSTFLAGS").env_remove("CARGO_TARGET_DIR");
    c
}

/// The shipped spec's files (`dqe-client/spec`), read: the API file first, shown as
/// `spec/api.toml`, then the scope files in name order, shown as `spec/scopes/NAME.toml`.
pub fn shipped_spec_files() -> Vec<dqe_codegen::SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dqe-client/spec");
    let read = |display: String, path: std::path::PathBuf| dqe_codegen::SourceFile {
        display,
        text: std::fs::read_to_string(&path).unwrap(),
        absolute: path,
    };
    let mut files = vec![read("spec/api.toml".into(), dir.join("api.toml"))];
    let mut scopes: Vec<_> = std::fs::read_dir(dir.join("scopes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    scopes.sort();
    for path in scopes {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push(read(format!("spec/scopes/{name}"), path));
    }
    files
}
