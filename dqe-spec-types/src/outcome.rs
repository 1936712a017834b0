//! The outcomes a failure may mean to the customer: the one list, read by the generator (the
//! `outcome` of an error row in the spec, parsed into it) and by the runtime (whose
//! `dqe_client::CustomerOutcome` wraps it and gives each a sentence for the customer).

use std::fmt;

/// What a failed journey means to the customer, for a sign-up page to say: the spec's
/// `outcome` of an error row is one of these (by [`CustomerOutcome::spec_value`]).
///
/// Not `#[non_exhaustive]`, on purpose: the runtime's sentences match it exhaustively, so that
/// an outcome added here does not build until the runtime says what it tells the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CustomerOutcome {
    /// `declined`: the customer declined to share their details.
    Declined,
    /// `wrong_code`: the code typed was wrong, or not typed in time.
    WrongCode,
    /// `expired`: it took too long (the consent or the session expired): start again.
    Expired,
    /// `not_eligible`: this number cannot be used with the service (not eligible, unknown
    /// operator).
    NotEligible,
    /// `invalid_number`: the number is invalid or empty: ask the customer to check it.
    InvalidNumber,
    /// `unavailable`: the operator or the service is unavailable for now: try again later.
    Unavailable,
    /// `not_supported`: the customer's operator does not offer this yet.
    NotSupported,
    /// `failed`: something went wrong on the merchant's or DQE's side: let the customer fill
    /// the form.
    Failed,
}

impl CustomerOutcome {
    /// Every outcome, with its value in the spec (`outcome = "wrong_code"`), in this order.
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

    /// Its value in the spec (`wrong_code`).
    pub const fn spec_value(self) -> &'static str {
        match self {
            CustomerOutcome::Declined => "declined",
            CustomerOutcome::WrongCode => "wrong_code",
            CustomerOutcome::Expired => "expired",
            CustomerOutcome::NotEligible => "not_eligible",
            CustomerOutcome::InvalidNumber => "invalid_number",
            CustomerOutcome::Unavailable => "unavailable",
            CustomerOutcome::NotSupported => "not_supported",
            CustomerOutcome::Failed => "failed",
        }
    }

    /// The outcome a spec value names (`wrong_code`); `None` for a value that names none.
    pub fn from_spec_value(value: &str) -> Option<CustomerOutcome> {
        Self::ALL.iter().find(|(v, _)| *v == value).map(|(_, o)| *o)
    }

    /// The variant's Rust name (`WrongCode`), for a generator writing the value as Rust.
    pub const fn variant_name(self) -> &'static str {
        match self {
            CustomerOutcome::Declined => "Declined",
            CustomerOutcome::WrongCode => "WrongCode",
            CustomerOutcome::Expired => "Expired",
            CustomerOutcome::NotEligible => "NotEligible",
            CustomerOutcome::InvalidNumber => "InvalidNumber",
            CustomerOutcome::Unavailable => "Unavailable",
            CustomerOutcome::NotSupported => "NotSupported",
            CustomerOutcome::Failed => "Failed",
        }
    }
}

impl fmt::Display for CustomerOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.spec_value())
    }
}

#[cfg(test)]
mod tests {
    use super::CustomerOutcome;

    #[test]
    fn each_outcome_has_one_spec_value_listed_once() {
        for (i, (value, outcome)) in CustomerOutcome::ALL.into_iter().enumerate() {
            assert_eq!(outcome.spec_value(), value);
            assert_eq!(CustomerOutcome::from_spec_value(value), Some(outcome));
            assert_eq!(format!("{outcome:?}"), outcome.variant_name());
            let later = &CustomerOutcome::ALL[i + 1..];
            assert!(later.iter().all(|(_, o)| *o != outcome), "{value} twice");
        }
        assert_eq!(CustomerOutcome::from_spec_value("Declined"), None);
        assert_eq!(CustomerOutcome::from_spec_value(""), None);
    }
}
