//! DQE Software's **ID Mobile** API, described in TOML: the spec that `dqe-client`'s API is
//! generated from, and the one `dqe`'s spec tools read by default.
//!
//! Who depends on it: `dqe-macros`, whose `generate_api!()` (with no argument) reads the files
//! in [`DIR`], and the `dqe` command line, whose spec tools read [`FILES`] when no spec
//! directory is at hand. Nobody else needs to: the crate holds data and says where it lies. The format
//! is described in this crate's `README.md` (`spec/README.md` in the repository). When DQE
//! changes its API, these files change, and nothing else.

#![deny(missing_docs)]

/// The directory holding the spec: `api.toml`, and one `scopes/*.toml` file per scope.
///
/// In the repository this is `spec/`; in a package, the package's own directory.
pub const DIR: &str = env!("CARGO_MANIFEST_DIR");

include!(concat!(env!("OUT_DIR"), "/files.rs"));

#[cfg(test)]
mod tests {
    #[test]
    fn the_files_are_listed_and_lie_in_dir() {
        assert!(!super::FILES.is_empty());
        for (file, text) in super::FILES {
            let path = std::path::Path::new(super::DIR).join(file);
            let on_disk = std::fs::read_to_string(&path).expect("a listed file lies in DIR");
            assert_eq!(&on_disk, text, "{}", path.display());
        }
    }
}
