//! Usage and configuration: a missing server or secret, an unknown option, a number out of
//! range or a flow with absurd times exit 1 with one line; an unreachable server exits 3;
//! `--help` lists every exit code; secrets come from a file too, its quotes stripped, a file
//! others can read warned about, and are never printed.

use dqe_sandbox::SandboxConfig;

use crate::support::{
    Dqe, NUMBER, UNREACHABLE, all, assert_clean, flow_json, fresh_flow, sandbox_with, temp_dir,
};

#[test]
fn usage_and_configuration_errors_exit_1_with_one_line() {
    let o = Dqe::new().step1("flow").run();
    let err = o.err();
    assert_eq!(o.code(), Some(1));
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("--server"), "{err}");

    let o = Dqe::bare().args(["--server", UNREACHABLE, "token"]).run();
    let err = o.err();
    assert_eq!(o.code(), Some(1));
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("DQE_LICENCE"), "{err}");

    let o = Dqe::sandbox("http://dqe.example").arg("token").run();
    assert_eq!(o.code(), Some(1), "{}", o.err());

    let o = Dqe::new().args(["initiate", "--bogus"]).run();
    assert_eq!(o.code(), Some(1));
}

#[test]
fn help_lists_every_exit_code() {
    let o = Dqe::new().arg("--help").run();
    assert_eq!(o.code(), Some(0));
    let out = o.out();
    assert!(out.contains("Exit codes"), "{out}");
    for line in [
        "0  success",
        "1  bad usage or configuration",
        "2  DQE answered an error",
        "3  transport failure or timeout",
        "4  the reply was not what DQE sends",
    ] {
        assert!(out.contains(line), "{line:?} missing from:\n{out}");
    }
}

#[test]
fn secrets_come_from_a_file_too_and_are_never_printed() {
    let file = temp_dir("file").join("secrets.env");
    std::fs::write(
        &file,
        "# sandbox\nDQE_LICENCE=FILE-LICENCE-77\nexport DQE_CLIENT_SECRET=\"FILE-SECRET-88\"\n",
    )
    .unwrap();
    let o = Dqe::bare()
        .args(["--server", UNREACHABLE, "--secrets-file"])
        .arg(&file)
        .arg("token")
        .run();
    let (out, err) = o.text();
    // The secrets were read (the failure is the connection), and not printed.
    assert_eq!(o.code(), Some(3), "{err}");
    assert!(err.contains("could not connect"), "{err}");
    for s in ["FILE-LICENCE-77", "FILE-SECRET-88"] {
        assert!(!out.contains(s) && !err.contains(s));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_file_quotes_are_stripped_and_a_shared_file_is_warned_about() {
    let (licence, secret) = ("QUOTED-LICENCE-61", "QUOTED-SECRET-62");
    let s = sandbox_with(SandboxConfig {
        accounts: vec![(licence.to_owned(), secret.to_owned())],
        ..SandboxConfig::default()
    })
    .await;
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let file = temp_dir("quotes").join("secrets.env");
        std::fs::write(
            &file,
            format!("DQE_LICENCE='{licence}'\nexport DQE_CLIENT_SECRET=\"{secret}\"\n"),
        )
        .unwrap();
        let token = || {
            Dqe::bare()
                .args(["--server", &url, "--secrets-file"])
                .arg(&file)
                .arg("token")
                .run()
        };
        #[cfg(unix)]
        let set_mode = |mode: u32| {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
        };

        // Private: both quote styles are stripped (the sandbox knows the values without
        // quotes), and nothing is said.
        #[cfg(unix)]
        set_mode(0o600);
        let o = token();
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{err}");
        assert!(!out.trim().is_empty());
        #[cfg(unix)]
        assert_eq!(err, "", "a private file gets no warning");
        for s in [licence, secret] {
            assert!(!out.contains(s) && !err.contains(s), "{s} printed");
        }

        // Readable by the group, or by everyone: a warning naming the file, and it still works.
        #[cfg(unix)]
        for mode in [0o640, 0o644] {
            set_mode(mode);
            let o = token();
            let (out, err) = o.text();
            assert_eq!(o.code(), Some(0), "{err}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains("warning"), "{err}");
            assert!(err.contains(&file.display().to_string()), "{err}");
            assert!(err.contains(&format!("{mode:03o}")), "{err}");
            for s in [licence, secret] {
                assert!(!out.contains(s) && !err.contains(s), "{s} printed");
            }
        }
    })
    .await
    .unwrap();
}

#[test]
fn an_unreachable_server_exits_3() {
    let o = Dqe::sandbox(UNREACHABLE).step1("flow").run();
    let err = o.err();
    assert_eq!(o.code(), Some(3), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn numbers_out_of_range_are_usage_errors() {
    let flow = fresh_flow();
    let huge = u64::MAX.to_string();
    let (flow, huge) = (flow.as_str(), huge.as_str());
    let cases: Vec<Vec<&str>> = vec![
        vec!["retrieve", "--flow", flow, "--wait", huge],
        vec!["retrieve", "--flow", flow, "--wait", "86401"],
        vec!["retrieve", "--flow", flow, "--wait", "0"],
        vec!["flow", "--number", NUMBER, "--name", "ACME", "--wait", huge],
        vec!["sandbox", "--port", "0", "--pending-seconds", huge],
        vec!["sandbox", "--port", "0", "--pending-seconds", "86401"],
        vec!["sandbox", "--port", "0", "--consent-seconds", "0"],
        vec!["sandbox", "--port", "0", "--token-seconds", "86401"],
        vec!["sandbox", "--port", "70000"],
    ];
    // An unreachable server: a command that got past its arguments fails otherwise.
    let runs = cases
        .iter()
        .map(|args| Dqe::hostile(UNREACHABLE).args(args))
        .collect();
    for (args, o) in cases.iter().zip(all(runs)) {
        let err = o.err();
        assert_eq!(o.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("invalid value"), "{args:?}: {err}");
        assert_clean(&o, false);
    }
    // The bounds themselves are accepted.
    let o = Dqe::hostile(UNREACHABLE)
        .args(["retrieve", "--flow", flow])
        .wait(1)
        .run();
    assert_eq!(o.code(), Some(3), "{}", o.err());
}

#[test]
fn a_flow_with_absurd_times_does_not_panic() {
    let max = u64::MAX;
    let flows = [
        flow_json(max, Some(max)),
        flow_json(0, Some(max)),
        flow_json(max, None),
        flow_json(max - 1, Some(0)),
        // The year 9999: a flow, whose token lives on and on.
        flow_json(0, Some(253_402_300_799)),
    ];
    let cases: Vec<(&String, Option<u32>)> = flows
        .iter()
        .flat_map(|flow| [(flow, None), (flow, Some(2))])
        .collect();
    let runs = cases
        .iter()
        .map(|(flow, wait)| {
            let d = Dqe::hostile(UNREACHABLE).args(["retrieve", "--flow", flow]);
            match wait {
                Some(w) => d.wait(*w),
                None => d,
            }
        })
        .collect();
    for ((flow, wait), o) in cases.iter().zip(all(runs)) {
        let err = o.err();
        assert!(
            matches!(o.code(), Some(1 | 3)),
            "{flow} {wait:?}: {:?} {err}",
            o.code()
        );
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert_clean(&o, false);
    }
    // A number past u64: not a flow.
    let flow = flow_json(0, None).replace("\"started_at\":0", "\"started_at\":1e30");
    let o = Dqe::hostile(UNREACHABLE)
        .args(["retrieve", "--flow", &flow])
        .run();
    assert_eq!(o.code(), Some(1), "{}", o.err());
}
