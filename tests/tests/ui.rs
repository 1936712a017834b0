//! Compile-time guarantees, as the user sees them, for what only a compiler shows: the pass
//! cases show the intended use; the fail cases pin the `on_unimplemented` message of every
//! missing mandatory parameter and of a fixed value set by hand, and the macro's own behaviour
//! (a spec's errors reported at the macro's argument, one compile error each; the spec directory
//! resolved from the invoking file; an argument that is not a string literal).
//!
//! The text of each spec diagnostic (`dqe-cli/tests/specs/*`) is tested in-process, without a
//! compiler, by `diagnostics.rs`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
