// Asking for `matching` (with `formfilling`) without `user_infos` does not compile.
use dqe_client::InitiateRequest;

fn main() {
    let _ = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .formfilling()
        .matching();
}
