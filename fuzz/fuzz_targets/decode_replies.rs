//! Any bytes as the reply of every endpoint: decoding never panics, and whatever decodes
//! re-encodes and decodes to the same value; `Debug` never panics either.
#![no_main]

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

fn check<R: DeserializeOwned + Serialize + PartialEq + Debug>(data: &[u8]) {
    if let Ok(reply) = serde_json::from_slice::<R>(data) {
        let encoded = serde_json::to_vec(&reply).expect("a decoded reply encodes");
        let again: R = serde_json::from_slice(&encoded).expect("an encoded reply decodes");
        assert_eq!(reply, again, "re-encoding changed the reply");
        let _ = format!("{reply:?}");
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    check::<dqe_client::AccessTokenReply>(data);
    check::<dqe_client::InitiateReply>(data);
    check::<dqe_client::RetrieveReply>(data);
});
