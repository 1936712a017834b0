//! The whole consent flow against a DQE server (or the sandbox):
//!
//! ```sh
//! DQE_SERVER=https://... DQE_LICENCE=... DQE_CLIENT_SECRET=... \
//!     cargo run -p dqe-client --example flow -- 0612345678
//! ```

use std::time::Duration;

use dqe_client::InitiateRequest;
use dqe_client::client::Client;
use dqe_client::redact::Printable;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let number = std::env::args().nth(1).ok_or("usage: flow PHONE_NUMBER")?;
    let client = Client::from_env()?;

    // Step 1: the customer gets an SMS; their browser goes to the operator's page.
    let request = InitiateRequest::new()
        .number(number)
        .name("ACME")
        .formfilling();
    let consent = client.initiate(&request).await?;
    // Text the server chose is printed through `Printable` (control characters escaped).
    println!("operator: {}", Printable(consent.operator().unwrap_or("?")));
    println!(
        "send the customer to: {}",
        Printable(consent.url().unwrap_or("?"))
    );

    // Step 2: wait for the customer to approve, at most three minutes.
    let data = client
        .wait(consent.flow(), Duration::from_secs(180))
        .await?;
    if let Some(identity) = data.formfilling {
        println!(
            "{} {}",
            Printable(identity.given_name.as_deref().unwrap_or("")),
            Printable(identity.family_name.as_deref().unwrap_or(""))
        );
    }
    Ok(())
}
