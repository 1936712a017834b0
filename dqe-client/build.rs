//! The generated API is rebuilt when a spec file changes because the macro emits an
//! `include_str!` of each file it reads. A *new* file (a new scope) is not among those, so the
//! spec directory itself is watched here too.
//!
//! `spec` is this crate's own spec directory, the one `generate_api!("../spec")` in
//! `src/lib.rs` reads. In the repository it is a link to the workspace's `spec/`, the single
//! source of truth; `cargo package` follows the link, so the published package carries the
//! files themselves.

fn main() {
    println!("cargo::rerun-if-changed=spec");
}
