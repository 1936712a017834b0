//! Runs the sign-up page against an in-process sandbox: `cargo run -p merchant-signup`, then open
//! <http://127.0.0.1:3000> (or the port in `PORT`).
//!
//! The sandbox's consent page shows the SMS code it "sent" (test mode).

use std::net::SocketAddr;
use std::time::Duration;

use dqe_client::Credentials;
use dqe_client::client::Client;
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(
        SandboxConfig {
            show_code: true,
            pending_time: Duration::from_secs(1),
            ..SandboxConfig::default()
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await?;
    // Against DQE itself: `Client::from_env()` (DQE_SERVER, DQE_LICENCE, DQE_CLIENT_SECRET).
    let client = Client::builder()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .build()?;
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port.parse()?,
        Err(_) => 3000,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let public_url = format!("http://{}", listener.local_addr()?);
    println!("sandbox:  {}", sandbox.url());
    println!("the shop: {public_url}  (open it in a browser; Ctrl-C stops)");
    axum::serve(listener, merchant_signup::app(client, public_url)).await?;
    Ok(())
}
