//! The link check: what `RUSTDOCFLAGS="-D warnings" cargo doc` does not catch. The README's and
//! the guide chapters' relative links, as GitHub renders them, must reach a file, and a heading
//! anchor (`#...`) must be one GitHub gives that file ([`markdown`]); the HTML `cargo doc
//! --no-deps` writes for the workspace's crates must link only to files and `id`s it wrote
//! ([`html`]). Run by `cargo run -p tests --bin check-links` (`.ci/run`, after `cargo doc`).
//!
//! Intra-doc links (`crate::guide::cli`, a bare Rust name) are rustdoc's to check, and absolute
//! URLs (`https:`, `mailto:`) are not fetched.

pub mod html;
pub mod markdown;

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The file holding the link.
    pub file: PathBuf,
    /// Its line, from 1.
    pub line: usize,
    /// The link, as written.
    pub target: String,
    /// What is missing.
    pub why: String,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, line, target, why) = (self.file.display(), self.line, &self.target, &self.why);
        write!(f, "{file}:{line}: {target}: {why}")
    }
}

/// Whether a link names a scheme (`https:`, `mailto:`, `javascript:`) or a host (`//host`):
/// not a file of this repository.
pub fn is_absolute_url(target: &str) -> bool {
    if target.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = target.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// `path` with its `.` and `..` components resolved, without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A link split into its path (maybe empty) and its fragment, without the query.
pub fn split(target: &str) -> (&str, Option<&str>) {
    let (rest, fragment) = match target.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (target, None),
    };
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    (path, fragment)
}
