//! Against the sandbox: every scenario number exits 2 with its documented error, `initiate` then
//! `retrieve` carry a flow, `demo` prints an identity, the `dqe sandbox` command serves a flow,
//! and a closed standard output ends the command quietly.

use std::io::{BufRead, BufReader, Read};
use std::time::Duration;

use dqe_sandbox::{SandboxConfig, scenarios};

use crate::support::{Dqe, SandboxProcess, all, sandbox, sandbox_with};

#[tokio::test(flavor = "multi_thread")]
async fn every_scenario_number_exits_2_with_its_error() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    let list = scenarios();
    let runs = list
        .iter()
        .map(|(number, ..)| {
            Dqe::sandbox(&url)
                .args(["flow", "--number", number, "--name", "ACME"])
                .wait(20)
        })
        .collect();
    let outputs = tokio::task::spawn_blocking(move || all(runs))
        .await
        .unwrap();
    for ((number, _, id, error_text), o) in list.iter().zip(outputs) {
        let err = o.err();
        assert_eq!(o.code(), Some(2), "{number}: {err}");
        assert_eq!(
            err.trim(),
            format!("dqe: error {id}: {error_text}"),
            "{number}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn initiate_then_retrieve_with_json() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let o = Dqe::sandbox(&url).json().step1("initiate").run();
        assert_eq!(o.code(), Some(0), "{}", o.err());
        let v = o.json();
        assert_eq!(v["operator"], "Orange");
        let flow = v["flow"].to_string();
        let o = Dqe::sandbox(&url)
            .json()
            .global("--method")
            .global("get")
            .args(["retrieve", "--flow", &flow])
            .wait(10)
            .run();
        assert_eq!(o.code(), Some(0), "{}", o.err());
        let v = o.json();
        assert_eq!(v["status"], "success");
        assert_eq!(v["formfilling"]["phone_number"], "0612345678");

        let o = Dqe::sandbox(&url)
            .json()
            .args(["initiate", "--number", "0619100016", "--name", "ACME"])
            .run();
        assert_eq!(o.code(), Some(2));
        let v = o.json();
        assert_eq!(v["error_id"], "16");
        assert_eq!(v["error_type"], "operator Orange unreachable");
    })
    .await
    .unwrap();
}

#[test]
fn demo_prints_an_identity() {
    let o = Dqe::new().arg("demo").run();
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(0), "{err}");
    assert!(out.contains("operator: Orange"), "{out}");
    assert!(out.contains("family_name: "), "{out}");
    assert!(out.contains("given_name: "), "{out}");
    assert!(out.contains("status: success"), "{out}");
}

#[test]
fn the_sandbox_command_serves_a_flow() {
    let sandbox = SandboxProcess::start();
    let o = Dqe::sandbox(&sandbox.url)
        .json()
        .args(["flow", "--number", "0622334455", "--name", "ACME"])
        .wait(10)
        .run();
    drop(sandbox);
    assert_eq!(o.code(), Some(0), "{}", o.err());
    assert_eq!(o.json()["formfilling"]["phone_number"], "0622334455");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_stdout_ends_quietly() {
    let s = sandbox_with(SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_millis(500),
        ..SandboxConfig::default()
    })
    .await;
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        // `dqe flow ... | head -1`: the reader takes the first line and goes away; the
        // identity, printed later, meets a closed pipe.
        let mut child = Dqe::sandbox(&url).step1("flow").spawn();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with("operator: "), "{first}");
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{err}");
        assert_eq!(err, "", "a closed stdout is not an error to report");
    })
    .await
    .unwrap();
}
