//! `dqe`: DQE's ID Mobile API from the command line, and its sandbox.
//!
//! Secrets come from the environment (`DQE_LICENCE`, `DQE_CLIENT_SECRET`) or from a file given
//! with `--secrets-file`, never from arguments, and are never printed. Text the server chose
//! reaches the terminal with its control characters escaped ([`output`]). Exit codes: 0
//! success, 1 bad usage or configuration, 2 DQE answered an error, 3 transport failure or
//! timeout, 4 the reply was not what DQE sends ([`fail`](mod@fail)).

mod documents;
mod fail;
mod logging;
mod options;
mod output;
mod secrets;
mod spec;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::builder::RangedU64ValueParser;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use dqe_client::client::{Check, Client, Consent, Error, Flow, Started};
use dqe_client::endpoint::{
    ApiError, EndpointInfo, FieldInfo, FieldKind, HasScopes, Method, ParamInfo,
};
use dqe_client::redact::Printable;
use dqe_client::{
    Credentials, ExposeSecret, InitiateReply, InitiateRequest, RetrieveReply, RetrieveRequest,
    RetrieveSuccess, Scope,
};
use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, MAX_DURATION, Sandbox, SandboxConfig};
use serde::Serialize;

use fail::{Fail, fail, usage};
use options::Request;
use output::{Escaped, errln, json, outln};

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
        "Step 1's options (initiate, flow, demo) are the spec's parameters, named by their wire \
         names: see `dqe flow --help`.\n\nSecrets come from the environment (DQE_LICENCE, \
         DQE_CLIENT_SECRET) or --secrets-file, never from arguments, and are never printed.\n\n{}",
        fail::EXIT_CODES
    )
}

#[derive(Parser)]
#[command(
    name = "dqe",
    version,
    about = "DQE ID Mobile from the command line: tokens, consent, retrieval, and a sandbox.",
    after_help = after_help()
)]
struct Cli {
    /// The server's address (HTTPS, or a loopback address).
    #[arg(long, global = true, env = "DQE_SERVER", value_name = "URL")]
    server: Option<String>,
    /// How parameters are sent: post keeps them out of URLs and logs.
    #[arg(long, global = true, value_enum, default_value_t = MethodArg::Post)]
    method: MethodArg,
    /// Print results as JSON, with DQE's key names.
    #[arg(long, global = true)]
    json: bool,
    /// A file of `NAME=value` lines (quotes around values are removed) holding DQE_LICENCE and
    /// DQE_CLIENT_SECRET; keep it private (a warning says when other users can read it).
    #[arg(long, global = true, value_name = "PATH")]
    secrets_file: Option<PathBuf>,
    /// Log what dqe does on stderr: -v the requests (method, endpoint, path, HTTP status,
    /// duration, bytes, error id) and the retry and poll decisions; -vv timings and the poll
    /// schedule too. RUST_LOG, when set, chooses instead. Never a value: no secret, token,
    /// phone number, identity value or URL.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Write the document of the result (a key the spec types `base64`, such as `billing`'s
    /// proof of address) to this file, created readable by you alone; for the commands that
    /// print a result (flow, retrieve, initiate, demo). Without it, a document is shown as its
    /// kind and size.
    #[arg(long, global = true, value_name = "FILE")]
    out: Option<PathBuf>,
    /// With --out: replace the file if it exists (never a symbolic link).
    #[arg(long, global = true, requires = "out")]
    force: bool,
    /// How often step 2 is polled while it answers pending (or a retryable error), in
    /// seconds: 1 to 3600. Default: the library's (2 s; every second against the in-process
    /// sandbox of `demo`).
    #[arg(long, global = true, value_name = "SECONDS", value_parser = poll_seconds())]
    poll_interval: Option<u64>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum MethodArg {
    Get,
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

#[derive(Subcommand)]
enum Command {
    /// Obtain a token (printed: it is what you asked for).
    Token,
    /// Step 1: send the request; prints the consent URL and the flow to retrieve with, or the
    /// result of a one-step scope.
    Initiate,
    /// Step 2: retrieve the data of a flow printed by `initiate`.
    Retrieve {
        /// The flow, as printed by `initiate` (JSON), or @FILE.
        #[arg(long)]
        flow: String,
        /// Wait up to this many seconds (at most a day) for a final answer instead of asking
        /// once.
        #[arg(long, value_name = "SECONDS", value_parser = wait_seconds())]
        wait: Option<u64>,
    },
    /// All steps: token, step 1, then (for a scope that needs consent) wait for the data.
    Flow {
        /// How long to wait for the customer, in seconds (at most a day).
        #[arg(long, value_name = "SECONDS", default_value_t = 180, value_parser = wait_seconds())]
        wait: u64,
    },
    /// Serve the sandbox: the whole journey simulated, with scenario phone numbers.
    Sandbox {
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Give consent at once, without the consent page.
        #[arg(long)]
        auto_approve: bool,
        /// Test mode: show the SMS code on the consent page.
        #[arg(long)]
        show_code: bool,
        /// How long step 2 answers pending after consent, in seconds (at most a day).
        #[arg(long, value_name = "SECONDS", default_value_t = 2, value_parser = pending_seconds())]
        pending_seconds: u64,
        /// How long the consent page takes an answer, in seconds (at most a day; never longer
        /// than the token lives). Default: the sandbox's (5 minutes).
        #[arg(long, value_name = "SECONDS", value_parser = sandbox_seconds())]
        consent_seconds: Option<u64>,
        /// How long a token lives, in seconds (at most a day). Default: the sandbox's.
        #[arg(long, value_name = "SECONDS", value_parser = sandbox_seconds())]
        token_seconds: Option<u64>,
    },
    /// The whole flow against an in-process sandbox that approves at once.
    ///
    /// Its two sample values are options of step 1 of the same names (the spec's parameters);
    /// the other options of step 1 are added from the spec, as for `flow`.
    Demo {
        /// The customer's phone number (a sandbox scenario number works too).
        #[arg(long, default_value = "0612345678")]
        number: String,
        /// Your partner name at DQE.
        #[arg(long, default_value = "ACME Demo")]
        name: String,
    },
    /// Work on a spec directory without compiling or calling anything: check it, or print its
    /// OpenAPI document.
    Spec {
        #[command(subcommand)]
        command: spec::SpecCommand,
    },
}

type Outcome = Result<(), Fail>;

fn main() -> ExitCode {
    let (cli, given) = match parse() {
        Ok(parsed) => parsed,
        Err(e) => {
            // Usage errors exit 1; --help and --version print to stdout and exit 0.
            let code = if e.use_stderr() { fail::USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    logging::init(cli.verbose, matches!(cli.command, Command::Sandbox { .. }));
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            errln!("dqe: cannot start: {e}");
            return ExitCode::from(fail::USAGE);
        }
    };
    match runtime.block_on(run(cli, given)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail { code, message }) => {
            if let Some(message) = message {
                errln!("dqe: {message}");
            }
            ExitCode::from(code)
        }
    }
}

/// The command line: the options declared here, with step 1's made from the spec
/// ([`options::add`]), and the values given for step 1's parameters.
fn parse() -> Result<(Cli, Given), clap::Error> {
    let mut command = options::add(Cli::command());
    let matches = command.try_get_matches_from_mut(std::env::args_os())?;
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))?;
    let given = matches
        .subcommand()
        .map(|(_, sub)| options::given(sub))
        .unwrap_or_default();
    Ok((cli, given))
}

/// The values given for step 1's parameters, by parameter.
type Given = Vec<(&'static ParamInfo, String)>;

async fn run(cli: Cli, given: Given) -> Outcome {
    if cli.out.is_some()
        && matches!(
            cli.command,
            Command::Token | Command::Sandbox { .. } | Command::Spec { .. }
        )
    {
        return Err(usage(
            "--out goes with a command that prints a result: flow, retrieve, initiate or demo"
                .to_owned(),
        ));
    }
    match &cli.command {
        Command::Sandbox { .. } => serve_sandbox(&cli.command).await,
        Command::Demo { .. } => demo(&cli, &options::request(&given)?).await,
        Command::Spec { command } => spec::run(command, cli.json),
        Command::Token => {
            let client = client(&cli, Target::from_cli(&cli)?)?;
            let token = client.token().await.map_err(|e| fail(&e))?;
            outln!("{}", Escaped(token.secret().expose_secret()))
        }
        Command::Initiate => {
            let request = options::request(&given)?;
            let client = client(&cli, Target::from_cli(&cli)?)?;
            let Some(consent) = start(&cli, &client, &request).await? else {
                return Ok(());
            };
            if cli.json {
                #[derive(Serialize)]
                struct Out<'a> {
                    operator: Option<&'a str>,
                    url: Option<&'a str>,
                    flow: &'a Flow,
                }
                let out = Out {
                    operator: consent.operator(),
                    url: consent.url(),
                    flow: consent.flow(),
                };
                outln!("{}", json(&out, true))
            } else {
                outln!("consent URL: {}", Escaped(consent.url().unwrap_or("?")))?;
                outln!("flow: {}", json(consent.flow(), false))?;
                errln!("(retrieve with: dqe retrieve --flow '<flow above>')");
                Ok(())
            }
        }
        Command::Retrieve { flow, wait } => {
            let text = options::value(flow).map_err(|e| usage(format!("--flow: {e}")))?;
            let flow: Flow = serde_json::from_str(&text).map_err(|e| {
                usage(format!(
                    "--flow is not a flow ({}): pass the JSON printed by `dqe initiate`, or @FILE",
                    Printable(&e.to_string())
                ))
            })?;
            let client = client(&cli, Target::from_cli(&cli)?)?;
            match wait {
                Some(seconds) => {
                    let data = waiting(&cli, &client, &flow, Duration::from_secs(*seconds))
                        .await
                        .map_err(|e| print_error(&cli, &e, RetrieveReply::Error))?;
                    print_result(&cli, &RetrieveRequest::INFO, &RetrieveReply::Success(data))
                }
                None => match client
                    .retrieve(&flow)
                    .await
                    .map_err(|e| print_error(&cli, &e, RetrieveReply::Error))?
                {
                    Check::Ready(data) => {
                        print_result(&cli, &RetrieveRequest::INFO, &RetrieveReply::Success(data))
                    }
                    Check::Pending(p) if cli.json => {
                        outln!("{}", json(&RetrieveReply::Pending(p), true))
                    }
                    Check::Pending(_) => outln!("pending: the customer has not finished yet"),
                },
            }
        }
        Command::Flow { wait } => {
            let request = options::request(&given)?;
            let client = client(&cli, Target::from_cli(&cli)?)?;
            flow(&cli, &client, &request, Duration::from_secs(*wait)).await
        }
    }
}

/// Which server a client calls, as whom, and how often it polls.
struct Target {
    /// The server's address.
    server: String,
    /// The account it calls with.
    credentials: Credentials,
    /// How often it polls step 2 (`None`: the library's default).
    poll_interval: Option<Duration>,
}

impl Target {
    /// The server of `--server` (or `DQE_SERVER`), with the secrets of the environment or of
    /// `--secrets-file`.
    fn from_cli(cli: &Cli) -> Result<Self, Fail> {
        let file = match &cli.secrets_file {
            Some(path) => secrets::read(path)?,
            None => HashMap::new(),
        };
        let credentials = Credentials::from_lookup(|name| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.is_empty())
                .or_else(|| file.get(name).filter(|v| !v.is_empty()).cloned())
        })
        .map_err(|e| usage(format!("{e}, or give --secrets-file")))?;
        let server = cli.server.clone().ok_or_else(|| {
            usage(format!(
                "no server: give --server URL or set {}",
                dqe_client::SERVER_ENV
            ))
        })?;
        Ok(Self {
            server,
            credentials,
            poll_interval: cli.poll_interval.map(Duration::from_secs),
        })
    }

    /// An in-process sandbox, called with its first account and polled every second.
    fn sandbox(sandbox: &Sandbox, config: &SandboxConfig) -> Result<Self, Fail> {
        let (licence, secret) = config
            .accounts
            .first()
            .ok_or_else(|| usage("the sandbox has no account".to_owned()))?;
        Ok(Self {
            server: sandbox.url().to_owned(),
            credentials: Credentials::new(licence, secret),
            poll_interval: Some(Duration::from_secs(1)),
        })
    }
}

/// The client of every command: `target`, called with `--method`.
fn client(cli: &Cli, target: Target) -> Result<Client, Fail> {
    let mut builder = Client::builder()
        .server(target.server)
        .credentials(target.credentials)
        .method(cli.method.into());
    if let Some(interval) = target.poll_interval {
        builder = builder.poll_interval(interval);
    }
    builder.build().map_err(|e| usage(e.to_string()))
}

/// Prints what a failure leaves on stdout, and gives the failure: with --json, a documented
/// error as DQE sent it; and the flow of a step 1 that may have reached DQE, so that it can be
/// polled instead of sent again. The error is reported even if stdout is closed.
fn print_error<E: ApiError, R: Serialize>(cli: &Cli, e: &Error<E>, wrap: impl Fn(E) -> R) -> Fail {
    let _ = if let Some(flow) = e.unconfirmed_flow() {
        if cli.json {
            #[derive(Serialize)]
            struct Out<'a> {
                flow: &'a Flow,
            }
            outln!("{}", json(&Out { flow }, true))
        } else {
            outln!("flow: {}", json(flow, false))
        }
    } else if let (true, Error::Api(api)) = (cli.json, e) {
        outln!("{}", json(&wrap(api.clone()), true))
    } else {
        Ok(())
    };
    fail(e)
}

/// Waits for step 2 with a spinner and the elapsed time on a terminal (not while logging).
async fn waiting(
    cli: &Cli,
    client: &Client,
    flow: &Flow,
    max: Duration,
) -> Result<RetrieveSuccess, Error<dqe_client::RetrieveError>> {
    let wait = client.wait(flow, max);
    if !std::io::stderr().is_terminal() || logging::active(cli.verbose) {
        return wait.await;
    }
    tokio::pin!(wait);
    let started = Instant::now();
    let frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let mut n = 0;
    loop {
        tokio::select! {
            result = &mut wait => {
                output::progress(format_args!("\r\x1b[2K"));
                return result;
            }
            _ = tick.tick() => {
                n += 1;
                output::progress(format_args!(
                    "\r{} pending: waiting for the customer's consent... {:.0}s",
                    frames[n % frames.len()],
                    started.elapsed().as_secs_f64()
                ));
            }
        }
    }
}

/// Step 1 ([`Client::start`]): the consent to go on with; or `None` once the result of
/// one-step scopes is printed. When one-step scopes were asked for with scopes that need
/// consent, the step 1 reply (which holds their results) is printed whole: with --json as its
/// own JSON document, before step 2's; else its fields, after the operator.
async fn start(cli: &Cli, client: &Client, request: &Request) -> Result<Option<Consent>, Fail> {
    let consent = match client
        .start(request)
        .await
        .map_err(|e| print_error(cli, &e, InitiateReply::Error))?
    {
        Started::Done(result) => {
            print_result(
                cli,
                &InitiateRequest::INFO,
                &InitiateReply::Success(*result),
            )?;
            return Ok(None);
        }
        Started::Consent(consent) => *consent,
        _ => {
            return Err(Fail::new(
                fail::UNEXPECTED,
                "step 1 answered in a way this version of dqe cannot show",
            ));
        }
    };
    let scopes = request.scopes().unwrap_or_default();
    let one_step_results = scopes.iter().any(Scope::is_one_step);
    if cli.json {
        // Step 1's reply holds the one-step scopes' results: printed as its own JSON document,
        // before step 2's, rather than lost.
        if one_step_results {
            outln!(
                "{}",
                json(&InitiateReply::Success(consent.reply().clone()), true)
            )?;
        }
    } else {
        outln!("operator: {}", Printable(consent.operator().unwrap_or("?")))?;
        if one_step_results {
            outln!("step 1:")?;
            print_fields(
                &InitiateRequest::INFO,
                &InitiateReply::Success(consent.reply().clone()),
                2,
            )?;
        }
    }
    Ok(Some(consent))
}

/// Step 1, then step 2 when the scopes asked for need consent: prints the result of one-step
/// scopes at once (no step 2), or the consent URL (on standard error with --json), then the
/// data once the customer is done.
async fn flow(cli: &Cli, client: &Client, request: &Request, max: Duration) -> Outcome {
    let Some(consent) = start(cli, client, request).await? else {
        return Ok(());
    };
    if cli.json {
        // Standard output holds JSON only; where the customer goes is for the person running it.
        errln!(
            "send the customer to: {}",
            Escaped(consent.url().unwrap_or("?"))
        );
    } else {
        outln!(
            "send the customer to: {}",
            Escaped(consent.url().unwrap_or("?"))
        )?;
    }
    let data = waiting(cli, client, consent.flow(), max)
        .await
        .map_err(|e| print_error(cli, &e, RetrieveReply::Error))?;
    print_result(cli, &RetrieveRequest::INFO, &RetrieveReply::Success(data))
}

/// Prints a success reply of `endpoint` (step 1's of one-step scopes, or step 2's data),
/// whatever its scopes: with --json as DQE's JSON, else every key of it ([`print_fields`]).
fn print_result(cli: &Cli, endpoint: &EndpointInfo, reply: &impl Serialize) -> Outcome {
    if cli.json {
        outln!("{}", json(reply, true))?;
    } else {
        outln!("result:")?;
        print_fields(endpoint, reply, 2)?;
    }
    match &cli.out {
        Some(path) => documents::save(path, cli.force, endpoint, reply),
        None => Ok(()),
    }
}

/// Prints every key of a success reply of `endpoint`, nested objects indented: the user's
/// data, asked for, so shown whole, but with control characters escaped like any text from the
/// server; a document (a key the spec types `base64`) as its kind and size, never its Base64
/// text ([`documents::summary`]).
fn print_fields(endpoint: &EndpointInfo, reply: &impl Serialize, indent: usize) -> Outcome {
    fn print(value: &serde_json::Value, fields: &[FieldInfo], indent: usize) -> Outcome {
        let Some(map) = value.as_object() else {
            return Ok(());
        };
        for (key, v) in map {
            let kind = fields.iter().find(|f| f.wire == key).map(|f| f.kind);
            let key = Printable(key);
            match (v, kind) {
                (serde_json::Value::String(s), Some(FieldKind::Base64)) => {
                    outln!("{:indent$}{key}: {}", "", documents::summary(s))?;
                }
                (serde_json::Value::Object(_), kind) => {
                    outln!("{:indent$}{key}:", "")?;
                    let nested = match kind {
                        Some(FieldKind::Object(nested)) => nested,
                        _ => &[],
                    };
                    print(v, nested, indent + 2)?;
                }
                (serde_json::Value::String(s), _) => {
                    outln!("{:indent$}{key}: {}", "", Escaped(&s.replace('\n', ", ")))?;
                }
                (other, _) => outln!("{:indent$}{key}: {}", "", json(other, false))?,
            }
        }
        Ok(())
    }
    let fields = endpoint.outcome(false).map_or(&[][..], |o| o.fields);
    print(
        &serde_json::to_value(reply).unwrap_or_default(),
        fields,
        indent,
    )
}

/// `dqe sandbox`: its options as a `SandboxConfig` (the sandbox's defaults for what is not
/// given), then [`serve`].
async fn serve_sandbox(command: &Command) -> Outcome {
    let Command::Sandbox {
        port,
        host,
        auto_approve,
        show_code,
        pending_seconds,
        consent_seconds,
        token_seconds,
    } = command
    else {
        return Ok(());
    };
    let defaults = SandboxConfig::default();
    let seconds = |given: &Option<u64>, default| given.map_or(default, Duration::from_secs);
    let config = SandboxConfig {
        auto_approve: *auto_approve,
        show_code: *show_code,
        pending_time: Duration::from_secs(*pending_seconds),
        consent_lifetime: seconds(consent_seconds, defaults.consent_lifetime),
        token_lifetime: seconds(token_seconds, defaults.token_lifetime),
        ..defaults
    };
    serve(config, SocketAddr::new(*host, *port)).await
}

/// Serves the sandbox. Its log (the SMS codes among it) goes to stderr ([`logging`]); stdout
/// is for results.
async fn serve(config: SandboxConfig, addr: SocketAddr) -> Outcome {
    let sandbox = Sandbox::start(config, addr)
        .await
        .map_err(|e| usage(format!("cannot listen on {addr}: {e}")))?;
    // A server keeps serving when its reader goes away (`dqe sandbox | head -1` to learn the
    // address): what it prints on stdout is for information only.
    let _ = announce(&sandbox);
    tokio::select! {
        () = sandbox.wait() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

fn announce(sandbox: &Sandbox) -> Outcome {
    outln!("DQE sandbox listening on {}", sandbox.url())?;
    outln!(
        "  licence {DEFAULT_LICENCE}, client secret {DEFAULT_CLIENT_SECRET} (sandbox test values)"
    )?;
    outln!("  scenario numbers: 06 + operator digit + 9 + step + 000 + error id, e.g. 0619100013")?;
    outln!("  stop with Ctrl-C")
}

async fn demo(cli: &Cli, request: &Request) -> Outcome {
    let config = SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_secs(2),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config.clone(), SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .map_err(|e| Fail::new(fail::TRANSPORT, format!("cannot start the sandbox: {e}")))?;
    let result = demo_flow(cli, &sandbox, &config, request).await;
    sandbox.stop().await;
    result
}

async fn demo_flow(
    cli: &Cli,
    sandbox: &Sandbox,
    config: &SandboxConfig,
    request: &Request,
) -> Outcome {
    if !cli.json {
        outln!(
            "sandbox: {} (in-process, consent given at once)",
            sandbox.url()
        )?;
    }
    let client = client(cli, Target::sandbox(sandbox, config)?)?;
    flow(cli, &client, request, Duration::from_secs(60)).await
}
