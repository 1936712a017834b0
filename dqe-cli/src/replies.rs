//! `dqe spec drift --replies FILE...`: DQE's replies (or the client's departure events)
//! compared with a spec, through `dqe-spec-tools` (`drift::replies`): each difference once, as
//! page drift prints them, with the TOML that adds a new key. The same exit codes: 0 no
//! difference, 1 differences, 2 a file or the spec cannot be read. No value of a reply is
//! printed; the keys and the spec's text reach the terminal escaped.

use std::io::Read;
use std::path::{Path, PathBuf};

use dqe_spec_tools::drift::replies::{self, MAX_REPLIES_SIZE, ReplyDifference};

use crate::fail::Fail;
use crate::output::{Escaped, outln};
use crate::spec::{CANNOT_COMPARE, load};

/// Compares every file of replies with the spec in `dir`.
pub fn drift(dir: Option<&Path>, files: &[PathBuf], json: bool) -> Result<(), Fail> {
    let (spec, shown_spec) = load(dir).map_err(|f| Fail {
        code: CANNOT_COMPARE,
        ..f
    })?;
    let mut read = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let cannot = |why: String| Fail::new(CANNOT_COMPARE, format!("{}: {why}", Escaped(&shown)));
        let bytes = read_file(file).map_err(cannot)?;
        read.push(replies::read_replies(&bytes, &shown).map_err(|why| cannot(why.to_string()))?);
    }
    let found = replies::compare(&read, &spec);
    if json {
        // The files read, then the differences, as page drift prints them.
        let list: Vec<serde_json::Value> = found.iter().map(to_json).collect();
        let read: Vec<_> = files
            .iter()
            .map(|f| serde_json::json!({ "file": f.display().to_string() }))
            .collect();
        let out = serde_json::json!({ "files": read, "differences": list });
        outln!("{}", crate::output::json(&out, true))?;
    } else {
        for d in &found {
            outln!("{}", Escaped(&d.difference.to_string()))?;
            for line in d.toml.iter().flat_map(|t| t.lines()) {
                outln!("    {}", Escaped(line))?;
            }
        }
        let (n, f) = (found.len(), files.len());
        outln!(
            "{n} difference{} between the replies of {f} file{} and the spec in {}",
            if n == 1 { "" } else { "s" },
            if f == 1 { "" } else { "s" },
            Escaped(&shown_spec)
        )?;
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(Fail::quiet_with(1))
    }
}

/// A difference as page drift's JSON, with `toml`: what to add, or `null`.
fn to_json(d: &ReplyDifference) -> serde_json::Value {
    let mut value = d.difference.to_json();
    if let Some(map) = value.as_object_mut() {
        map.insert("toml".to_owned(), d.toml.clone().into());
    }
    value
}

/// A file's bytes, at most a little more than a file of replies may be (the reader says "too
/// large").
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read it ({e})"))?;
    let mut bytes = Vec::new();
    file.take(MAX_REPLIES_SIZE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it ({e})"))?;
    Ok(bytes)
}
