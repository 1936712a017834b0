//! The HTTP client against a real HTTP server on loopback (wiremock): the exact request on the
//! wire and the decoded result for every documented reply of every endpoint, over GET and POST;
//! faults; waiting on a fake clock; the token cache; the redirect callback; and privacy.

use std::time::Duration;

use crate::common::*;
use dqe_client::client::{Check, Client, DecodeKind, Error, Flow, Token};
use dqe_client::endpoint::{Endpoint, Method, Outcome, Reply};
use dqe_client::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The outcome of a reply type.
type OutcomeOf<R> = Outcome<<R as Reply>::Success, <R as Reply>::Pending, <R as Reply>::Error>;

/// A fault case: what the server answers, and a check of the client's error.
type Fault = (ResponseTemplate, fn(&Error<RetrieveError>) -> bool);

const TOKEN: &str = "TOK-abc/def";

fn spec() -> dqe_codegen::model::Spec {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    dqe_codegen::load_spec(&dir, "spec").expect("the shipped spec is valid")
}

/// What the client is expected to return for a body: the same outcome as decoding it directly.
fn expected<R: Reply + PartialEq>(body: &str) -> Result<OutcomeOf<R>, R::Error> {
    match serde_json::from_str::<R>(body).unwrap().into_outcome() {
        Outcome::Error(e) => Err(e),
        other => Ok(other),
    }
}

fn same<
    S: PartialEq + std::fmt::Debug,
    P: PartialEq + std::fmt::Debug,
    E: PartialEq + std::fmt::Debug,
>(
    got: Result<Outcome<S, P, E>, Error<E>>,
    want: Result<Outcome<S, P, E>, E>,
    what: &str,
) {
    match (got, want) {
        (Ok(g), Ok(w)) => assert_eq!(g, w, "{what}"),
        (Err(Error::Api(g)), Err(w)) => assert_eq!(g, w, "{what}"),
        (g, w) => panic!("{what}: got {g:?}, want {w:?}"),
    }
}

fn replies(spec: &dqe_codegen::model::Spec, endpoint: &str) -> Vec<(String, String)> {
    let e = spec.endpoint(endpoint).unwrap();
    let mut out: Vec<(String, String)> = e
        .examples
        .iter()
        .map(|x| (x.name.clone(), x.body.clone()))
        .collect();
    for x in &e.errors {
        let text = x.example.as_ref().map_or(&x.text.value, |t| &t.value);
        let body =
            serde_json::json!({"status": "error", "error_type": text, "error_id": x.id.value});
        out.push((format!("error {}", x.id.value), body.to_string()));
    }
    out
}

mod departures;
mod faults;
mod replies;
mod sessions;
mod waiting;
