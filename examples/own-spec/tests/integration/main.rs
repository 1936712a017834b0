//! The own-spec example's integration tests: one test binary (a directory, so cargo finds
//! it as `tests/integration/main.rs`), a module per subject, linked once.

mod example;
mod flow;
