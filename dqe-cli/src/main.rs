//! `dqe`, the command line that people at a terminal use for DQE's ID Mobile API: merchants'
//! developers trying a flow or serving the sandbox, and whoever checks a spec or follows DQE's
//! pages.
//!
//! Its commands are the guide's chapter [the `dqe` command line](dqe_client::guide::cli). It
//! is installed by `cargo install dqe-cli`, under the one name `dqe`; libraries depend on
//! `dqe-client`.
//!
//! Secrets come from the environment (`DQE_LICENCE`, `DQE_CLIENT_SECRET`) or from a file given
//! with `--secrets-file`, never from arguments, and are never printed. Text the server chose
//! reaches the terminal with its control characters escaped ([`output`]). Exit codes: 0
//! success, 1 bad usage or configuration, 2 DQE answered an error, 3 transport failure or
//! timeout, 4 the reply was not what DQE sends ([`fail`](mod@fail)); `dqe spec drift` and `dqe
//! spec diff` exit 1 for differences and 2 for a page or spec they cannot read ([`spec`]).
//!
//! Modules, by job:
//! - [`cli`]: the command line's definition, each command with only the options it reads, and
//!   its parsing; [`options`]: step 1's options, made from the spec at run time.
//! - [`run`](mod@run): the commands that call a server (`token`, `initiate`, `retrieve`, `flow`,
//!   `demo`); [`serve`]: `dqe sandbox`; [`spec`]: `dqe spec`, its pages read from files or
//!   fetched from the help centre by [`pages`]; [`completions`]: `dqe completions`.
//! - [`output`]: stdout and stderr, server text escaped; [`documents`]: `--out`; [`secrets`]:
//!   `--secrets-file`; [`logging`]: `-v` and `RUST_LOG`; [`fail`](mod@fail): exit codes;
//!   [`departures`]: what DQE's replies departed in from the spec, said after the result;
//!   [`replies`]: `dqe spec drift --replies`.

mod cli;
mod completions;
mod departures;
mod documents;
mod fail;
mod logging;
mod options;
mod output;
mod pages;
mod replies;
mod run;
mod secrets;
mod serve;
mod spec;

use std::process::ExitCode;

use cli::{Cli, Command, Given};
use fail::Fail;
use output::errln;

/// What a command comes to: done, or a failure to report ([`Fail`]).
type Outcome = Result<(), Fail>;

fn main() -> ExitCode {
    let (cli, given) = match cli::parse(std::env::args_os().collect()) {
        Ok(parsed) => parsed,
        Err(e) => {
            // Usage errors exit 1; --help and --version print to stdout and exit 0.
            let code = if e.use_stderr() { fail::USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let (verbose, serving) = cli.command.logging();
    logging::init(verbose, serving);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            errln!("dqe: cannot start: {e}");
            return ExitCode::from(fail::USAGE);
        }
    };
    let json = departures::prints_json(&cli.command);
    match runtime.block_on(run(cli, given)) {
        Ok(()) => {
            departures::report(json);
            ExitCode::SUCCESS
        }
        Err(Fail { code, message }) => {
            if let Some(message) = message {
                errln!("dqe: {message}");
            }
            // After the result: DQE's error (its id may be one the spec does not know).
            if code == fail::API {
                departures::report(json);
            }
            ExitCode::from(code)
        }
    }
}

/// Runs the command given; `given` holds the values of step 1's options.
async fn run(cli: Cli, given: Given) -> Outcome {
    match &cli.command {
        Command::Token(args) => run::token(args).await,
        Command::Initiate(args) => run::initiate(args, &options::request(&given)?).await,
        Command::Retrieve(args) => run::retrieve(args).await,
        Command::Flow(args) => run::flow(args, &options::request(&given)?).await,
        Command::Demo(args) => run::demo(args, &options::request(&given)?).await,
        Command::Sandbox(args) => serve::sandbox(args).await,
        Command::Spec { command } => spec::run(command).await,
        Command::Completions { shell } => completions::print(*shell),
    }
}
