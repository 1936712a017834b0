//! What `dqe` says of DQE's replies that departed from the spec (`dqe_client::departure`): once
//! the result is printed (or DQE's error), one line on stderr per departure, in the order of
//! the client's counts (`DQE's reply has a key the spec does not know:
//! formfilling.address.floor (a string)`), the keys escaped like all server text and no value,
//! then the command that compares the replies with the spec and gives the TOML to add.

use std::sync::OnceLock;

use dqe_client::client::Client;
use dqe_client::departure::DepartureCount;

use crate::cli::Command;
use crate::output::{Escaped, errln};

/// The client of the command run, if it calls a server.
static CLIENT: OnceLock<Client> = OnceLock::new();

/// Keeps the command's client, to report what its replies departed in once it is done.
pub fn watch(client: &Client) {
    let _ = CLIENT.set(client.clone());
}

/// Whether the command prints its replies as JSON (`--json`): what to run next says so.
pub fn prints_json(command: &Command) -> bool {
    match command {
        Command::Initiate(a) => a.results.json,
        Command::Retrieve(a) => a.results.json,
        Command::Flow(a) => a.results.json,
        Command::Demo(a) => a.results.json,
        _ => false,
    }
}

/// The lines said of `counts`: one per endpoint, place and kind, its JSON kinds together.
fn lines(counts: &[DepartureCount]) -> Vec<String> {
    let mut out: Vec<(&DepartureCount, Vec<&'static str>)> = Vec::new();
    for c in counts {
        let kind = c.json_kind.described();
        match out
            .iter_mut()
            .find(|(x, _)| (x.endpoint, &x.path, x.kind) == (c.endpoint, &c.path, c.kind))
        {
            Some((_, kinds)) => kinds.push(kind),
            None => out.push((c, vec![kind])),
        }
    }
    out.iter()
        .map(|(c, kinds)| {
            format!(
                "DQE's reply has {}: {} ({})",
                c.kind.described(),
                Escaped(&c.path),
                kinds.join(" or ")
            )
        })
        .collect()
}

/// Says what the replies departed in, and what to run next; nothing when they departed in
/// nothing (or no server was called). `json`: the command printed its replies as JSON.
pub fn report(json: bool) {
    let Some(client) = CLIENT.get() else { return };
    let counts = client.departures();
    if counts.is_empty() {
        return;
    }
    for line in lines(&counts) {
        errln!("{line}");
    }
    if json {
        errln!(
            "Compare DQE's replies with the spec, and get the TOML to add: save this command's output \
             (`... > replies.jsonl`), then run `dqe spec drift --replies replies.jsonl`."
        );
    } else {
        errln!(
            "Compare DQE's replies with the spec, and get the TOML to add: run this command again \
             with --json, its output saved (`dqe --json ... > replies.jsonl`), then \
             `dqe spec drift --replies replies.jsonl`."
        );
    }
}
