//! The generated API is rebuilt when a spec file changes because the macro emits an
//! `include_str!` of each file it reads. A *new* file (a new scope) is not among those, so the
//! spec directory itself is watched here too.

fn main() {
    println!("cargo::rerun-if-changed=../spec");
}
