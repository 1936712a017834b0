//! Decoding replies: the generated types against a hand-written baseline, in one run.
//!
//! The baseline is what a careful engineer would write by hand: flat `#[derive(Deserialize)]`
//! structs with `Option<String>` fields (no lenient dates, no enums, no list of scopes), one
//! struct per endpoint with the keys of every scope the spec has (scores and booleans as
//! `serde_json::Value`, since DQE sends them as numbers or strings), the status as a string.
//! The full identity has a second baseline doing the same work as the generated code
//! ([`same_work`]), to tell what the richer types cost from what the generated structure costs.

use divan::black_box;
use serde::Deserialize;

fn main() {
    divan::main();
}

/// A realistic step-2 success: a full identity, as the sandbox and operators send it.
const RETRIEVE_SUCCESS: &str = r#"{"status":"success","scope":"formfilling","code_name":"campaign-7",
"formfilling":{"phone_number":"0612345678","family_name":"Lefèvre","name":"Zoé Lefèvre","locale":"fr-FR",
"gender":"F","updated_at":1718003600,"birthdate":"1990-02-14","birthplace":"75","given_name":"Zoé",
"address":{"locality":"Lyon","country":"France","number":"12","formatted":"12 rue de l'Église\n69003 Lyon\nFrance",
"postal_code":"69003","street_address":"rue de l'Église"},"email":"zoe.lefevre@exemple.fr",
"email_domain":"exemple.fr","email_account":"zoe.lefevre","subscriber_msisdn":"0612345678","sub":"OR-4133718"}}"#;
const RETRIEVE_PENDING: &str = r#"{"status":"pending","scope":"formfilling"}"#;
const RETRIEVE_ERROR: &str =
    r#"{"status":"error","error_type":"internal server error","error_id":"99"}"#;
const INITIATE_SUCCESS: &str = r#"{"status":"success","operator":"Orange","url":"https://api.operator/openidconnect/fr?session=a1b2c3d4e5"}"#;
const INITIATE_ERROR: &str =
    r#"{"status":"error","error_type":"operator SFR not found","error_id":"13"}"#;
const TOKEN: &str = r#"{"access_token":"gAAAAABm2yKe3sQkP0XnVqY","token_type":"Bearer","expires_in":"300","refresh_token":"*Tq9dK2xLr"}"#;

mod hand {
    use super::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Address {
        pub country: Option<String>,
        pub postal_code: Option<String>,
        pub formatted: Option<String>,
        pub street_address: Option<String>,
        pub number: Option<String>,
        pub locality: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Formfilling {
        pub phone_number: Option<String>,
        pub family_name: Option<String>,
        pub name: Option<String>,
        pub locale: Option<String>,
        pub gender: Option<String>,
        pub updated_at: Option<serde_json::Value>,
        pub birthdate: Option<String>,
        pub birthplace: Option<String>,
        pub given_name: Option<String>,
        pub address: Option<Address>,
        pub email: Option<String>,
        pub email_domain: Option<String>,
        pub email_account: Option<String>,
        pub subscriber_msisdn: Option<String>,
        pub sub: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct AddressScores {
        pub country: Option<serde_json::Value>,
        pub postal_code: Option<serde_json::Value>,
        pub street_address: Option<serde_json::Value>,
        pub locality: Option<serde_json::Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Scores {
        pub gender: Option<serde_json::Value>,
        pub name: Option<serde_json::Value>,
        pub family_name: Option<serde_json::Value>,
        pub given_name: Option<serde_json::Value>,
        pub birthdate: Option<serde_json::Value>,
        pub email: Option<serde_json::Value>,
        pub address: Option<AddressScores>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Retrieve {
        pub status: String,
        pub scope: Option<String>,
        pub code_name: Option<String>,
        pub formfilling: Option<Formfilling>,
        pub matching: Option<Scores>,
        #[serde(rename = "numVerify")]
        pub num_verify: Option<serde_json::Value>,
        pub error_id: Option<String>,
        pub error_type: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Initiate {
        pub status: Option<String>,
        pub operator: Option<String>,
        pub url: Option<String>,
        pub swapped: Option<serde_json::Value>,
        pub family_name: Option<serde_json::Value>,
        pub given_name: Option<serde_json::Value>,
        pub gender: Option<serde_json::Value>,
        pub birthdate: Option<serde_json::Value>,
        pub email: Option<serde_json::Value>,
        pub address: Option<AddressScores>,
        pub error_id: Option<String>,
        pub error_type: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Token {
        pub status: Option<String>,
        pub access_token: Option<String>,
        pub token_type: Option<String>,
        pub expires_in: Option<String>,
        pub refresh_token: Option<String>,
        pub error_id: Option<String>,
        pub error_type: Option<String>,
    }
}

macro_rules! pair {
    ($name:ident, $body:expr, $generated:ty, $hand:ty) => {
        mod $name {
            use super::*;

            #[divan::bench]
            fn generated() -> $generated {
                serde_json::from_str::<$generated>(black_box($body)).unwrap()
            }

            #[divan::bench]
            fn hand_written() -> $hand {
                serde_json::from_str::<$hand>(black_box($body)).unwrap()
            }
        }
    };
}

pair!(
    retrieve_success,
    RETRIEVE_SUCCESS,
    dqe_client::RetrieveReply,
    hand::Retrieve
);
pair!(
    retrieve_pending,
    RETRIEVE_PENDING,
    dqe_client::RetrieveReply,
    hand::Retrieve
);
pair!(
    retrieve_error,
    RETRIEVE_ERROR,
    dqe_client::RetrieveReply,
    hand::Retrieve
);
pair!(
    initiate_success,
    INITIATE_SUCCESS,
    dqe_client::InitiateReply,
    hand::Initiate
);
pair!(
    initiate_error,
    INITIATE_ERROR,
    dqe_client::InitiateReply,
    hand::Initiate
);
pair!(token, TOKEN, dqe_client::AccessTokenReply, hand::Token);

/// A second baseline for the full identity: `#[derive(Deserialize)]` doing the same work as the
/// generated code on that reply, with the same value types (the scope list parsed, the gender
/// an enum, the birth date checked, the timestamp kept as text, the identity and its address
/// boxed), but none of the leniency (a value of another type fails the whole reply) and no
/// `oddities` or `extra`. The difference to the generated code is what the generated structure
/// costs; the difference to [`hand`] is what the richer types cost.
mod same_work {
    use std::fmt;

    use dqe_client::{Date, Gender, List, Scope, Timestamp};
    use serde::Deserialize;
    use serde::de::{Deserializer, Visitor};

    fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(d).map(|o| o.map(Date::parse))
    }

    fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Option<Timestamp>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp")
            }
            fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
                Ok(Some(Timestamp::from_epoch_seconds(n as i64)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Some(Timestamp::from_text(s)))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
        }
        d.deserialize_any(V)
    }

    // The address's keys are all text: the flat baseline's struct, boxed here.
    use super::hand::Address;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Formfilling {
        pub phone_number: Option<String>,
        pub family_name: Option<String>,
        pub name: Option<String>,
        pub locale: Option<String>,
        pub gender: Option<Gender>,
        #[serde(default, deserialize_with = "timestamp")]
        pub updated_at: Option<Timestamp>,
        #[serde(default, deserialize_with = "date")]
        pub birthdate: Option<Date>,
        pub birthplace: Option<String>,
        pub given_name: Option<String>,
        pub address: Option<Box<Address>>,
        pub email: Option<String>,
        pub email_domain: Option<String>,
        pub email_account: Option<String>,
        pub subscriber_msisdn: Option<String>,
        pub sub: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Retrieve {
        pub status: Option<String>,
        pub scope: Option<List<Scope>>,
        pub code_name: Option<String>,
        pub formfilling: Option<Box<Formfilling>>,
        pub error_id: Option<String>,
        pub error_type: Option<String>,
    }
}

mod retrieve_success_same_work {
    use super::*;

    #[divan::bench]
    fn hand_written_same_work() -> same_work::Retrieve {
        serde_json::from_str::<same_work::Retrieve>(black_box(RETRIEVE_SUCCESS)).unwrap()
    }
}
