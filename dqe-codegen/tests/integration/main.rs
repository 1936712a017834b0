//! dqe-codegen's integration tests: one test binary (a directory, so cargo finds it as
//! `tests/integration/main.rs`), a module per subject, linked once.

mod generated_names;
mod resolved;
