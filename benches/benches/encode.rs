//! Encoding requests, as a form body (POST) and as a URL with a query string (GET): the
//! generated builders against `serde_urlencoded` on hand-written structs, in one run. Both
//! sides produce the same strings (checked before measuring).

use divan::black_box;
use dqe_client::endpoint::EncodeContext;
use dqe_client::{AccessTokenRequest, Credentials, InitiateRequest, RetrieveRequest, Scope};
use serde::Serialize;

const SERVER: &str = "https://dqe.example";
const NUMBER: &str = "0612345678";
const TOKEN: &str = "gAAAAABm2yKe3sQkP0XnVqY";
const LICENCE: &str = "LIC-12345";

fn main() {
    check();
    divan::main();
}

#[derive(Serialize)]
struct HandInitiate<'a> {
    number: &'a str,
    token: &'a str,
    mode: &'a str,
    name: &'a str,
    licence: &'a str,
    scope: &'a str,
    redirect_uri: &'a str,
}

#[derive(Serialize)]
struct HandToken<'a> {
    licence: &'a str,
    client_secret: &'a str,
    grant_type: &'a str,
}

fn hand_token() -> String {
    serde_urlencoded::to_string(HandToken {
        licence: black_box(LICENCE),
        client_secret: black_box("secret"),
        grant_type: "client_idmobile",
    })
    .unwrap()
}

fn generated_token(request: &AccessTokenRequest, credentials: &Credentials) -> String {
    request.to_form(&EncodeContext::new(credentials, None))
}

#[derive(Serialize)]
struct HandRetrieve<'a> {
    token: &'a str,
    #[serde(rename = "Licence")]
    licence: &'a str,
    scope: &'a str,
}

fn hand_initiate() -> String {
    serde_urlencoded::to_string(HandInitiate {
        number: black_box(NUMBER),
        token: black_box(TOKEN),
        mode: "2",
        name: black_box("ACME Télécom"),
        licence: black_box(LICENCE),
        scope: "formfilling",
        redirect_uri: black_box("https://shop.example/back?order=42"),
    })
    .unwrap()
}

type Initiate = dqe_client::InitiateReady;

fn build_initiate() -> Initiate {
    InitiateRequest::new()
        .number(black_box(NUMBER))
        .name(black_box("ACME Télécom"))
        .formfilling()
        .redirect_uri(black_box("https://shop.example/back?order=42"))
}

fn generated_initiate(request: &Initiate, credentials: &Credentials) -> String {
    request.to_form(&EncodeContext::new(credentials, Some(black_box(TOKEN))))
}

fn hand_retrieve() -> String {
    serde_urlencoded::to_string(HandRetrieve {
        token: black_box(TOKEN),
        licence: black_box(LICENCE),
        scope: "formfilling",
    })
    .unwrap()
}

fn build_retrieve() -> RetrieveRequest<dqe_client::endpoint::Set> {
    RetrieveRequest::new().scope(Scope::Formfilling)
}

fn generated_retrieve(
    request: &RetrieveRequest<dqe_client::endpoint::Set>,
    credentials: &Credentials,
) -> String {
    request.to_form(&EncodeContext::new(credentials, Some(black_box(TOKEN))))
}

fn credentials() -> Credentials {
    Credentials::new(LICENCE, "secret")
}

fn check() {
    let c = credentials();
    assert_eq!(generated_initiate(&build_initiate(), &c), hand_initiate());
    assert_eq!(generated_retrieve(&build_retrieve(), &c), hand_retrieve());
    assert_eq!(
        generated_token(&AccessTokenRequest::new(), &c),
        hand_token()
    );
}

mod initiate_body {
    use super::*;

    /// Encoding a request built beforehand.
    #[divan::bench]
    fn generated(b: divan::Bencher) {
        let c = credentials();
        let r = build_initiate();
        b.bench(|| generated_initiate(&r, &c));
    }

    #[divan::bench]
    fn hand_written() -> String {
        hand_initiate()
    }
}

/// Building the owned request (its strings) and encoding it, against the borrowed struct.
mod initiate_build_and_body {
    use super::*;

    #[divan::bench]
    fn generated(b: divan::Bencher) {
        let c = credentials();
        b.bench(|| generated_initiate(&build_initiate(), &c));
    }

    #[divan::bench]
    fn hand_written() -> String {
        hand_initiate()
    }
}

mod initiate_query {
    use super::*;

    #[divan::bench]
    fn generated(b: divan::Bencher) {
        let c = credentials();
        let r = build_initiate();
        b.bench(|| {
            let path = InitiateRequest::INFO.path;
            format!("{SERVER}{path}?{}", generated_initiate(&r, &c))
        });
    }

    #[divan::bench]
    fn hand_written() -> String {
        format!("{SERVER}/IDMOBILE/?{}", hand_initiate())
    }
}

mod retrieve_body {
    use super::*;

    #[divan::bench]
    fn generated(b: divan::Bencher) {
        let c = credentials();
        let r = build_retrieve();
        b.bench(|| generated_retrieve(&r, &c));
    }

    #[divan::bench]
    fn hand_written() -> String {
        hand_retrieve()
    }
}

mod retrieve_query {
    use super::*;

    #[divan::bench]
    fn generated(b: divan::Bencher) {
        let c = credentials();
        let r = build_retrieve();
        b.bench(|| {
            let path = RetrieveRequest::INFO.path;
            format!("{SERVER}{path}?{}", generated_retrieve(&r, &c))
        });
    }

    #[divan::bench]
    fn hand_written() -> String {
        format!("{SERVER}/GET/?{}", hand_retrieve())
    }
}

mod token_body {
    use super::*;

    #[divan::bench]
    fn generated(b: divan::Bencher) {
        let c = credentials();
        let r = AccessTokenRequest::new();
        b.bench(|| generated_token(&r, &c));
    }

    #[divan::bench]
    fn hand_written() -> String {
        hand_token()
    }
}

mod token_query {
    use super::*;

    #[divan::bench]
    fn generated(b: divan::Bencher) {
        let c = credentials();
        let r = AccessTokenRequest::new();
        b.bench(|| {
            let path = AccessTokenRequest::INFO.path;
            format!("{SERVER}{path}?{}", generated_token(&r, &c))
        });
    }

    #[divan::bench]
    fn hand_written() -> String {
        format!("{SERVER}/ACCESS_TOKEN/?{}", hand_token())
    }
}
