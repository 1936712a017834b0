//! What to tell the customer: every failure of the journey sorted into the few outcomes a sign-up
//! page shows, so that merchants do not each map DQE's error ids by hand.
//!
//! The mapping of each documented error id is in the spec (`outcome` on each error); the runtime
//! sorts its own failures (transport, timeouts, replies not understood).
//!
//! The list of outcomes and their names in the spec are defined once, in `dqe-spec-types` (the
//! generator reads the spec's `outcome` into it); [`CustomerOutcome`] wraps it and adds what is
//! the runtime's alone: the sentence a page shows the customer, in English or in French
//! ([`Lang`]).

use std::fmt;

use dqe_spec_types::CustomerOutcome as Shared;

use crate::Lang;

/// What a failed journey means to the customer, for the page to say.
///
/// Its values are named like an enum's variants (`CustomerOutcome::WrongCode`), and match as
/// such in a `match` (with a `_` arm: more may come); [`CustomerOutcome::ALL`] lists them.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CustomerOutcome(Shared);

#[allow(non_upper_case_globals)]
impl CustomerOutcome {
    /// The customer declined to share their details.
    pub const Declined: CustomerOutcome = CustomerOutcome(Shared::Declined);
    /// The code typed was wrong, or not typed in time.
    pub const WrongCode: CustomerOutcome = CustomerOutcome(Shared::WrongCode);
    /// It took too long (the consent or the session expired): start again.
    pub const Expired: CustomerOutcome = CustomerOutcome(Shared::Expired);
    /// This number cannot be used with the service (not eligible, unknown operator).
    pub const NotEligible: CustomerOutcome = CustomerOutcome(Shared::NotEligible);
    /// The number is invalid or empty: ask the customer to check it.
    pub const InvalidNumber: CustomerOutcome = CustomerOutcome(Shared::InvalidNumber);
    /// The operator or the service is unavailable for now: try again later.
    pub const Unavailable: CustomerOutcome = CustomerOutcome(Shared::Unavailable);
    /// The customer's operator does not offer this yet.
    pub const NotSupported: CustomerOutcome = CustomerOutcome(Shared::NotSupported);
    /// Something went wrong on the merchant's or DQE's side: let the customer fill the form.
    pub const Failed: CustomerOutcome = CustomerOutcome(Shared::Failed);
}

impl CustomerOutcome {
    /// Every outcome, with its name in the spec (`outcome = "wrong_code"`).
    pub const ALL: [(&'static str, CustomerOutcome); Shared::ALL.len()] = {
        let mut all = [("", CustomerOutcome::Failed); Shared::ALL.len()];
        let mut i = 0;
        while i < all.len() {
            let (name, outcome) = Shared::ALL[i];
            all[i] = (name, CustomerOutcome(outcome));
            i += 1;
        }
        all
    };

    /// Its name in the spec.
    pub fn name(self) -> &'static str {
        self.0.spec_value()
    }

    /// A sentence a page may show the customer, in English: [`CustomerOutcome::message_in`]
    /// with [`Lang::En`].
    pub fn message(self) -> &'static str {
        self.message_in(Lang::En)
    }

    /// A sentence a page may show the customer, in `lang` (for a browser's language,
    /// [`Lang::from_accept_language`]).
    pub fn message_in(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.french(),
            _ => self.english(),
        }
    }

    fn english(self) -> &'static str {
        match self.0 {
            Shared::Declined => {
                "You chose not to share your details. You can fill in the form yourself."
            }
            Shared::WrongCode => "The code was not right. Try again, or fill in the form yourself.",
            Shared::Expired => "This took too long. Please start again.",
            Shared::NotEligible => {
                "This phone number cannot be used to fill in the form. Please fill it in yourself."
            }
            Shared::InvalidNumber => "Please check the phone number and try again.",
            Shared::Unavailable => {
                "Your operator cannot be reached right now. Try again later, or fill in the form yourself."
            }
            Shared::NotSupported => {
                "Your operator does not offer this yet. Please fill in the form yourself."
            }
            Shared::Failed => "We could not fetch your details. Please fill in the form yourself.",
        }
    }

    fn french(self) -> &'static str {
        match self.0 {
            Shared::Declined => {
                "Vous avez choisi de ne pas partager vos informations. Vous pouvez remplir le formulaire vous-même."
            }
            Shared::WrongCode => {
                "Le code n’est pas le bon. Réessayez, ou remplissez le formulaire vous-même."
            }
            Shared::Expired => "Le délai est dépassé. Veuillez recommencer.",
            Shared::NotEligible => {
                "Ce numéro de téléphone ne permet pas de remplir le formulaire. Veuillez le remplir vous-même."
            }
            Shared::InvalidNumber => "Vérifiez le numéro de téléphone, puis réessayez.",
            Shared::Unavailable => {
                "Votre opérateur ne peut pas être joint pour le moment. Réessayez plus tard, ou remplissez le formulaire vous-même."
            }
            Shared::NotSupported => {
                "Votre opérateur ne propose pas encore ce service. Veuillez remplir le formulaire vous-même."
            }
            Shared::Failed => {
                "Nous n’avons pas pu obtenir vos informations. Veuillez remplir le formulaire vous-même."
            }
        }
    }
}

impl fmt::Debug for CustomerOutcome {
    /// The value's name (`WrongCode`), as an enum's variant prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.variant_name())
    }
}

impl fmt::Display for CustomerOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::CustomerOutcome;
    use crate::Lang;

    #[test]
    fn each_outcome_has_its_name_and_a_sentence_of_its_own() {
        let mut sentences = Vec::new();
        for (name, outcome) in CustomerOutcome::ALL {
            assert_eq!(outcome.name(), name);
            assert_eq!(outcome.to_string(), name);
            assert_eq!(outcome.message(), outcome.message_in(Lang::En));
            for lang in Lang::ALL {
                let sentence = outcome.message_in(lang);
                assert!(!sentence.is_empty());
                assert!(!sentences.contains(&sentence), "{name} in {lang:?}");
                sentences.push(sentence);
            }
        }
        assert_eq!(format!("{:?}", CustomerOutcome::WrongCode), "WrongCode");
        assert!(matches!(
            CustomerOutcome::ALL[1].1,
            CustomerOutcome::WrongCode
        ));
    }
}
