//! Encoding requests, as a form body (POST) and as a URL with a query string (GET): the
//! generated builders against `serde_urlencoded` on hand-written structs, in one run. Both
//! sides produce the same strings (checked before measuring).

use divan::black_box;
use dqe_client::endpoint::EncodeContext;
use dqe_client::{Credentials, InitiateRequest, Mode, RetrieveRequest, Scope};
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

fn generated_initiate(credentials: &Credentials) -> String {
    InitiateRequest::new()
        .number(black_box(NUMBER))
        .mode(Mode::Code)
        .name(black_box("ACME Télécom"))
        .scope(Scope::Formfilling)
        .redirect_uri(black_box("https://shop.example/back?order=42"))
        .to_form(&EncodeContext::new(credentials, Some(black_box(TOKEN))))
}

fn hand_retrieve() -> String {
    serde_urlencoded::to_string(HandRetrieve {
        token: black_box(TOKEN),
        licence: black_box(LICENCE),
        scope: "formfilling",
    })
    .unwrap()
}

fn generated_retrieve(credentials: &Credentials) -> String {
    RetrieveRequest::new()
        .scope(Scope::Formfilling)
        .to_form(&EncodeContext::new(credentials, Some(black_box(TOKEN))))
}

fn credentials() -> Credentials {
    Credentials::new(LICENCE, "secret")
}

fn check() {
    let c = credentials();
    assert_eq!(generated_initiate(&c), hand_initiate());
    assert_eq!(generated_retrieve(&c), hand_retrieve());
}

mod initiate_body {
    use super::*;

    #[divan::bench]
    fn generated(b: divan::Bencher) {
        let c = credentials();
        b.bench(|| generated_initiate(&c));
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
        b.bench(|| {
            let path = InitiateRequest::INFO.path;
            format!("{SERVER}{path}?{}", generated_initiate(&c))
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
        b.bench(|| generated_retrieve(&c));
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
        b.bench(|| {
            let path = RetrieveRequest::INFO.path;
            format!("{SERVER}{path}?{}", generated_retrieve(&c))
        });
    }

    #[divan::bench]
    fn hand_written() -> String {
        format!("{SERVER}/GET/?{}", hand_retrieve())
    }
}
