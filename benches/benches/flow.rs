//! The whole flow (token, step 1, step 2) against the sandbox on loopback: `dqe-client`
//! against plain reqwest calls making the same requests (same timeouts) and decoding into
//! hand-written structs. The sandbox approves at once with no pending time, so each flow is
//! exactly three requests on both sides.
//!
//! Loopback timings are noisy on a 2-core machine, so the two sides are interleaved: rounds of
//! flows alternate between them (and which goes first), the sandbox runs on its own thread, and
//! the medians and the ratio of the medians are printed.
//!
//! ```sh
//! cargo bench -p benches --bench flow             # 30 rounds of 50 flows a side
//! ROUNDS=10 cargo bench -p benches --bench flow
//! ```

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use dqe_client::client::{Check, Client};
use dqe_client::{Credentials, InitiateRequest};
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};
use serde::Deserialize;

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

async fn generated(client: &Client) {
    let request = InitiateRequest::new()
        .number("0612345678")
        .name("ACME")
        .formfilling();
    let consent = client.initiate(&request).await.unwrap();
    match client.retrieve(consent.flow()).await.unwrap() {
        Check::Ready(data) => assert!(data.formfilling.is_some()),
        Check::Pending(_) => panic!("the sandbox approves at once"),
    }
}

async fn hand_written(http: &reqwest::Client, url: &str) {
    let token: Token = post(
        http,
        format!("{url}/ACCESS_TOKEN/"),
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
    let step1: Initiate = post(http, format!("{url}/IDMOBILE/"), body).await;
    assert_eq!(step1.status, "success");
    let body = serde_urlencoded::to_string([
        ("token", token.access_token.as_str()),
        ("Licence", DEFAULT_LICENCE),
        ("scope", "formfilling"),
    ])
    .unwrap();
    let step2: Retrieve = post(http, format!("{url}/GET/"), body).await;
    assert_eq!(step2.status, "success");
    assert!(step2.formfilling.is_some());
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let per_round = 50;
    // The sandbox on its own thread and runtime.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let sandbox = Sandbox::start(
                SandboxConfig {
                    auto_approve: true,
                    pending_time: Duration::ZERO,
                    ..SandboxConfig::default()
                },
                SocketAddr::from(([127, 0, 0, 1], 0)),
            )
            .await
            .unwrap();
            tx.send(sandbox.url().to_owned()).unwrap();
            sandbox.wait().await;
        });
    });
    let url = rx.recv().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::builder()
        .server(&url)
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .build()
        .unwrap();
    // The same configuration as dqe-client's defaults: a careful client sets timeouts too. An
    // application picks the process's TLS provider (dqe-client configures its own client and
    // installs none).
    // *ring*, as dqe-client's own default (newer rustls deprecates it for lacking post-quantum
    // key exchange; see dqe-client's client/tls.rs for why it stays).
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(20))
        .user_agent("hand-written/1.0")
        .build()
        .unwrap();
    let (mut gen_times, mut hand_times) = (Vec::new(), Vec::new());
    rt.block_on(async {
        for _ in 0..100 {
            generated(&client).await;
            hand_written(&http, &url).await;
        }
        for round in 0..rounds {
            for side in [round % 2, 1 - round % 2] {
                for _ in 0..per_round {
                    let t = Instant::now();
                    if side == 0 {
                        generated(&client).await;
                        gen_times.push(t.elapsed());
                    } else {
                        hand_written(&http, &url).await;
                        hand_times.push(t.elapsed());
                    }
                }
            }
        }
    });
    let n = gen_times.len();
    let (g, h) = (median(&mut gen_times), median(&mut hand_times));
    println!("| flow (token, step 1, step 2), {n} flows a side | median |");
    println!("|---|---|");
    println!("| dqe-client | {:.1} µs |", g.as_secs_f64() * 1e6);
    println!(
        "| plain reqwest + serde | {:.1} µs |",
        h.as_secs_f64() * 1e6
    );
    println!("| ratio | {:.3} |", g.as_secs_f64() / h.as_secs_f64());
}
