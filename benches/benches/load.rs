//! Load: many concurrent consent flows (token, step 1, pending polls, success) through one
//! `Client` against the sandbox, in one process on this machine. Not a timed test: it reports.
//!
//! ```sh
//! cargo bench -p benches --bench load            # 10,000 flows
//! FLOWS=1000 cargo bench -p benches --bench load
//! ```

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dqe_client::client::{Check, Client};
use dqe_client::{Credentials, InitiateRequest};
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};

/// Resident and peak memory of this process, in KiB, from /proc.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    // Rounding a fraction of a length to an index: the cast is what is meant.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn main() {
    let flows: usize = std::env::var("FLOWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(flows));
}

async fn run(flows: usize) {
    let pending_time = Duration::from_secs(5);
    let sandbox = Sandbox::start(
        SandboxConfig {
            auto_approve: true,
            pending_time,
            token_lifetime: Duration::from_secs(600),
            // Every flow holds a token at once: room for all of them.
            max_entries: flows + 100,
            ..SandboxConfig::default()
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();
    let client = Client::builder()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .build()
        .unwrap();
    let (baseline_rss, _) = memory();
    let started_flows = Arc::new(AtomicUsize::new(0));
    let finished = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let poll = Duration::from_secs(1);
    let begin = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..flows {
        let client = client.clone();
        let (started_flows, finished, requests) = (
            Arc::clone(&started_flows),
            Arc::clone(&finished),
            Arc::clone(&requests),
        );
        tasks.spawn(async move {
            let t0 = Instant::now();
            let mut latencies = Vec::with_capacity(8);
            let number = format!("06{:08}", i % 100_000_000);
            let request = InitiateRequest::new()
                .number(number)
                .name("ACME")
                .formfilling();
            let t = Instant::now();
            let consent = client.initiate(&request).await.map_err(|e| e.to_string())?;
            latencies.push(t.elapsed());
            requests.fetch_add(2, Ordering::Relaxed);
            started_flows.fetch_add(1, Ordering::Relaxed);
            loop {
                let t = Instant::now();
                let check = client
                    .retrieve(consent.flow())
                    .await
                    .map_err(|e| e.to_string())?;
                latencies.push(t.elapsed());
                requests.fetch_add(1, Ordering::Relaxed);
                match check {
                    Check::Ready(data) if data.formfilling.is_some() => break,
                    Check::Ready(_) => return Err("a success without data".to_owned()),
                    Check::Pending(_) => tokio::time::sleep(poll).await,
                }
            }
            finished.fetch_add(1, Ordering::Relaxed);
            Ok::<_, String>((t0.elapsed(), latencies))
        });
    }
    // Memory while every flow is started and none is done: what pending flows cost.
    let mut pending_rss = None;
    let sampler = {
        let (started_flows, finished) = (Arc::clone(&started_flows), Arc::clone(&finished));
        tokio::spawn(async move {
            loop {
                let (s, f) = (
                    started_flows.load(Ordering::Relaxed),
                    finished.load(Ordering::Relaxed),
                );
                if s == flows && f == 0 {
                    return Some(memory().0);
                }
                if f > 0 {
                    return None;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let mut flow_latency = Vec::with_capacity(flows);
    let mut request_latency = Vec::with_capacity(flows * 8);
    let mut errors = Vec::new();
    while let Some(result) = tasks.join_next().await {
        match result {
            Ok(Ok((flow, reqs))) => {
                flow_latency.push(flow);
                request_latency.extend(reqs);
            }
            Ok(Err(e)) => errors.push(e),
            Err(e) => errors.push(e.to_string()),
        }
    }
    let wall = begin.elapsed();
    if let Ok(v) = sampler.await {
        pending_rss = v;
    }
    let (_, peak) = memory();
    flow_latency.sort();
    request_latency.sort();
    let total_requests = requests.load(Ordering::Relaxed);
    println!("| measure | value |\n|---|---|");
    println!("| flows | {flows} |");
    println!("| completed | {} |", flow_latency.len());
    println!("| failed | {} |", errors.len());
    println!("| wall time | {:.2} s |", wall.as_secs_f64());
    #[allow(clippy::cast_precision_loss)]
    {
        println!(
            "| flows per second | {:.0} |",
            flows as f64 / wall.as_secs_f64()
        );
        println!(
            "| requests | {total_requests} ({:.0} per second) |",
            total_requests as f64 / wall.as_secs_f64()
        );
    }
    println!(
        "| flow latency p50 / p99 (includes {} s pending) | {:.2} s / {:.2} s |",
        pending_time.as_secs(),
        percentile(&flow_latency, 0.5).as_secs_f64(),
        percentile(&flow_latency, 0.99).as_secs_f64()
    );
    println!(
        "| request latency p50 / p99 | {:.1} ms / {:.1} ms |",
        percentile(&request_latency, 0.5).as_secs_f64() * 1e3,
        percentile(&request_latency, 0.99).as_secs_f64() * 1e3
    );
    println!(
        "| peak memory (client + sandbox process) | {:.1} MiB |",
        peak as f64 / 1024.0
    );
    match pending_rss {
        Some(rss) => {
            #[allow(clippy::cast_precision_loss)]
            let per = (rss.saturating_sub(baseline_rss)) as f64 * 1024.0 / flows as f64;
            println!(
                "| memory per pending flow (client + sandbox) | {:.1} KiB |",
                per / 1024.0
            );
        }
        None => println!(
            "| memory per pending flow | not sampled (a flow finished before all had started) |"
        ),
    }
    for e in errors.iter().take(5) {
        eprintln!("error: {e}");
    }
    sandbox.stop().await;
    assert!(errors.is_empty(), "{} flows failed", errors.len());
}
