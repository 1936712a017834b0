//! DQE Software's **ID Mobile** API described in TOML, which `dqe-macros` depends on to generate
//! `dqe-client`'s API (`generate_api!()` reads the files in [`DIR`]) and the `dqe` command line
//! to read a spec when none is at hand ([`FILES`]).
//!
//! The format is the guide's chapter [the spec format, and adding a scope][spec]. Nobody else
//! needs this crate: it holds data and says where it lies. The format is also described in this
//! crate's `README.md` (`spec/README.md` in the repository). When DQE changes its API, these
//! files change, and nothing else.
//!
//! [spec]: https://docs.rs/dqe-client/latest/dqe_client/guide/spec/index.html

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
