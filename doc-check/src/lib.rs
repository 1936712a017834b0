//! The documentation check of this workspace's CI: every public item's rustdoc starts with one
//! sentence that says what the item is for.
//!
//! Who uses it: `.ci/run` (through `cargo run -p doc-check`) and contributors before a commit;
//! the rule is in [`rule`], the walk over rustdoc's JSON output in [`walk`]. See the guide's
//! chapter for contributors:
//! <https://docs.rs/dqe-client/latest/dqe_client/guide/contributing/index.html>.

#![deny(missing_docs)]

pub mod rule;
pub mod walk;
