use dqe_client::endpoint::EncodeContext;
use dqe_client::{Credentials, InitiateRequest};

fn main() {
    let credentials = Credentials::new("licence", "secret");
    let request = InitiateRequest::new()
        .number("0612345678")
        .formfilling();
    let _ = request.to_form(&EncodeContext::new(&credentials, Some("token")));
}
