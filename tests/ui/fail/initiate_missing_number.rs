use dqe_client::endpoint::EncodeContext;
use dqe_client::{Credentials, InitiateRequest, Mode, Scope};

fn main() {
    let credentials = Credentials::new("licence", "secret");
    let request = InitiateRequest::new()
        .mode(Mode::Code)
        .name("ACME")
        .scope(Scope::Formfilling);
    let _ = request.to_form(&EncodeContext::new(&credentials, Some("token")));
}
