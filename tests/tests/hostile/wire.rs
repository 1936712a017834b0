//! Hostile transport: redirects of every kind, huge, slow and dripping bodies, byte order
//! marks, HTML where JSON was due.

use super::*;

#[tokio::test]
async fn redirects_of_every_kind_are_never_followed_on_any_endpoint() {
    for status in [300, 301, 302, 303, 305, 307, 308] {
        for endpoint in [TOKEN_PATH, STEP1, STEP2] {
            let server = scripted(move |path| {
                if path == endpoint {
                    redirect(status)
                } else if path == TOKEN_PATH {
                    token_reply()
                } else {
                    json(r#"{"status":"pending"}"#)
                }
            })
            .await;
            let c = client(&server);
            let e: Box<dyn std::fmt::Display> = if endpoint == STEP2 {
                let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
                let e = c.retrieve(&flow).await.unwrap_err();
                assert!(
                    matches!(e, Error::Redirect { status: s } if s == status),
                    "{e:?}"
                );
                assert_private(&e);
                Box::new(e)
            } else {
                let e = c.initiate(&step1()).await.unwrap_err();
                if endpoint == TOKEN_PATH {
                    let Error::Token(inner) = &e else {
                        panic!("{e:?}")
                    };
                    assert!(matches!(**inner, Error::Redirect { status: s } if s == status));
                    assert!(e.was_not_sent());
                    assert_eq!(server.hits(STEP1), 0);
                } else {
                    let Error::Unconfirmed { cause, flow } = &e else {
                        panic!("{e:?}")
                    };
                    assert!(matches!(**cause, Error::Redirect { status: s } if s == status));
                    assert!(flow.has_token(TOKEN), "the flow to poll comes back");
                    assert!(!e.is_retryable() && !e.was_not_sent());
                    assert_eq!(server.hits(STEP1), 1, "step 1 sent exactly once");
                }
                assert_eq!(e.kind(), ErrorKind::Unexpected);
                assert_private(&e);
                Box::new(e)
            };
            let text = e.to_string();
            assert!(text.contains(&status.to_string()), "{text}");
            assert!(
                !text.contains("elsewhere"),
                "the location is not shown: {text}"
            );
            assert_eq!(
                server.hits("/elsewhere/"),
                0,
                "HTTP {status} on {endpoint} followed"
            );
        }
    }
}

/// A body past the limit is refused as soon as its declared length or the bytes read pass it,
/// and the rest is never read: the server could not write most of its 100 MB. Step 1 has the
/// default limit; step 2, whose reply may hold a document, the larger one the spec gives it
/// (`max_body`); a limit set on the client replaces both.
#[tokio::test]
async fn a_100_mb_body_is_refused_without_reading_it_all() {
    const LEN: usize = 100 * 1024 * 1024;
    let step2_limit = RetrieveRequest::INFO
        .max_body
        .expect("the spec gives step 2 a limit of its own");
    assert!(step2_limit > DEFAULT_MAX_BODY_SIZE && step2_limit < LEN / 4);
    for declared in [true, false] {
        let server = scripted(move |path| {
            if path == TOKEN_PATH {
                token_reply()
            } else {
                Answer::Huge { len: LEN, declared }
            }
        })
        .await;
        let c = client(&server);
        let e = c.initiate(&step1()).await.unwrap_err();
        let Error::Unconfirmed { cause, .. } = &e else {
            panic!("{e:?}")
        };
        assert!(
            matches!(
                **cause,
                Error::BodyTooLarge {
                    status: 200,
                    limit: DEFAULT_MAX_BODY_SIZE
                }
            ),
            "{e:?}"
        );
        assert_eq!(server.hits(STEP1), 1);
        assert_private(&e);
        let written = finished_writing(&server, STEP1).await;
        assert!(written < LEN / 2, "step 1: {written} bytes read of {LEN}");

        // Step 2: refused past its own limit, the rest unread too.
        let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
        let e = c.retrieve(&flow).await.unwrap_err();
        assert!(
            matches!(e, Error::BodyTooLarge { status: 200, limit } if limit == step2_limit),
            "{e:?}"
        );
        assert!(
            e.to_string().contains(&format!("{step2_limit} bytes")),
            "{e}"
        );
        assert_private(&e);
        let written = finished_writing(&server, STEP2).await;
        assert!(written < LEN / 2, "step 2: {written} bytes read of {LEN}");

        // A limit set on the client replaces the spec's, smaller here.
        let small = Client::builder()
            .server(server.url())
            .credentials(Credentials::new(LICENCE, SECRET))
            .max_body_size(4096)
            .build()
            .unwrap();
        let e = small.retrieve(&flow).await.unwrap_err();
        assert!(
            matches!(e, Error::BodyTooLarge { limit: 4096, .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("4096 bytes"), "{e}");
    }
}

/// A document of a few MiB (a scanned bill: 3 MiB, 4 MiB once Base64-encoded) is past the
/// default limit but within step 2's: step 2 reads and decodes it whole, where step 1 refuses
/// the same body.
#[tokio::test]
async fn a_scanned_bill_past_1_mib_is_read_from_step_2_only() {
    let mut bill = b"%PDF-1.4\n".to_vec();
    bill.extend((0..3 * 1024 * 1024).map(|i| (i % 251) as u8));
    bill.extend_from_slice(b"\n%%EOF\n");
    let text = Document::new(bill.clone()).to_base64();
    let body = format!(
        r#"{{"status":"success","scope":"billing","operator":"Orange","url":"https://op.example/c","billing":"{text}"}}"#
    );
    assert!(body.len() > DEFAULT_MAX_BODY_SIZE);
    assert!(body.len() < RetrieveRequest::INFO.max_body.unwrap());
    let server = scripted(move |path| {
        if path == TOKEN_PATH {
            token_reply()
        } else {
            json(&body)
        }
    })
    .await;
    let c = client(&server);
    let flow = Flow::new(&Token::new(TOKEN), Scope::Billing, c.clock());
    let check = c.retrieve(&flow).await.unwrap();
    let dqe_client::client::Check::Ready(data) = check else {
        panic!("the data")
    };
    let document = data.billing.expect("the document");
    assert_eq!(document.kind(), DocumentKind::Pdf);
    assert_eq!(document.as_bytes(), bill);

    let step1 = InitiateRequest::new().number(NUMBER).name("ACME").billing();
    let e = c.initiate(&step1).await.unwrap_err();
    let Error::Unconfirmed { cause, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(
        matches!(
            **cause,
            Error::BodyTooLarge {
                limit: DEFAULT_MAX_BODY_SIZE,
                ..
            }
        ),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_slow_drip_body_hits_the_timeout() {
    let server = scripted(|path| {
        if path == TOKEN_PATH {
            token_reply()
        } else {
            Answer::Drip {
                every: Duration::from_millis(50),
            }
        }
    })
    .await;
    logs();
    let c = Client::builder()
        .server(server.url())
        .credentials(Credentials::new(LICENCE, SECRET))
        .timeout(Duration::from_millis(700))
        .build()
        .unwrap();
    let e = tokio::time::timeout(Duration::from_secs(30), c.initiate(&step1()))
        .await
        .expect("the client's own timeout fires first")
        .unwrap_err();
    let Error::Unconfirmed { cause, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(
        matches!(**cause, Error::Timeout(_) | Error::Transport(_)),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert_eq!(server.hits(STEP1), 1);
    assert_private(&e);
}

#[tokio::test]
async fn a_byte_order_mark_is_skipped() {
    let bom = |body: &str| {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(body.as_bytes());
        Answer::http(200, &[("Content-Type", "application/json")], b)
    };
    let server = scripted(move |path| match path {
        TOKEN_PATH => bom(&format!(
            r#"{{"access_token":"{TOKEN}","expires_in":"300"}}"#
        )),
        STEP1 => bom(r#"{"status":"success","operator":"Orange","url":"https://op.example/c"}"#),
        _ => bom(r#"{"status":"pending","scope":"formfilling"}"#),
    })
    .await;
    let c = client(&server);
    let consent = c.initiate(&step1()).await.unwrap();
    assert_eq!(consent.operator(), Some("Orange"));
    let check = c.retrieve(consent.flow()).await.unwrap();
    assert!(matches!(check, dqe_client::client::Check::Pending(_)));
}

#[tokio::test]
async fn html_with_200_names_status_type_and_length_not_the_text() {
    let page = format!("<html><body>Login {NUMBER} {TOKEN}</body></html>");
    let html = [("Content-Type", "text/html; charset=utf-8")];
    let answer = Answer::http(200, &html, &page);
    let server = scripted(move |path| {
        if path == TOKEN_PATH {
            token_reply()
        } else {
            answer.clone()
        }
    })
    .await;
    let c = client(&server);
    let e = c.initiate(&step1()).await.unwrap_err();
    let Error::Unconfirmed { cause, .. } = &e else {
        panic!("{e:?}")
    };
    let Error::Decode(d) = &**cause else {
        panic!("{e:?}")
    };
    assert_eq!(d.kind, DecodeKind::NotJson);
    assert_eq!(d.status, 200);
    assert_eq!(d.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(d.body_len, page.len());
    let text = e.to_string();
    assert!(
        text.contains("not JSON") && text.contains("HTTP 200") && text.contains("text/html"),
        "{text}"
    );
    assert!(!text.contains("<html>"), "{text}");
    assert_eq!(e.kind(), ErrorKind::Unexpected);
    assert_eq!(server.hits(STEP1), 1);
    assert_private(&e);
}

#[tokio::test]
async fn a_poll_that_drips_past_the_deadline_is_cut_there() {
    let server = scripted(|path| match path {
        TOKEN_PATH => token_reply(),
        _ => Answer::Drip {
            every: Duration::from_millis(500),
        },
    })
    .await;
    logs();
    // The request timeout (20 s, the default) is far longer than the wait.
    let c = Client::builder()
        .server(server.url())
        .credentials(Credentials::new(LICENCE, SECRET))
        .build()
        .unwrap();
    let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, c.clock());
    let started = std::time::Instant::now();
    let e = tokio::time::timeout(
        Duration::from_secs(60),
        c.wait(&flow, Duration::from_secs(2)),
    )
    .await
    .expect("the wait ends by itself")
    .unwrap_err();
    let took = started.elapsed();
    assert!(matches!(e, Error::WaitTimeout { polls: 1, .. }), "{e:?}");
    // Not a timing claim: without the deadline the poll would last the request timeout (20 s).
    assert!(took < Duration::from_secs(15), "the poll ran {took:?}");
    assert_eq!(server.hits(STEP2), 1);
    assert_private(&e);
}
