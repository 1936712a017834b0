//! Each command's `--help` lists exactly the options clap defines for it, as the fish
//! completion script (made by `clap_complete` from the same definition) gives them: the
//! sandbox offers no server, JSON or document option, `dqe spec` names all of its commands, and
//! a shared option written before a command that does not take it is refused. `dqe
//! completions` prints each shell's script, and refuses a shell it does not know.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{Dqe, Run};

/// `dqe ARGS` with no account nor server.
fn dqe(args: &[&str]) -> Run {
    Dqe::bare().args(args).run()
}

/// The commands `dqe --help` lists (`help` aside): each at the head of a line indented by two
/// spaces; a long description goes on over lines indented further, which name no command.
fn commands() -> Vec<String> {
    let o = dqe(&["--help"]);
    assert_eq!(o.code(), Some(0), "{}", o.err());
    let out = o.out();
    let (_, after) = out.split_once("Commands:\n").expect("a list of commands");
    after
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// The options of a `--help` text: the short and long names at the head of each option's
/// entry (an entry's description, on the next lines when long, is indented further).
fn options_in_help(help: &str) -> BTreeSet<String> {
    let mut options = BTreeSet::new();
    for line in help.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if !trimmed.starts_with('-') || !(1..=6).contains(&indent) {
            continue;
        }
        let head = trimmed.split("  ").next().unwrap_or_default();
        for word in head.split([',', ' ']) {
            let name = word.trim_end_matches("...");
            // An option's name is a dash or two, then letters, digits and dashes (a wrapped
            // line of prose may start with `--country)`).
            let named = name.trim_start_matches('-');
            let is_name =
                !named.is_empty() && named.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if name.starts_with('-') && is_name {
                options.insert(name.to_owned());
            }
        }
    }
    options
}

/// The options of each command in the fish completion script (by command path, `""` for
/// `dqe` itself, `"spec drift"` for a command of a command), the help commands aside.
fn options_in_fish(script: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_command: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in script.lines() {
        let Some(rest) = line.strip_prefix("complete -c dqe -n \"") else {
            continue;
        };
        let Some((condition, rest)) = rest.split_once('"') else {
            continue;
        };
        let mut path: Vec<&str> = Vec::new();
        for part in condition.split("; and ") {
            let words: Vec<&str> = part.split_whitespace().collect();
            match words.as_slice() {
                ["__fish_dqe_using_subcommand", name] => path.push(name),
                ["__fish_seen_subcommand_from", name] => path.push(name),
                _ => {}
            }
        }
        if path.contains(&"help") {
            continue;
        }
        let options = by_command.entry(path.join(" ")).or_default();
        let mut words = rest.split_whitespace();
        while let Some(word) = words.next() {
            match word {
                "-s" => options.extend(words.next().map(|c| format!("-{c}"))),
                "-l" => options.extend(words.next().map(|l| format!("--{l}"))),
                "-d" | "-a" => break,
                _ => {}
            }
        }
    }
    by_command
}

#[test]
fn each_command_lists_exactly_the_options_clap_defines_for_it() {
    let o = dqe(&["completions", "fish"]);
    assert_eq!(o.code(), Some(0), "{}", o.err());
    let defined = options_in_fish(&o.out());
    let listed = commands();
    for name in &listed {
        assert!(defined.contains_key(name), "no completions for {name}");
    }
    assert!(defined.contains_key("spec drift"), "{:?}", defined.keys());
    for (path, options) in &defined {
        let mut args: Vec<&str> = path.split_whitespace().collect();
        args.push("--help");
        let o = dqe(&args);
        assert_eq!(o.code(), Some(0), "{args:?}: {}", o.err());
        let help = options_in_help(&o.out());
        assert_eq!(
            &help, options,
            "`dqe {path} --help` against clap's definition"
        );
    }

    // What the issue saw: the sandbox serves, it calls no server and prints no result.
    let sandbox = &defined["sandbox"];
    for option in [
        "--out",
        "--force",
        "--server",
        "--json",
        "--method",
        "--secrets-file",
        "--poll-interval",
    ] {
        assert!(!sandbox.contains(option), "dqe sandbox offers {option}");
    }
    // Nor does `dqe` itself take any option but --help and --version: each is its command's.
    let root: BTreeSet<String> = ["-h", "--help", "-V", "--version"]
        .map(str::to_owned)
        .into();
    assert_eq!(defined[""], root);
}

#[test]
fn spec_help_names_all_its_commands() {
    let o = dqe(&["spec", "--help"]);
    assert_eq!(o.code(), Some(0), "{}", o.err());
    let out = o.out();
    // The first paragraph, however clap wraps it.
    let about = out
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .replace('\n', " ");
    for command in ["check", "OpenAPI", "drift", "import", "page"] {
        assert!(about.contains(command), "{command} missing from: {about}");
    }
    // The list below it, and `dqe --help`'s line for it, say the same.
    for command in ["check", "openapi", "drift", "import", "page"] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(&format!("{command} "))),
            "{command} missing from:\n{out}"
        );
    }
    let o = dqe(&["--help"]);
    let root = o.out();
    // Its entry: the line naming it, and those a long description wraps onto (indented further).
    let mut lines = root
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("spec "));
    let first = lines.next().expect("dqe --help lists spec");
    let entry: String = std::iter::once(first)
        .chain(lines.take_while(|l| l.starts_with("     ")))
        .collect();
    assert!(
        entry.contains("drift") && entry.contains("import"),
        "{entry}"
    );
}

#[test]
fn a_shared_option_before_a_command_that_does_not_take_it_is_refused() {
    let cases: [&[&str]; 5] = [
        &["--json", "sandbox", "--port", "0"],
        &["--server", "http://127.0.0.1:9", "sandbox", "--port", "0"],
        &["--out", "x", "token"],
        &["--poll-interval", "1", "initiate"],
        &["-v", "spec", "check"],
    ];
    for args in cases {
        let o = dqe(args);
        let err = o.err();
        assert_eq!(o.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("unexpected argument"), "{args:?}: {err}");
        assert_eq!(o.out(), "", "{args:?}");
    }
    // Written before a command that takes it, it is that command's.
    let o = dqe(&["spec", "drift", "--json", "tests/pages/formfilling.txt"]);
    assert_eq!(o.code(), Some(0), "{}", o.err());
    let o = dqe(&["--json", "spec", "drift", "tests/pages/formfilling.txt"]);
    assert_eq!(o.code(), Some(0), "{}", o.err());
}

#[test]
fn completions_for_each_shell_name_every_command() {
    let commands = commands();
    assert!(commands.len() >= 8, "{commands:?}");
    let o = dqe(&["initiate", "--help"]);
    let initiate = options_in_help(&o.out());
    assert!(initiate.len() > 8, "{initiate:?}");
    for shell in ["bash", "zsh", "fish"] {
        let o = dqe(&["completions", shell]);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(0), "{shell}: {err}");
        assert_eq!(err, "", "{shell}");
        assert!(!out.trim().is_empty(), "{shell}: no script");
        for command in &commands {
            assert!(out.contains(command.as_str()), "{shell}: {command} missing");
        }
        // Every option of `initiate` is in it, step 1's from the spec among them.
        for option in &initiate {
            let name = option.trim_start_matches('-');
            assert!(out.contains(name), "{shell}: {option} missing");
        }
    }
}

#[test]
fn completions_for_an_unknown_shell_are_a_usage_error() {
    for args in [
        &["completions", "powershell"][..],
        &["completions", "nosuchshell"],
        &["completions"],
    ] {
        let o = dqe(args);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(1), "{args:?}: {err}");
        assert_eq!(out, "", "{args:?}");
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        if args.len() == 2 {
            assert!(err.contains("invalid value"), "{args:?}: {err}");
            assert!(err.contains("bash, zsh, fish"), "{args:?}: {err}");
        }
    }
}
