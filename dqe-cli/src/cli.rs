//! The command line's definition: each command with only the options it reads. The options
//! several commands share are small argument structs ([`Account`], [`Sending`], [`Polling`],
//! [`Results`], [`Verbosity`]) flattened into the commands that read them; [`parse`] adds
//! step 1's options from the spec ([`options::add`]) and reads a shared option written before
//! the command (`dqe --json flow ...`, as when these options were global) as the command's
//! own, so that a command that does not take it refuses it ([`before`]).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::builder::RangedU64ValueParser;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use dqe_client::endpoint::{Method, ParamInfo};
use dqe_sandbox::MAX_DURATION;

use crate::{fail, options, spec};

/// The longest wait the command line accepts, in seconds (a day): far beyond any token's
/// lifetime, which bounds waiting anyway.
const MAX_WAIT_SECONDS: u64 = 24 * 60 * 60;

/// A `--wait` argument: 1 to [`MAX_WAIT_SECONDS`].
fn wait_seconds() -> RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=MAX_WAIT_SECONDS)
}

/// A `--consent-seconds` or `--token-seconds` argument: 1 to the sandbox's [`MAX_DURATION`].
fn sandbox_seconds() -> RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=MAX_DURATION.as_secs())
}

/// A `--poll-interval` argument: the library's bounds, `MIN_POLL_INTERVAL` to
/// `MAX_POLL_INTERVAL`.
fn poll_seconds() -> RangedU64ValueParser<u64> {
    RangedU64ValueParser::new().range(
        dqe_client::client::MIN_POLL_INTERVAL.as_secs()
            ..=dqe_client::client::MAX_POLL_INTERVAL.as_secs(),
    )
}

/// A `--pending-seconds` argument: 0 to the sandbox's [`MAX_DURATION`] (a day).
fn pending_seconds() -> RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(0..=MAX_DURATION.as_secs())
}

/// What `--help` ends with.
fn after_help() -> String {
    format!(
        "Each command lists its options in `dqe COMMAND --help`. An option shared by several \
         commands may also be written before the command (`dqe --json flow ...`), for a command \
         that takes it.\n\nStep 1's options (initiate, flow, demo) are the spec's parameters, \
         named by their wire names: see `dqe flow --help`.\n\nSecrets come from the environment \
         (DQE_LICENCE, DQE_CLIENT_SECRET) or --secrets-file, never from arguments, and are \
         never printed.\n\n{}",
        fail::EXIT_CODES
    )
}

/// `dqe`: its commands; every option belongs to a command.
#[derive(Parser)]
#[command(
    name = "dqe",
    version,
    about = "DQE ID Mobile from the command line: tokens, consent, retrieval, and a sandbox.",
    after_help = after_help()
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The server called and the account it is called with: the commands that call a DQE server.
#[derive(Args)]
pub struct Account {
    /// The server's address (HTTPS, or a loopback address).
    #[arg(long, env = dqe_client::SERVER_ENV, value_name = "URL")]
    pub server: Option<String>,
    /// A file of `NAME=value` lines (quotes around values are removed) holding DQE_LICENCE and
    /// DQE_CLIENT_SECRET; keep it private (a warning says when other users can read it).
    #[arg(long, value_name = "PATH")]
    pub secrets_file: Option<PathBuf>,
}

/// How requests are sent: the commands that send any.
#[derive(Args)]
pub struct Sending {
    /// How parameters are sent: post keeps them out of URLs and logs.
    #[arg(long, value_enum, default_value_t = MethodArg::Post)]
    pub method: MethodArg,
}

/// How often step 2 is polled: the commands that wait for it on a server of your choosing.
#[derive(Args)]
pub struct Polling {
    /// How often step 2 is polled while it answers pending (or a retryable error), in
    /// seconds: 1 to 3600. Default: the library's (2 s).
    #[arg(long, value_name = "SECONDS", value_parser = poll_seconds())]
    pub poll_interval: Option<u64>,
}

/// How a result is printed, and where its document goes: the commands that print a result
/// (flow, retrieve, initiate, demo).
#[derive(Args)]
pub struct Results {
    /// Print results as JSON, with DQE's key names.
    #[arg(long)]
    pub json: bool,
    /// Write the document of the result (a key the spec types `base64`, such as `billing`'s
    /// proof of address) to this file, created readable by you alone. Without it, a document
    /// is shown as its kind and size.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With --out: replace the file if it exists (never a symbolic link).
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// How much is logged on stderr: the commands that call a server or serve one.
#[derive(Args)]
pub struct Verbosity {
    /// Log what dqe does on stderr: -v the requests (method, endpoint, path, HTTP status,
    /// duration, bytes, error id) and the retry and poll decisions; -vv timings and the poll
    /// schedule too. RUST_LOG, when set, chooses instead. Never a value: no secret, token,
    /// phone number, identity value or URL.
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// A `--method` value.
#[derive(Clone, Copy, ValueEnum)]
pub enum MethodArg {
    /// Parameters in the URL's query.
    Get,
    /// Parameters in a form body.
    Post,
}

impl From<MethodArg> for Method {
    fn from(method: MethodArg) -> Self {
        match method {
            MethodArg::Get => Method::Get,
            MethodArg::Post => Method::Post,
        }
    }
}

/// The commands.
#[derive(Subcommand)]
pub enum Command {
    /// Obtain a token (printed: it is what you asked for).
    Token(TokenArgs),
    /// Step 1: send the request; prints the consent URL and the flow to retrieve with, or the
    /// result of a one-step scope.
    Initiate(InitiateArgs),
    /// Step 2: retrieve the data of a flow printed by `initiate`.
    Retrieve(RetrieveArgs),
    /// All steps: token, step 1, then (for a scope that needs consent) wait for the data.
    Flow(FlowArgs),
    /// Serve the sandbox: the whole journey simulated, with scenario phone numbers.
    Sandbox(SandboxArgs),
    /// The whole flow against an in-process sandbox that approves at once.
    ///
    /// Its two sample values are options of step 1 of the same names (the spec's parameters);
    /// the other options of step 1 are added from the spec, as for `flow`.
    Demo(DemoArgs),
    /// Work on a spec directory without compiling or calling anything: check it, print its
    /// OpenAPI document, compare DQE's help-centre pages with it (drift), draft a scope file
    /// from such a page (import), print such a page as it is read or refresh the stored ones
    /// (page), or compare two specs (diff).
    Spec {
        /// What to do with the spec.
        #[command(subcommand)]
        command: spec::SpecCommand,
    },
    /// Print the completion script of a shell on stdout (e.g. `dqe completions bash >
    /// ~/.local/share/bash-completion/completions/dqe`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: crate::completions::ShellArg,
    },
}

/// `dqe token`'s options.
#[derive(Args)]
pub struct TokenArgs {
    /// The server and account.
    #[command(flatten)]
    pub account: Account,
    /// How the request is sent.
    #[command(flatten)]
    pub sending: Sending,
    /// What is logged.
    #[command(flatten)]
    pub verbosity: Verbosity,
}

/// `dqe initiate`'s options (step 1's own are added from the spec).
#[derive(Args)]
pub struct InitiateArgs {
    /// The server and account.
    #[command(flatten)]
    pub account: Account,
    /// How the requests are sent.
    #[command(flatten)]
    pub sending: Sending,
    /// How the result is printed.
    #[command(flatten)]
    pub results: Results,
    /// What is logged.
    #[command(flatten)]
    pub verbosity: Verbosity,
}

/// `dqe retrieve`'s options.
#[derive(Args)]
pub struct RetrieveArgs {
    /// The flow, as printed by `initiate` (JSON), or @FILE.
    #[arg(long)]
    pub flow: String,
    /// Wait up to this many seconds (at most a day) for a final answer instead of asking once.
    #[arg(long, value_name = "SECONDS", value_parser = wait_seconds())]
    pub wait: Option<u64>,
    /// The server and account.
    #[command(flatten)]
    pub account: Account,
    /// How the requests are sent.
    #[command(flatten)]
    pub sending: Sending,
    /// How often step 2 is polled, with --wait.
    #[command(flatten)]
    pub polling: Polling,
    /// How the result is printed.
    #[command(flatten)]
    pub results: Results,
    /// What is logged.
    #[command(flatten)]
    pub verbosity: Verbosity,
}

/// `dqe flow`'s options (step 1's own are added from the spec).
#[derive(Args)]
pub struct FlowArgs {
    /// How long to wait for the customer, in seconds (at most a day).
    #[arg(long, value_name = "SECONDS", default_value_t = 180, value_parser = wait_seconds())]
    pub wait: u64,
    /// The server and account.
    #[command(flatten)]
    pub account: Account,
    /// How the requests are sent.
    #[command(flatten)]
    pub sending: Sending,
    /// How often step 2 is polled.
    #[command(flatten)]
    pub polling: Polling,
    /// How the result is printed.
    #[command(flatten)]
    pub results: Results,
    /// What is logged.
    #[command(flatten)]
    pub verbosity: Verbosity,
}

/// `dqe sandbox`'s options.
#[derive(Args)]
pub struct SandboxArgs {
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Give consent at once, without the consent page.
    #[arg(long)]
    pub auto_approve: bool,
    /// Test mode: show the SMS code on the consent page.
    #[arg(long)]
    pub show_code: bool,
    /// How long step 2 answers pending after consent, in seconds (at most a day).
    #[arg(long, value_name = "SECONDS", default_value_t = 2, value_parser = pending_seconds())]
    pub pending_seconds: u64,
    /// How long the consent page takes an answer, in seconds (at most a day; never longer
    /// than the token lives). Default: the sandbox's (5 minutes).
    #[arg(long, value_name = "SECONDS", value_parser = sandbox_seconds())]
    pub consent_seconds: Option<u64>,
    /// How long a token lives, in seconds (at most a day). Default: the sandbox's.
    #[arg(long, value_name = "SECONDS", value_parser = sandbox_seconds())]
    pub token_seconds: Option<u64>,
    /// What is logged (the sandbox's log, SMS codes among it, is shown by default).
    #[command(flatten)]
    pub verbosity: Verbosity,
}

/// `dqe demo`'s options (step 1's others are added from the spec). It calls its own sandbox,
/// polled every second: no server, account or poll interval to give.
#[derive(Args)]
pub struct DemoArgs {
    /// The customer's phone number (a sandbox scenario number works too).
    #[arg(long, default_value = "0612345678")]
    pub number: String,
    /// Your partner name at DQE.
    #[arg(long, default_value = "ACME Demo")]
    pub name: String,
    /// How the requests are sent.
    #[command(flatten)]
    pub sending: Sending,
    /// How the result is printed.
    #[command(flatten)]
    pub results: Results,
    /// What is logged.
    #[command(flatten)]
    pub verbosity: Verbosity,
}

impl Command {
    /// The `-v` count of a command that logs (0 for one that does not), and whether it serves
    /// (`dqe sandbox`, whose log is its output).
    pub fn logging(&self) -> (u8, bool) {
        match self {
            Self::Token(a) => (a.verbosity.verbose, false),
            Self::Initiate(a) => (a.verbosity.verbose, false),
            Self::Retrieve(a) => (a.verbosity.verbose, false),
            Self::Flow(a) => (a.verbosity.verbose, false),
            Self::Demo(a) => (a.verbosity.verbose, false),
            Self::Sandbox(a) => (a.verbosity.verbose, true),
            Self::Spec { .. } | Self::Completions { .. } => (0, false),
        }
    }
}

/// The values given for step 1's parameters, by parameter.
pub type Given = Vec<(&'static ParamInfo, String)>;

/// The whole command line's definition: the commands declared here, with step 1's options made
/// from the spec ([`options::add`]). Where clap wraps help (its `wrap_help` feature, which
/// another crate of a build may turn on), it wraps at 100 columns, not at the terminal's.
pub fn command() -> clap::Command {
    options::add(Cli::command()).term_width(HELP_WIDTH)
}

/// The width `--help` is wrapped at.
const HELP_WIDTH: usize = 100;

/// The command line: the options declared here, with step 1's made from the spec, and the
/// values given for step 1's parameters.
pub fn parse(args: Vec<OsString>) -> Result<(Cli, Given), clap::Error> {
    let mut command = command();
    let args = before::reorder(args, &command);
    let matches = command.try_get_matches_from_mut(args)?;
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))?;
    let given = matches
        .subcommand()
        .map(|(_, sub)| options::given(sub))
        .unwrap_or_default();
    Ok((cli, given))
}

/// Options written before the command: the shared ones (those of the structs flattened into
/// several commands) are moved after the command (after `spec drift` for a command of a
/// command), where clap reads them as the command's own, or refuses them for a command that
/// does not take them. Anything else before the command is left for clap to judge.
pub mod before {
    use std::ffi::OsString;

    use clap::{Arg, Args, Command};

    use super::{Account, Polling, Results, Sending, Verbosity};

    /// The shared options, as clap defines them.
    pub fn shared() -> Command {
        let command = Command::new("shared");
        let command = Account::augment_args(command);
        let command = Sending::augment_args(command);
        let command = Polling::augment_args(command);
        let command = Results::augment_args(command);
        Verbosity::augment_args(command)
    }

    /// How many words a shared option written as `word` takes (itself, and its value when it
    /// is the next word), or `None` when `word` is not a shared option.
    fn words(shared: &Command, word: &str) -> Option<usize> {
        let takes = |arg: &Arg| usize::from(arg.get_action().takes_values());
        if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            let arg = shared
                .get_arguments()
                .find(|a| !name.is_empty() && a.get_long() == Some(name))?;
            return Some(1 + if inline { 0 } else { takes(arg) });
        }
        let shorts = word.strip_prefix('-').filter(|s| !s.is_empty())?;
        for (at, c) in shorts.char_indices() {
            let arg = shared.get_arguments().find(|a| a.get_short() == Some(c))?;
            if takes(arg) == 1 {
                // The rest of the word is its value, or else the next word.
                let last = at + c.len_utf8() == shorts.len();
                return Some(1 + usize::from(last));
            }
        }
        Some(1)
    }

    /// `args` (the program's name first) with the shared options written before the command
    /// moved after it; unchanged when there are none, or when something else stands before the
    /// command.
    pub fn reorder(args: Vec<OsString>, root: &Command) -> Vec<OsString> {
        let shared = shared();
        let mut at = 1;
        while let Some(word) = args.get(at) {
            let Some(word) = word.to_str() else {
                return args;
            };
            if !word.starts_with('-') {
                break;
            }
            let Some(n) = words(&shared, word) else {
                return args;
            };
            at += n;
        }
        let Some(mut command) = args.get(at).and_then(|w| root.find_subcommand(w)) else {
            return args;
        };
        let mut end = at + 1;
        while let Some(sub) = args.get(end).and_then(|w| command.find_subcommand(w)) {
            command = sub;
            end += 1;
        }
        if at == 1 {
            return args;
        }
        let mut out = vec![args[0].clone()];
        out.extend_from_slice(&args[at..end]);
        out.extend_from_slice(&args[1..at]);
        out.extend_from_slice(&args[end..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn the_definition_is_sound() {
        command().debug_assert();
    }

    #[test]
    fn shared_options_before_the_command_are_moved_after_it() {
        let root = command();
        let moved = |from: &str, to: &str| {
            assert_eq!(before::reorder(words(from), &root), words(to), "{from}");
        };
        moved("dqe --json flow --wait 3", "dqe flow --json --wait 3");
        moved("dqe -vv --method get token", "dqe token -vv --method get");
        moved(
            "dqe --server flow --json=x spec drift p",
            "dqe spec drift --server flow --json=x p",
        );
        moved("dqe --json sandbox", "dqe sandbox --json");
        // Nothing to move, or something that is not a shared option: left for clap.
        moved("dqe flow --json", "dqe flow --json");
        moved("dqe --help", "dqe --help");
        moved("dqe --port 1 sandbox", "dqe --port 1 sandbox");
        moved("dqe --json", "dqe --json");
        moved("dqe --json nothing", "dqe --json nothing");
    }
}
