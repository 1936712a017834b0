//! Validation: every situation gives the error the spec names for it (credentials, tokens,
//! each scope's own parameters, over GET and POST), and a parameter that none of the scopes
//! asked for takes is not checked.

use super::*;
use dqe_client::client::{Error, Token};
use dqe_client::*;
use dqe_sandbox::MAX_JSON_BYTES;

#[tokio::test]
async fn validation_answers_what_the_spec_names() {
    let s = sandbox(SandboxConfig {
        token_lifetime: Duration::from_secs(60),
        ..SandboxConfig::default()
    })
    .await;
    let token_path = AccessTokenRequest::INFO.path;
    let ok = "licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET&grant_type=client_idmobile";
    let v = post_json(&s, token_path, ok).await;
    let token = v["access_token"].as_str().unwrap().to_owned();
    assert_eq!(v["expires_in"], "60");
    for (body, want) in [
        (
            "client_secret=SANDBOX-SECRET&grant_type=client_idmobile",
            "01",
        ),
        (
            "licence=NOPE&client_secret=SANDBOX-SECRET&grant_type=client_idmobile",
            "22",
        ),
        (
            "licence=SANDBOX-LICENCE&client_secret=NOPE&grant_type=client_idmobile",
            "03",
        ),
        (
            "licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET&grant_type=password",
            "31",
        ),
        ("licence=SANDBOX-LICENCE&client_secret=SANDBOX-SECRET", "01"),
    ] {
        assert_eq!(id(&post_json(&s, token_path, body).await), want, "{body}");
    }
    let step1 = InitiateRequest::INFO.path;
    let base = format!("token={token}&mode=2&name=ACME&licence=SANDBOX-LICENCE&scope=formfilling");
    for (body, want) in [
        (base.clone(), "01"),
        (format!("number=&{base}"), "11"),
        (
            format!("number=0612345678&{}", base.replace("mode=2", "mode=7")),
            "01",
        ),
        (
            format!(
                "number=0612345678&{}",
                base.replace("scope=formfilling", "scope=horoscope")
            ),
            "04",
        ),
        (
            format!("number=0612345678&{}", base.replace(&token, "expired")),
            "30",
        ),
        (
            format!(
                "number=0612345678&{}",
                base.replace("licence=SANDBOX-LICENCE", "licence=X")
            ),
            "02",
        ),
        (
            format!("number=0612345678&{}", base.replace("licence=", "Licence=")),
            "01",
        ),
    ] {
        assert_eq!(id(&post_json(&s, step1, &body).await), want, "{body}");
    }
    let v = post_json(&s, step1, &format!("number=0612345678&{base}")).await;
    assert_eq!(v["status"], "success");
    let step2 = RetrieveRequest::INFO.path;
    for (body, want) in [
        (
            format!("token={token}&licence=SANDBOX-LICENCE&scope=formfilling"),
            "01",
        ),
        (
            format!("token={token}&Licence=SANDBOX-LICENCE&scope=horoscope"),
            "04",
        ),
        (
            "token=nope&Licence=SANDBOX-LICENCE&scope=formfilling".to_owned(),
            "30",
        ),
    ] {
        assert_eq!(id(&post_json(&s, step2, &body).await), want, "{body}");
    }
    let v = post_json(
        &s,
        step2,
        &format!("token={token}&Licence=SANDBOX-LICENCE&scope=formfilling"),
    )
    .await;
    assert_eq!(v["status"], "pending");
}

#[tokio::test]
async fn an_expired_token_answers_the_expired_error() {
    let s = sandbox(SandboxConfig {
        token_lifetime: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let c = client(&s, Method::Post);
    let e = c.initiate(&request("0612345678")).await.unwrap_err();
    assert!(
        matches!(e, Error::Api(InitiateError::InvalidOrExpiredToken { .. })),
        "{e:?}"
    );
    let e = client(&s, Method::Post)
        .initiate_with_token(&request("0612345678"), Token::new("made-up"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Api(InitiateError::InvalidOrExpiredToken { .. })),
        "{e:?}"
    );
}

/// A value as it goes in a form.
fn form_value(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

/// `user_infos` as a caller fills it, as it goes in a form.
fn infos_value() -> String {
    form_value(&serde_json::to_string(&infos()).unwrap())
}

#[tokio::test]
async fn each_scope_checks_its_parameters_with_the_spec_errors() {
    let s = sandbox(SandboxConfig::default()).await;
    let token = new_token(&s).await;
    let base = step1_base(&token);
    let json = |v: &str| form_value(v);
    let infos = infos_value();
    for (extra, want) in [
        // A parameter a scope requires: missing or empty is 05, as the spec names it.
        ("&scope=matching".to_owned(), "05"),
        ("&scope=matching&user_infos=".to_owned(), "05"),
        ("&scope=matching_notp".to_owned(), "05"),
        ("&scope=simswap".to_owned(), "05"),
        ("&scope=simswap&period=".to_owned(), "05"),
        // The union of the scopes' requirements.
        (format!("&scope=matching,simswap&user_infos={infos}"), "05"),
        ("&scope=matching,simswap&period=24".to_owned(), "05"),
        // Not a JSON object: 06; without the key the spec names: 07 (empty counts as missing).
        (
            format!("&scope=matching&user_infos={}", json("not json")),
            "06",
        ),
        (
            format!("&scope=matching_notp&user_infos={}", json("[1]")),
            "06",
        ),
        (
            format!(
                "&scope=matching&user_infos={}",
                json("{\"lastname\":\"x\"}")
            ),
            "07",
        ),
        (
            format!("&scope=matching&user_infos={}", json("{\"phone\":\"\"}")),
            "07",
        ),
        (
            format!("&scope=matching&user_infos={}", json("{\"phone\":null}")),
            "07",
        ),
        // Hostile values: nested past the parser's depth limit, not UTF-8.
        (
            format!("&scope=matching&user_infos={}", json(&"[".repeat(4000))),
            "06",
        ),
        (
            format!(
                "&scope=matching&user_infos={}",
                json(&format!("{}1{}", "{\"a\":".repeat(600), "}".repeat(600)))
            ),
            "06",
        ),
        ("&scope=matching&user_infos=%FF%FE%00".to_owned(), "06"),
        // A whole number of hours.
        ("&scope=simswap&period=abc".to_owned(), "01"),
        ("&scope=simswap&period=-1".to_owned(), "01"),
        ("&scope=simswap&period=1.5".to_owned(), "01"),
        (
            "&scope=simswap&period=99999999999999999999999".to_owned(),
            "01",
        ),
        // Shared parameters keep their checks.
        ("&scope=formfilling&mode=7".to_owned(), "01"),
        ("&scope=formfilling,horoscope".to_owned(), "04"),
        ("&scope=".to_owned(), "01"),
        (String::new(), "01"),
    ] {
        let v = post_json(&s, InitiateRequest::INFO.path, &format!("{base}{extra}")).await;
        assert_eq!(id(&v), want, "{extra}: {v}");
    }
}

#[tokio::test]
async fn each_scope_accepts_its_parameters_up_to_their_bounds() {
    let s = sandbox(SandboxConfig::default()).await;
    let token = new_token(&s).await;
    let base = step1_base(&token);
    let infos = infos_value();
    for extra in [
        // `mode` has a default, and numVerify and simswap do not take it.
        "&scope=formfilling".to_owned(),
        "&scope=numVerify".to_owned(),
        "&scope=formfilling,numVerify".to_owned(),
        "&scope=simswap&period=24".to_owned(),
        "&scope=simswap&period=0".to_owned(),
        format!("&scope=matching&user_infos={infos}&mode=2"),
        format!("&scope=matching_notp&user_infos={infos}&country=FR"),
        format!("&scope=matching,simswap&user_infos={infos}&period=24"),
        // A scope asked twice is asked once.
        "&scope=formfilling,formfilling".to_owned(),
    ] {
        let v = post_json(&s, InitiateRequest::INFO.path, &format!("{base}{extra}")).await;
        assert_eq!(v["status"], "success", "{extra}: {v}");
        assert!(v.get("error_id").is_none(), "{extra}: {v}");
    }
    // A JSON value may be longer than other values, up to its own bound.
    let long = |n: usize| {
        let pad = n - r#"{"phone":"1","lastname":""}"#.len();
        format!(r#"{{"phone":"1","lastname":"{}"}}"#, "a".repeat(pad))
    };
    let body = format!(
        "{base}&scope=matching_notp&user_infos={}",
        form_value(&long(MAX_JSON_BYTES))
    );
    let v = post_json(&s, InitiateRequest::INFO.path, &body).await;
    assert_eq!(v["status"], "success", "{v}");
    let body = format!(
        "{base}&scope=matching_notp&user_infos={}",
        form_value(&long(MAX_JSON_BYTES + 1))
    );
    assert_eq!(
        id(&post_json(&s, InitiateRequest::INFO.path, &body).await),
        "01"
    );
}

/// A parameter that none of the scopes asked for takes is ignored, as DQE ignores it: not
/// checked (a `user_infos` that is not JSON, a `period` that is not a number, a `mode` that is
/// not one of its values), whereas a request with a scope that takes it still gets the spec's
/// error.
#[tokio::test]
async fn a_parameter_no_scope_asked_for_takes_is_not_checked() {
    let s = approving().await;
    let token = new_token(&s).await;
    let base = step1_base(&token);
    let not_json = "&user_infos=not%20json";
    for (extra, want) in [
        (format!("&scope=numVerify{not_json}"), None),
        (format!("&scope=simswap&period=24{not_json}"), None),
        (format!("&scope=formfilling{not_json}"), None),
        ("&scope=formfilling&period=soon&country=FR".to_owned(), None),
        ("&scope=numVerify&mode=7".to_owned(), None),
        ("&scope=simswap&period=24&mode=7".to_owned(), None),
        (format!("&scope=matching{not_json}"), Some("06")),
        (format!("&scope=numVerify,matching{not_json}"), Some("06")),
        (
            "&scope=formfilling,simswap&period=soon".to_owned(),
            Some("01"),
        ),
        ("&scope=formfilling,numVerify&mode=7".to_owned(), Some("01")),
    ] {
        let v = post_json(&s, InitiateRequest::INFO.path, &format!("{base}{extra}")).await;
        match want {
            None => assert_eq!(v["status"], "success", "{extra}: {v}"),
            Some(id) => assert_eq!(v["error_id"], id, "{extra}: {v}"),
        }
    }
    // Nor given back: step 2 echoes a `code_name` only when a scope asked for takes it.
    let v = post_json(
        &s,
        InitiateRequest::INFO.path,
        &format!("{base}&scope=numVerify&code_name=C-42"),
    )
    .await;
    assert_eq!(v["status"], "success", "{v}");
    let step2 = post_json(
        &s,
        RetrieveRequest::INFO.path,
        &format!("token={token}&Licence={DEFAULT_LICENCE}&scope=numVerify"),
    )
    .await;
    assert_eq!(step2["numVerify"], true, "{step2}");
    assert!(step2.get("code_name").is_none(), "{step2}");
}
