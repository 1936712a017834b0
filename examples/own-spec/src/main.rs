//! The private scope's whole journey against the sandbox, in-process, with this crate's own
//! types: the sandbox serves this crate's spec (`Sandbox::start_for::<Api>`), the client runs
//! it (`Client<Api>`), and a documented error comes back as this spec's own error enum.
//!
//! `cargo run -p own-spec`

use std::net::SocketAddr;
use std::time::Duration;

use dqe_client::client::Error as ClientError;
use dqe_client::redact::Printable;
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};
use own_spec::{Api, ClientBuilder, Credentials, InitiateError, InitiateRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_secs(1),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start_for::<Api>(config, SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let client = ClientBuilder::new()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .poll_interval(Duration::from_secs(1))
        .build()?;

    // The private scope: its method takes the parameter its file requires.
    let request = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .loyalty("P-42");
    let consent = client.initiate(&request).await?;
    println!("operator: {}", Printable(consent.operator().unwrap_or("?")));
    let data = client.wait(consent.flow(), Duration::from_secs(60)).await?;
    println!(
        "loyalty tier: {}, customer since: {}",
        Printable(data.loyalty_tier.as_deref().unwrap_or("?")),
        data.customer_since
            .map_or("?".to_owned(), |y| y.to_string()),
    );

    // A sandbox scenario number whose step 1 answers error 13: this spec's own error enum.
    let request = InitiateRequest::new()
        .number("0619100013")
        .name("ACME")
        .loyalty("P-42");
    match client.initiate(&request).await {
        Err(ClientError::Api(InitiateError::OperatorNotFound { operator, .. })) => {
            println!("typed error: operator {} not found", Printable(&operator));
        }
        other => return Err(format!("expected error 13, got {other:?}").into()),
    }
    sandbox.stop().await;
    Ok(())
}
