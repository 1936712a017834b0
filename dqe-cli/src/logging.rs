//! What `dqe` logs, on stderr: nothing by default; with `-v` the requests (method, endpoint,
//! path, HTTP status, duration, bytes, error id) and the retry and poll decisions; with `-vv`
//! timings (the token, the reply's head) and the poll schedule too. `RUST_LOG`, when set,
//! chooses instead, as `tracing-subscriber`'s `EnvFilter` reads it
//! (`RUST_LOG=dqe_client=debug`, `RUST_LOG=trace`). `dqe sandbox` logs what the sandbox does
//! (the SMS codes among it) by default.
//!
//! The library logs no value (no licence, secret, token, phone number, identity value or
//! URL) at any level: `tests/cli/output.rs` runs every scope with `-vv` and `RUST_LOG=trace` and
//! looks for them.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// The filter when `RUST_LOG` is not set: `verbose` is the number of `-v`; `serving` is true
/// for `dqe sandbox`, whose log is its output.
fn default_filter(verbose: u8, serving: bool) -> &'static str {
    match (verbose, serving) {
        (0, false) => "off",
        (0, true) | (1, _) => "dqe_client=info",
        _ => "dqe_client=debug",
    }
}

/// Starts logging to stderr, with colours only on a terminal. `RUST_LOG` wins when it is set
/// and not empty; a `RUST_LOG` that cannot be read is said once and the default is used.
pub fn init(verbose: u8, serving: bool) {
    let fallback = default_filter(verbose, serving);
    let filter = match std::env::var("RUST_LOG") {
        Ok(text) if !text.trim().is_empty() => EnvFilter::try_new(&text).unwrap_or_else(|e| {
            crate::output::message(format_args!(
                "dqe: RUST_LOG is not a filter ({e}); using {fallback}"
            ));
            EnvFilter::new(fallback)
        }),
        _ => EnvFilter::new(fallback),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// Whether anything may be logged: the spinner stays off then, not to mix with log lines.
pub fn active(verbose: u8) -> bool {
    verbose > 0 || std::env::var("RUST_LOG").is_ok_and(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_by_default_louder_with_each_v() {
        assert_eq!(default_filter(0, false), "off");
        assert_eq!(default_filter(0, true), "dqe_client=info");
        assert_eq!(default_filter(1, false), "dqe_client=info");
        assert_eq!(default_filter(2, false), "dqe_client=debug");
        assert_eq!(default_filter(7, true), "dqe_client=debug");
    }
}
