use dqe_client::RetrieveRequest;
use dqe_client::endpoint::Endpoint;

// What the client's `send` looks like: a generic function bounded by `Endpoint`.
fn send<E: Endpoint>(_request: E) {}

fn main() {
    send(RetrieveRequest::new());
}
