//! `dqe`: DQE's ID Mobile API from the command line, and its sandbox.
//!
//! Secrets come from the environment (`DQE_LICENCE`, `DQE_CLIENT_SECRET`) or from a file given
//! with `--secrets-file`, never from arguments, and are never printed. Exit codes: 0 success,
//! 1 bad usage or configuration, 2 the API answered an error, 3 transport failure or timeout.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};
use dqe_client::client::{Client, Error, Flow};
use dqe_client::endpoint::{ApiError, Method};
use dqe_client::sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, Sandbox, SandboxConfig};
use dqe_client::{
    Credentials, ExposeSecret, InitiateReply, InitiateRequest, Mode, RetrieveReply,
    RetrieveSuccess, Scope,
};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "dqe",
    version,
    about = "DQE ID Mobile from the command line: tokens, consent, retrieval, and a sandbox.",
    after_help = "Secrets come from the environment (DQE_LICENCE, DQE_CLIENT_SECRET) or --secrets-file, \
                  never from arguments.\nExit codes: 0 success, 1 bad usage or configuration, \
                  2 the API answered an error, 3 transport failure or timeout."
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
    /// A file of `NAME=value` lines holding DQE_LICENCE and DQE_CLIENT_SECRET.
    #[arg(long, global = true, value_name = "PATH")]
    secrets_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum MethodArg {
    Get,
    Post,
}

#[derive(Subcommand)]
enum Command {
    /// Obtain a token (printed: it is what you asked for).
    Token,
    /// Step 1: send the consent request; prints the consent URL and the flow to retrieve with.
    Initiate(InitiateArgs),
    /// Step 2: retrieve the data of a flow printed by `initiate`.
    Retrieve {
        /// The flow, as printed by `initiate` (JSON), or @FILE.
        #[arg(long)]
        flow: String,
        /// Wait up to this many seconds for a final answer instead of asking once.
        #[arg(long, value_name = "SECONDS")]
        wait: Option<u64>,
    },
    /// All steps: token, consent, then wait for the data.
    Flow {
        #[command(flatten)]
        initiate: InitiateArgs,
        /// How long to wait for the customer, in seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 180)]
        wait: u64,
    },
    /// Serve the sandbox: the whole journey simulated, with scenario phone numbers.
    Sandbox {
        /// The port to listen on.
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
        /// How long step 2 answers pending after consent, in seconds.
        #[arg(long, default_value_t = 2)]
        pending_seconds: u64,
    },
    /// The whole flow against an in-process sandbox that approves at once.
    Demo {
        /// The customer's phone number (a sandbox scenario number works too).
        #[arg(long, default_value = "0612345678")]
        number: String,
    },
}

#[derive(Args)]
struct InitiateArgs {
    /// The customer's phone number.
    #[arg(long)]
    number: String,
    /// Your partner name at DQE.
    #[arg(long)]
    name: String,
    /// A code associated with the name.
    #[arg(long)]
    code_name: Option<String>,
    /// Where DQE sends the customer's browser back.
    #[arg(long, value_name = "URL")]
    redirect_uri: Option<String>,
    /// The scopes to ask for (default: every scope the spec describes).
    #[arg(long, value_delimiter = ',')]
    scope: Vec<String>,
}

/// A failure, with its exit code, already described.
struct Fail(u8, String);

type Outcome = Result<(), Fail>;

fn usage(message: impl Into<String>) -> Fail {
    Fail(1, message.into())
}

/// The exit code and message of a client error; the API's errors with their id and type.
fn fail<E: ApiError>(e: &Error<E>) -> Fail {
    match e {
        Error::Api(api) => Fail(2, format!("error {}: {}", api.id(), api.text())),
        Error::Token(inner) => {
            let Fail(code, message) = fail(inner);
            Fail(code, format!("could not obtain a token: {message}"))
        }
        Error::Config(_) | Error::Callback(_) => Fail(1, e.to_string()),
        _ => Fail(3, e.to_string()),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("dqe: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(code, message)) => {
            eprintln!("dqe: {message}");
            ExitCode::from(code)
        }
    }
}

async fn run(cli: Cli) -> Outcome {
    match &cli.command {
        Command::Sandbox {
            port,
            host,
            auto_approve,
            show_code,
            pending_seconds,
        } => {
            let config = SandboxConfig {
                auto_approve: *auto_approve,
                show_code: *show_code,
                pending_time: Duration::from_secs(*pending_seconds),
                ..SandboxConfig::default()
            };
            serve(config, SocketAddr::new(*host, *port)).await
        }
        Command::Demo { number } => demo(&cli, number).await,
        Command::Token => {
            let client = client(&cli)?;
            let token = client.token().await.map_err(|e| fail(&e))?;
            println!("{}", token.secret().expose_secret());
            Ok(())
        }
        Command::Initiate(args) => {
            let client = client(&cli)?;
            let consent = client
                .initiate(&request(args))
                .await
                .map_err(|e| print_error(&cli, &e, InitiateReply::Error))?;
            let flow = serde_json::to_string(consent.flow()).unwrap_or_default();
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
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else {
                println!("operator: {}", consent.operator().unwrap_or("?"));
                println!("consent URL: {}", consent.url().unwrap_or("?"));
                println!("flow: {flow}");
                eprintln!("(retrieve with: dqe retrieve --flow '<flow above>')");
            }
            Ok(())
        }
        Command::Retrieve { flow, wait } => {
            let text = match flow.strip_prefix('@') {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| usage(format!("cannot read the flow file: {e}")))?,
                None => flow.clone(),
            };
            let flow: Flow = serde_json::from_str(&text).map_err(|_| {
                usage("--flow is not a flow: pass the JSON printed by `dqe initiate`, or @FILE")
            })?;
            let client = client(&cli)?;
            match wait {
                Some(seconds) => {
                    let data = waiting(&client, &flow, Duration::from_secs(*seconds))
                        .await
                        .map_err(|e| print_error(&cli, &e, RetrieveReply::Error))?;
                    print_identity(&cli, &data);
                }
                None => match client
                    .retrieve(&flow)
                    .await
                    .map_err(|e| print_error(&cli, &e, RetrieveReply::Error))?
                {
                    dqe_client::client::Check::Ready(data) => print_identity(&cli, &data),
                    dqe_client::client::Check::Pending(p) => {
                        if cli.json {
                            let reply = RetrieveReply::Pending(p);
                            println!(
                                "{}",
                                serde_json::to_string_pretty(&reply).unwrap_or_default()
                            );
                        } else {
                            println!("pending: the customer has not finished yet");
                        }
                    }
                },
            }
            Ok(())
        }
        Command::Flow { initiate, wait } => {
            let client = client(&cli)?;
            flow(&cli, &client, initiate, Duration::from_secs(*wait)).await
        }
    }
}

fn request(
    args: &InitiateArgs,
) -> InitiateRequest<
    dqe_client::endpoint::Set,
    dqe_client::endpoint::Set,
    dqe_client::endpoint::Set,
    dqe_client::endpoint::Set,
> {
    let scopes: Vec<Scope> = if args.scope.is_empty() {
        Scope::ALL.to_vec()
    } else {
        args.scope.iter().map(|s| Scope::from(s.trim())).collect()
    };
    let mut request = InitiateRequest::new()
        .number(args.number.clone())
        .mode(Mode::Code)
        .name(args.name.clone())
        .scope(scopes);
    if let Some(c) = &args.code_name {
        request = request.code_name(c.clone());
    }
    if let Some(r) = &args.redirect_uri {
        request = request.redirect_uri(r.clone());
    }
    request
}

/// Reads `NAME=value` lines; blank lines and `#` comments are skipped.
fn secrets_file(path: &PathBuf) -> Result<HashMap<String, String>, Fail> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        usage(format!(
            "cannot read the secrets file {}: {e}",
            path.display()
        ))
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            (
                k.trim().trim_start_matches("export ").trim().to_owned(),
                v.trim().trim_matches('"').to_owned(),
            )
        })
        .collect())
}

fn client(cli: &Cli) -> Result<Client, Fail> {
    let file = match &cli.secrets_file {
        Some(path) => secrets_file(path)?,
        None => HashMap::new(),
    };
    let credentials = Credentials::from_lookup(|name| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.is_empty())
            .or_else(|| file.get(name).cloned())
    })
    .map_err(|e| usage(format!("{e}, or give --secrets-file")))?;
    let server = cli.server.clone().ok_or_else(|| {
        usage(format!(
            "no server: give --server URL or set {}",
            dqe_client::SERVER_ENV
        ))
    })?;
    Client::builder()
        .server(server)
        .credentials(credentials)
        .method(match cli.method {
            MethodArg::Get => Method::Get,
            MethodArg::Post => Method::Post,
        })
        .build()
        .map_err(|e| usage(e.to_string()))
}

/// Prints a documented error as DQE sent it (with --json), and gives the failure.
fn print_error<E: ApiError, R: Serialize>(cli: &Cli, e: &Error<E>, wrap: impl Fn(E) -> R) -> Fail {
    if let (true, Error::Api(api)) = (cli.json, e) {
        println!(
            "{}",
            serde_json::to_string_pretty(&wrap(api.clone())).unwrap_or_default()
        );
    }
    fail(e)
}

/// Waits for step 2 with a spinner and the elapsed time on a terminal.
async fn waiting(
    client: &Client,
    flow: &Flow,
    max: Duration,
) -> Result<RetrieveSuccess, Error<dqe_client::RetrieveError>> {
    let wait = client.wait(flow, max);
    if !std::io::stderr().is_terminal() {
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
                eprint!("\r\x1b[2K");
                return result;
            }
            _ = tick.tick() => {
                n += 1;
                eprint!(
                    "\r{} pending: waiting for the customer's consent... {:.0}s",
                    frames[n % frames.len()],
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
}

async fn flow(cli: &Cli, client: &Client, args: &InitiateArgs, max: Duration) -> Outcome {
    let consent = client
        .initiate(&request(args))
        .await
        .map_err(|e| print_error(cli, &e, InitiateReply::Error))?;
    if !cli.json {
        println!("operator: {}", consent.operator().unwrap_or("?"));
        println!("send the customer to: {}", consent.url().unwrap_or("?"));
    }
    let data = waiting(client, consent.flow(), max)
        .await
        .map_err(|e| print_error(cli, &e, RetrieveReply::Error))?;
    print_identity(cli, &data);
    Ok(())
}

fn print_identity(cli: &Cli, data: &RetrieveSuccess) {
    let reply = RetrieveReply::Success(data.clone());
    let value = serde_json::to_value(&reply).unwrap_or_default();
    if cli.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        return;
    }
    fn print(value: &serde_json::Value, indent: usize) {
        if let Some(map) = value.as_object() {
            for (key, v) in map {
                match v {
                    serde_json::Value::Object(_) => {
                        println!("{:indent$}{key}:", "");
                        print(v, indent + 2);
                    }
                    serde_json::Value::String(s) => {
                        println!("{:indent$}{key}: {}", "", s.replace('\n', ", "));
                    }
                    other => println!("{:indent$}{key}: {other}", ""),
                }
            }
        }
    }
    println!("identity:");
    print(&value, 2);
}

async fn serve(config: SandboxConfig, addr: SocketAddr) -> Outcome {
    // Logs (the SMS codes among them) go to stderr; stdout is for results.
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
    let sandbox = Sandbox::start(config, addr)
        .await
        .map_err(|e| usage(format!("cannot listen on {addr}: {e}")))?;
    println!("DQE sandbox listening on {}", sandbox.url());
    println!(
        "  licence {DEFAULT_LICENCE}, client secret {DEFAULT_CLIENT_SECRET} (sandbox test values)"
    );
    println!(
        "  scenario numbers: 06 + operator digit + 9 + step + 000 + error id, e.g. 0619100013"
    );
    println!("  stop with Ctrl-C");
    tokio::select! {
        () = sandbox.wait() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

async fn demo(cli: &Cli, number: &str) -> Outcome {
    let config = SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_secs(2),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .map_err(|e| Fail(3, format!("cannot start the sandbox: {e}")))?;
    if !cli.json {
        println!(
            "sandbox: {} (in-process, consent given at once)",
            sandbox.url()
        );
    }
    let client = Client::builder()
        .server(sandbox.url())
        .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
        .method(match cli.method {
            MethodArg::Get => Method::Get,
            MethodArg::Post => Method::Post,
        })
        .poll_interval(Duration::from_secs(1))
        .build()
        .map_err(|e| usage(e.to_string()))?;
    let args = InitiateArgs {
        number: number.to_owned(),
        name: "ACME Demo".to_owned(),
        code_name: None,
        redirect_uri: None,
        scope: Vec::new(),
    };
    let result = flow(cli, &client, &args, Duration::from_secs(60)).await;
    sandbox.stop().await;
    result
}
