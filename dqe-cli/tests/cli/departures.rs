//! DQE's replies that depart from the spec: `dqe` says each departure on stderr after the
//! result, then what to run next; `dqe spec drift --replies` compares the replies `dqe --json`
//! saved, or an application's departure events, with the spec (exit 1, with the TOML to add;
//! 0 for the sandbox's replies) and exits 2 on a file that is not replies. No value of a reply
//! is ever printed but the result asked for.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use dqe_client::client::{Client, Flow, Token};
use dqe_client::{Credentials, Scope};
use dqe_sandbox::standin::Answer;

use crate::support::{
    Dqe, LICENCE, Run, SECRET, TOKEN, assert_clean, assert_no_control, fresh_flow, replying,
    sandbox, temp_dir,
};

/// A step 2 success whose address has a key the spec does not know, and whose values must
/// never reach stderr nor drift's output.
const ODD: &str = r#"{"status":"success","scope":"formfilling","formfilling":{"family_name":"VALUE-NAME","address":{"floor":"VALUE-FLOOR","locality":"VALUE-TOWN"}}}"#;

/// What `dqe` says of that success.
const FLOOR: &str =
    "DQE's reply has a key the spec does not know: formfilling.address.floor (a string)";

/// `dqe spec drift --replies FILES...`, with `--json` if asked.
fn drift(files: &[&PathBuf], json: bool) -> Run {
    let mut d = Dqe::bare().args(["spec", "drift"]);
    if json {
        d = d.arg("--json");
    }
    d.arg("--replies").args(files.iter().copied()).run()
}

/// No value of the replies in anything printed.
fn assert_no_value(o: &Run) {
    let (out, err) = o.text();
    for text in [&out, &err] {
        assert!(!text.contains("VALUE-"), "a value printed:\n{text}");
    }
}

#[test]
fn each_departure_is_said_after_the_result_then_what_to_run() {
    let flow = fresh_flow();
    let stub = replying(vec![Answer::json(200, ODD)]);
    let o = Dqe::hostile(stub.url())
        .args(["retrieve", "--flow", &flow])
        .run();
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(0), "{err}");
    // The result asked for holds the user's data; stderr none of it.
    assert!(out.contains("VALUE-NAME"), "{out}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert_eq!(lines[0], FLOOR);
    assert!(lines[1].contains("dqe --json ... > replies.jsonl"), "{err}");
    assert!(
        lines[1].contains("dqe spec drift --replies replies.jsonl"),
        "{err}"
    );
    assert!(!err.contains("VALUE-"), "{err}");
    assert_clean(&o, false);

    // An error id the spec does not know: said after DQE's error (exit 2), keys escaped.
    let unknown = r#"{"status":"error","error_id":"77","error_type":"VALUE-TEXT","x\u001b[31m":1}"#;
    let stub = replying(vec![Answer::json(200, unknown)]);
    let o = Dqe::hostile(stub.url())
        .args(["retrieve", "--flow", &flow])
        .run();
    let err = o.err();
    assert_eq!(o.code(), Some(2), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("dqe: error 77"), "{err}");
    assert!(
        lines.contains(&"DQE's reply has an error id the spec does not know: error_id (a string)"),
        "{err}"
    );
    assert!(
        lines.contains(&"DQE's reply has a key the spec does not know: x\\u{1b}[31m (a number)"),
        "{err}"
    );
    assert_no_control(&err);
}

#[test]
fn replies_saved_by_dqe_json_are_compared_with_the_spec() {
    let dir = temp_dir("departures-saved");
    let flow = fresh_flow();
    let stub = replying(vec![Answer::json(200, ODD)]);
    let o = Dqe::hostile(stub.url())
        .json()
        .args(["retrieve", "--flow", &flow])
        .run();
    assert_eq!(o.code(), Some(0), "{}", o.err());
    assert!(
        o.err().contains("save this command's output"),
        "{}",
        o.err()
    );
    let saved = dir.join("replies.jsonl");
    std::fs::write(&saved, o.out()).unwrap();

    let o = drift(&[&saved], false);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
    let first = out.lines().next().unwrap();
    assert!(
        first.contains("replies.jsonl:1: DQE's `retrieve` reply (success) has a key the spec does not know: formfilling.address.floor (a string), in 1 reply [key-added] (spec: spec/scopes/formfilling.toml:"),
        "{out}"
    );
    assert!(
        out.contains("    [[objects.Address.fields]]\n    name = \"floor\""),
        "{out}"
    );
    assert!(
        out.ends_with(
            "1 difference between the replies of 1 file and the spec in spec (built into dqe)\n"
        ),
        "{out}"
    );
    assert_no_value(&o);

    let o = drift(&[&saved], true);
    assert_eq!(o.code(), Some(1), "{}", o.err());
    let out = o.json();
    assert_eq!(
        out["files"][0]["file"],
        saved.display().to_string().as_str()
    );
    let list = &out["differences"];
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["kind"], "key-added");
    assert_eq!(list[0]["spec_key"], "objects.Address");
    assert!(
        list[0]["toml"]
            .as_str()
            .unwrap()
            .contains("name = \"floor\"")
    );
    assert_no_value(&o);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sandboxs_replies_differ_in_nothing() {
    let s = sandbox().await;
    let url = s.url().to_owned();
    let dir = temp_dir("departures-sandbox");
    tokio::task::spawn_blocking(move || {
        let mut files = Vec::new();
        for scope in ["formfilling", "formfilling,numVerify,billing", "simswap"] {
            let mut d = Dqe::sandbox(&url).json().flow().args(["--scope", scope]);
            if scope == "simswap" {
                d = d.args(["--period", "24"]);
            }
            let o = d.run();
            assert_eq!(o.code(), Some(0), "{scope}: {}", o.err());
            assert!(!o.err().contains("DQE's reply has"), "{}", o.err());
            let file = dir.join(format!("{}.json", scope.replace(',', "-")));
            std::fs::write(&file, o.out()).unwrap();
            files.push(file);
        }
        let o = drift(&files.iter().collect::<Vec<_>>(), false);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{out}{err}");
        assert!(
            out.starts_with("0 differences between the replies of 3 files"),
            "{out}"
        );
    })
    .await
    .unwrap();
}

/// A writer into a shared buffer, for a log.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn an_applications_departure_events_are_compared_with_the_spec() {
    // An application's client, logging as tracing-subscriber's JSON layer does, every level.
    let stub = replying(vec![Answer::json(200, ODD)]);
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let client = Client::builder()
                .server(stub.url())
                .credentials(Credentials::new(LICENCE, SECRET))
                .build()
                .unwrap();
            let flow = Flow::new(&Token::new(TOKEN), Scope::Formfilling, client.clock());
            for _ in 0..2 {
                client.retrieve(&flow).await.unwrap();
            }
            assert_eq!(client.departures()[0].count, 2);
        });
    });
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(!text.contains("VALUE-"), "a value logged: {text}");
    let file = temp_dir("departures-events").join("app.log.json");
    std::fs::write(&file, &text).unwrap();
    let o = drift(&[&file], false);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
    assert!(
        out.contains("DQE's `retrieve` reply has a key the spec does not know: formfilling.address.floor (a string), in 1 departure event [key-added]"),
        "{out}"
    );
    assert!(out.contains("[[objects.Address.fields]]"), "{out}");
}

#[test]
fn what_is_not_replies_exits_2_and_says_why() {
    let dir = temp_dir("departures-not-replies");
    let page = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pages/formfilling.txt");
    let mut noise = vec![0u8; 4096];
    let mut x: u32 = 2463534242;
    for b in &mut noise {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("noise", noise),
        ("not UTF-8", vec![0xff, 0xfe, b'{']),
        ("an array", b"[\"VALUE-A\"]".to_vec()),
        ("half a reply", b"{\"status\": \"VALUE-B".to_vec()),
        ("a page", std::fs::read(&page).unwrap()),
        (
            "log events alone",
            b"{\"level\":\"INFO\",\"fields\":{\"message\":\"request\"},\"target\":\"x\"}".to_vec(),
        ),
    ];
    for (name, bytes) in cases {
        let file = dir.join(name.replace(' ', "-"));
        std::fs::write(&file, bytes).unwrap();
        let o = drift(&[&file], false);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(2), "{name}: {out}{err}");
        assert_eq!(out, "", "{name}");
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.starts_with("dqe: "), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert_no_value(&o);
    }
}
