//! The options of step 1, made at run time from the spec (`InitiateRequest::INFO.params` and
//! `Scope::INFO`): one per parameter the caller sets, named after its wire name in kebab case
//! (`wire_name`: `--wire-name`), and the request built from their values, checked against the
//! spec, per scope too, by [`DynamicRequest`]. No parameter or scope is named here: a parameter
//! or a scope file added to the spec is an option and a scope of the command line with no edit.

use std::fs::File;
use std::io::Read;

use clap::{Arg, ArgAction, ArgMatches, Command};
use dqe_client::dynamic::{DynamicError, DynamicRequest};
use dqe_client::endpoint::{ParamInfo, ValueKind, list_items};
use dqe_client::journey::Journey;
use dqe_client::{Api, InitiateReady, Scope};

use crate::fail::{Fail, usage};
use crate::output::Escaped;

/// Step 1, with its parameters set by name at run time.
pub type Request = DynamicRequest<InitiateReady>;

/// The subcommands that send step 1, and so take its options.
pub const STEP_1_COMMANDS: [&str; 3] = ["initiate", "flow", "demo"];

/// The largest file an `@FILE` value is read from, in bytes: 64 KiB, as much as a whole request
/// body may hold (the sandbox refuses larger ones).
pub const MAX_FILE_BYTES: u64 = 64 * 1024;

/// The heading of step 1's options in `--help`.
const HEADING: &str = "Parameters of step 1 (from the spec)";

/// The option names clap gives every command.
const BUILT_IN: [&str; 2] = ["help", "version"];

/// Adds the options of step 1 to the subcommands that send it ([`STEP_1_COMMANDS`]), with the
/// spec's scopes listed after their help. An option a subcommand already defines under the same
/// id or name (the demo's sample values, or an option shared by several commands such as
/// `--json`), or one the root command has, is left as it is.
pub fn add(root: Command) -> Command {
    let mut reserved: Vec<String> = BUILT_IN.iter().map(|s| (*s).to_owned()).collect();
    reserved.extend(root.get_arguments().flat_map(names));
    root.mut_subcommands(|sub| {
        if STEP_1_COMMANDS.contains(&sub.get_name()) {
            with_params(sub, &reserved)
        } else {
            sub
        }
    })
}

/// The id and the long name of an argument.
fn names(arg: &Arg) -> Vec<String> {
    let mut names = vec![arg.get_id().to_string()];
    names.extend(arg.get_long().map(str::to_owned));
    names
}

fn with_params(mut sub: Command, reserved: &[String]) -> Command {
    let mut taken = reserved.to_vec();
    taken.extend(sub.get_arguments().flat_map(names));
    for p in Request::params() {
        let long = option_name(p.wire);
        if taken.iter().any(|t| *t == p.wire || *t == long) {
            continue;
        }
        taken.push(long.clone());
        sub = sub.arg(arg(p, long));
    }
    sub.after_help(scopes_help())
}

/// The option of a parameter.
fn arg(p: &'static ParamInfo, long: String) -> Arg {
    let arg = Arg::new(p.wire)
        .long(leak(long))
        .action(ArgAction::Set)
        .value_name(leak(value_name(p)))
        .help_heading(HEADING)
        .help(help(p));
    if is_scope_option(p) {
        return match default_scopes() {
            Some(scopes) => arg.default_value(leak(scopes)),
            None => arg.required(true),
        };
    }
    arg.required(mandatory(p))
}

/// Whether a parameter's option must be given: every request needs it
/// ([`ParamInfo::is_always_needed`], as the generator decided it; the others are checked by
/// scope). The scope option is [`is_scope_option`]'s, defaulted to the default scopes.
fn mandatory(p: &ParamInfo) -> bool {
    p.is_always_needed() && !is_scope_option(p)
}

/// Whether `p` is the parameter step 1 asks for its scopes with (the spec's, as the generator
/// emitted it: `EndpointInfo::scope_parameter`).
fn is_scope_option(p: &ParamInfo) -> bool {
    <InitiateReady as dqe_client::endpoint::Endpoint>::INFO
        .scope_parameter()
        .is_some_and(|s| s.wire == p.wire)
}

/// The scopes the spec marks as default, comma-joined (`ApiInfo::default_scopes`); `None` when
/// it marks none, and `--scope` must then be given.
fn default_scopes() -> Option<String> {
    let wires: Vec<&str> = Api::INFO.default_scopes().map(|s| s.wire).collect();
    (!wires.is_empty()).then(|| wires.join(","))
}

/// A string that lives as long as the program: clap's names are `'static`, and these are made
/// once, at start.
fn leak(s: String) -> &'static str {
    s.leak()
}

/// The option name of a wire name: kebab case (`wire_name` and `wireName`: `wire-name`), the
/// rule the documentation's option table follows too.
pub fn option_name(wire: &str) -> String {
    dqe_codegen::support::kebab_case(wire)
}

/// What `--help` shows as an option's value.
fn value_name(p: &ParamInfo) -> String {
    if p.holds_scopes {
        return "SCOPES".to_owned();
    }
    match p.kind {
        ValueKind::Json(_) => "JSON".to_owned(),
        ValueKind::Integer => "N".to_owned(),
        _ => option_name(p.wire).replace('-', "_").to_uppercase(),
    }
}

/// The scopes (wire names) that require this parameter.
fn required_by(p: &ParamInfo) -> Vec<&'static str> {
    Scope::INFO
        .iter()
        .filter(|s| s.requires.contains(&p.name))
        .map(|s| s.wire)
        .collect()
}

/// The help of a parameter's option, from what the spec says of it.
fn help(p: &ParamInfo) -> String {
    let mut parts = vec![p.description.to_owned(), format!("Sent as `{}`.", p.wire)];
    if p.holds_scopes {
        parts.push("Comma-joined scopes, from the list below.".to_owned());
    }
    match p.kind {
        ValueKind::Json(keys) => parts.push(format!(
            "A JSON object, inline or @FILE, with keys among: {}; those not given are sent empty.",
            keys.join(", ")
        )),
        ValueKind::Integer => parts.push("A whole number.".to_owned()),
        _ => {}
    }
    if !p.values.is_empty() {
        parts.push(format!("One of: {}.", p.values.join(", ")));
    }
    if let Some(default) = p.default {
        parts.push(format!("Default: {default}."));
    }
    let required_by = required_by(p);
    if !required_by.is_empty() {
        parts.push(format!("Required by {}.", scopes_named(&required_by)));
    }
    match p.taken_by {
        None => {}
        Some([]) => parts.push("Taken by no scope.".to_owned()),
        Some([one]) => parts.push(format!(
            "Taken only by the scope {one}: given without it, a usage error."
        )),
        Some(taking) => parts.push(format!(
            "Taken only by the scopes {}: given without one of them, a usage error.",
            taking.join(", ")
        )),
    }
    parts.join(" ")
}

/// `the scope a` or `the scopes a, b`.
fn scopes_named(scopes: &[&str]) -> String {
    match scopes {
        [one] => format!("the scope {one}"),
        many => format!("the scopes {}", many.join(", ")),
    }
}

/// The spec's scopes, for the help of the commands that send step 1.
fn scopes_help() -> String {
    let option = |name: &&str| {
        let wire = Request::params()
            .find(|p| p.name == *name)
            .map_or(*name, |p| p.wire);
        format!("--{}", option_name(wire))
    };
    let mut text = String::from("Scopes (--scope, comma-joined):\n");
    for s in Scope::INFO {
        let mut notes = Vec::new();
        if s.default {
            notes.push("the default".to_owned());
        }
        notes.push(if s.needs_consent {
            "two steps: consent, then the data".to_owned()
        } else {
            "one step: answered at once, no consent".to_owned()
        });
        if !s.requires.is_empty() {
            let list: Vec<String> = s.requires.iter().map(option).collect();
            notes.push(format!("requires {}", list.join(", ")));
        }
        let not_taken: Vec<String> = Request::params()
            .filter(|p| !p.is_taken_by([s.wire]))
            .map(|p| format!("--{}", option_name(p.wire)))
            .collect();
        if !not_taken.is_empty() {
            notes.push(format!("does not take {}", not_taken.join(", ")));
        }
        text.push_str(&format!(
            "  {}: {}\n    ({})\n",
            s.wire,
            s.description,
            notes.join("; ")
        ));
    }
    text.push_str(&format!(
        "\nA value starting with @ is read from that file (at most {} KiB).",
        MAX_FILE_BYTES / 1024
    ));
    text
}

/// The values given for step 1's parameters in a subcommand's matches, in wire order (the
/// default scopes among them when `--scope` is not given).
pub fn given(matches: &ArgMatches) -> Vec<(&'static ParamInfo, String)> {
    Request::params()
        .filter_map(|p| match matches.try_get_one::<String>(p.wire) {
            Ok(Some(v)) => Some((p, v.clone())),
            _ => None,
        })
        .collect()
}

/// Step 1 from the values given, checked against the spec: every value is one its parameter
/// takes, every parameter the scopes asked for require is there, and every option given goes
/// with a scope asked for (it would not be sent otherwise).
///
/// # Errors
/// A usage error naming the option, and the scope for a scope's requirement, or the scopes
/// that take an option given without them.
pub fn request(given: &[(&'static ParamInfo, String)]) -> Result<Request, Fail> {
    let mut request = Request::new(Scope::INFO);
    for (p, raw) in given {
        let option = option_name(p.wire);
        let value = value(raw).map_err(|e| usage(format!("--{option}: {e}")))?;
        if is_scope_option(p) && list_items(&value).next().is_none() {
            return Err(usage(format!("--{option}: name at least one scope")));
        }
        request
            .set(p.wire, value)
            .map_err(|e| usage(describe(&e)))?;
    }
    request.finish().map_err(|e| usage(describe(&e)))
}

/// A [`DynamicError`] in the command line's terms: options, not parameters.
fn describe(e: &DynamicError) -> String {
    match e {
        DynamicError::InvalidValue { param, why } => {
            format!("--{}: {why}", option_name(param))
        }
        DynamicError::Missing {
            param,
            scope: Some(scope),
        } => format!(
            "the scope `{scope}` requires `{param}`: give --{}",
            option_name(param)
        ),
        DynamicError::Missing { param, scope: None } => format!(
            "the parameter `{param}` is missing: give --{}",
            option_name(param)
        ),
        DynamicError::NotTaken {
            param,
            asked,
            taken_by,
        } => format!(
            "--{} is not taken by the scopes asked for ({}): {}",
            option_name(param),
            asked.join(", "),
            match taken_by {
                [] => "no scope takes it".to_owned(),
                [one] => format!("it goes with {one}"),
                [init @ .., last] => format!("it goes with {} or {last}", init.join(", ")),
            }
        ),
        other => other.to_string(),
    }
}

/// An option's value: as given, or the text of the file it names with `@FILE`.
pub fn value(raw: &str) -> Result<String, String> {
    match raw.strip_prefix('@') {
        Some(path) => read_file(path),
        None => Ok(raw.to_owned()),
    }
}

/// A file's text, at most [`MAX_FILE_BYTES`] long, without its final line break.
pub fn read_file(path: &str) -> Result<String, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", Escaped(path));
    let file = File::open(path).map_err(cannot)?;
    let mut text = String::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(cannot)?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "{} is over {} KiB",
            Escaped(path),
            MAX_FILE_BYTES / 1024
        ));
    }
    let end = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .map_or(text.len(), str::len);
    text.truncate(end);
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_caller_parameter_is_an_option() {
        let cmd = add(<crate::cli::Cli as clap::CommandFactory>::command());
        for name in STEP_1_COMMANDS {
            let sub = cmd
                .find_subcommand(name)
                .unwrap_or_else(|| panic!("no subcommand {name}"));
            for p in Request::params() {
                assert!(
                    sub.get_arguments().any(|a| a.get_id() == p.wire),
                    "{name}: no option for {}",
                    p.wire
                );
            }
        }
        cmd.debug_assert();
    }
}
