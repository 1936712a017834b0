//! The whole flow (token, step 1, step 2) against the sandbox on loopback: `dqe-client`
//! against plain reqwest calls making the same requests and decoding into hand-written
//! structs, in one run. The sandbox approves at once and has no pending time, so each flow is
//! exactly three requests on both sides.

use std::net::SocketAddr;

use dqe_client::client::{Check, Client};
use dqe_client::sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};
use dqe_client::{Credentials, InitiateRequest, Mode, Scope};
use serde::Deserialize;

fn main() {
    divan::main();
}

struct Setup {
    rt: tokio::runtime::Runtime,
    _sandbox: Sandbox,
    url: String,
}

fn setup() -> Setup {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let sandbox = rt.block_on(async {
        Sandbox::start(
            SandboxConfig {
                auto_approve: true,
                pending_time: std::time::Duration::ZERO,
                ..SandboxConfig::default()
            },
            SocketAddr::from(([127, 0, 0, 1], 0)),
        )
        .await
        .unwrap()
    });
    let url = sandbox.url().to_owned();
    Setup {
        rt,
        _sandbox: sandbox,
        url,
    }
}

#[divan::bench(sample_count = 200)]
fn generated(b: divan::Bencher) {
    let s = setup();
    let client = Client::builder()
        .server(&s.url)
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .build()
        .unwrap();
    b.bench(|| {
        s.rt.block_on(async {
            let request = InitiateRequest::new()
                .number("0612345678")
                .mode(Mode::Code)
                .name("ACME")
                .scope(Scope::Formfilling);
            let consent = client.initiate(&request).await.unwrap();
            match client.retrieve(consent.flow()).await.unwrap() {
                Check::Ready(data) => data,
                Check::Pending(_) => panic!("the sandbox approves at once"),
            }
        })
    });
}

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Initiate {
    status: String,
    operator: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Address {
    country: Option<String>,
    postal_code: Option<String>,
    formatted: Option<String>,
    street_address: Option<String>,
    number: Option<String>,
    locality: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Formfilling {
    phone_number: Option<String>,
    family_name: Option<String>,
    name: Option<String>,
    locale: Option<String>,
    gender: Option<String>,
    updated_at: Option<serde_json::Value>,
    birthdate: Option<String>,
    birthplace: Option<String>,
    given_name: Option<String>,
    address: Option<Address>,
    email: Option<String>,
    email_domain: Option<String>,
    email_account: Option<String>,
    subscriber_msisdn: Option<String>,
    sub: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Retrieve {
    status: String,
    scope: Option<String>,
    formfilling: Option<Formfilling>,
}

async fn post<T: for<'de> Deserialize<'de>>(
    http: &reqwest::Client,
    url: String,
    body: String,
) -> T {
    let bytes = http
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[divan::bench(sample_count = 200)]
fn hand_written(b: divan::Bencher) {
    let s = setup();
    let http = reqwest::Client::builder().build().unwrap();
    b.bench(|| {
        s.rt.block_on(async {
            let token: Token = post(
                &http,
                format!("{}/ACCESS_TOKEN/", s.url),
                format!(
                    "licence={DEFAULT_LICENCE}&client_secret={DEFAULT_CLIENT_SECRET}&grant_type=client_idmobile"
                ),
            )
            .await;
            let body = serde_urlencoded::to_string([
                ("number", "0612345678"),
                ("token", token.access_token.as_str()),
                ("mode", "2"),
                ("name", "ACME"),
                ("licence", DEFAULT_LICENCE),
                ("scope", "formfilling"),
            ])
            .unwrap();
            let step1: Initiate = post(&http, format!("{}/IDMOBILE/", s.url), body).await;
            assert_eq!(step1.status, "success");
            let body = serde_urlencoded::to_string([
                ("token", token.access_token.as_str()),
                ("Licence", DEFAULT_LICENCE),
                ("scope", "formfilling"),
            ])
            .unwrap();
            let step2: Retrieve = post(&http, format!("{}/GET/", s.url), body).await;
            assert_eq!(step2.status, "success");
            step2
        })
    });
}
