//! The generated API is rebuilt when a spec file changes because the macro emits an
//! `include_str!` of each file it reads. A *new* file (a new scope) is not among those, so the
//! spec directory itself is watched here too.
//!
//! `spec` is this crate's own spec directory, the one `generate_api!("../spec")` in
//! `src/lib.rs` reads: the shipped spec, the single source of truth, kept inside the crate so
//! that the published package carries it (`cargo package` takes only files under the
//! package's directory).

fn main() {
    println!("cargo::rerun-if-changed=spec");
}
