use dqe_client::endpoint::EncodeContext;
use dqe_client::{Credentials, InitiateRequest, Mode, Scope};

fn main() {
    let credentials = Credentials::new("licence", "secret");
    let request = InitiateRequest::new()
        .number("0612345678")
        .mode(Mode::Code)
        .scope(Scope::Formfilling);
    let _ = request.to_form(&EncodeContext::new(&credentials, Some("token")));
}
