//! `dqe sandbox`: serves the sandbox until it stops or Ctrl-C.

use std::net::SocketAddr;
use std::time::Duration;

use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};

use crate::Outcome;
use crate::cli::SandboxArgs;
use crate::fail::usage;
use crate::output::outln;

/// `dqe sandbox`: its options as a `SandboxConfig` (the sandbox's defaults for what is not
/// given), then [`serve`].
pub async fn sandbox(args: &SandboxArgs) -> Outcome {
    let defaults = SandboxConfig::default();
    let seconds = |given: Option<u64>, default| given.map_or(default, Duration::from_secs);
    let config = SandboxConfig {
        auto_approve: args.auto_approve,
        show_code: args.show_code,
        pending_time: Duration::from_secs(args.pending_seconds),
        consent_lifetime: seconds(args.consent_seconds, defaults.consent_lifetime),
        token_lifetime: seconds(args.token_seconds, defaults.token_lifetime),
        ..defaults
    };
    serve(config, SocketAddr::new(args.host, args.port)).await
}

/// Serves the sandbox. Its log (the SMS codes among it) goes to stderr ([`logging`]); stdout
/// is for results.
///
/// [`logging`]: crate::logging
async fn serve(config: SandboxConfig, addr: SocketAddr) -> Outcome {
    let sandbox = Sandbox::start(config, addr)
        .await
        .map_err(|e| usage(format!("cannot listen on {addr}: {e}")))?;
    // A server keeps serving when its reader goes away (`dqe sandbox | head -1` to learn the
    // address): what it prints on stdout is for information only.
    let _ = announce(&sandbox);
    tokio::select! {
        () = sandbox.wait() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

/// Prints where the sandbox listens, its test account and how to use its scenario numbers.
fn announce(sandbox: &Sandbox) -> Outcome {
    outln!("DQE sandbox listening on {}", sandbox.url())?;
    outln!(
        "  licence {DEFAULT_LICENCE}, client secret {DEFAULT_CLIENT_SECRET} (sandbox test values)"
    )?;
    outln!("  scenario numbers: 06 + operator digit + 9 + step + 000 + error id, e.g. 0619100013")?;
    outln!("  stop with Ctrl-C")
}
