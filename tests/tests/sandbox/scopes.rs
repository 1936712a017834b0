//! Every scope of the spec, served with data made from the spec alone: one-step scopes answer
//! at step 1, the others at step 2 once consent is given; the consent page lists the scopes
//! that need consent.

use super::*;
use dqe_client::client::Started;
use dqe_client::*;

#[tokio::test]
async fn every_scope_file_is_served_with_data_from_the_spec() {
    let s = approving().await;
    assert!(Scope::INFO.len() > 1, "the spec has several scopes");
    for scope in Scope::INFO {
        let token = new_token(&s).await;
        let body = scopes_body(&token, "0612345678", &[scope]);
        let v = post_json(&s, InitiateRequest::INFO.path, &body).await;
        let what = scope.wire;
        assert_eq!(v["status"], "success", "{what}: {v}");
        assert_eq!(v["operator"], "Orange", "{what}");
        let reply: InitiateReply = serde_json::from_value(v.clone()).unwrap();
        assert!(matches!(reply, InitiateReply::Success(_)), "{what}");
        for f in scope_fields(&InitiateRequest::INFO, scope) {
            assert!(has(&v, f.wire), "{what}: step 1 lacks `{}`: {v}", f.wire);
        }
        let step2 = post_json(
            &s,
            RetrieveRequest::INFO.path,
            &step2_body(&token, &[scope]),
        )
        .await;
        if scope.one_step {
            // The result is step 1's reply: no consent page, no flow to retrieve.
            assert!(v.get("url").is_none(), "{what}: {v}");
            assert_eq!(s.consent_url(&token), None, "{what}");
            assert_eq!(s.sms_code(&token), None, "{what}");
            assert_eq!(id(&step2), "30", "{what}: {step2}");
            continue;
        }
        assert!(v["url"].as_str().unwrap().starts_with(s.url()), "{what}");
        assert_eq!(step2["status"], "success", "{what}: {step2}");
        assert_eq!(step2["scope"], scope.wire, "{what}");
        let reply: RetrieveReply = serde_json::from_value(step2.clone()).unwrap();
        assert!(matches!(reply, RetrieveReply::Success(_)), "{what}");
        let fields = scope_fields(&RetrieveRequest::INFO, scope);
        assert!(!fields.is_empty(), "{what} adds data to step 2");
        for f in fields {
            assert!(
                has(&step2, f.wire),
                "{what}: step 2 lacks `{}`: {step2}",
                f.wire
            );
        }
        // Only the data of the scope asked for.
        for other in Scope::INFO.iter().filter(|o| o.wire != scope.wire) {
            for f in scope_fields(&RetrieveRequest::INFO, other) {
                assert!(step2.get(f.wire).is_none(), "{what}: {step2}");
            }
        }
    }
}

/// The result of a request whose scopes all answer at step 1.
async fn done(c: &Client, request: &InitiateReady) -> InitiateSuccess {
    match c.start(request).await.unwrap() {
        Started::Done(result) => *result,
        other => panic!("expected the result at step 1: {other:?}"),
    }
}

/// The data of a request whose scopes need consent (given at once).
async fn consented(c: &Client, request: &InitiateReady) -> RetrieveSuccess {
    let Started::Consent(consent) = c.start(request).await.unwrap() else {
        panic!("expected a consent")
    };
    assert!(consent.url().is_some());
    c.wait(consent.flow(), Duration::from_secs(30))
        .await
        .unwrap()
}

#[tokio::test]
async fn each_scope_through_the_client_gets_its_result() {
    let s = approving().await;
    let c = client(&s, Method::Post);
    let start = || InitiateRequest::new().number("06 12 34 56 78").name("ACME");
    // One step: the result is step 1's reply, values from the spec's examples or types.
    let r = done(&c, &start().simswap(24)).await;
    assert_eq!(r.swapped, Some(false), "the spec's example");
    assert_eq!(
        (r.url.as_deref(), r.operator.as_deref()),
        (None, Some("Orange"))
    );
    let r = done(&c, &start().matching_notp(infos()).country("FR")).await;
    assert_eq!(r.family_name.map(Score::get), Some(1.0));
    assert!(r.address.unwrap().postal_code.is_some());
    assert_eq!(r.swapped, None, "simswap was not asked for");
    // Two steps.
    let d = consented(&c, &start().num_verify()).await;
    assert_eq!(d.num_verify, Some(true));
    assert!(d.formfilling.is_none() && d.matching.is_none());
    assert_eq!(d.scope.unwrap().as_slice(), [Scope::NumVerify]);
    assert_eq!(d.code_name, None, "no code_name was sent");
    let d = consented(&c, &start().matching(infos())).await;
    assert_eq!(d.matching.unwrap().family_name.map(Score::get), Some(1.0));
    let d = consented(
        &c,
        &start().formfilling().matching(infos()).code_name("C-42"),
    )
    .await;
    let f = d.formfilling.unwrap();
    assert_eq!(f.phone_number.as_deref(), Some("0612345678"), "{{number}}");
    assert_eq!(f.family_name.as_deref(), Some("Lefèvre"));
    assert!(d.matching.is_some());
    assert_eq!(d.num_verify, None);
    assert_eq!(d.code_name.as_deref(), Some("C-42"), "given back");
    assert_eq!(
        d.scope.unwrap().as_slice(),
        [Scope::Formfilling, Scope::Matching]
    );
}

/// simswap's result is the string `"false"` on the wire, as DQE sends it (the spec's example,
/// written back as it is read), and the client reads it as `false`.
#[tokio::test]
async fn simswap_answers_swapped_as_the_string_dqe_sends() {
    let s = sandbox(SandboxConfig::default()).await;
    let token = new_token(&s).await;
    let body = format!("{}&scope=simswap&period=24", step1_base(&token));
    let r = post(&s, InitiateRequest::INFO.path, body).await;
    let text = r.text().await.unwrap();
    assert!(text.contains(r#""swapped":"false""#), "{text}");
    let c = client(&s, Method::Post);
    let start = InitiateRequest::new().number("0612345678").name("ACME");
    let r = done(&c, &start.simswap(24)).await;
    assert_eq!(r.swapped, Some(false));
}

/// `billing`'s proof of address through the client: the sandbox answers a small valid PDF
/// (the spec gives the field no example), in Base64 on the wire, and the client gives its
/// bytes, a PDF from `%PDF-` to `%%EOF`, whose cross-reference table says where it starts.
#[tokio::test]
async fn billing_gives_a_small_valid_pdf() {
    let s = approving().await;
    let c = client(&s, Method::Post);
    let d = consented(
        &c,
        &InitiateRequest::new()
            .number("0612345678")
            .name("ACME")
            .billing(),
    )
    .await;
    assert_eq!(d.scope.unwrap().as_slice(), [Scope::Billing]);
    assert!(d.formfilling.is_none() && d.oddities.is_empty());
    let pdf = d.billing.expect("the document");
    assert_eq!(pdf.kind(), DocumentKind::Pdf);
    let bytes = pdf.as_bytes();
    assert!(bytes.starts_with(b"%PDF-"), "{bytes:?}");
    assert!(bytes.ends_with(b"%%EOF\n"), "{bytes:?}");
    assert!((200..4096).contains(&bytes.len()), "{}", bytes.len());
    let text = std::str::from_utf8(bytes).unwrap();
    let (body, tail) = text.rsplit_once("startxref\n").unwrap();
    let xref: usize = tail.lines().next().unwrap().parse().unwrap();
    assert!(body[xref..].starts_with("xref\n"), "{text}");

    // On the wire: the Base64 text of those bytes.
    let token = new_token(&s).await;
    let step1 = format!("{}&mode=2&scope=billing", step1_base(&token));
    let v = post_json(&s, InitiateRequest::INFO.path, &step1).await;
    assert!(v["url"].is_string(), "{v}");
    let step2 = format!("token={token}&Licence={DEFAULT_LICENCE}&scope=billing");
    let mut v = post_json(&s, RetrieveRequest::INFO.path, &step2).await;
    for _ in 0..50 {
        if v["status"] != "pending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        v = post_json(&s, RetrieveRequest::INFO.path, &step2).await;
    }
    assert_eq!(v["billing"].as_str(), Some(pdf.to_base64().as_str()), "{v}");
}

/// A description as the consent page writes it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[tokio::test]
async fn one_step_scopes_answer_at_once_and_the_page_lists_every_consent_scope() {
    let s = sandbox(SandboxConfig {
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let b = http();
    let (consent, one_step): (Vec<&ScopeInfo>, Vec<&ScopeInfo>) =
        Scope::INFO.iter().partition(|s| !s.one_step);
    assert!(!consent.is_empty() && !one_step.is_empty());
    // Every scope at once: the one-step results in step 1's reply, beside the consent URL.
    let all: Vec<&ScopeInfo> = Scope::INFO.iter().collect();
    let token = new_token(&s).await;
    let v = post_json(
        &s,
        InitiateRequest::INFO.path,
        &scopes_body(&token, "0612345678", &all),
    )
    .await;
    assert_eq!(v["status"], "success", "{v}");
    for scope in &one_step {
        for f in scope_fields(&InitiateRequest::INFO, scope) {
            assert!(has(&v, f.wire), "{}: {v}", f.wire);
        }
    }
    let url = v["url"].as_str().unwrap();
    assert_eq!(s.consent_url(&token).as_deref(), Some(url));
    let page = b.get(url).send().await.unwrap().text().await.unwrap();
    let list = &page[page.find("<ul id=\"data\">").unwrap()..];
    let list = &list[..list.find("</ul>").unwrap()];
    assert_eq!(list.matches("<li>").count(), consent.len(), "{list}");
    for scope in &consent {
        assert!(
            list.contains(&html(scope.customer_text_in(Lang::En))),
            "{}: {list}",
            scope.wire
        );
    }
    for scope in &one_step {
        assert!(
            !list.contains(&html(scope.customer_text_in(Lang::En))),
            "{}: {list}",
            scope.wire
        );
    }
    // A French customer's browser reads what each scope shares in French.
    let page = b
        .get(url)
        .header("accept-language", "fr-FR,fr;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    for scope in &consent {
        let french = scope.customer_text_in(Lang::Fr);
        assert_ne!(french, scope.customer_text_in(Lang::En), "{}", scope.wire);
        assert!(page.contains(&html(french)), "{}: {page}", scope.wire);
    }
    // Step 2 answers the consent scopes' data, once consent is given.
    let v = post_json(&s, RetrieveRequest::INFO.path, &step2_body(&token, &all)).await;
    assert_eq!(v["status"], "pending", "{v}");
}
