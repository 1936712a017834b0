//! The `dqe` binary, run as a subprocess against the sandbox and against hostile stand-in
//! servers on loopback: one test binary, a module per subject, what they share in [`support`].
//!
//! - [`sandbox`]: every scenario number gives the documented error and exit code 2, `demo`
//!   prints an identity, `dqe sandbox` serves a flow, a closed stdout ends quietly.
//! - [`usage`]: bad usage, missing secrets, numbers out of range and unreachable servers give
//!   their exit codes and a one-line message; secrets come from a file and are never printed.
//! - [`replies`]: replies that are not what DQE sends exit 4, server text reaches the terminal
//!   escaped, a step 1 that may have reached DQE is never sent again, `--wait` is a deadline.
//! - [`scopes`]: every scope flows from the spec at run time, its parameters checked before any
//!   request; `--help` and the README document every option and scope.
//! - [`output`]: logging that grows with `-v` and never shows a value; `--out` writes a
//!   document privately.
//! - [`spec`]: `dqe spec check`, `openapi` and `drift`; [`forms`]: `drift` and `import` read
//!   DQE's page alike in each of its forms; [`fetch`]: they fetch an article's URL over HTTPS
//!   from a server on loopback, refusing plain HTTP, another host and an oversized answer;
//!   [`page`]: `dqe spec page` prints an article fetched, or as pipe text, and `--refresh`
//!   rewrites the stored pages from their articles; [`diff`]: `dqe spec diff`.
//! - [`departures`]: replies that depart from the spec, said after the result;
//!   `dqe spec drift --replies` on saved replies and on an application's departure events.
//! - [`guide`]: the guide's command-line chapter runs its ```sh samples against a `dqe sandbox`;
//!   shell samples of the guide's chapters on the tools are run or plainly illustrative.
//! - [`help`]: each command's `--help` lists exactly the options clap defines for it (as its
//!   completion script does), a shared option written before a command that does not take it
//!   is refused, and `dqe completions` prints each shell's script.

mod departures;
mod diff;
mod fetch;
mod forms;
mod guide;
mod help;
mod output;
mod page;
mod replies;
mod sandbox;
mod scopes;
mod spec;
mod support;
mod usage;
