//! An example for merchants whose API has a private scope: a crate that generates its client
//! from **its own spec**, the guide's chapter [the spec format, and adding a
//! scope](dqe_client::guide::spec) in code.
//!
//! Its spec is the shipped one (the `dqe-spec` crate, which `dqe-client` generates its own API
//! from) extended with a private scope, `spec/scopes/loyalty.toml` here, that DQE set up for one
//! merchant: `generate_api!(shipped + "../spec")`. A crate that needs an API file of its own names a
//! whole spec directory instead: `generate_api!("../spec")`.
//!
//! `generate_api!` writes this crate's own request builders, replies, errors and `Api`; the
//! runtime of `dqe-client` ([`Client`], [`Flow`], [`Error`], the [sandbox](dqe_sandbox)) is
//! generic over `Api`, so the whole journey runs with these types:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use own_spec::{ClientBuilder, InitiateRequest};
//!
//! // The server and credentials from the variables the spec names (DQE_SERVER...).
//! let client = ClientBuilder::new().with_env()?.build()?;
//! let request = InitiateRequest::new().number("0612345678").name("ACME").loyalty("P-42");
//! let consent = client.initiate(&request).await?;
//! // ...the customer approves at `consent.url()`...
//! let data = client.wait(consent.flow(), Duration::from_secs(180)).await?;
//! println!("tier: {:?}", data.loyalty_tier.as_deref());
//! # Ok(()) }
//! ```
//!
//! Use your own spec rather than editing the shipped one when the change is yours alone (a
//! private scope, a stricter parameter) and should not reach the
//! other users of `dqe-client`; edit the shipped spec when DQE changes the API for everyone.

#![deny(missing_docs)]

dqe_client::generate_api!(shipped + "../spec");

/// The client of this spec: [`dqe_client::client::Client`] for its [`Api`].
pub type Client = dqe_client::client::Client<Api>;

/// The builder of a [`Client`] of this spec.
pub type ClientBuilder = dqe_client::client::ClientBuilder<Api>;

/// A consent flow of this spec.
pub type Flow = dqe_client::client::Flow<Api>;

/// What went wrong with a call whose documented errors are `E`, in this spec.
pub type Error<E> = dqe_client::client::Error<E, Api>;
