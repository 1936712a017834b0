//! The `dqe` binary, run as a subprocess against the sandbox: every scenario number gives the
//! documented error and exit code 2, `demo` prints an identity, and bad usage, missing secrets
//! and unreachable servers give their exit codes and a one-line message.
#![cfg(feature = "cli")]

use std::net::SocketAddr;
use std::process::{Command, Output};
use std::time::Duration;

use dqe_client::sandbox::{
    DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig, scenarios,
};

fn dqe(server: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dqe"));
    c.args(args)
        .env_remove("DQE_SERVER")
        .env("DQE_LICENCE", DEFAULT_LICENCE)
        .env("DQE_CLIENT_SECRET", DEFAULT_CLIENT_SECRET);
    if let Some(s) = server {
        c.env("DQE_SERVER", s);
    }
    c.output().expect("the binary runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

async fn sandbox() -> Sandbox {
    let config = SandboxConfig {
        auto_approve: true,
        pending_time: Duration::ZERO,
        ..SandboxConfig::default()
    };
    Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_scenario_number_exits_2_with_its_error() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    let list = scenarios();
    let outputs = tokio::task::spawn_blocking(move || {
        list.into_iter()
            .map(|(number, step, id, text)| {
                let o = dqe(
                    Some(&url),
                    &[
                        "flow", "--number", &number, "--name", "ACME", "--wait", "20",
                    ],
                );
                (number, step, id, text, o)
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for (number, _, id, error_text, o) in outputs {
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{number}: {err}");
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
        let o = dqe(
            Some(&url),
            &[
                "--json",
                "initiate",
                "--number",
                "0612345678",
                "--name",
                "ACME",
            ],
        );
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["operator"], "Orange");
        let flow = v["flow"].to_string();
        let o = dqe(
            Some(&url),
            &[
                "--json", "--method", "get", "retrieve", "--flow", &flow, "--wait", "10",
            ],
        );
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["status"], "success");
        assert_eq!(v["formfilling"]["phone_number"], "0612345678");

        let o = dqe(
            Some(&url),
            &[
                "--json",
                "initiate",
                "--number",
                "0619100016",
                "--name",
                "ACME",
            ],
        );
        let (out, _) = text(&o);
        assert_eq!(o.status.code(), Some(2));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["error_id"], "16");
        assert_eq!(v["error_type"], "operator Orange unreachable");
    })
    .await
    .unwrap();
}

#[test]
fn demo_prints_an_identity() {
    let o = dqe(None, &["demo"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(out.contains("operator: Orange"), "{out}");
    assert!(out.contains("family_name: "), "{out}");
    assert!(out.contains("given_name: "), "{out}");
    assert!(out.contains("status: success"), "{out}");
}

#[test]
fn usage_and_configuration_errors_exit_1_with_one_line() {
    let o = dqe(None, &["flow", "--number", "0612345678", "--name", "ACME"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("--server"), "{err}");

    let o = Command::new(env!("CARGO_BIN_EXE_dqe"))
        .args(["--server", "http://127.0.0.1:9", "token"])
        .env_remove("DQE_LICENCE")
        .env_remove("DQE_CLIENT_SECRET")
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("DQE_LICENCE"), "{err}");

    let o = dqe(Some("http://dqe.example"), &["token"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o).1);

    let o = dqe(None, &["initiate", "--bogus"]);
    assert_eq!(o.status.code(), Some(1));

    let o = dqe(None, &["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o).0.contains("Exit codes"));
}

#[test]
fn secrets_come_from_a_file_too_and_are_never_printed() {
    let dir = std::env::temp_dir().join(format!("dqe-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secrets.env");
    std::fs::write(
        &file,
        "# sandbox\nDQE_LICENCE=FILE-LICENCE-77\nexport DQE_CLIENT_SECRET=\"FILE-SECRET-88\"\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_dqe"))
        .args(["--server", "http://127.0.0.1:9", "--secrets-file"])
        .arg(&file)
        .arg("token")
        .env_remove("DQE_LICENCE")
        .env_remove("DQE_CLIENT_SECRET")
        .output()
        .unwrap();
    let (out, err) = text(&o);
    // The secrets were read (the failure is the connection), and not printed.
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("could not connect"), "{err}");
    for s in ["FILE-LICENCE-77", "FILE-SECRET-88"] {
        assert!(!out.contains(s) && !err.contains(s));
    }
}

#[test]
fn an_unreachable_server_exits_3() {
    let o = dqe(
        Some("http://127.0.0.1:9"),
        &["flow", "--number", "0612345678", "--name", "ACME"],
    );
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn the_sandbox_command_serves_a_flow() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_dqe"))
        .args([
            "sandbox",
            "--port",
            "0",
            "--auto-approve",
            "--pending-seconds",
            "0",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("DQE sandbox listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_owned();
    let o = dqe(
        Some(&url),
        &[
            "--json",
            "flow",
            "--number",
            "0622334455",
            "--name",
            "ACME",
            "--wait",
            "10",
        ],
    );
    let _ = child.kill();
    let _ = child.wait();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["formfilling"]["phone_number"], "0622334455");
}
