//! Documents in results (keys the spec types `base64`, such as a proof of address): shown as
//! their kind and size, never as their Base64 text.

use std::io::Write as _;
use std::path::Path;

use dqe_client::Document;
use dqe_client::endpoint::{EndpointInfo, FieldInfo, FieldKind};
use serde::Serialize;

use crate::fail::{Fail, UNEXPECTED, usage};
use crate::output::{Escaped, errln};

/// How a document's Base64 text is shown: `<document: PDF, 12345 bytes>`; text that is not
/// Base64 (kept as received by the client) as its length alone.
pub fn summary(text: &str) -> String {
    match Document::from_base64(text) {
        Some(d) => format!("<document: {}, {} bytes>", d.kind(), d.len()),
        None => format!(
            "<not a document: {} characters that are not Base64>",
            text.chars().count()
        ),
    }
}

/// The documents of a reply: each key the spec types `base64` (at any depth), with its text.
fn documents(
    value: &serde_json::Value,
    fields: &[FieldInfo],
    at: &str,
    out: &mut Vec<(String, String)>,
) {
    let Some(map) = value.as_object() else { return };
    for (key, v) in map {
        let place = if at.is_empty() {
            key.clone()
        } else {
            format!("{at}.{key}")
        };
        match (fields.iter().find(|f| f.wire == key).map(|f| f.kind), v) {
            (Some(FieldKind::Base64), serde_json::Value::String(text)) => {
                out.push((place, text.clone()))
            }
            (Some(FieldKind::Object(nested)), _) => documents(v, nested, &place, out),
            _ => {}
        }
    }
}

/// `--out FILE`: writes the reply's one document to `path`, created with owner-only
/// permissions; an existing file is refused unless `force` (and a symbolic link always). The
/// reply is printed already: a failure here only says why nothing was written.
pub fn save(
    path: &Path,
    force: bool,
    endpoint: &EndpointInfo,
    reply: &impl Serialize,
) -> Result<(), Fail> {
    let value = serde_json::to_value(reply).unwrap_or_default();
    let fields = endpoint.outcome(false).map_or(&[][..], |o| o.fields);
    let mut found = Vec::new();
    documents(&value, fields, "", &mut found);
    let shown = Escaped(&path.display().to_string()).to_string();
    let (place, text) = match found.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(usage(format!(
                "the result holds no document: nothing written to {shown}"
            )));
        }
        many => {
            let keys: Vec<&str> = many.iter().map(|(k, _)| k.as_str()).collect();
            return Err(usage(format!(
                "the result holds {} documents ({}): --out writes one; nothing written",
                many.len(),
                keys.join(", ")
            )));
        }
    };
    let Some(document) = Document::from_base64(&text) else {
        return Err(Fail::new(
            UNEXPECTED,
            format!("`{place}` is not Base64, so not a document: nothing written to {shown}"),
        ));
    };
    write_private(path, force, document.as_bytes())
        .map_err(|why| usage(format!("{shown}: {why}")))?;
    errln!(
        "wrote `{place}` ({}, {} bytes) to {shown}",
        document.kind(),
        document.len()
    );
    Ok(())
}

/// Writes `bytes` to a new file readable by its owner alone, or with `force` over an existing
/// regular file (its permissions narrowed too); never through a symbolic link.
fn write_private(path: &Path, force: bool, bytes: &[u8]) -> Result<(), String> {
    let existing = std::fs::symlink_metadata(path).ok();
    if existing
        .as_ref()
        .is_some_and(|m| m.file_type().is_symlink())
    {
        return Err("it is a symbolic link: not written through".to_owned());
    }
    if existing.is_some() && !force {
        return Err("it exists: give --force to replace it".to_owned());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let mut file = options
            .open(path)
            .map_err(|e| format!("cannot write it ({e})"))?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("cannot make it private ({e})"))?;
        file.write_all(bytes)
            .map_err(|e| format!("cannot write it ({e})"))
    }
    #[cfg(not(unix))]
    {
        let mut file = options
            .open(path)
            .map_err(|e| format!("cannot write it ({e})"))?;
        file.write_all(bytes)
            .map_err(|e| format!("cannot write it ({e})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_shows_the_kind_and_size_never_the_text() {
        let pdf = Document::new(b"%PDF-1.4\n%%EOF\n".to_vec()).to_base64();
        assert_eq!(summary(&pdf), "<document: PDF, 15 bytes>");
        assert_eq!(
            summary("not base64!"),
            "<not a document: 11 characters that are not Base64>"
        );
    }
}
