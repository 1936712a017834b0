//! `dqe spec`: work on a spec directory without compiling anything, through `dqe-codegen`:
//! `check` prints its problems, `openapi` prints its OpenAPI 3.1 document, `drift` compares
//! DQE's help-centre pages with it. None calls DQE.

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
    /// Compare DQE help-centre pages (their text, as copied from a browser) with a spec: each
    /// page's scope is read from its `scope=` value, and every difference is printed once, with
    /// where it is on the page and in the spec. Exit 0: no difference; 1: differences (or a
    /// usage error); 2: a page or the spec cannot be read.
    Drift {
        /// The spec directory (the shipped spec is `dqe-client/spec` in the repository).
        #[arg(long = "spec", value_name = "DIR", default_value = DEFAULT_DIR)]
        dir: PathBuf,
        /// The pages, text files.
        #[arg(value_name = "PAGE", required = true)]
        pages: Vec<PathBuf>,
    },

    /// Print a draft scope file for the scope a DQE help-centre page documents, which the spec
    /// does not have yet (refused for one it has, naming its file): review it, save it as
    /// `scopes/NAME.toml` of the spec, then check it with `dqe spec check` and `dqe spec drift`.
    Import {
        /// The spec directory (the shipped spec is `dqe-client/spec` in the repository).
        #[arg(long = "spec", value_name = "DIR", default_value = DEFAULT_DIR)]
        dir: PathBuf,
        /// The page, a text file.
        #[arg(value_name = "PAGE")]
        page: PathBuf,
    },
}

/// `dqe spec drift`'s exit code when a page or the spec cannot be read.
const CANNOT_COMPARE: u8 = 2;

/// Runs a `dqe spec` subcommand; `json` prints `drift`'s differences as one JSON array.
pub fn run(command: &SpecCommand, json: bool) -> Result<(), Fail> {
    match command {
        SpecCommand::Drift { dir, pages } => drift(dir, pages, json),
        SpecCommand::Import { dir, page } => {
            let spec = load(dir).map_err(|f| Fail {
                code: CANNOT_COMPARE,
                ..f
            })?;
            let shown = page.display().to_string();
            let bytes = read_page(page)
                .map_err(|why| Fail::new(CANNOT_COMPARE, format!("{}: {why}", Escaped(&shown))))?;
            let draft =
                dqe_codegen::import::import(&bytes, &shown, &spec).map_err(|why| match why {
                    dqe_codegen::import::NoDraft::Exists { .. } => {
                        usage(format!("{}: {why}", Escaped(&shown)))
                    }
                    _ => Fail::new(CANNOT_COMPARE, format!("{}: {why}", Escaped(&shown))),
                })?;
            // Page text (descriptions, examples) reaches the terminal escaped, line by line.
            for line in draft.lines() {
                outln!("{}", Escaped(line))?;
            }
            Ok(())
        }
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

/// `dqe spec drift`: every page against the spec.
fn drift(dir: &Path, pages: &[PathBuf], json: bool) -> Result<(), Fail> {
    let spec = load(dir).map_err(|f| Fail {
        code: CANNOT_COMPARE,
        ..f
    })?;
    let mut all = Vec::new();
    for page in pages {
        let shown = page.display().to_string();
        let bytes = read_page(page)
            .map_err(|why| Fail::new(CANNOT_COMPARE, format!("{}: {why}", Escaped(&shown))))?;
        let found = dqe_codegen::drift::drift(&bytes, &shown, &spec)
            .map_err(|why| Fail::new(CANNOT_COMPARE, format!("{}: {why}", Escaped(&shown))))?;
        if !json {
            for d in &found {
                outln!("{}", Escaped(&d.to_string()))?;
            }
        }
        all.extend(found);
    }
    if json {
        let list: Vec<_> = all
            .iter()
            .map(dqe_codegen::drift::Difference::to_json)
            .collect();
        outln!("{}", crate::output::json(&list, true))?;
    } else {
        let n = all.len();
        outln!(
            "{n} difference{} between {} page{} and the spec in {}",
            if n == 1 { "" } else { "s" },
            pages.len(),
            if pages.len() == 1 { "" } else { "s" },
            Escaped(&dir.display().to_string())
        )?;
    }
    if all.is_empty() {
        Ok(())
    } else {
        Err(Fail::quiet_with(1))
    }
}

/// A page's bytes, at most a little more than a page may be (the reader says "too large").
fn read_page(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read it ({e})"))?;
    let mut bytes = Vec::new();
    let limit = dqe_codegen::page::MAX_PAGE_SIZE as u64 + 1;
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it ({e})"))?;
    Ok(bytes)
}
