//! What reaches the terminal: results on stdout, messages on stderr, and text from the server
//! with its control characters escaped.
//!
//! A closed stdout (`dqe flow ... | head -1`: the reader went away) ends the command quietly,
//! with exit code 0, as when it ends by itself; stderr is written on a best-effort basis.

use std::fmt;
use std::io::Write;

use dqe_client::redact::Printable;
use serde::Serialize;

use crate::fail::{Fail, USAGE};

/// Writes one line of results to stdout: `outln!("flow: {}", ...)?`.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::line(format_args!($($arg)*))
    };
}

/// Writes one line of messages to stderr, ignoring a closed stderr: `errln!("...")`.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::message(format_args!($($arg)*))
    };
}

pub(crate) use {errln, outln};

/// Writes a line to stdout. A closed stdout ends the command quietly ([`Fail::quiet`]); any
/// other write failure is reported.
pub fn line(args: fmt::Arguments<'_>) -> Result<(), Fail> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{args}")
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Fail::quiet(),
            _ => Fail::new(USAGE, format!("cannot write the output: {e}")),
        })
}

/// Writes text the user asked for as it is (a page, to be saved): raw to a file or a pipe,
/// but to a terminal line by line with control characters escaped ([`Escaped`]). A closed
/// stdout ends the command quietly, as for [`line()`].
pub fn text(text: &str) -> Result<(), Fail> {
    use std::io::IsTerminal;
    let mut out = std::io::stdout().lock();
    if out.is_terminal() {
        drop(out);
        for l in text.lines() {
            line(format_args!("{}", Escaped(l)))?;
        }
        return Ok(());
    }
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Fail::quiet(),
            _ => Fail::new(USAGE, format!("cannot write the output: {e}")),
        })
}

/// Writes a line to stderr; a closed stderr is ignored (there is nowhere left to say so).
pub fn message(args: fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "{args}");
}

/// Writes text to stderr without a new line (the spinner), ignoring a closed stderr.
pub fn progress(args: fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.flush());
}

/// Whether a character must not reach a terminal raw. Asks [`Printable`] itself, so that the
/// command line escapes exactly what the library escapes.
fn needs_escape(c: char) -> bool {
    if c.is_ascii_graphic() || c == ' ' {
        return false;
    }
    let mut buf = [0; 4];
    let s: &str = c.encode_utf8(&mut buf);
    Printable(s).to_string() != s
}

/// Text the user asked for (an identity value, the consent URL, a token), shown whole, with
/// control characters escaped as [`Printable`] escapes them (`\u{1b}`), but never cut.
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        for c in self.0.chars() {
            if needs_escape(c) {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// `value` as JSON (pretty or on one line) with no raw control character but the new lines
/// of pretty printing: serde_json escapes C0 controls in strings; the others [`Printable`]
/// escapes (DEL, C1 controls such as CSI, bidirectional overrides) can only stand inside JSON
/// strings, where `\uXXXX` means the same character, so the JSON still decodes to the same
/// value.
pub fn json(value: &impl Serialize, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .unwrap_or_default();
    let escape = |c: char| c != '\n' && needs_escape(c);
    if !text.chars().any(escape) {
        return text;
    }
    let mut safe = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escape(c) {
            // Every character Printable escapes is in the Basic Multilingual Plane.
            let mut units = [0; 2];
            for unit in c.encode_utf16(&mut units) {
                safe.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            safe.push(c);
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_has_no_control_character_and_is_whole() {
        let long = "x".repeat(500);
        assert_eq!(Escaped(&long).to_string(), long);
        assert_eq!(
            Escaped("a\x1b[31mb\u{9b}c\u{202e}d").to_string(),
            "a\\u{1b}[31mb\\u{9b}c\\u{202e}d"
        );
    }

    #[test]
    fn json_keeps_its_meaning_without_control_characters() {
        let value = serde_json::json!({ "k": "a\x1b[31m\u{9b}2J\u{202e}é" });
        for pretty in [false, true] {
            let text = json(&value, pretty);
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
            assert!(!text.contains('\u{202e}'), "{text}");
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value);
        }
    }
}
