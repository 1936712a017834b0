//! The own-spec crate's journeys against the sandbox serving the same spec: the private
//! scope's data, this spec's typed errors at both steps, a flow resumed from its serialized
//! form, and the blocking client. Real HTTP on loopback; nothing mocked.

use std::net::SocketAddr;
use std::time::Duration;

use dqe_client::client::{Check, Error as ClientError};
use dqe_client::journey::Journey;
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};
use own_spec::{
    Api, Client, ClientBuilder, Credentials, Flow, InitiateError, InitiateRequest, RetrieveError,
    Scope,
};

async fn sandbox() -> Sandbox {
    let config = SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_secs(1),
        ..SandboxConfig::default()
    };
    Sandbox::start_for::<Api>(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap()
}

fn client(sandbox: &Sandbox) -> Client {
    ClientBuilder::new()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .poll_interval(Duration::from_secs(1))
        .build()
        .unwrap()
}

fn loyalty(number: &str, programme: &str) -> own_spec::InitiateReady {
    InitiateRequest::new()
        .number(number)
        .name("ACME")
        .loyalty(programme)
}

#[test]
fn the_spec_has_the_shipped_scopes_and_the_private_one() {
    let wires: Vec<_> = Api::INFO.scopes.iter().map(|s| s.wire).collect();
    let mut expected: Vec<_> = dqe_client::Api::INFO
        .scopes
        .iter()
        .map(|s| s.wire)
        .collect();
    expected.push("loyalty");
    assert_eq!(wires, expected);
    assert_eq!(Scope::Loyalty.as_str(), "loyalty");
}

#[tokio::test]
async fn the_private_scope_runs_end_to_end() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let consent = client
        .initiate(&loyalty("0612345678", "P-42"))
        .await
        .unwrap();
    assert!(consent.url().is_some_and(|u| u.starts_with(sandbox.url())));
    assert_eq!(consent.flow().scopes().to_vec(), vec![Scope::Loyalty]);
    let data = client
        .wait(consent.flow(), Duration::from_secs(30))
        .await
        .unwrap();
    // The values the scope file gives as examples, served by the sandbox from the spec alone.
    assert_eq!(data.loyalty_tier.as_deref(), Some("gold"));
    assert_eq!(data.customer_since, Some(2015));
    // Another scope's data was not asked for.
    assert!(data.formfilling.is_none());
    sandbox.stop().await;
}

#[tokio::test]
async fn a_flow_serialized_in_one_process_resumes_in_another() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let consent = client
        .initiate(&loyalty("0612345678", "P-42").formfilling())
        .await
        .unwrap();
    let stored = serde_json::to_string(consent.flow()).unwrap();
    let flow: Flow = serde_json::from_str(&stored).unwrap();
    assert_eq!(&flow, consent.flow());
    let data = loop {
        match client.retrieve(&flow).await.unwrap() {
            Check::Ready(data) => break data,
            Check::Pending(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    };
    assert!(data.formfilling.is_some());
    assert_eq!(data.loyalty_tier.as_deref(), Some("gold"));
    sandbox.stop().await;
}

#[tokio::test]
async fn documented_errors_are_this_specs_own_enums() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);

    // The private scope's own parameter, sent empty: the error its file names (05).
    let err = client
        .initiate(&loyalty("0612345678", ""))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::Api(InitiateError::MissingUserInfos { .. })
        ),
        "{err:?}"
    );

    // A scenario number: step 1 answers error 13.
    let err = client
        .initiate(&loyalty("0619100013", "P-42"))
        .await
        .unwrap_err();
    match err {
        ClientError::Api(InitiateError::OperatorNotFound { operator, .. }) => {
            assert!(!operator.is_empty());
        }
        other => panic!("expected error 13, got {other:?}"),
    }

    // A scenario number: step 2 answers error 21 once consent is given.
    let consent = client
        .initiate(&loyalty("0619200021", "P-42"))
        .await
        .unwrap();
    let err = client
        .wait(consent.flow(), Duration::from_secs(30))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Api(RetrieveError::AccessDenied { .. })),
        "{err:?}"
    );
    assert_eq!(err.error_id(), Some("21"));
    sandbox.stop().await;
}

#[test]
fn the_blocking_client_runs_the_same_spec() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sandbox = runtime.block_on(sandbox());
    let client = ClientBuilder::new()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .poll_interval(Duration::from_secs(1))
        .build_blocking()
        .unwrap();
    let consent = client.initiate(&loyalty("0612345678", "P-42")).unwrap();
    let data = client
        .wait(consent.flow(), Duration::from_secs(30))
        .unwrap();
    assert_eq!(data.loyalty_tier.as_deref(), Some("gold"));
    drop(client);
    runtime.block_on(sandbox.stop());
}

/// The client of an own spec is as usable in a server as the shipped one: shared across
/// threads, its futures spawned.
#[tokio::test]
async fn the_client_is_send_and_sync_and_its_futures_spawn() {
    fn send_sync<T: Send + Sync + 'static>(_: &T) {}
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    send_sync(&client);
    let task = tokio::spawn({
        let client = client.clone();
        async move {
            let consent = client
                .initiate(&loyalty("0612345678", "P-42"))
                .await
                .unwrap();
            client.wait(consent.flow(), Duration::from_secs(30)).await
        }
    });
    let data = task.await.unwrap().unwrap();
    assert_eq!(data.customer_since, Some(2015));
    sandbox.stop().await;
}
