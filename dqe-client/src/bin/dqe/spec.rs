//! `dqe spec`: work on a spec directory without compiling anything, through `dqe-codegen`:
//! `check` prints its problems, `openapi` prints its OpenAPI 3.1 document. Neither calls DQE.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use dqe_codegen::model::Spec;

use crate::fail::{Fail, usage};
use crate::output::{Escaped, errln, outln};

/// The spec directory used when none is given: `spec`, relative to the current directory, where
/// a crate keeps the spec its `src/lib.rs` reads with `generate_api!("../spec")` (the shipped
/// one is `dqe-client/spec` in the repository). The spec compiled into `dqe` is not embedded.
const DEFAULT_DIR: &str = "spec";

/// The subcommands of `dqe spec`.
#[derive(Subcommand)]
pub enum SpecCommand {
    /// Check a spec: print each of its problems (file, line, column, key) on stderr and exit 1,
    /// or print a one-line summary starting with `ok` and exit 0.
    Check {
        /// The spec directory, holding `api.toml` and `scopes/`, read at run time (the shipped
        /// spec is `dqe-client/spec` in the repository: name it, or run from `dqe-client/`).
        #[arg(value_name = "DIR", default_value = DEFAULT_DIR)]
        dir: PathBuf,
    },
    /// Print the OpenAPI 3.1 document (JSON) of a spec on stdout: every endpoint with each
    /// method, parameter, reply, error id and scope. A spec with problems prints them and
    /// exits 1, as `check` does.
    Openapi {
        /// The spec directory, holding `api.toml` and `scopes/`, read at run time (the shipped
        /// spec is `dqe-client/spec` in the repository: name it, or run from `dqe-client/`).
        #[arg(value_name = "DIR", default_value = DEFAULT_DIR)]
        dir: PathBuf,
    },
}

/// Runs a `dqe spec` subcommand.
pub fn run(command: &SpecCommand) -> Result<(), Fail> {
    match command {
        SpecCommand::Check { dir } => {
            let spec = load(dir)?;
            outln!(
                "ok: {}: {} endpoints, {} scopes, {} enums, {} objects",
                Escaped(&dir.display().to_string()),
                spec.endpoints.len(),
                spec.scopes.len(),
                spec.enums.len(),
                spec.objects.len()
            )
        }
        SpecCommand::Openapi { dir } => {
            let spec = load(dir)?;
            let document = serde_json::to_string_pretty(&dqe_codegen::openapi(&spec))
                .map_err(|e| usage(format!("cannot write the document: {e}")))?;
            outln!("{document}")
        }
    }
}

/// The checked spec in `dir`, or its problems printed on stderr and exit code 1.
fn load(dir: &Path) -> Result<Spec, Fail> {
    let shown = dir.display().to_string();
    dqe_codegen::load_spec(dir, &shown).map_err(|diagnostics| {
        for d in &diagnostics {
            errln!("{}", Escaped(&d.to_string()));
        }
        let n = diagnostics.len();
        usage(format!(
            "the spec in {} has {n} problem{}",
            Escaped(&shown),
            if n == 1 { "" } else { "s" }
        ))
    })
}
