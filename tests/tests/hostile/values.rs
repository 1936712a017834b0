//! Hostile values: absurd numbers in settings and replies, non-string statuses and ids,
//! escape sequences, numbers where the spec says string, replies of many unknown keys.

use super::*;

#[tokio::test]
async fn absurd_token_lifetimes_read_as_unknown() {
    for expires in [
        r#""18446744073709551615""#,
        "18446744073709551615",
        r#""99999999999999999999999""#,
        "-1",
        "1e300",
        r#""0""#,
        "null",
        r#"{"a":1}"#,
    ] {
        let body = format!(r#"{{"access_token":"{TOKEN}","expires_in":{expires}}}"#);
        let server = scripted(move |path| {
            if path == TOKEN_PATH {
                json(&body)
            } else {
                json(r#"{"status":"success","operator":"Orange","url":"https://op.example/c"}"#)
            }
        })
        .await;
        let c = client(&server);
        let token = c.token().await.unwrap();
        let left = token
            .expires_at()
            .expect("a lifetime is assumed")
            .saturating_duration_since(std::time::Instant::now());
        assert!(
            left <= dqe_client::client::DEFAULT_TOKEN_LIFETIME,
            "{expires}: {left:?}"
        );
        let consent = c.initiate(&step1()).await.unwrap();
        assert!(consent.flow().token_expires_at().is_some());
    }
}

#[tokio::test]
async fn absurd_numbers_in_every_numeric_setting_are_config_errors_or_safe() {
    let server = scripted(|_| json(r#"{"status":"pending"}"#)).await;
    let base = || {
        Client::builder()
            .server(server.url())
            .credentials(Credentials::new(LICENCE, SECRET))
    };
    let out_of_range = |b: dqe_client::client::ClientBuilder, setting: &str| match b.build() {
        Err(ConfigError::OutOfRange { setting: s, .. }) => assert_eq!(s, setting),
        other => panic!("{setting}: {other:?}"),
    };
    out_of_range(base().max_in_flight(usize::MAX), "max_in_flight");
    out_of_range(base().poll_interval(Duration::MAX), "poll_interval");
    out_of_range(
        base().poll_interval(Duration::from_millis(10)),
        "poll_interval",
    );
    out_of_range(base().max_poll_interval(Duration::MAX), "max_poll_interval");
    out_of_range(base().timeout(Duration::MAX), "timeout");
    out_of_range(base().timeout(Duration::ZERO), "timeout");
    out_of_range(base().connect_timeout(Duration::MAX), "connect_timeout");
    out_of_range(base().max_body_size(usize::MAX), "max_body_size");
    out_of_range(base().max_retries(u32::MAX), "max_retries");

    // Waiting for ever is allowed: bounded by the token's lifetime, no overflow.
    let c = base().build().unwrap();
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let waiting = c.wait(&flow, Duration::MAX);
    assert!(
        tokio::time::timeout(Duration::from_millis(300), waiting)
            .await
            .is_err()
    );

    // A flow read back with absurd times is refused, never a panic.
    for bad in [
        r#"{"token":"T","scopes":"formfilling","started_at":18446744073709551615}"#,
        r#"{"token":"T","scopes":"formfilling","started_at":1,"token_expires_at":18446744073709551615}"#,
        r#"{"token":"","scopes":"formfilling","started_at":1}"#,
    ] {
        assert!(serde_json::from_str::<Flow>(bad).is_err(), "{bad}");
    }
    let near: Flow = serde_json::from_str(
        r#"{"token":"T","scopes":"formfilling","started_at":253402300799,"token_expires_at":253402300799}"#,
    )
    .unwrap();
    let _ = near.started_at();
    assert!(near.token_time_left(std::time::SystemTime::now()).is_some());
}

#[tokio::test]
async fn non_string_statuses_and_ids_are_described_not_printed() {
    let cases = [
        (
            format!(r#"{{"status":{{"phone":"{NUMBER}"}}}}"#),
            "<a JSON object>",
        ),
        (format!(r#"{{"status":["{NUMBER}"]}}"#), "<a JSON array>"),
        (r#"{"status":42}"#.to_owned(), "42"),
        (r#"{"status":true}"#.to_owned(), "true"),
    ];
    for (body, shown) in cases {
        let server = scripted(move |_| json(&body)).await;
        let c = client(&server);
        let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
        let e = c.retrieve(&flow).await.unwrap_err();
        assert!(
            matches!(&e, Error::UnrecognizedStatus(Some(s)) if s == shown),
            "{e:?}"
        );
        assert_eq!(e.kind(), ErrorKind::Unexpected);
        assert_private(&e);
    }
    // An error id or text that is an object: an unknown error, described by its type.
    let body = format!(
        r#"{{"status":"error","error_id":{{"n":"{NUMBER}"}},"error_type":{{"t":"{FAMILY_NAME}"}}}}"#
    );
    let server = scripted(move |_| json(&body)).await;
    let c = client(&server);
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let e = c.retrieve(&flow).await.unwrap_err();
    assert_eq!(e.error_id(), Some("<a JSON object>"));
    assert_eq!(e.kind(), ErrorKind::Api);
    assert_private(&e);
}

#[tokio::test]
async fn escape_sequences_from_the_server_are_escaped() {
    let server = scripted(|path| {
        if path == TOKEN_PATH {
            token_reply()
        } else {
            json(
                r#"{"status":"error","error_id":"13\u001b[2J","error_type":"operator \u001b[31mEvil\u001b]0;title\u0007 not found\r\n"}"#,
            )
        }
    })
    .await;
    let c = client(&server);
    let e = c.initiate(&step1()).await.unwrap_err();
    assert!(matches!(e, Error::Api(_)), "{e:?}");
    let text = e.to_string();
    assert!(text.contains("\\u{1b}[31mEvil"), "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\r') && !text.contains('\x07'));
    assert_private(&e);
    // Unknown statuses too.
    let server = scripted(|_| json(r#"{"status":"fro\u001b[5mzen"}"#)).await;
    let c = client(&server);
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let e = c.retrieve(&flow).await.unwrap_err();
    assert!(e.to_string().contains("fro\\u{1b}[5mzen"), "{e}");
    assert_private(&e);
}

#[tokio::test]
async fn numbers_where_the_spec_says_string_read_as_text_and_re_encode_as_they_came() {
    let body = r#"{"status":"success","scope":"formfilling","formfilling":{"family_name":"X","address":{"postal_code":69001,"number":3,"locality":true}}}"#;
    let server = scripted(move |_| json(body)).await;
    let c = client(&server);
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let dqe_client::client::Check::Ready(data) = c.retrieve(&flow).await.unwrap() else {
        panic!("not ready")
    };
    let reencoded = serde_json::to_value(&data).unwrap();
    let address = &reencoded["formfilling"]["address"];
    assert_eq!(address["postal_code"], serde_json::json!(69001));
    assert_eq!(address["number"], serde_json::json!(3));
    assert_eq!(address["locality"], serde_json::json!(true));
    let ff = data.formfilling.unwrap();
    let a = ff.address.as_ref().expect("address");
    let text = |v: &Option<String>| v.clone();
    assert_eq!(text(&a.postal_code).as_deref(), Some("69001"));
    assert_eq!(text(&a.number).as_deref(), Some("3"));
    assert_eq!(text(&a.locality).as_deref(), Some("true"));
    assert!(a.oddities.iter().all(|o| o.is_read_as_text()));
}

#[tokio::test]
async fn absurd_numbers_in_every_numeric_reply_field_never_panic() {
    for n in [
        "18446744073709551615",
        "-9223372036854775808",
        "9223372036854775807",
        "1e300",
        "-1e300",
        "0.5",
        r#""99999999999999999999999999""#,
    ] {
        let body = format!(
            r#"{{"status":"success","scope":"formfilling","formfilling":{{"updated_at":{n},"birthdate":{n},"gender":{n},"address":{{"number":{n}}}}}}}"#
        );
        let server = scripted(move |_| json(&body)).await;
        let c = client(&server);
        let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
        let dqe_client::client::Check::Ready(data) = c.retrieve(&flow).await.unwrap() else {
            panic!("not ready")
        };
        let f = data.formfilling.expect("kept");
        if let Some(t) = &f.updated_at {
            let _ = (t.epoch_seconds(), t.date(), t.raw());
        }
        let _ = format!("{f:?}");
        let _ = serde_json::to_string(&f).unwrap();
    }
}

#[tokio::test]
async fn a_reply_of_many_unknown_keys_is_kept_in_linear_time() {
    // Near the 1 MiB limit: about 90,000 keys the spec does not know. Keeping each one must
    // not compare it with every key kept before (quadratic: minutes of CPU).
    let mut body = String::from(r#"{"status":"pending","scope":"formfilling""#);
    for i in 0..90_000 {
        body.push_str(&format!(",\"k{i}\":1"));
    }
    body.push('}');
    let keys = 90_000;
    let server = scripted(move |_| json(&body)).await;
    let c = client(&server);
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let dqe_client::client::Check::Pending(p) = c.retrieve(&flow).await.unwrap() else {
        panic!("pending")
    };
    assert_eq!(p.extra.len(), keys);
    assert_eq!(p.extra.get("k89999"), Some(&serde_json::json!(1)));
}
