//! Awkward names in a spec generate correct code: keys that differ only in characters an
//! identifier cannot hold stay apart, keyword wire names work, a parameter may be named
//! `state`, and the status and error keys come from the spec.

mod tricky {
    dqe_client::generate_api!("fixtures/tricky");
}

use dqe_client::endpoint::EncodeContext;
use tricky::*;

#[test]
fn keys_that_differ_only_in_punctuation_stay_apart() {
    let reply: LookReply =
        serde_json::from_str(r#"{"a-b":"dash","a_b":"underscore","type":"k"}"#).unwrap();
    let LookReply::Success(s) = reply else {
        panic!("the default outcome")
    };
    assert_eq!(s.dash.as_deref(), Some("dash"));
    assert_eq!(s.underscore.as_deref(), Some("underscore"));
    assert_eq!(s.kind.as_deref(), Some("k"));
}

#[test]
fn wire_names_and_statuses_come_from_the_spec() {
    let form = LookRequest::new()
        .state("s")
        .kind("t")
        .to_form(&EncodeContext::new(&Credentials::new("K"), None));
    assert_eq!(form, "state=s&type=t&API-Key=K");
    let reply: LookReply =
        serde_json::from_str(r#"{"result":"failed","code":7,"reason":"nope: too far"}"#).unwrap();
    assert_eq!(
        reply,
        LookReply::Error(LookError::Nope {
            detail: "too far".into(),
            reason: "nope: too far".into()
        })
    );
    let LookReply::Error(e) = reply else {
        unreachable!()
    };
    assert_eq!((e.id(), e.reason()), ("7", "nope: too far"));
}
