// Step 1 without a scope: choose one with its method (`.formfilling()`, `.simswap(period)`...).
use dqe_client::endpoint::EncodeContext;
use dqe_client::{Credentials, InitiateRequest};

fn main() {
    let credentials = Credentials::new("licence", "secret");
    let request = InitiateRequest::new().number("0612345678").name("ACME");
    let _ = request.to_form(&EncodeContext::new(&credentials, Some("token")));
}
