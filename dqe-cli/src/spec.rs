//! `dqe spec`: work on a spec directory without compiling anything, through `dqe-codegen`:
//! `check` prints its problems, `openapi` prints its OpenAPI 3.1 document, `drift` compares
//! DQE's help-centre pages with it, `import` drafts a scope file from such a page, `page`
//! prints such a page or refreshes the stored ones ([`page`]), `diff` compares two specs
//! ([`diff`]). None calls DQE.

mod diff;
mod page;

use std::path::{Path, PathBuf};

use clap::Subcommand;
use dqe_codegen::model::Spec;

use crate::fail::{Fail, usage};
use crate::output::{Escaped, errln, outln};

/// The spec directory used when none is given and it holds an `api.toml`: `spec`, relative to
/// the current directory (the repository's root holds the shipped spec there; a `spec`
/// directory of something else, without that file, is not taken for one). Elsewhere, the spec `dqe`
/// was built with ([`dqe_spec::FILES`]).
const DEFAULT_DIR: &str = "spec";

/// How the spec `dqe` was built with is named in messages.
const BUILT_IN: &str = "spec (built into dqe)";

/// The subcommands of `dqe spec`.
#[derive(Subcommand)]
pub enum SpecCommand {
    /// Check a spec: print each of its problems (file, line, column, key) on stderr and exit 1,
    /// or print a one-line summary starting with `ok` and exit 0.
    Check {
        /// The spec directory, holding `api.toml` and `scopes/`, read at run time (by default
        /// `spec` if it exists, as at the repository's root, else the spec dqe was built with).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print the OpenAPI 3.1 document (JSON) of a spec on stdout: every endpoint with each
    /// method, parameter, reply, error id and scope. A spec with problems prints them and
    /// exits 1, as `check` does.
    Openapi {
        /// The spec directory, holding `api.toml` and `scopes/`, read at run time (by default
        /// `spec` if it exists, as at the repository's root, else the spec dqe was built with).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Compare DQE help-centre pages with a spec: each page's scope is read from its `scope=`
    /// value, and every difference is printed once, with where it is on the page and in the
    /// spec, then where to act: the spec file and table to edit, why there (the scope's file or
    /// the API file), and for an addition the TOML to add. A page is a file (the text a browser
    /// copies, with tabs between cells; the text with `| a | b |` tables; a page saved as HTML;
    /// the Help Center API's JSON: told apart by their content) or an https:// article URL,
    /// fetched through the Help Center API. With --replies, compares DQE's replies instead.
    /// Exit 0: no difference; 1: differences (or a usage error); 2: a page, a file of replies
    /// or the spec cannot be read.
    Drift {
        /// The spec directory (by default `spec` if it exists, as at the repository's root, else
        /// the spec dqe was built with).
        #[arg(long = "spec", value_name = "DIR")]
        dir: Option<PathBuf>,
        /// The pages: files, or https:// article URLs (`https://HOST/hc/LOCALE/articles/ID-TITLE`).
        #[arg(value_name = "PAGE", required_unless_present = "replies")]
        pages: Vec<PathBuf>,
        /// Compare files of DQE's replies with the spec instead of pages: JSON replies (one
        /// document, JSON lines, or what `dqe --json` prints), or the client's departure events
        /// (tracing-subscriber's JSON format). Each new key comes with the TOML to add; no value
        /// of a reply is printed.
        #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "pages")]
        replies: Vec<PathBuf>,
        /// Print one JSON object: `pages` (each page read, with `updated_at`, its article's
        /// when its form gives it, else null) or `files` (each file of replies), then
        /// `differences` (each with `page_updated_at` for pages).
        #[arg(long)]
        json: bool,
    },

    /// Print a draft scope file for the scope a DQE help-centre page documents, which the spec
    /// does not have yet (refused for one it has, naming its file): review it, save it as
    /// `scopes/NAME.toml` of the spec, then check it with `dqe spec check` and `dqe spec drift`.
    /// The page is read in any of the forms `dqe spec drift` reads.
    Import {
        /// The spec directory (by default `spec` if it exists, as at the repository's root, else
        /// the spec dqe was built with).
        #[arg(long = "spec", value_name = "DIR")]
        dir: Option<PathBuf>,
        /// The page: a file, or an https:// article URL (`https://HOST/hc/LOCALE/articles/ID-TITLE`).
        #[arg(value_name = "PAGE")]
        page: PathBuf,
    },

    /// Print a DQE help-centre page, read from a file or fetched from an https:// article URL
    /// (through the Help Center API, as `dqe spec drift` fetches it): as it is (the API's
    /// JSON, for a URL), or with --text as the pipe text the page reader reads (`| a | b |`
    /// tables), which is how a page is stored. With --refresh DIR instead, rewrite the stored
    /// pages that DIR/sources.toml names from their articles (`[pages]`: `"FILE" = "URL"`; a
    /// `.json` file as fetched, any other as pipe text), printing each file written; every
    /// other file of DIR is listed there too, in a table of its own (`pages = ["FILE", ...]`),
    /// and left as it is. Exit 0: printed (or written); 1: a usage error, or a file that cannot
    /// be written; 2: a page, or DIR/sources.toml, cannot be read.
    #[command(
        override_usage = "dqe spec page [--text] SOURCE\n       dqe spec page --refresh DIR [--dry-run]"
    )]
    Page {
        /// The page: a file, or an https:// article URL (`https://HOST/hc/LOCALE/articles/ID-TITLE`).
        #[arg(
            value_name = "SOURCE",
            required_unless_present = "refresh",
            conflicts_with = "refresh"
        )]
        source: Option<PathBuf>,
        /// Print the page as the pipe text the page reader reads, whatever its form.
        #[arg(long, conflicts_with = "refresh")]
        text: bool,
        /// Rewrite the pages DIR/sources.toml names from their articles; nothing is written
        /// unless every article is fetched and read as a page.
        #[arg(long, value_name = "DIR")]
        refresh: Option<PathBuf>,
        /// With --refresh: fetch and read every article, say which files would change, and
        /// write nothing.
        #[arg(long, requires = "refresh")]
        dry_run: bool,
    },

    /// Compare two specs: print every change once, with its kind, where it is in each spec, and
    /// what it means for the users of the crate generated from them: major (code written for the
    /// old crate no longer compiles, or reads the same reply differently), minor (new items
    /// only) or patch (documentation, examples, what the client does with the same items). The
    /// last line is the next version: `next version: major|minor|patch`, or `none`. Compare two
    /// spec directories (`dqe spec diff OLD NEW`), or a spec directory at a git revision with
    /// the same directory as it is (`dqe spec diff --rev v0.1.0 [DIR]`). Exit 0: the same API;
    /// 1: changes (or a usage error); 2: a spec cannot be read (its problems on stderr).
    #[command(
        override_usage = "dqe spec diff [--json|--changelog] OLD NEW\n       dqe spec diff [--json|--changelog] --rev REV [DIR]"
    )]
    Diff {
        /// OLD and NEW, two spec directories; with --rev, one directory, compared with itself at
        /// that revision (by default `spec`).
        #[arg(value_name = "DIR", num_args = 0..=2)]
        dirs: Vec<PathBuf>,
        /// The git revision (a tag, a branch, a commit) whose spec is the old one: DIR as it
        /// was then, read from the repository that holds DIR.
        #[arg(long, value_name = "REV")]
        rev: Option<String>,
        /// Print the changes and the next version as one JSON object.
        #[arg(long, conflicts_with = "changelog")]
        json: bool,
        /// Print the changes as a changelog's sections (Added, Changed, Removed), worded for
        /// the crate's users, for the release's entry of CHANGELOG.md.
        #[arg(long)]
        changelog: bool,
    },
}

/// The exit code of `dqe spec drift`, `dqe spec page` and `dqe spec diff` when a page, a file
/// of replies or a spec cannot be read.
pub(crate) const CANNOT_COMPARE: u8 = 2;

/// Runs a `dqe spec` subcommand.
pub async fn run(command: &SpecCommand) -> Result<(), Fail> {
    match command {
        SpecCommand::Drift {
            dir, replies, json, ..
        } if !replies.is_empty() => crate::replies::drift(dir.as_deref(), replies, *json),
        SpecCommand::Drift {
            dir, pages, json, ..
        } => drift(dir.as_deref(), pages, *json).await,
        SpecCommand::Diff {
            dirs,
            rev,
            json,
            changelog,
        } => diff::run(dirs, rev.as_deref(), diff::Output::new(*json, *changelog)),
        SpecCommand::Page {
            refresh: Some(dir),
            dry_run,
            ..
        } => page::refresh(dir, *dry_run).await,
        SpecCommand::Page { source, text, .. } => match source {
            Some(source) => page::print(source, *text).await,
            None => Err(usage("no page given")),
        },
        SpecCommand::Import { dir, page } => {
            let (spec, _) = load(dir.as_deref()).map_err(|f| Fail {
                code: CANNOT_COMPARE,
                ..f
            })?;
            let shown = page.display().to_string();
            let bytes = crate::pages::read(page)
                .await
                .map_err(|why| Fail::new(CANNOT_COMPARE, format!("{}: {why}", Escaped(&shown))))?;
            let draft =
                dqe_spec_tools::import::import(&bytes, &shown, &spec).map_err(|why| match why {
                    dqe_spec_tools::import::NoDraft::Exists { .. } => {
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
            let (spec, shown) = load(dir.as_deref())?;
            outln!(
                "ok: {}: {} endpoints, {} scopes, {} enums, {} objects",
                Escaped(&shown),
                spec.endpoints.len(),
                spec.scopes.len(),
                spec.enums.len(),
                spec.objects.len()
            )
        }
        SpecCommand::Openapi { dir } => {
            let (spec, _) = load(dir.as_deref())?;
            let document = serde_json::to_string_pretty(&dqe_spec_tools::openapi(&spec))
                .map_err(|e| usage(format!("cannot write the document: {e}")))?;
            outln!("{document}")
        }
    }
}

/// The checked spec in `dir` (by default `spec` if it exists, else the spec `dqe` was built
/// with) and how it is named, or its problems printed on stderr and exit code 1.
pub(crate) fn load(dir: Option<&Path>) -> Result<(Spec, String), Fail> {
    let default = Path::new(DEFAULT_DIR);
    let dir = dir.or_else(|| {
        default
            .join(dqe_codegen::API_FILE)
            .is_file()
            .then_some(default)
    });
    let (loaded, shown) = match dir {
        Some(dir) => {
            let shown = dir.display().to_string();
            (dqe_codegen::load_spec(dir, &shown), shown)
        }
        None => (dqe_codegen::load_spec_from(built_in()), BUILT_IN.to_owned()),
    };
    let spec = checked(loaded, &shown)?;
    Ok((spec, shown))
}

/// A loaded spec, or its problems printed on stderr and exit code 1; `shown` names it.
fn checked(loaded: Result<Spec, Vec<dqe_codegen::Diagnostic>>, shown: &str) -> Result<Spec, Fail> {
    loaded.map_err(|diagnostics| {
        for d in &diagnostics {
            errln!("{}", Escaped(&d.to_string()));
        }
        let n = diagnostics.len();
        usage(format!(
            "the spec in {} has {n} problem{}",
            Escaped(shown),
            if n == 1 { "" } else { "s" }
        ))
    })
}

/// The files of the spec `dqe` was built with, the API file first, named as under the
/// repository's root (`spec/api.toml`).
fn built_in() -> Vec<dqe_codegen::SourceFile> {
    let mut files: Vec<_> = dqe_spec::FILES
        .iter()
        .map(|(name, text)| dqe_codegen::SourceFile {
            display: format!("{DEFAULT_DIR}/{name}"),
            absolute: Path::new(dqe_spec::DIR).join(name),
            text: (*text).to_owned(),
        })
        .collect();
    files.sort_by_key(|f| f.display != format!("{DEFAULT_DIR}/{}", dqe_codegen::API_FILE));
    files
}

/// `dqe spec drift`: every page against the spec.
async fn drift(dir: Option<&Path>, pages: &[PathBuf], json: bool) -> Result<(), Fail> {
    let (spec, shown_spec) = load(dir).map_err(|f| Fail {
        code: CANNOT_COMPARE,
        ..f
    })?;
    let mut all = Vec::new();
    let mut read = Vec::new();
    for page in pages {
        let shown = page.display().to_string();
        let bytes = crate::pages::read(page)
            .await
            .map_err(|why| Fail::new(CANNOT_COMPARE, format!("{}: {why}", Escaped(&shown))))?;
        let found = dqe_spec_tools::drift::drift(&bytes, &shown, &spec)
            .map_err(|why| Fail::new(CANNOT_COMPARE, format!("{}: {why}", Escaped(&shown))))?;
        let updated_at = dqe_spec_tools::page::updated_at(&bytes);
        if !json {
            if let Some(at) = &updated_at {
                outln!(
                    "{}: the article was last updated at {}",
                    Escaped(&shown),
                    Escaped(at)
                )?;
            }
            // Each difference on its line, then where to act and the TOML to add, indented:
            // page text (names, descriptions) reaches the terminal escaped, line by line.
            for d in &found {
                for line in d.to_string().lines() {
                    outln!("{}", Escaped(line))?;
                }
            }
        }
        all.extend(found.into_iter().map(|d| (d, updated_at.clone())));
        read.push(serde_json::json!({ "page": shown, "updated_at": updated_at }));
    }
    if json {
        // Each difference as the library gives it, with its page's `updated_at` (or null).
        let list: Vec<_> = all
            .iter()
            .map(|(d, updated_at)| {
                let mut value = d.to_json();
                if let Some(object) = value.as_object_mut() {
                    object.insert("page_updated_at".to_owned(), updated_at.clone().into());
                }
                value
            })
            .collect();
        // Each page read, with its article's `updated_at` (null when its form gives none),
        // whether it differs or not; then the differences.
        let out = serde_json::json!({ "pages": read, "differences": list });
        outln!("{}", crate::output::json(&out, true))?;
    } else {
        let n = all.len();
        outln!(
            "{n} difference{} between {} page{} and the spec in {}",
            if n == 1 { "" } else { "s" },
            pages.len(),
            if pages.len() == 1 { "" } else { "s" },
            Escaped(&shown_spec)
        )?;
    }
    if all.is_empty() {
        Ok(())
    } else {
        Err(Fail::quiet_with(1))
    }
}
