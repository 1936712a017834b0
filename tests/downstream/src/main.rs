//! A downstream program: `dqe-client` as a registry serves it (the generated API, from the
//! spec inside the package), its sandbox started in-process, and a whole formfilling flow run
//! against it with the async client. Prints the identity's family name.

use std::net::SocketAddr;
use std::time::Duration;

use dqe_client::client::Client;
use dqe_client::redact::Printable;
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};
use dqe_client::{Credentials, InitiateRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_secs(1),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0))).await?;

    let client = Client::builder()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .poll_interval(Duration::from_secs(1))
        .build()?;

    // Step 1: a token, then the consent request (approved at once by the sandbox).
    let request = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .formfilling();
    let consent = client.initiate(&request).await?;
    println!("operator: {}", Printable(consent.operator().unwrap_or("?")));

    // Step 2: pending for a second, then the identity.
    let data = client.wait(consent.flow(), Duration::from_secs(60)).await?;
    let identity = data.formfilling.ok_or("no identity in the reply")?;
    println!(
        "family name: {}",
        Printable(identity.family_name.as_deref().unwrap_or(""))
    );
    Ok(())
}
