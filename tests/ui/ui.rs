//! Compile-time guarantees, as the user sees them, for what only a compiler shows: the pass
//! cases show the intended use; the fail cases pin the `on_unimplemented` message of every
//! missing mandatory parameter and of a fixed value set by hand, and the macro's own behaviour
//! (a spec's errors reported at the macro's argument, one compile error each; the spec directory
//! resolved from the invoking file; an argument that is not a string literal).
//!
//! The text of each spec diagnostic (`dqe-cli/tests/specs/*`) is tested in-process, without a
//! compiler, by `tests/tests/diagnostics.rs`.
//!
//! This crate (`tests/ui/`) holds these cases alone: trybuild compiles every dependency of the
//! crate whose cases it runs (with flags of its own, so in a directory of its own), and this
//! crate's are `dqe-client`'s, not the whole tree of the `tests` crate.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("pass/*.rs");
    t.compile_fail("fail/*.rs");
}
