//! Compile-time guarantees, as the user sees them: trybuild pass cases show the intended use;
//! fail cases pin the compiler's message for every missing mandatory parameter and for every
//! kind of spec mistake (`tests/ui/specs/*`).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
