//! The documentation's generated blocks: tables made from the spec (and from the compiler
//! check's snapshot), written between two marker lines in the README or a guide chapter:
//!
//! ```text
//! <!-- generated: NAME (from the spec: cargo run -p tests --bin refresh-docs) -->
//! ...
//! <!-- end generated: NAME -->
//! ```
//!
//! `cargo run -p tests --bin refresh-docs` rewrites every block ([`refresh`]); the integration
//! test `docs` fails, naming that command, when one is stale. A block may move from one file to
//! another with its markers: it is found wherever it is.

use std::path::{Path, PathBuf};

use dqe_client::endpoint::{ParamInfo, ParamSource, ScopeInfo};
use dqe_client::{InitiateRequest, Scope};

/// The command that rewrites every generated block.
pub const REFRESH: &str = "cargo run -p tests --bin refresh-docs";

/// A generated block: its name, and what it holds today.
pub struct Block {
    /// The name its markers give.
    pub name: &'static str,
    /// Its lines, made now.
    pub text: String,
}

/// Every generated block, made now from the spec.
pub fn blocks() -> Vec<Block> {
    vec![
        Block {
            name: "cli-options",
            text: cli_options(),
        },
        Block {
            name: "sandbox-scenarios",
            text: sandbox_scenarios(),
        },
        Block {
            name: "spec-changes",
            text: spec_changes(),
        },
    ]
}

/// The workspace's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The files that may hold a block: the README and the guide's chapters, as paths from the root.
pub fn doc_files(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("README.md")];
    let guide = Path::new("dqe-client/src/guide");
    let mut chapters: Vec<PathBuf> = std::fs::read_dir(root.join(guide))
        .map(|dir| {
            dir.filter_map(|e| Some(e.ok()?.file_name()))
                .filter(|n| n.to_string_lossy().ends_with(".md"))
                .map(|n| guide.join(n))
                .collect()
        })
        .unwrap_or_default();
    chapters.sort();
    files.extend(chapters);
    files
}

/// The line that opens the block `name`.
fn start_marker(name: &str) -> String {
    format!("<!-- generated: {name} (from the spec: {REFRESH}) -->")
}

/// The line that closes the block `name`.
fn end_marker(name: &str) -> String {
    format!("<!-- end generated: {name} -->")
}

/// Where the block `name`'s lines are in `text` (byte range, between its marker lines), or
/// why it cannot be told.
pub fn find(text: &str, name: &str) -> Result<Option<std::ops::Range<usize>>, String> {
    let open = format!("<!-- generated: {name} ");
    let Some(at) = text.find(&open) else {
        return Ok(None);
    };
    if text[at + open.len()..].contains(&open) {
        return Err(format!("the block {name} is there twice"));
    }
    let start = text[at..]
        .find('\n')
        .map(|i| at + i + 1)
        .ok_or(format!("the block {name} has no lines"))?;
    let end = text[start..]
        .find(&end_marker(name))
        .map(|i| start + i)
        .ok_or(format!("the block {name} has no end marker"))?;
    Ok(Some(start..end))
}

/// A block found stale, or not found once.
#[derive(Debug)]
pub struct Stale {
    /// The block's name.
    pub name: &'static str,
    /// What is wrong, and where.
    pub why: String,
}

/// Checks every block of the files under `root` against what the spec makes now, and rewrites
/// the stale ones when `write` is true. Returns what was stale (and, when writing, is not any
/// more) and what could not be fixed (a block missing, or found twice).
pub fn refresh(root: &Path, write: bool) -> (Vec<Stale>, Vec<Stale>) {
    let files: Vec<(PathBuf, String)> = doc_files(root)
        .into_iter()
        .filter_map(|f| Some((f.clone(), std::fs::read_to_string(root.join(&f)).ok()?)))
        .collect();
    let mut texts = files;
    let (mut stale, mut broken) = (Vec::new(), Vec::new());
    for block in blocks() {
        let mut places = Vec::new();
        for (i, (file, text)) in texts.iter().enumerate() {
            match find(text, block.name) {
                Ok(Some(range)) => places.push((i, range)),
                Ok(None) => {}
                Err(why) => broken.push(Stale {
                    name: block.name,
                    why: format!("{}: {why}", file.display()),
                }),
            }
        }
        match places.as_slice() {
            [(i, range)] => {
                let (file, text) = &mut texts[*i];
                if text[range.clone()] != block.text {
                    stale.push(Stale {
                        name: block.name,
                        why: format!("{} holds an old {}", file.display(), block.name),
                    });
                    text.replace_range(range.clone(), &block.text);
                    if write {
                        std::fs::write(root.join(&*file), &*text).unwrap();
                    }
                }
            }
            [] => broken.push(Stale {
                name: block.name,
                why: format!(
                    "no file holds it: put `{}` and `{}` where it goes",
                    start_marker(block.name),
                    end_marker(block.name)
                ),
            }),
            _ => broken.push(Stale {
                name: block.name,
                why: "more than one file holds it".into(),
            }),
        }
    }
    (stale, broken)
}

/// `` `a`, `b` and `c` ``.
fn listed(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The scopes (wire values) that take `p`, and those that do not.
fn takers(p: &ParamInfo) -> (Vec<&'static str>, Vec<&'static str>) {
    Scope::INFO
        .iter()
        .map(|s| s.wire)
        .partition(|w| p.taken_by.is_none_or(|t| t.contains(w)))
}

/// When the command line sends the option of `p`: the "When" column.
fn when(p: &ParamInfo) -> String {
    let scopes: &[ScopeInfo] = Scope::INFO;
    if p.holds_scopes {
        let defaults: Vec<&str> = scopes
            .iter()
            .filter(|s| s.default)
            .map(|s| s.wire)
            .collect();
        return format!("default {}", listed(&defaults));
    }
    if p.always_needed {
        return "always".into();
    }
    let (take, others) = takers(p);
    let required: Vec<&str> = scopes
        .iter()
        .filter(|s| s.requires.contains(&p.name))
        .map(|s| s.wire)
        .collect();
    let but = |all: &str| match others.as_slice() {
        [] => format!("with {all}"),
        _ if others.len() < take.len() => format!("with {all} but {}", listed(&others)),
        _ => format!("with {}", listed(&take)),
    };
    if let Some(value) = p.default {
        return format!("`{value}` sent by default {}", but("every scope"));
    }
    if !required.is_empty() {
        let alone = if required == take {
            if required.len() == 1 {
                ", taken by it alone".to_owned()
            } else {
                ", taken by them alone".to_owned()
            }
        } else {
            let optional: Vec<&str> = take
                .iter()
                .copied()
                .filter(|w| !required.contains(w))
                .collect();
            format!("; optional with {}", listed(&optional))
        };
        return format!("required by {}{alone}", listed(&required));
    }
    format!("optional, {}", but("every scope"))
}

/// What the option's value is: the spec's description, and its values when it has a list.
fn value(p: &ParamInfo) -> String {
    let s = p.description.replace('\n', " ");
    let s = if p.holds_scopes {
        let all: Vec<&str> = Scope::INFO.iter().map(|s| s.wire).collect();
        format!("scopes, comma-joined: one or more of {}", listed(&all))
    } else if let [only] = p.values {
        format!("{} (`{only}`)", s.trim_end_matches('.'))
    } else if !p.values.is_empty() {
        format!("{} (one of {})", s.trim_end_matches('.'), listed(p.values))
    } else {
        s
    };
    s.replace('|', "\\|")
}

/// The command line's step 1 options, one per parameter the caller sets.
fn cli_options() -> String {
    let mut out = String::from("| Option | Parameter | Value | When |\n|---|---|---|---|\n");
    for p in InitiateRequest::INFO
        .params
        .iter()
        .filter(|p| p.source == ParamSource::Caller)
    {
        out.push_str(&format!(
            "| `--{}` | `{}` | {} | {} |\n",
            dqe_codegen::support::kebab_case(p.wire),
            p.wire,
            value(p),
            when(p)
        ));
    }
    out
}

/// The sandbox's scenario numbers, each with its step and error.
fn sandbox_scenarios() -> String {
    let mut out = String::from("| Number | Step | Error |\n|---|---|---|\n");
    for (number, step, id, text) in dqe_sandbox::scenarios() {
        out.push_str(&format!("| `{number}` | {step} | `{id}` {text} |\n"));
    }
    out
}

/// The compiler check's table (its snapshot, which `spec_changes` writes).
fn spec_changes() -> String {
    let path = root().join("tests/tests/snapshots/integration__spec_changes__table.snap");
    let snap = std::fs::read_to_string(path).unwrap_or_default();
    // The body follows the snapshot's header (between two `---` lines).
    let body = snap.splitn(3, "---\n").nth(2).unwrap_or_default();
    let mut body = body.trim_end().to_owned();
    body.push('\n');
    body
}
