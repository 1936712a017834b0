//! Redaction: values the spec marks sensitive (identity data, phone numbers, tokens) print as
//! `<redacted>` in `Debug`.
//!
//! A caller who really wants them printed (a test snapshot, a debugging session on their own data)
//! asks for it with [`reveal_sensitive`]; credentials stay hidden even then.

use std::cell::Cell;
use std::fmt;

/// What a sensitive value prints as in `Debug`.
pub const REDACTED: &str = "<redacted>";

thread_local! {
    static REVEAL: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with sensitive reply and request values shown in `Debug` on this thread.
///
/// Credentials are never shown.
pub fn reveal_sensitive<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            REVEAL.with(|r| r.set(self.0));
        }
    }
    let _restore = Restore(REVEAL.with(|r| r.replace(true)));
    f()
}

/// Whether [`reveal_sensitive`] is in force on this thread.
pub(crate) fn revealed() -> bool {
    REVEAL.with(Cell::get)
}

/// Prints as `<redacted>`.
#[derive(Clone, Copy)]
pub struct RedactedMark;

/// Prints as `<redacted>`.
pub const REDACTED_MARK: RedactedMark = RedactedMark;

impl fmt::Debug for RedactedMark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// `Debug` of an optional field: `None`, `Some(<redacted>)` when sensitive, else the value.
pub struct Redacted<'a, T> {
    value: &'a Option<T>,
    sensitive: bool,
}

impl<'a, T> Redacted<'a, T> {
    /// Wraps a field.
    pub fn new(value: &'a Option<T>, sensitive: bool) -> Self {
        Self { value, sensitive }
    }
}

impl<T: fmt::Debug> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            None => f.write_str("None"),
            Some(_) if self.sensitive && !revealed() => {
                f.debug_tuple("Some").field(&REDACTED_MARK).finish()
            }
            Some(v) => f.debug_tuple("Some").field(v).finish(),
        }
    }
}

/// `Debug` of a mandatory field: `<redacted>` when sensitive, else the value.
pub struct RedactedValue<'a, T> {
    value: &'a T,
    sensitive: bool,
}

impl<'a, T> RedactedValue<'a, T> {
    /// Wraps a field.
    pub fn new(value: &'a T, sensitive: bool) -> Self {
        Self { value, sensitive }
    }
}

impl<T: fmt::Debug> fmt::Debug for RedactedValue<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sensitive && !revealed() {
            f.write_str(REDACTED)
        } else {
            self.value.fmt(f)
        }
    }
}

/// How many characters of server text [`Printable`] shows at most.
pub const PRINTABLE_MAX_CHARS: usize = 200;

/// Server text made safe to print on a terminal or in a log line: control characters
/// (escape sequences, new lines, bidirectional overrides...) are written as `\u{..}` escapes,
/// and text past [`PRINTABLE_MAX_CHARS`] characters is cut with `…`.
///
/// ```
/// use dqe_client::redact::Printable;
/// assert_eq!(Printable("bad\x1b[31m").to_string(), "bad\\u{1b}[31m");
/// ```
#[derive(Clone, Copy)]
pub struct Printable<'a>(pub &'a str);

impl fmt::Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        for (i, c) in self.0.chars().enumerate() {
            if i == PRINTABLE_MAX_CHARS {
                return f.write_char('…');
            }
            if needs_escape(c) {
                write!(f, "\\u{{{:x}}}", c as u32)?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// Control characters, and the format characters that reorder or hide text on a terminal.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}
