//! The whole consent flow from a synchronous program, with the blocking client, against the
//! sandbox started in-process (consent given at once):
//!
//! ```sh
//! cargo run -p dqe-sandbox --example blocking
//! ```
//!
//! No `async` here: the sandbox (a server, hence async) runs on a runtime of its own, and the
//! blocking client on its own thread.

use std::net::SocketAddr;
use std::time::Duration;

use dqe_client::redact::Printable;
use dqe_client::{Credentials, InitiateRequest};
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The sandbox serves from the worker threads of this runtime.
    let runtime = tokio::runtime::Runtime::new()?;
    let config = SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_secs(1),
        ..SandboxConfig::default()
    };
    let sandbox = runtime.block_on(Sandbox::start(
        config,
        SocketAddr::from(([127, 0, 0, 1], 0)),
    ))?;

    // The async client's builder, finished with `build_blocking`.
    let client = dqe_client::client::Client::builder()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .poll_interval(Duration::from_secs(1))
        .build_blocking()?;

    // Step 1: a token, then the consent request.
    let request = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .formfilling();
    let consent = client.initiate(&request)?;
    // Text the server chose is printed through `Printable` (control characters escaped).
    println!("operator: {}", Printable(consent.operator().unwrap_or("?")));
    println!(
        "send the customer to: {}",
        Printable(consent.url().unwrap_or("?"))
    );

    // Step 2: pending for a second, then the identity.
    let data = client.wait(consent.flow(), Duration::from_secs(60))?;
    let identity = data.formfilling.ok_or("no identity in the reply")?;
    println!(
        "identity: {} {}",
        Printable(identity.given_name.as_deref().unwrap_or("")),
        Printable(identity.family_name.as_deref().unwrap_or(""))
    );

    drop(client); // stops the client's thread
    drop(sandbox);
    Ok(())
}
