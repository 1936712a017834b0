//! Scopes and their parameters, from the spec at run time: each scope flows and prints its
//! result, one-step scopes without a step 2 request; a plain `dqe flow` asks for the default
//! scope alone; bad or untaken parameters are usage errors before any request; `--help` and the
//! README document every option and scope.

use dqe_client::endpoint::{ParamSource, ValueKind};
use dqe_client::{InitiateRequest, Scope};

use dqe_sandbox::standin::Standin;

use crate::support::{
    Dqe, Run, SandboxProcess, all, assert_clean, infos_file, json_reply, option, replying, sandbox,
    sent_form, temp_dir, token_reply,
};

/// What each scope's result must hold, in `dqe --json flow`'s output.
type Check = fn(&serde_json::Value);

/// A scope's case: its arguments, whether it answers at step 1, the keys printed, the check of
/// the JSON.
type Case<'a> = (Vec<&'a str>, bool, &'static [&'static str], Check);

fn scope_cases(infos: &str) -> Vec<Case<'_>> {
    vec![
        (
            vec!["--scope", "simswap", "--period", "24"],
            true,
            &["swapped"],
            // As DQE sends it, a string, and as the sandbox answers it from the spec's example.
            |v| assert_eq!(v["swapped"], "false", "{v}"),
        ),
        (
            vec![
                "--scope",
                "matching_notp",
                "--user-infos",
                infos,
                "--country",
                "FR",
            ],
            true,
            &["family_name", "given_name", "address"],
            |v| {
                let score = &v["family_name"];
                assert!(score.is_number() || score.is_string(), "{v}");
                assert!(v["address"].is_object(), "{v}");
            },
        ),
        (vec!["--scope", "numVerify"], false, &["numVerify"], |v| {
            assert_eq!(v["numVerify"], true, "{v}")
        }),
        (
            vec!["--scope", "matching", "--user-infos", infos],
            false,
            &["matching", "family_name"],
            |v| {
                assert!(v["matching"].is_object(), "{v}");
                assert!(v.get("formfilling").is_none(), "{v}");
            },
        ),
        (
            vec!["--scope", "formfilling,matching", "--user-infos", infos],
            false,
            &["formfilling", "matching"],
            |v| {
                assert_eq!(v["formfilling"]["phone_number"], "0612345678", "{v}");
                assert!(v["matching"].is_object(), "{v}");
            },
        ),
        // The document: its Base64 text with --json, as DQE sends it.
        (vec!["--scope", "billing"], false, &["billing"], |v| {
            let text = v["billing"].as_str().expect("Base64 text");
            let pdf = dqe_client::Document::from_base64(text).expect("Base64");
            assert!(pdf.as_bytes().starts_with(b"%PDF-"), "{v}");
        }),
    ]
}

/// `dqe flow`'s text output for a scope's case.
fn check_text((extra, one_step, keys, _): &Case<'_>, o: &Run) {
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(0), "{extra:?}: {err}");
    assert_eq!(
        out.contains("send the customer to: "),
        !one_step,
        "{extra:?}: {out}"
    );
    assert!(out.contains("result:"), "{extra:?}: {out}");
    // A document as its kind and size, never its Base64 text.
    if keys.contains(&"billing") {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with("billing: <document: PDF, ")
                    && l.ends_with(" bytes>")),
            "{out}"
        );
        assert!(!out.contains("JVBERi0"), "{out}");
    }
    for key in *keys {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(&format!("{key}:"))),
            "{extra:?}: no {key} in\n{out}"
        );
    }
}

/// `dqe --json flow`'s output for a scope's case.
fn check_json((extra, _, _, check): &Case<'_>, o: &Run) {
    assert_eq!(o.code(), Some(0), "{extra:?}: {}", o.err());
    let v = o.json();
    check(&v);
    if let Some(scores) = v.get("matching") {
        let is_score = |v: &serde_json::Value| v.is_number() || v.is_string();
        assert!(scores.as_object().unwrap().values().any(is_score), "{v}");
    }
}

/// Each scope, against `dqe sandbox`: `dqe flow` exits 0 and prints the scope's result (in
/// text and in JSON); one-step scopes give no consent URL.
#[test]
fn every_scope_flows_and_prints_its_result() {
    let sandbox = SandboxProcess::start();
    let url = sandbox.url.as_str();
    let infos = infos_file("scopes");
    let cases = scope_cases(&infos);
    let runs = cases
        .iter()
        .flat_map(|(extra, ..)| {
            let flow = |json| Dqe::sandbox(url).json_if(json).flow().args(extra);
            [flow(false), flow(true)]
        })
        .collect();
    let outputs = all(runs);
    for (case, runs) in cases.iter().zip(outputs.chunks(2)) {
        check_text(case, &runs[0]);
        check_json(case, &runs[1]);
    }

    // `initiate` prints a one-step result at once, with no flow to retrieve.
    let o = Dqe::sandbox(url)
        .step1("initiate")
        .args(["--scope", "simswap", "--period", "24"])
        .run();
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(0), "{err}");
    assert!(out.contains("swapped: "), "{out}");
    assert!(!out.contains("flow: "), "{out}");
    assert!(!err.contains("dqe retrieve"), "{err}");
}

#[test]
fn demo_runs_any_scope() {
    let [alone, both, both_json] = all(vec![
        Dqe::new().args(["demo", "--scope", "simswap", "--period", "24"]),
        Dqe::new().args(["demo", "--scope", "simswap,numVerify", "--period", "24"]),
        Dqe::new()
            .json()
            .args(["demo", "--scope", "simswap,numVerify", "--period", "24"]),
    ])
    .try_into()
    .ok()
    .unwrap();
    let (out, err) = alone.text();
    assert_eq!(alone.code(), Some(0), "{err}");
    assert!(out.contains("swapped: "), "{out}");
    assert!(!out.contains("send the customer to"), "{out}");

    // A one-step scope with one that needs consent: step 1's result, then step 2's.
    let (out, err) = both.text();
    assert_eq!(both.code(), Some(0), "{err}");
    let (step_1, step_2) = out
        .split_once("send the customer to")
        .unwrap_or_else(|| panic!("no consent: {out}"));
    assert!(step_1.contains("swapped: "), "{out}");
    assert!(step_2.contains("numVerify: "), "{out}");

    // With --json: step 1's reply (the one-step result) and step 2's, each a JSON document on
    // standard output; the consent URL on standard error.
    let (out, err) = both_json.text();
    assert_eq!(both_json.code(), Some(0), "{err}");
    let docs: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&out)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not JSON documents ({e}): {out}"));
    assert_eq!(docs.len(), 2, "{out}");
    assert!(docs[0].get("swapped").is_some(), "{out}");
    assert!(docs[1].get("numVerify").is_some(), "{out}");
    assert!(err.contains("send the customer to"), "{err}");
}

/// A plain `dqe flow` asks for the scope the spec marks as default, `formfilling`, and nothing
/// else: in step 1 and step 2 on the wire, and as the sandbox echoes it back.
#[tokio::test(flavor = "multi_thread")]
async fn without_scope_only_the_default_scope_is_asked_for() {
    assert_eq!(Scope::DEFAULT, [Scope::Formfilling]);
    let s = sandbox().await;
    let url = s.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let o = Dqe::sandbox(&url).json().flow().run();
        assert_eq!(o.code(), Some(0), "{}", o.err());
        let v = o.json();
        assert_eq!(v["scope"], "formfilling", "{v}");
        assert!(v["formfilling"].is_object(), "{v}");
        for other in Scope::INFO.iter().filter(|s| !s.default) {
            assert!(v.get(other.wire).is_none(), "{} in {v}", other.wire);
        }
    })
    .await
    .unwrap();

    // On the wire: step 1 and step 2 carry `scope=formfilling`, and step 1 the default mode.
    let consent = serde_json::json!({
        "status": "success", "operator": "Orange", "url": "https://consent.example/c"
    });
    let data = serde_json::json!({
        "status": "success", "scope": "formfilling", "formfilling": {"family_name": "Dupont"}
    });
    let stub = replying(vec![token_reply(), json_reply(&consent), json_reply(&data)]);
    let o = Dqe::hostile(stub.url()).step1("flow").wait(5).run();
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(0), "{err}");
    assert!(out.contains("family_name: Dupont"), "{out}");
    assert_eq!(stub.count(), 3);
    let scope = ("scope".to_owned(), "formfilling".to_owned());
    for n in [1, 2] {
        let form = sent_form(&stub, n);
        assert!(form.contains(&scope), "request {n}: {form:?}");
        assert_eq!(form.iter().filter(|(k, _)| k == "scope").count(), 1);
    }
    assert!(sent_form(&stub, 1).contains(&("mode".to_owned(), "2".to_owned())));
    assert_clean(&o, false);
}

/// A pair of a form, as the stand-in keeps it.
fn pair(key: &str, value: &str) -> (String, String) {
    (key.to_owned(), value.to_owned())
}

/// A one-step scope's answer is the result: printed at once, and no step 2 request is made.
/// The parameters its scope does not take are not sent.
#[test]
fn a_one_step_scope_makes_no_step_2_request() {
    let pending = json_reply(&serde_json::json!({"status": "pending"}));
    // simswap: `swapped` as DQE sends it, a string.
    let simswap =
        serde_json::json!({"status": "success", "operator": "Orange", "swapped": "false"});
    for json in [false, true] {
        let stub = replying(vec![token_reply(), json_reply(&simswap), pending.clone()]);
        let o = Dqe::hostile(stub.url())
            .json_if(json)
            .step1("flow")
            .args(["--scope", "simswap", "--period", "24"])
            .wait(5)
            .run();
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{err}");
        assert_eq!(stub.count(), 2, "the token and step 1 only");
        if json {
            assert_eq!(o.json()["swapped"], "false", "written back as it came");
        } else {
            assert!(out.contains("swapped: false"), "{out}");
            assert!(!out.contains("send the customer to"), "{out}");
        }
        let form = sent_form(&stub, 1);
        assert!(form.contains(&pair("scope", "simswap")), "{form:?}");
        assert!(form.contains(&pair("period", "24")), "{form:?}");
        for left_out in ["mode", "code_name"] {
            assert!(form.iter().all(|(k, _)| k != left_out), "{form:?}");
        }
        assert_clean(&o, false);
    }
}

/// matching_notp's answer is the scores as the whole reply, with no status key; `user_infos`
/// goes with every key.
#[test]
fn a_scores_reply_is_the_result_and_user_infos_goes_whole() {
    let pending = json_reply(&serde_json::json!({"status": "pending"}));
    let scores = serde_json::json!({
        "family_name": 1.0, "gender": "", "given_name": 0.5,
        "address": {"country": 1.0, "postal_code": 0.78}
    });
    let stub = replying(vec![token_reply(), json_reply(&scores), pending]);
    let infos = infos_file("notp");
    let o = Dqe::hostile(stub.url())
        .step1("flow")
        .args(["--scope", "matching_notp", "--user-infos", &infos])
        .args(["--country", "FR"])
        .wait(5)
        .run();
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(0), "{err}");
    assert_eq!(stub.count(), 2, "the token and step 1 only");
    assert!(out.contains("family_name: 1.0"), "{out}");
    assert!(out.contains("given_name: 0.5"), "{out}");
    assert!(out.contains("postal_code: 0.78"), "{out}");
    let form = sent_form(&stub, 1);
    assert!(form.contains(&pair("country", "FR")), "{form:?}");
    let (_, sent) = form
        .iter()
        .find(|(k, _)| k == "user_infos")
        .unwrap_or_else(|| panic!("no user_infos in {form:?}"));
    let sent: serde_json::Map<String, serde_json::Value> = serde_json::from_str(sent).unwrap();
    let keys = InitiateRequest::INFO
        .params
        .iter()
        .find_map(|p| match p.kind {
            ValueKind::Json(keys) => Some(keys),
            _ => None,
        })
        .unwrap();
    assert_eq!(sent.len(), keys.len(), "every key is sent: {sent:?}");
    assert_eq!(sent["lastname"], "Lefèvre");
    assert_eq!(sent["email"], "");
}

/// A scope's missing requirement, a value its parameter does not take, an unknown scope or an
/// unreadable `@FILE`: usage errors (exit 1, one line naming the option) before any request.
#[test]
fn bad_scope_parameters_are_usage_errors_before_any_request() {
    let big = temp_dir("big").join("big.json");
    std::fs::write(&big, vec![b' '; 64 * 1024 + 1]).unwrap();
    let big = format!("@{}", big.display());
    let missing = format!("@{}", temp_dir("missing").join("none.json").display());
    let not_a_key = "{\"nickname\": \"x\"}";
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        (vec!["--scope", "simswap"], &["period", "simswap"]),
        (vec!["--scope", "matching"], &["user_infos", "matching"]),
        (
            vec!["--scope", "matching_notp"],
            &["user_infos", "matching_notp"],
        ),
        (
            vec!["--scope", "formfilling,simswap"],
            &["period", "simswap"],
        ),
        (
            vec!["--scope", "simswap", "--period", "soon"],
            &["--period"],
        ),
        (
            vec!["--scope", "matching", "--user-infos", not_a_key],
            &["--user-infos", "nickname"],
        ),
        (
            vec!["--scope", "matching", "--user-infos", "not json"],
            &["--user-infos", "JSON"],
        ),
        (
            vec!["--scope", "matching", "--user-infos", &big],
            &["--user-infos", "64 KiB"],
        ),
        (
            vec!["--scope", "matching", "--user-infos", &missing],
            &["--user-infos", "none.json"],
        ),
        (vec!["--scope", "nothing"], &["--scope", "nothing"]),
        (vec!["--scope", ","], &["--scope"]),
        (vec!["--mode", "9"], &["--mode"]),
    ];
    let cases: Vec<_> = ["flow", "initiate"]
        .into_iter()
        .flat_map(|command| cases.iter().map(move |case| (command, case)))
        .collect();
    let stubs: Vec<Standin> = cases
        .iter()
        .map(|_| replying(vec![token_reply()]))
        .collect();
    let runs = cases
        .iter()
        .zip(&stubs)
        .map(|((command, (extra, _)), stub)| Dqe::hostile(stub.url()).step1(command).args(extra))
        .collect();
    for (((command, (extra, words)), stub), o) in cases.iter().zip(&stubs).zip(all(runs)) {
        let err = o.err();
        assert_eq!(o.code(), Some(1), "{command} {extra:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{command} {extra:?}: {err}");
        for word in *words {
            assert!(
                err.contains(word),
                "{command} {extra:?}: no {word} in {err}"
            );
        }
        assert_eq!(stub.count(), 0, "{command} {extra:?}: a request was made");
        assert_clean(&o, false);
    }
}

/// An option that none of the scopes asked for takes would not be sent: a usage error (exit 1,
/// one line naming the option, the scopes asked for and those that take it) before any request.
#[test]
fn an_option_no_scope_asked_for_takes_is_a_usage_error() {
    let infos = infos_file("not-taken");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--scope", "formfilling", "--country", "FR"],
            "--country is not taken by the scopes asked for (formfilling): it goes with matching_notp",
        ),
        // The default scope, formfilling, does not take it either.
        (
            vec!["--country", "FR"],
            "--country is not taken by the scopes asked for (formfilling): it goes with matching_notp",
        ),
        (
            vec!["--scope", "numVerify", "--user-infos", &infos],
            "--user-infos is not taken by the scopes asked for (numVerify): it goes with matching or matching_notp",
        ),
        (
            vec!["--scope", "simswap", "--period", "24", "--mode", "2"],
            "--mode is not taken by the scopes asked for (simswap): it goes with billing, formfilling, matching or matching_notp",
        ),
        (
            vec!["--scope", "formfilling,numVerify", "--period", "24"],
            "--period is not taken by the scopes asked for (formfilling, numVerify): it goes with simswap",
        ),
    ];
    let cases: Vec<_> = ["flow", "initiate", "demo"]
        .into_iter()
        .flat_map(|command| cases.iter().map(move |case| (command, case)))
        .collect();
    let stubs: Vec<Standin> = cases
        .iter()
        .map(|_| replying(vec![token_reply()]))
        .collect();
    let mut runs: Vec<Dqe> = cases
        .iter()
        .zip(&stubs)
        .map(|((command, (extra, _)), stub)| Dqe::hostile(stub.url()).step1(command).args(extra))
        .collect();
    // With a scope that takes it, the same option goes through.
    runs.push(
        Dqe::new()
            .args(["demo", "--scope", "formfilling,matching_notp"])
            .args(["--country", "FR", "--user-infos", &infos]),
    );
    let mut outputs = all(runs);
    let taken = outputs.pop().unwrap();
    assert_eq!(taken.code(), Some(0), "{}", taken.err());
    for (((command, (extra, message)), stub), o) in cases.iter().zip(&stubs).zip(outputs) {
        let err = o.err();
        assert_eq!(o.code(), Some(1), "{command} {extra:?}: {err}");
        assert_eq!(err.trim(), format!("dqe: {message}"), "{command} {extra:?}");
        assert_eq!(stub.count(), 0, "{command} {extra:?}: a request was made");
        assert_clean(&o, false);
    }
}

/// `--help` of the commands that send step 1 lists every parameter the caller sets (by the
/// option `dqe initiate --help` says it is sent as) and every scope, with the default.
#[test]
fn help_lists_the_spec_parameters_and_scopes() {
    for command in ["flow", "initiate", "demo"] {
        let o = Dqe::new().args([command, "--help"]).run();
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{err}");
        // Help is wrapped to the terminal's width: compare words, not lines.
        let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
        for p in InitiateRequest::INFO
            .params
            .iter()
            .filter(|p| p.source == ParamSource::Caller)
        {
            let option = option(p.wire);
            assert!(out.contains(&option), "{command}: no {option} in\n{out}");
        }
        for s in Scope::INFO {
            assert!(out.contains(s.wire), "{command}: no {} in\n{out}", s.wire);
        }
        assert!(out.contains("[default: formfilling]"), "{out}");
    }
}
