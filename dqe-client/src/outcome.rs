//! What to tell the customer: every failure of the journey sorted into the few outcomes a
//! sign-up page shows, so that merchants do not each map DQE's error ids by hand. The mapping of
//! each documented error id is in the spec (`outcome` on each error); the runtime sorts its own
//! failures (transport, timeouts, replies not understood).

use std::fmt;

/// What a failed journey means to the customer, for the page to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CustomerOutcome {
    /// The customer declined to share their details.
    Declined,
    /// The code typed was wrong, or not typed in time.
    WrongCode,
    /// It took too long (the consent or the session expired): start again.
    Expired,
    /// This number cannot be used with the service (not eligible, unknown operator).
    NotEligible,
    /// The number is invalid or empty: ask the customer to check it.
    InvalidNumber,
    /// The operator or the service is unavailable for now: try again later.
    Unavailable,
    /// The customer's operator does not offer this yet.
    NotSupported,
    /// Something went wrong on the merchant's or DQE's side: let the customer fill the form.
    Failed,
}

impl CustomerOutcome {
    /// Every outcome, with its name in the spec (`outcome = "wrong_code"`).
    pub const ALL: [(&'static str, CustomerOutcome); 8] = [
        ("declined", CustomerOutcome::Declined),
        ("wrong_code", CustomerOutcome::WrongCode),
        ("expired", CustomerOutcome::Expired),
        ("not_eligible", CustomerOutcome::NotEligible),
        ("invalid_number", CustomerOutcome::InvalidNumber),
        ("unavailable", CustomerOutcome::Unavailable),
        ("not_supported", CustomerOutcome::NotSupported),
        ("failed", CustomerOutcome::Failed),
    ];

    /// Its name in the spec.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, o)| *o == self)
            .map_or("failed", |(n, _)| n)
    }

    /// A sentence a page may show the customer (English; pages in other languages write their
    /// own from the variant).
    pub fn message(self) -> &'static str {
        match self {
            CustomerOutcome::Declined => {
                "You chose not to share your details. You can fill in the form yourself."
            }
            CustomerOutcome::WrongCode => {
                "The code was not right. Try again, or fill in the form yourself."
            }
            CustomerOutcome::Expired => "This took too long. Please start again.",
            CustomerOutcome::NotEligible => {
                "This phone number cannot be used to fill in the form. Please fill it in yourself."
            }
            CustomerOutcome::InvalidNumber => "Please check the phone number and try again.",
            CustomerOutcome::Unavailable => {
                "Your operator cannot be reached right now. Try again later, or fill in the form yourself."
            }
            CustomerOutcome::NotSupported => {
                "Your operator does not offer this yet. Please fill in the form yourself."
            }
            CustomerOutcome::Failed => {
                "We could not fetch your details. Please fill in the form yourself."
            }
        }
    }
}

impl fmt::Display for CustomerOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
