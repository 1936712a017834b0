//! The scenario numbers: which operator a phone number chooses, and which documented error it
//! makes a step answer (the table is in the module docs of [`super`]).

use dqe_client::endpoint::{ErrorInfo, ScopeInfo};
use dqe_client::journey::{ApiInfo, Journey};

/// The operator of numbers whose third digit names none, also named in errors answered before
/// a number chose one.
pub(super) const DEFAULT_OPERATOR: &str = "Orange";

/// Which step a scenario number makes fail, with which documented error.
#[derive(Clone, Copy, Debug)]
pub(super) enum Failure {
    /// Step 1 answers this error.
    Step1(&'static ErrorInfo),
    /// Step 2 answers this error once consent is given.
    Step2(&'static ErrorInfo),
    /// Step 2 answers this error once, then succeeds.
    Step2Once(&'static ErrorInfo),
}

/// The operator chosen by a number's third digit.
pub(super) fn operator(number: &str) -> &'static str {
    match number.as_bytes().get(2) {
        Some(b'2') => "SFR",
        Some(b'3') => "Bouygues Telecom",
        Some(b'4') => "Free Mobile",
        _ => DEFAULT_OPERATOR,
    }
}

/// The failure a number asks for a request asking for `scopes`: digit 4 `9`, digit 5 the
/// step, the last two digits a documented error id of that step of `api`, in the words of the
/// scopes asked for ([`EndpointInfo::error_for`](dqe_client::endpoint::EndpointInfo::error_for)).
/// `None` for any other number, and for an error none of the scopes documents (its file does
/// without it): the flow goes through.
pub(super) fn failure(api: &ApiInfo, number: &str, scopes: &[&ScopeInfo]) -> Option<Failure> {
    let b = number.as_bytes();
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) || b[3] != b'9' {
        return None;
    }
    let id = &number[8..];
    match b[4] {
        b'1' => api.consent.error_for(id, scopes).map(Failure::Step1),
        b'2' => api.retrieve.error_for(id, scopes).map(Failure::Step2),
        b'3' => api.retrieve.error_for(id, scopes).map(Failure::Step2Once),
        _ => None,
    }
}

/// Every scenario number of this crate's spec ([`Api`](dqe_client::Api)): `(number, step, error id,
/// error text)`, step 1 first.
///
/// [`scenarios_of`] lists those of another spec.
pub fn scenarios() -> Vec<(String, u8, &'static str, String)> {
    scenarios_of::<dqe_client::Api>()
}

/// Every scenario number of the spec `A` names (the `Api` type `generate_api!` generated for
/// it), as [`Sandbox::start_for`](super::Sandbox::start_for) serves it: `(number, step, error
/// id, error text)`, step 1 first.
pub fn scenarios_of<A: Journey>() -> Vec<(String, u8, &'static str, String)> {
    let api = A::INFO;
    let mut out = Vec::new();
    for (step, info) in [(1u8, api.consent), (2u8, api.retrieve)] {
        for e in info.errors {
            let number = format!("0619{step}000{:0>2}", e.id);
            out.push((
                number,
                step,
                e.id,
                e.render(|_| DEFAULT_OPERATOR.to_owned()),
            ));
        }
    }
    out
}
