//! The example program itself, run as a user would run it (`cargo run -p own-spec`): it serves
//! its own spec, runs the private scope's journey and meets a typed error.

use std::process::Command;

#[test]
fn the_example_runs_its_journey_and_meets_a_typed_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_own-spec"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("loyalty tier: gold, customer since: 2015"),
        "{stdout}"
    );
    assert!(stdout.contains("typed error: operator"), "{stdout}");
}
