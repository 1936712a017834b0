//! Realistic fake identities: accents, compound names, a line break in the formatted address,
//! `updated_at` as operators send it (seconds since the epoch, a JSON number), a withheld year.

use crate::{Address, Formfilling, Gender, Timestamp};

struct Person {
    given: &'static str,
    family: &'static str,
    gender: Gender,
    birthdate: &'static str,
    birthplace: &'static str,
    email_account: &'static str,
    email_domain: &'static str,
    number: &'static str,
    street: &'static str,
    postal_code: &'static str,
    locality: &'static str,
    updated_at: i64,
}

const PEOPLE: &[Person] = &[
    Person {
        given: "Zoé",
        family: "Lefèvre",
        gender: Gender::Female,
        birthdate: "1990-02-14",
        birthplace: "75",
        email_account: "zoe.lefevre",
        email_domain: "exemple.fr",
        number: "12",
        street: "rue de l'Église",
        postal_code: "69003",
        locality: "Lyon",
        updated_at: 1_718_003_600,
    },
    Person {
        given: "François",
        family: "Dupont-Müller",
        gender: Gender::Male,
        birthdate: "1978-11-03",
        birthplace: "67",
        email_account: "f.dupont-muller",
        email_domain: "courriel.fr",
        number: "3 bis",
        street: "avenue Jean-Jaurès",
        postal_code: "67000",
        locality: "Strasbourg",
        updated_at: 1_700_000_000,
    },
    Person {
        given: "Anaïs",
        family: "N'Guyen",
        gender: Gender::Female,
        birthdate: "0000-07-21",
        birthplace: "13",
        email_account: "anais.nguyen",
        email_domain: "exemple.com",
        number: "48",
        street: "boulevard de la Croisette",
        postal_code: "06400",
        locality: "Cannes",
        updated_at: 1_733_011_200,
    },
];

/// A fake identity for a phone number (the same number, the same person).
pub(crate) fn for_number(number: &str) -> Formfilling {
    let digits: u32 = number.bytes().map(u32::from).sum();
    let p = &PEOPLE[digits as usize % PEOPLE.len()];
    let address = Address {
        number: Some(p.number.to_owned()),
        street_address: Some(p.street.to_owned()),
        postal_code: Some(p.postal_code.to_owned()),
        locality: Some(p.locality.to_owned()),
        country: Some("France".to_owned()),
        formatted: Some(format!(
            "{} {}\n{} {}\nFrance",
            p.number, p.street, p.postal_code, p.locality
        )),
        ..Address::default()
    };
    Formfilling {
        phone_number: Some(number.to_owned()),
        subscriber_msisdn: Some(number.to_owned()),
        given_name: Some(p.given.to_owned()),
        family_name: Some(p.family.to_owned()),
        name: Some(format!("{} {}", p.given, p.family)),
        gender: Some(p.gender.clone()),
        birthdate: Some(crate::Date::parse(p.birthdate)),
        birthplace: Some(p.birthplace.to_owned()),
        email: Some(format!("{}@{}", p.email_account, p.email_domain)),
        email_account: Some(p.email_account.to_owned()),
        email_domain: Some(p.email_domain.to_owned()),
        locale: Some("fr-FR".to_owned()),
        updated_at: Some(Timestamp::from_epoch_seconds(p.updated_at)),
        sub: Some(format!("SBX-{:08}", digits * 7919)),
        address: Some(Box::new(address)),
        ..Formfilling::default()
    }
}
