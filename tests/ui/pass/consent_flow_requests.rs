//! The intended use: build each request with its mandatory parameters, in any order, choose
//! scopes with their methods (each taking what its scope requires), and encode it with the
//! client's credentials. A complete step 1 has a name: `InitiateReady`.
use dqe_client::endpoint::{EncodeContext, Endpoint};
use dqe_client::{
    AccessTokenRequest, Credentials, InitiateReady, InitiateRequest, RetrieveRequest, Scope,
    UserInfos,
};

fn send<E: Endpoint<Credentials = Credentials>>(request: &E, credentials: &Credentials) -> String {
    request.to_form(&EncodeContext::new(credentials, Some("token")))
}

fn simswap(number: &str) -> InitiateReady {
    InitiateRequest::new().number(number).name("ACME").simswap(24)
}

fn main() {
    let credentials = Credentials::new("licence", "secret");
    let token = AccessTokenRequest::new();
    let mut infos = UserInfos::default();
    infos.lastname = Some("Dupont".into());
    let initiate = InitiateRequest::new()
        .formfilling()
        .name("ACME")
        .matching(infos)
        .number("0612345678")
        .redirect_uri("https://shop.example/back")
        .code_name("campaign-7");
    let retrieve = RetrieveRequest::new().scope([Scope::Formfilling, Scope::Matching]);
    for form in [
        send(&token, &credentials),
        send(&initiate, &credentials),
        send(&simswap("0612345678"), &credentials),
        send(&retrieve, &credentials),
    ] {
        assert!(!form.is_empty());
    }
}
