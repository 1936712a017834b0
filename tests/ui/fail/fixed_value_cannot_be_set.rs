use dqe_client::AccessTokenRequest;

fn main() {
    // `grant_type` is fixed by the spec and `licence` comes from the credentials:
    // neither can be set on a request.
    let _ = AccessTokenRequest::new().grant_type("password").licence("x");
}
