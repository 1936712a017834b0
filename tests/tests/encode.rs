//! Encoding requests: the exact documented wire form, and no value can add, remove or alter
//! another parameter, whatever it holds.

use dqe_client::dynamic::{DynamicError, DynamicRequest};
use dqe_client::endpoint::{EncodeContext, Endpoint, Method};
use dqe_client::{
    AccessTokenRequest, Credentials, InitiateReady, InitiateRequest, RetrieveRequest, Scope,
    UserInfos,
};
use proptest::prelude::*;

fn credentials() -> Credentials {
    Credentials::new("LIC-123", "s3cr&t=+")
}

fn facts<E: Endpoint>(_: &E) -> (&'static str, &'static [Method], bool) {
    (E::PATH, E::METHODS, E::IDEMPOTENT)
}

fn pairs(form: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(form.as_bytes())
        .into_owned()
        .collect()
}

fn p(k: &str, v: &str) -> (String, String) {
    (k.to_owned(), v.to_owned())
}

#[test]
fn access_token_wire_form() {
    let c = credentials();
    let form = AccessTokenRequest::new().to_form(&EncodeContext::new(&c, None));
    assert_eq!(
        form,
        "licence=LIC-123&client_secret=s3cr%26t%3D%2B&grant_type=client_idmobile"
    );
    assert_eq!(<AccessTokenRequest as Endpoint>::PATH, "/ACCESS_TOKEN/");
    const { assert!(!<AccessTokenRequest as Endpoint>::TAKES_TOKEN) };
}

#[test]
fn initiate_wire_form_in_documented_order() {
    let c = credentials();
    let request = InitiateRequest::new()
        .formfilling()
        .redirect_uri("https://shop.example/back?x=1&y=2")
        .name("ACME Télécom")
        .number("0612345678")
        .code_name("A B");
    let form = request.to_form(&EncodeContext::new(&c, Some("tok/+=")));
    assert_eq!(
        form,
        "number=0612345678&token=tok%2F%2B%3D&mode=2&name=ACME+T%C3%A9l%C3%A9com&code_name=A+B\
         &licence=LIC-123&scope=formfilling&redirect_uri=https%3A%2F%2Fshop.example%2Fback%3Fx%3D1%26y%3D2"
    );
    let (path, methods, idempotent) = facts(&request);
    assert_eq!(path, "/IDMOBILE/");
    assert_eq!(methods, [Method::Post, Method::Get]);
    assert!(!idempotent, "step 1 sends an SMS");
}

#[test]
fn retrieve_sends_licence_with_a_capital_l() {
    let c = credentials();
    let request = RetrieveRequest::new().scope(Scope::Formfilling);
    let form = request.to_form(&EncodeContext::new(&c, Some("tok")));
    assert_eq!(form, "token=tok&Licence=LIC-123&scope=formfilling");
    assert_eq!(facts(&request).0, "/GET/");
}

#[test]
fn several_scopes_are_comma_joined() {
    let c = credentials();
    let form = RetrieveRequest::new()
        .scope([Scope::Other("matching".into()), Scope::Formfilling])
        .to_form(&EncodeContext::new(&c, Some("t")));
    assert_eq!(pairs(&form)[2], p("scope", "matching,formfilling"));
}

fn sent(form: &str, key: &str) -> Option<String> {
    pairs(form)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn infos() -> UserInfos {
    let mut infos = UserInfos::default();
    infos.lastname = Some("Lefèvre".to_owned());
    infos.phone = Some("0612345678".to_owned());
    infos
}

/// A parameter a scope file adds goes with that scope alone: `country` (matching_notp's) and
/// `period` (simswap's) are not sent with other scopes, even when the caller set them, and are
/// sent when their scope is among those asked for.
#[test]
fn a_scope_s_own_parameter_is_sent_only_with_that_scope() {
    let c = credentials();
    let ctx = EncodeContext::new(&c, Some("t"));
    let start = || InitiateRequest::new().number("0612345678").name("ACME");
    let form = start().formfilling().country("FR").to_form(&ctx);
    assert_eq!(sent(&form, "country"), None, "{form}");
    let form = start().matching_notp(infos()).country("FR").to_form(&ctx);
    assert_eq!(sent(&form, "country").as_deref(), Some("FR"), "{form}");
    let form = start()
        .formfilling()
        .matching_notp(infos())
        .country("FR")
        .to_form(&ctx);
    assert_eq!(sent(&form, "country").as_deref(), Some("FR"), "{form}");
    let form = start().num_verify().period(24).to_form(&ctx);
    assert_eq!(sent(&form, "period"), None, "{form}");
    let form = start().num_verify().simswap(24).to_form(&ctx);
    assert_eq!(sent(&form, "period").as_deref(), Some("24"), "{form}");
}

/// `user_infos` goes with the matching scopes alone (the other scopes' files list it in
/// `without`): not sent for numVerify or formfilling even when set, sent for matching, and for
/// a request mixing scopes when one of them takes it.
#[test]
fn user_infos_is_sent_only_with_a_scope_that_takes_it() {
    let c = credentials();
    let ctx = EncodeContext::new(&c, Some("t"));
    let start = || InitiateRequest::new().number("0612345678").name("ACME");
    for form in [
        start().num_verify().user_infos(infos()).to_form(&ctx),
        start().formfilling().user_infos(infos()).to_form(&ctx),
        start().simswap(24).user_infos(infos()).to_form(&ctx),
    ] {
        assert_eq!(sent(&form, "user_infos"), None, "{form}");
    }
    for form in [
        start().matching(infos()).to_form(&ctx),
        start().formfilling().matching(infos()).to_form(&ctx),
        start().num_verify().matching_notp(infos()).to_form(&ctx),
    ] {
        let infos = sent(&form, "user_infos").unwrap_or_else(|| panic!("{form}"));
        assert!(infos.contains(r#""lastname":"Lefèvre""#), "{infos}");
    }
}

/// A request built at run time from the same values encodes as the generated one: a value no
/// scope asked for takes is left out of both; and finishing it says so.
#[test]
fn a_dynamic_request_leaves_out_what_the_generated_one_leaves_out() {
    let c = credentials();
    let ctx = EncodeContext::new(&c, Some("t"));
    let start = || InitiateRequest::new().number("0612345678").name("ACME");
    let dynamic = |scope: &str, extra: &[(&str, &str)]| {
        let mut r = DynamicRequest::<InitiateReady>::new(Scope::INFO);
        for (k, v) in [("number", "0612345678"), ("name", "ACME"), ("scope", scope)]
            .iter()
            .chain(extra)
        {
            r.set(k, *v).unwrap();
        }
        r
    };
    let json = serde_json::to_string(&infos()).unwrap();
    let cases = [
        (
            start().formfilling().country("FR").to_form(&ctx),
            dynamic("formfilling", &[("country", "FR")]),
        ),
        (
            start().matching_notp(infos()).country("FR").to_form(&ctx),
            dynamic("matching_notp", &[("country", "FR"), ("user_infos", &json)]),
        ),
        (
            start().simswap(24).code_name("C").to_form(&ctx),
            dynamic("simswap", &[("period", "24"), ("code_name", "C")]),
        ),
    ];
    for (generated, dynamic) in cases {
        assert_eq!(dynamic.to_form(&ctx), generated);
    }
    let e = dynamic("formfilling,numVerify", &[("country", "FR")])
        .finish()
        .unwrap_err();
    assert_eq!(
        e,
        DynamicError::NotTaken {
            param: "country",
            asked: vec!["formfilling", "numVerify"],
            taken_by: &["matching_notp"],
        }
    );
    assert_eq!(
        e.to_string(),
        "`country` is not taken by the scopes asked for (formfilling, numVerify): only matching_notp takes it"
    );
    assert!(
        dynamic("matching_notp", &[("country", "FR"), ("user_infos", &json)])
            .finish()
            .is_ok()
    );
}

proptest! {
    #[test]
    fn values_never_leak_into_other_pairs(
        number in any::<String>(),
        name in "[a-zA-Z0-9 &=#+%?\r\n\u{e9}\u{1F600}-]{0,40}",
        code_name in any::<String>(),
        redirect in any::<String>(),
        token in any::<String>(),
        licence in any::<String>(),
    ) {
        let c = Credentials::new(licence.clone(), "secret");
        let form = InitiateRequest::new()
            .number(number.clone())
            .name(name.clone())
            .code_name(code_name.clone())
            .formfilling()
            .redirect_uri(redirect.clone())
            .to_form(&EncodeContext::new(&c, Some(&token)));
        prop_assert_eq!(pairs(&form), vec![
            p("number", &number),
            p("token", &token),
            p("mode", "2"),
            p("name", &name),
            p("code_name", &code_name),
            p("licence", &licence),
            p("scope", "formfilling"),
            p("redirect_uri", &redirect),
        ]);
        // Nothing but the encoded pairs: no raw separator can come from a value.
        prop_assert_eq!(form.matches('&').count(), 7);
        prop_assert!(!form.contains(['#', ' ', '\n', '\r']));
    }
}

/// Asks the generated step 1 request for the scope `wire` with its method (taking what the
/// scope requires).
macro_rules! ask_for {
    ($request:expr, $wire:expr) => {
        match $wire {
            "billing" => $request.billing(),
            "formfilling" => $request.formfilling(),
            "matching" => $request.matching(infos()),
            "matching_notp" => $request.matching_notp(infos()),
            "numVerify" => $request.num_verify(),
            "simswap" => $request.simswap(24),
            other => panic!("a scope of the spec this test does not ask for yet: {other}"),
        }
    };
}

/// The generated encoder and `DynamicRequest` share the runtime's per-parameter encoder; this
/// holds the two to the same body for every combination of the shipped spec's scopes, on each
/// endpoint, every parameter set (so that what the scopes asked for do not take is left out of
/// both alike).
#[test]
fn generated_and_dynamic_requests_encode_alike_for_every_scope_combination() {
    let c = credentials();
    let ctx = EncodeContext::new(&c, Some("tok/+="));
    let redirect = "https://shop.example/back?x=1&y=2";
    let json = serde_json::to_string(&infos()).unwrap();
    let wires: Vec<&str> = Scope::INFO.iter().map(|s| s.wire).collect();
    for mask in 1..1u32 << wires.len() {
        let asked: Vec<&str> = (0..wires.len())
            .filter(|i| mask & 1 << i != 0)
            .map(|i| wires[i])
            .collect();
        let (first, rest) = asked.split_first().unwrap();
        let start = InitiateRequest::new()
            .number("0612345678")
            .name("ACME Télécom");
        let mut generated: InitiateReady = ask_for!(start, *first);
        for wire in rest {
            generated = ask_for!(generated, *wire);
        }
        let generated = generated
            .country("FR")
            .code_name("A B")
            .redirect_uri(redirect)
            .user_infos(infos())
            .period(24);
        let scope = asked.join(",");
        let mut dynamic = DynamicRequest::<InitiateReady>::new(Scope::INFO);
        for (k, v) in [
            ("number", "0612345678"),
            ("name", "ACME Télécom"),
            ("scope", &scope),
            ("country", "FR"),
            ("code_name", "A B"),
            ("redirect_uri", redirect),
            ("user_infos", &json),
            ("period", "24"),
        ] {
            dynamic.set(k, v).unwrap();
        }
        assert_eq!(dynamic.to_form(&ctx), generated.to_form(&ctx), "{asked:?}");

        let retrieve =
            RetrieveRequest::new().scope(asked.iter().map(|w| Scope::from(*w)).collect::<Vec<_>>());
        let mut dynamic =
            DynamicRequest::<RetrieveRequest<dqe_client::endpoint::Set>>::new(Scope::INFO);
        dynamic.set("scope", scope).unwrap();
        assert_eq!(dynamic.to_form(&ctx), retrieve.to_form(&ctx), "{asked:?}");
    }
    let token = DynamicRequest::<AccessTokenRequest>::new(Scope::INFO);
    assert_eq!(
        token.to_form(&EncodeContext::new(&c, None)),
        AccessTokenRequest::new().to_form(&EncodeContext::new(&c, None))
    );
}
