// Asking for `simswap` without `period` does not compile: the scope's method takes it.
use dqe_client::InitiateRequest;

fn main() {
    let _ = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .simswap();
}
