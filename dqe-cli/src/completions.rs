//! `dqe completions SHELL`: the shell's completion script, made by `clap_complete` from the
//! whole command line, step 1's options from the spec included ([`cli::command`]).

use clap::ValueEnum;
use clap_complete::Shell;

use crate::Outcome;
use crate::cli;
use crate::output::outln;

/// A shell `dqe completions` writes a script for.
#[derive(Clone, Copy, ValueEnum)]
pub enum ShellArg {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

impl From<ShellArg> for Shell {
    fn from(shell: ShellArg) -> Self {
        match shell {
            ShellArg::Bash => Shell::Bash,
            ShellArg::Zsh => Shell::Zsh,
            ShellArg::Fish => Shell::Fish,
        }
    }
}

/// Prints the completion script of `shell` on stdout.
pub fn print(shell: ShellArg) -> Outcome {
    let mut command = cli::command();
    let name = command.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(Shell::from(shell), &mut command, name, &mut script);
    let script = String::from_utf8_lossy(&script);
    outln!("{}", script.trim_end_matches('\n'))
}
