//! `--secrets-file`: `NAME=value` lines, as a shell or a `.env` file writes them.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::fail::{Fail, usage};
use crate::output::errln;

/// Reads `NAME=value` lines (an `export ` before the name is allowed; a value in single or
/// double quotes loses them); blank lines and `#` comments are skipped. Warns on stderr when
/// other users can read or change the file.
pub fn read(path: &Path) -> Result<HashMap<String, String>, Fail> {
    let cannot = |e: std::io::Error| {
        usage(format!(
            "cannot read the secrets file {}: {e}",
            path.display()
        ))
    };
    let mut file = File::open(path).map_err(cannot)?;
    #[cfg(unix)]
    warn_if_shared(path, &file);
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(cannot)?;
    Ok(parse(&text))
}

/// Warns when the group or others have any access to the file (checked on the open file, so
/// that it is the file read).
#[cfg(unix)]
fn warn_if_shared(path: &Path, file: &File) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(metadata) = file.metadata() else {
        return;
    };
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        errln!(
            "dqe: warning: other users can read or change the secrets file {} (mode {mode:03o}); \
             make it private: chmod 600 {}",
            path.display(),
            path.display()
        );
    }
}

fn parse(text: &str) -> HashMap<String, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.strip_prefix("export ").unwrap_or(l))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), unquote(v.trim()).to_owned()))
        .collect()
}

/// `'value'` and `"value"` lose their quotes (one pair, matching); anything else is kept.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_quote_styles_are_stripped() {
        let map = parse(
            "# comment\n\nA='single'\nexport B=\"double\"\nC=bare\nD='unmatched\nE=\"\"\nF='\n",
        );
        assert_eq!(map["A"], "single");
        assert_eq!(map["B"], "double");
        assert_eq!(map["C"], "bare");
        assert_eq!(map["D"], "'unmatched");
        assert_eq!(map["E"], "");
        assert_eq!(map["F"], "'");
    }
}
