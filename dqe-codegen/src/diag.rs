//! Source files and diagnostics: every problem found in a spec is reported with the file,
//! line and column, and the dotted key it concerns.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// One spec file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user (relative to where the macro was invoked).
    pub display: String,
    /// The absolute path, for `include_str!`.
    pub absolute: PathBuf,
    /// The file's text.
    pub text: String,
}

/// Where something is in the spec: a file (index into the spec's files) and a byte range.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loc {
    /// Index of the file in [`crate::model::Spec::files`].
    pub file: usize,
    /// Byte range in that file.
    pub span: Range<usize>,
}

/// A problem with a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as shown to the user, if the problem is in a file.
    pub file: Option<String>,
    /// 1-based line and column.
    pub line_col: Option<(usize, usize)>,
    /// The dotted key concerned (`endpoints.initiate.params[2].type`), if any.
    pub key: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line_col) {
            (Some(file), Some((l, c))) => write!(f, "{file}:{l}:{c}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            _ => {}
        }
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Collects diagnostics while a spec is read and checked.
#[derive(Debug, Default)]
pub struct Diagnostics {
    /// Each file's displayed name, text and line starts (byte offsets).
    files: Vec<(String, String, Vec<usize>)>,
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn set_files(&mut self, files: &[SourceFile]) {
        self.files = files
            .iter()
            .map(|f| {
                let starts = std::iter::once(0)
                    .chain(f.text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect();
                (f.display.clone(), f.text.clone(), starts)
            })
            .collect();
    }

    /// Reports a problem at a place in a file.
    pub fn at(&mut self, loc: &Loc, key: impl Into<String>, message: impl Into<String>) {
        let (file, line_col) = match self.files.get(loc.file) {
            Some((name, text, starts)) => {
                let line = starts.partition_point(|&s| s <= loc.span.start).max(1);
                let line_start = starts[line - 1];
                // In characters, as editors count columns (not bytes: `é` is one column).
                let col = text
                    .get(line_start..loc.span.start)
                    .map_or(loc.span.start - line_start, |before| before.chars().count())
                    + 1;
                (Some(name.clone()), Some((line, col)))
            }
            None => (None, None),
        };
        let key = key.into();
        self.list.push(Diagnostic {
            file,
            line_col,
            key: (!key.is_empty()).then_some(key),
            message: message.into(),
        });
    }

    /// Reports a problem that concerns a file as a whole, or no file.
    pub fn general(&mut self, file: Option<String>, message: impl Into<String>) {
        self.list.push(Diagnostic {
            file,
            line_col: None,
            key: None,
            message: message.into(),
        });
    }

    /// How many problems were reported so far.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The diagnostics, in the order found, without repeats.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = Vec::with_capacity(self.list.len());
        for d in self.list {
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }
}
