//! The exact request on the wire and the decoded result for every documented reply of every
//! endpoint, over GET and POST.

use super::*;

#[tokio::test]
async fn every_documented_reply_over_get_and_post() {
    let spec = spec();
    let server = MockServer::start().await;
    let token = Token::new(TOKEN);
    let initiate = InitiateRequest::new()
        .number("06 12 34 56 78")
        .name("ACME & Fils")
        .formfilling()
        .redirect_uri("https://shop.example/back?step=2");
    let retrieve = RetrieveRequest::new().scope(Scope::Formfilling);
    let mut count = 0;
    for m in [Method::Post, Method::Get] {
        let c = client(&server, m);
        for (i, (name, body)) in replies(&spec, "access_token").iter().enumerate() {
            // Documented errors come with HTTP 200, 400 or 500: the body decides.
            let status = if name.starts_with("error") {
                [200, 400, 500][i % 3]
            } else {
                200
            };
            expect_exact(
                &server,
                m,
                "/ACCESS_TOKEN/",
                "licence=LIC-4242&client_secret=s3cr%26t%3D%2B&grant_type=client_idmobile",
                status,
                body,
            )
            .await;
            same(
                c.send(&AccessTokenRequest::new(), None).await,
                expected::<AccessTokenReply>(body),
                name,
            );
            count += 1;
        }
        for (i, (name, body)) in replies(&spec, "initiate").iter().enumerate() {
            let status = if name.starts_with("error") {
                [200, 400, 500][i % 3]
            } else {
                200
            };
            expect_exact(&server, m, "/IDMOBILE/",
                "number=06+12+34+56+78&token=TOK-abc%2Fdef&mode=2&name=ACME+%26+Fils&licence=LIC-4242\
                 &scope=formfilling&redirect_uri=https%3A%2F%2Fshop.example%2Fback%3Fstep%3D2", status, body).await;
            same(
                c.send(&initiate, Some(&token)).await,
                expected::<InitiateReply>(body),
                name,
            );
            count += 1;
        }
        for (i, (name, body)) in replies(&spec, "retrieve").iter().enumerate() {
            let status = if name.starts_with("error") {
                [200, 400, 500][i % 3]
            } else {
                200
            };
            expect_exact(
                &server,
                m,
                "/GET/",
                "token=TOK-abc%2Fdef&Licence=LIC-4242&scope=formfilling",
                status,
                body,
            )
            .await;
            same(
                c.send(&retrieve, Some(&token)).await,
                expected::<RetrieveReply>(body),
                name,
            );
            count += 1;
        }
    }
    assert!(count >= 70, "{count} replies checked");
}

#[tokio::test]
async fn get_can_be_chosen_per_call() {
    let server = MockServer::start().await;
    let c = client(&server, Method::Post);
    expect_exact(
        &server,
        Method::Get,
        "/GET/",
        "token=T&Licence=LIC-4242&scope=formfilling",
        200,
        r#"{"status":"pending","scope":"formfilling"}"#,
    )
    .await;
    let flow = test_flow(c.clock());
    let check = c.with_method(Method::Get).retrieve(&flow).await.unwrap();
    assert!(matches!(check, Check::Pending(_)));
}
