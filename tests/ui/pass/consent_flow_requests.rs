//! The intended use: build each request with its mandatory parameters, in any order, and
//! encode it with the client's credentials.
use dqe_client::endpoint::{EncodeContext, Endpoint};
use dqe_client::{AccessTokenRequest, Credentials, InitiateRequest, Mode, RetrieveRequest, Scope};

fn send<E: Endpoint<Credentials = Credentials>>(request: &E, credentials: &Credentials) -> String {
    request.to_form(&EncodeContext::new(credentials, Some("token")))
}

fn main() {
    let credentials = Credentials::new("licence", "secret");
    let token = AccessTokenRequest::new();
    let initiate = InitiateRequest::new()
        .scope(Scope::Formfilling)
        .name("ACME")
        .number("0612345678")
        .mode(Mode::Code)
        .redirect_uri("https://shop.example/back")
        .code_name("campaign-7");
    let retrieve = RetrieveRequest::new().scope([Scope::Formfilling]);
    for form in [
        send(&token, &credentials),
        send(&initiate, &credentials),
        send(&retrieve, &credentials),
    ] {
        assert!(!form.is_empty());
    }
}
