//! `dqe spec diff`: two specs compared ([`dqe_spec_tools::diff`]), each change with what it
//! means for the users of the crate generated from them, and the next version. The old spec is
//! a directory, or a directory as it was at a git revision (`--rev`), read with `git` itself.

use std::path::{Path, PathBuf};
use std::process::Command;

use dqe_codegen::model::Spec;
use dqe_spec_tools::diff::{SpecDiff, Verdict};

use super::{CANNOT_COMPARE, DEFAULT_DIR, checked};
use crate::fail::{Fail, usage};
use crate::output::{Escaped, outln};

/// Cargo's reading of a version below 1.0.0, said under the changes.
const BELOW_ONE: &str = "for a version below 1.0.0, Cargo's rules shift these by one place: a major change bumps the minor number (0.1.2 -> 0.2.0), a minor or a patch change the patch number (0.1.2 -> 0.1.3)";

/// How the changes are printed.
#[derive(Clone, Copy)]
pub enum Output {
    /// One a line, a summary, the next version last.
    Text,
    /// One JSON object.
    Json,
    /// A changelog's sections.
    Changelog,
}

impl Output {
    /// From the command's flags (clap refuses both at once).
    pub fn new(json: bool, changelog: bool) -> Self {
        match (json, changelog) {
            (true, _) => Output::Json,
            (_, true) => Output::Changelog,
            _ => Output::Text,
        }
    }
}

/// Runs `dqe spec diff`: `dirs` are OLD and NEW, or with `rev` the one directory (by default
/// `spec`) compared with itself at that revision.
pub fn run(dirs: &[PathBuf], rev: Option<&str>, output: Output) -> Result<(), Fail> {
    let ((old, old_shown), (new, new_shown)) = match (rev, dirs) {
        (None, [old, new]) => (from_dir(old)?, from_dir(new)?),
        (Some(rev), [] | [_]) => {
            let dir = dirs
                .first()
                .map_or(Path::new(DEFAULT_DIR), PathBuf::as_path);
            (at_revision(dir, rev)?, from_dir(dir)?)
        }
        (None, _) => {
            return Err(usage(
                "give two spec directories, OLD and NEW, or a revision and at most one directory: --rev REV [DIR]",
            ));
        }
        (Some(_), _) => {
            return Err(usage(
                "with --rev, give at most one spec directory: the one compared with itself at that revision",
            ));
        }
    };
    let found = dqe_spec_tools::diff::diff(&old, &new);
    match output {
        Output::Json => {
            let mut value = found.to_json();
            value["old_spec"] = old_shown.into();
            value["new_spec"] = new_shown.into();
            outln!("{}", crate::output::json(&value, true))?;
        }
        // The spec's words (names, descriptions) reach the terminal escaped, line by line.
        Output::Changelog => {
            for line in found.changelog().lines() {
                outln!("{}", Escaped(line))?;
            }
        }
        Output::Text => text(&found, &old_shown, &new_shown)?,
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(Fail::quiet_with(1))
    }
}

/// The changes, one a line, a summary, and the next version last.
fn text(found: &SpecDiff, old: &str, new: &str) -> Result<(), Fail> {
    for c in &found.changes {
        outln!("{}", Escaped(&c.to_string()))?;
    }
    let Some(next) = found.next_version() else {
        outln!(
            "no change: {} and {} describe the same API",
            Escaped(old),
            Escaped(new)
        )?;
        return outln!("next version: none");
    };
    let count = |v: Verdict| found.changes.iter().filter(|c| c.verdict == v).count();
    let n = found.changes.len();
    outln!(
        "{n} change{} from {} to {}: {} major, {} minor, {} patch",
        if n == 1 { "" } else { "s" },
        Escaped(old),
        Escaped(new),
        count(Verdict::Major),
        count(Verdict::Minor),
        count(Verdict::Patch)
    )?;
    outln!("{BELOW_ONE}")?;
    outln!("next version: {next}")
}

/// The checked spec in `dir` and how it is named, or its problems and exit code 2.
fn from_dir(dir: &Path) -> Result<(Spec, String), Fail> {
    let shown = dir.display().to_string();
    let loaded = dqe_codegen::load_spec(dir, &shown);
    let spec = checked(loaded, &shown).map_err(|f| Fail {
        code: CANNOT_COMPARE,
        ..f
    })?;
    Ok((spec, shown))
}

/// Exit code 2 with a message about reading `dir` at `rev`.
fn unreadable(dir: &Path, rev: &str, why: impl std::fmt::Display) -> Fail {
    Fail::new(
        CANNOT_COMPARE,
        format!(
            "cannot read the spec in {} at {}: {why}",
            Escaped(&dir.display().to_string()),
            Escaped(rev)
        ),
    )
}

/// `git -C dir ARGS`, its standard output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git ({e})"))?;
    if out.status.success() {
        return Ok(out.stdout);
    }
    let said = String::from_utf8_lossy(&out.stderr);
    let said = said.trim();
    Err(if said.is_empty() {
        format!("git {} failed", args.first().copied().unwrap_or_default())
    } else {
        Escaped(said).to_string()
    })
}

/// The checked spec in `dir` as it was at the git revision `rev`, named `REV:DIR`: its API file
/// and scope files, read from the repository that holds `dir`.
fn at_revision(dir: &Path, rev: &str) -> Result<(Spec, String), Fail> {
    if rev.is_empty() || rev.starts_with('-') || rev.contains(['\0', '\n']) {
        return Err(unreadable(dir, rev, "not a revision"));
    }
    let commit = git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|why| match why.as_str() {
        // `--quiet` says nothing of a revision that is not there.
        "git rev-parse failed" => unreadable(dir, rev, "no such commit in the repository"),
        _ => unreadable(dir, rev, why),
    })?;
    let commit = String::from_utf8_lossy(&commit).trim().to_owned();
    if commit.is_empty() || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(unreadable(dir, rev, "not a commit of the repository"));
    }
    let shown = format!("{rev}:{}", dir.display());
    let listing = git(
        dir,
        &[
            "ls-tree",
            "-z",
            &commit,
            "--",
            dqe_codegen::API_FILE,
            &format!("{}/", dqe_codegen::SCOPES_DIR),
        ],
    )
    .map_err(|why| unreadable(dir, rev, why))?;
    let mut blobs = blobs(&listing);
    blobs.sort_by(|a, b| {
        (a.0 != dqe_codegen::API_FILE, &a.0).cmp(&(b.0 != dqe_codegen::API_FILE, &b.0))
    });
    if blobs
        .first()
        .is_none_or(|(path, _)| path != dqe_codegen::API_FILE)
    {
        return Err(unreadable(
            dir,
            rev,
            format!("it holds no `{}`", dqe_codegen::API_FILE),
        ));
    }
    let mut files = Vec::new();
    for (path, oid) in blobs {
        let bytes =
            git(dir, &["cat-file", "blob", &oid]).map_err(|why| unreadable(dir, rev, why))?;
        let display = format!("{shown}/{path}");
        let text = String::from_utf8(bytes)
            .map_err(|_| unreadable(dir, rev, format!("{} is not UTF-8 text", Escaped(&path))))?;
        files.push(dqe_codegen::SourceFile {
            absolute: PathBuf::from(&display),
            display,
            text,
        });
    }
    let spec = checked(dqe_codegen::load_spec_from(files), &shown).map_err(|f| Fail {
        code: CANNOT_COMPARE,
        ..f
    })?;
    Ok((spec, shown))
}

/// The spec's files in a `git ls-tree -z` listing of `api.toml` and `scopes/`: the API file and
/// the scope files ([`dqe_codegen::is_scope_file`]), each `(path, blob id)`.
fn blobs(listing: &[u8]) -> Vec<(String, String)> {
    listing
        .split(|b| *b == 0)
        .filter_map(|entry| {
            let entry = std::str::from_utf8(entry).ok()?;
            let (head, path) = entry.split_once('\t')?;
            let mut head = head.split(' ');
            let (_mode, kind, oid) = (head.next()?, head.next()?, head.next()?);
            let in_scopes = path
                .strip_prefix(dqe_codegen::SCOPES_DIR)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|name| {
                    !name.contains('/') && dqe_codegen::is_scope_file(Path::new(name))
                });
            (kind == "blob" && (path == dqe_codegen::API_FILE || in_scopes))
                .then(|| (path.to_owned(), oid.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_gives_the_spec_files_alone() {
        let entries: [&[u8]; 7] = [
            b"100644 blob aaa\tapi.toml",
            b"100644 blob bbb\tscopes/a.toml",
            b"100644 blob ccc\tscopes/notes.md",
            b"040000 tree ddd\tscopes/sub",
            b"100644 blob eee\tscopes/sub/x.toml",
            b"garbage",
            b"\xff\xfe\t",
        ];
        let listing = entries.join(&0);
        assert_eq!(
            blobs(&listing),
            [
                ("api.toml".to_owned(), "aaa".to_owned()),
                ("scopes/a.toml".to_owned(), "bbb".to_owned())
            ]
        );
    }
}
