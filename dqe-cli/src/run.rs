//! The commands that call a DQE server: `token`, `initiate`, `retrieve`, `flow`, and `demo`
//! (the flow against an in-process sandbox); how they reach the server ([`Target`]) and how
//! they print a result or a failure.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use dqe_client::client::{Check, Client, Consent, Error, Flow, Started};
use dqe_client::endpoint::{ApiError, EndpointInfo, FieldInfo, FieldKind, HasScopes};
use dqe_client::redact::Printable;
use dqe_client::{
    Credentials, ExposeSecret, InitiateReply, InitiateRequest, RetrieveReply, RetrieveRequest,
    RetrieveSuccess,
};
use dqe_sandbox::{Sandbox, SandboxConfig};
use serde::Serialize;

use crate::cli::{
    Account, DemoArgs, FlowArgs, InitiateArgs, Polling, Results, RetrieveArgs, Sending, TokenArgs,
};
use crate::fail::{self, Fail, fail, usage};
use crate::options::{self, Request};
use crate::output::{self, Escaped, errln, json, outln};
use crate::{Outcome, documents, logging, secrets};

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
    /// `--secrets-file`, polled every `--poll-interval` when the command polls.
    fn given(account: &Account, polling: Option<&Polling>) -> Result<Self, Fail> {
        let file = match &account.secrets_file {
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
        let server = account.server.clone().ok_or_else(|| {
            usage(format!(
                "no server: give --server URL or set {}",
                dqe_client::SERVER_ENV
            ))
        })?;
        Ok(Self {
            server,
            credentials,
            poll_interval: polling
                .and_then(|p| p.poll_interval)
                .map(Duration::from_secs),
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
fn client(sending: &Sending, target: Target) -> Result<Client, Fail> {
    let mut builder = Client::builder()
        .server(target.server)
        .credentials(target.credentials)
        .method(sending.method.into());
    if let Some(interval) = target.poll_interval {
        builder = builder.poll_interval(interval);
    }
    let client = builder.build().map_err(|e| usage(e.to_string()))?;
    crate::departures::watch(&client);
    Ok(client)
}

/// `dqe token`: prints a token.
pub async fn token(args: &TokenArgs) -> Outcome {
    let client = client(&args.sending, Target::given(&args.account, None)?)?;
    let token = client.token().await.map_err(|e| fail(&e))?;
    outln!("{}", Escaped(token.secret().expose_secret()))
}

/// `dqe initiate`: step 1; prints the consent URL and the flow, or a one-step result.
pub async fn initiate(args: &InitiateArgs, request: &Request) -> Outcome {
    let client = client(&args.sending, Target::given(&args.account, None)?)?;
    let Some(consent) = start(&args.results, &client, request).await? else {
        return Ok(());
    };
    if args.results.json {
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

/// `dqe retrieve`: step 2 of a flow given, asked once or waited for.
pub async fn retrieve(args: &RetrieveArgs) -> Outcome {
    let text = options::value(&args.flow).map_err(|e| usage(format!("--flow: {e}")))?;
    let flow: Flow = serde_json::from_str(&text).map_err(|e| {
        usage(format!(
            "--flow is not a flow ({}): pass the JSON printed by `dqe initiate`, or @FILE",
            Printable(&e.to_string())
        ))
    })?;
    let target = Target::given(&args.account, Some(&args.polling))?;
    let client = client(&args.sending, target)?;
    let results = &args.results;
    let success = |data| RetrieveReply::Success(data);
    match args.wait {
        Some(seconds) => {
            let verbose = args.verbosity.verbose;
            let data = waiting(verbose, &client, &flow, Duration::from_secs(seconds))
                .await
                .map_err(|e| print_error(results, &e, RetrieveReply::Error))?;
            print_result(results, &RetrieveRequest::INFO, &success(data))
        }
        None => match client
            .retrieve(&flow)
            .await
            .map_err(|e| print_error(results, &e, RetrieveReply::Error))?
        {
            Check::Ready(data) => print_result(results, &RetrieveRequest::INFO, &success(data)),
            Check::Pending(p) if results.json => {
                outln!("{}", json(&RetrieveReply::Pending(p), true))
            }
            Check::Pending(_) => outln!("pending: the customer has not finished yet"),
        },
    }
}

/// `dqe flow`: every step against the server given.
pub async fn flow(args: &FlowArgs, request: &Request) -> Outcome {
    let target = Target::given(&args.account, Some(&args.polling))?;
    let client = client(&args.sending, target)?;
    let max = Duration::from_secs(args.wait);
    steps(&args.results, args.verbosity.verbose, &client, request, max).await
}

/// `dqe demo`: every step against an in-process sandbox that approves at once.
pub async fn demo(args: &DemoArgs, request: &Request) -> Outcome {
    let config = SandboxConfig {
        auto_approve: true,
        pending_time: Duration::from_secs(2),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config.clone(), SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .map_err(|e| Fail::new(fail::TRANSPORT, format!("cannot start the sandbox: {e}")))?;
    let result = demo_steps(args, &sandbox, &config, request).await;
    sandbox.stop().await;
    result
}

/// The demo's flow, once its sandbox is serving.
async fn demo_steps(
    args: &DemoArgs,
    sandbox: &Sandbox,
    config: &SandboxConfig,
    request: &Request,
) -> Outcome {
    if !args.results.json {
        outln!(
            "sandbox: {} (in-process, consent given at once)",
            sandbox.url()
        )?;
    }
    let client = client(&args.sending, Target::sandbox(sandbox, config)?)?;
    let max = Duration::from_secs(60);
    steps(&args.results, args.verbosity.verbose, &client, request, max).await
}

/// Prints what a failure leaves on stdout, and gives the failure: with --json, a documented
/// error as DQE sent it; and the flow of a step 1 that may have reached DQE, so that it can be
/// polled instead of sent again. The error is reported even if stdout is closed.
fn print_error<E: ApiError, R: Serialize>(
    results: &Results,
    e: &Error<E>,
    wrap: impl Fn(E) -> R,
) -> Fail {
    let _ = if let Some(flow) = e.unconfirmed_flow() {
        if results.json {
            #[derive(Serialize)]
            struct Out<'a> {
                flow: &'a Flow,
            }
            outln!("{}", json(&Out { flow }, true))
        } else {
            outln!("flow: {}", json(flow, false))
        }
    } else if let (true, Error::Api(api)) = (results.json, e) {
        outln!("{}", json(&wrap(api.clone()), true))
    } else {
        Ok(())
    };
    fail(e)
}

/// Waits for step 2 with a spinner and the elapsed time on a terminal (not while logging:
/// `verbose` is the number of `-v`).
async fn waiting(
    verbose: u8,
    client: &Client,
    flow: &Flow,
    max: Duration,
) -> Result<RetrieveSuccess, Error<dqe_client::RetrieveError>> {
    let wait = client.wait(flow, max);
    if !std::io::stderr().is_terminal() || logging::active(verbose) {
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
async fn start(
    results: &Results,
    client: &Client,
    request: &Request,
) -> Result<Option<Consent>, Fail> {
    let consent = match client
        .start(request)
        .await
        .map_err(|e| print_error(results, &e, InitiateReply::Error))?
    {
        Started::Done(result) => {
            print_result(
                results,
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
    let one_step_results = scopes
        .iter()
        .any(|s| s.info().is_some_and(|i| !i.needs_consent));
    if results.json {
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
/// data once the customer is done, waited for up to `max`.
async fn steps(
    results: &Results,
    verbose: u8,
    client: &Client,
    request: &Request,
    max: Duration,
) -> Outcome {
    let Some(consent) = start(results, client, request).await? else {
        return Ok(());
    };
    if results.json {
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
    let data = waiting(verbose, client, consent.flow(), max)
        .await
        .map_err(|e| print_error(results, &e, RetrieveReply::Error))?;
    print_result(
        results,
        &RetrieveRequest::INFO,
        &RetrieveReply::Success(data),
    )
}

/// Prints a success reply of `endpoint` (step 1's of one-step scopes, or step 2's data),
/// whatever its scopes: with --json as DQE's JSON, else every key of it ([`print_fields`]);
/// then writes its document with --out.
fn print_result(results: &Results, endpoint: &EndpointInfo, reply: &impl Serialize) -> Outcome {
    if results.json {
        outln!("{}", json(reply, true))?;
    } else {
        outln!("result:")?;
        print_fields(endpoint, reply, 2)?;
    }
    match &results.out {
        Some(path) => documents::save(path, results.force, endpoint, reply),
        None => Ok(()),
    }
}

/// Prints every key of a success reply of `endpoint`, nested objects indented: the user's
/// data, asked for, so shown whole, but with control characters escaped like any text from the
/// server; a document (a key the spec types `base64`) as its kind and size, never its Base64
/// text ([`documents::summary`]).
fn print_fields(endpoint: &EndpointInfo, reply: &impl Serialize, indent: usize) -> Outcome {
    /// Prints the keys of `value`, whose fields the spec describes as `fields`.
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
