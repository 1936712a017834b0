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

/// What every flow counts as it goes.
#[derive(Default)]
struct Counters {
    /// Flows whose step 1 is done.
    started: AtomicUsize,
    /// Flows whose data came back.
    finished: AtomicUsize,
    /// Requests sent (a token and step 1 count two).
    requests: AtomicUsize,
}

/// One whole flow, polled every `poll`: its duration and each request's latency.
async fn one_flow(
    client: Client,
    i: usize,
    poll: Duration,
    counters: Arc<Counters>,
) -> Result<(Duration, Vec<Duration>), String> {
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
    counters.requests.fetch_add(2, Ordering::Relaxed);
    counters.started.fetch_add(1, Ordering::Relaxed);
    loop {
        let t = Instant::now();
        let check = client
            .retrieve(consent.flow())
            .await
            .map_err(|e| e.to_string())?;
        latencies.push(t.elapsed());
        counters.requests.fetch_add(1, Ordering::Relaxed);
        match check {
            Check::Ready(data) if data.formfilling.is_some() => break,
            Check::Ready(_) => return Err("a success without data".to_owned()),
            Check::Pending(_) => tokio::time::sleep(poll).await,
        }
    }
    counters.finished.fetch_add(1, Ordering::Relaxed);
    Ok((t0.elapsed(), latencies))
}

/// The memory in use once every flow is started and none is done (what pending flows cost);
/// `None` when a flow finished before all had started.
async fn pending_memory(flows: usize, counters: Arc<Counters>) -> Option<u64> {
    loop {
        let (s, f) = (
            counters.started.load(Ordering::Relaxed),
            counters.finished.load(Ordering::Relaxed),
        );
        if s == flows && f == 0 {
            return Some(memory().0);
        }
        if f > 0 {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What a run measured.
struct Measured {
    flows: usize,
    flow_latency: Vec<Duration>,
    request_latency: Vec<Duration>,
    errors: Vec<String>,
    wall: Duration,
    requests: usize,
    pending_time: Duration,
    baseline_rss: u64,
    pending_rss: Option<u64>,
    peak: u64,
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
    let counters = Arc::new(Counters::default());
    let begin = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..flows {
        let poll = Duration::from_secs(1);
        tasks.spawn(one_flow(client.clone(), i, poll, Arc::clone(&counters)));
    }
    let sampler = tokio::spawn(pending_memory(flows, Arc::clone(&counters)));
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
    let pending_rss = sampler.await.ok().flatten();
    let (_, peak) = memory();
    flow_latency.sort();
    request_latency.sort();
    let measured = Measured {
        flows,
        flow_latency,
        request_latency,
        errors,
        wall,
        requests: counters.requests.load(Ordering::Relaxed),
        pending_time,
        baseline_rss,
        pending_rss,
        peak,
    };
    report(&measured);
    sandbox.stop().await;
    assert!(
        measured.errors.is_empty(),
        "{} flows failed",
        measured.errors.len()
    );
}

/// Prints what a run measured, as a Markdown table (BENCHMARKS.md holds it).
fn report(m: &Measured) {
    let (flows, wall) = (m.flows, m.wall);
    println!("| measure | value |\n|---|---|");
    println!("| flows | {flows} |");
    println!("| completed | {} |", m.flow_latency.len());
    println!("| failed | {} |", m.errors.len());
    println!("| wall time | {:.2} s |", wall.as_secs_f64());
    #[allow(clippy::cast_precision_loss)]
    {
        println!(
            "| flows per second | {:.0} |",
            flows as f64 / wall.as_secs_f64()
        );
        println!(
            "| requests | {} ({:.0} per second) |",
            m.requests,
            m.requests as f64 / wall.as_secs_f64()
        );
    }
    println!(
        "| flow latency p50 / p99 (includes {} s pending) | {:.2} s / {:.2} s |",
        m.pending_time.as_secs(),
        percentile(&m.flow_latency, 0.5).as_secs_f64(),
        percentile(&m.flow_latency, 0.99).as_secs_f64()
    );
    println!(
        "| request latency p50 / p99 | {:.1} ms / {:.1} ms |",
        percentile(&m.request_latency, 0.5).as_secs_f64() * 1e3,
        percentile(&m.request_latency, 0.99).as_secs_f64() * 1e3
    );
    #[allow(clippy::cast_precision_loss)]
    {
        println!(
            "| peak memory (client + sandbox process) | {:.1} MiB |",
            m.peak as f64 / 1024.0
        );
        match m.pending_rss {
            Some(rss) => {
                let per = (rss.saturating_sub(m.baseline_rss)) as f64 * 1024.0 / flows as f64;
                println!(
                    "| memory per pending flow (client + sandbox) | {:.1} KiB |",
                    per / 1024.0
                );
            }
            None => println!(
                "| memory per pending flow | not sampled (a flow finished before all had started) |"
            ),
        }
    }
    for e in m.errors.iter().take(5) {
        eprintln!("error: {e}");
    }
}
