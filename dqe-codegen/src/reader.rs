//! A checked walk over a parsed TOML document: every key read is marked used, every key left
//! unread is reported as unknown, every wrong type or missing key is reported, and reading goes
//! on after a problem so that all of a file's problems are found in one pass.

use std::cell::{Cell, RefCell};
use std::ops::Range;

use toml::de::{DeString, DeTable, DeValue};

use crate::diag::{Diagnostics, Loc};
use crate::model::At;
use crate::names::{backticked, did_you_mean};

type Spanned<T> = toml::Spanned<T>;

/// One key of a table and its value, as the parser gives them.
type Entry<'a, 'i> = (&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>);

/// A table's entries in the order the file writes them (the spec's order is the generated
/// API's order). toml's map is sorted by key unless its `preserve_order` feature is on; the key
/// spans give the file's order whichever map it is, so that feature (indexmap and a second
/// hashbrown in every dependent's cold build) is not needed.
fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// Shared state of a walk: the diagnostics sink and the file being read.
pub(crate) struct Walk<'d> {
    pub(crate) diags: &'d RefCell<Diagnostics>,
    pub(crate) file: usize,
}

impl Walk<'_> {
    pub(crate) fn loc(&self, span: Range<usize>) -> Loc {
        Loc {
            file: self.file,
            span,
        }
    }

    pub(crate) fn error(&self, span: Range<usize>, key: &str, message: impl Into<String>) {
        self.diags
            .borrow_mut()
            .at(&self.loc(span), key, message.into());
    }
}

/// A table being read. Call [`Table::finish`] once every known key has been read.
pub(crate) struct Table<'a, 'i> {
    pub(crate) walk: &'a Walk<'a>,
    pub(crate) path: String,
    pub(crate) span: Range<usize>,
    entries: Vec<Entry<'a, 'i>>,
    used: Vec<Cell<bool>>,
    known: RefCell<Vec<&'static str>>,
}

/// What a value is, for messages: "a string", "an integer"...
fn kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'a, 'i> Table<'a, 'i> {
    pub(crate) fn new(
        walk: &'a Walk<'a>,
        path: String,
        span: Range<usize>,
        table: &'a DeTable<'i>,
    ) -> Self {
        Self {
            walk,
            path,
            span,
            used: (0..table.len()).map(|_| Cell::new(false)).collect(),
            entries: in_file_order(table),
            known: RefCell::new(Vec::new()),
        }
    }

    fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    pub(crate) fn loc(&self) -> Loc {
        self.walk.loc(self.span.clone())
    }

    /// Reports a problem with this table as a whole.
    pub(crate) fn error(&self, message: impl Into<String>) {
        self.walk.error(self.span.clone(), &self.path, message);
    }

    /// Reports a problem with one key of this table.
    pub(crate) fn error_at(&self, key: &str, span: Range<usize>, message: impl Into<String>) {
        self.walk.error(span, &self.key_path(key), message);
    }

    fn get(&self, key: &'static str) -> Option<(&'a Spanned<DeValue<'i>>, Range<usize>)> {
        self.known.borrow_mut().push(key);
        let (index, &(k, v)) = self
            .entries
            .iter()
            .enumerate()
            .find(|(_, (k, _))| k.get_ref() == key)?;
        self.used[index].set(true);
        Some((v, k.span()))
    }

    /// Whether the table has the key (marking it known).
    pub(crate) fn has(&self, key: &'static str) -> bool {
        self.get(key).is_some()
    }

    /// An optional string.
    pub(crate) fn str(&self, key: &'static str) -> Option<At<String>> {
        let (v, _) = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(At::new(s.to_string(), self.walk.loc(v.span()))),
            other => {
                self.error_at(
                    key,
                    v.span(),
                    format!("expected a string, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// A mandatory string; reports its absence.
    pub(crate) fn req_str(&self, key: &'static str, what: &str) -> Option<At<String>> {
        if !self.has(key) {
            self.error(format!("missing key `{key}`: {what}"));
            return None;
        }
        self.str(key)
    }

    /// A mandatory string, or an empty one at this table when it is missing (reported).
    pub(crate) fn req_at(&self, key: &'static str, what: &str) -> At<String> {
        self.req_str(key, what)
            .unwrap_or_else(|| At::new(String::new(), self.loc()))
    }

    /// A mandatory string's value, or an empty one when it is missing (reported).
    pub(crate) fn req_text(&self, key: &'static str, what: &str) -> String {
        self.req_str(key, what).map(|s| s.value).unwrap_or_default()
    }

    /// An optional string or integer, as text (an integer in decimal): for values a spec may
    /// write either way (`max_body = 1048576` or `"1 MiB"`).
    pub(crate) fn str_or_int(&self, key: &'static str) -> Option<At<String>> {
        let (v, _) = self.get(key)?;
        let text = match v.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Integer(i) => i.to_string(),
            other => {
                self.error_at(
                    key,
                    v.span(),
                    format!("expected a string or an integer, found {}", kind(other)),
                );
                return None;
            }
        };
        Some(At::new(text, self.walk.loc(v.span())))
    }

    /// An optional boolean with a default.
    pub(crate) fn bool(&self, key: &'static str, default: bool) -> bool {
        let Some((v, _)) = self.get(key) else {
            return default;
        };
        match v.get_ref() {
            DeValue::Boolean(b) => *b,
            other => {
                self.error_at(
                    key,
                    v.span(),
                    format!("expected `true` or `false`, found {}", kind(other)),
                );
                default
            }
        }
    }

    /// An optional array of strings.
    pub(crate) fn str_array(&self, key: &'static str) -> Option<Vec<At<String>>> {
        let (v, _) = self.get(key)?;
        let DeValue::Array(items) = v.get_ref() else {
            self.error_at(
                key,
                v.span(),
                format!("expected an array of strings, found {}", kind(v.get_ref())),
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(At::new(s.to_string(), self.walk.loc(item.span()))),
                other => self.error_at(
                    key,
                    item.span(),
                    format!("expected a string in this array, found {}", kind(other)),
                ),
            }
        }
        Some(out)
    }

    /// An optional sub-table.
    pub(crate) fn table(&self, key: &'static str) -> Option<Table<'a, 'i>> {
        let (v, kspan) = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Table::new(
                self.walk,
                self.key_path(key),
                span_or(v.span(), kspan),
                t,
            )),
            other => {
                self.error_at(
                    key,
                    v.span(),
                    format!("expected a table, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// An optional table whose keys are names chosen by the spec's author; each entry must be
    /// a table.
    pub(crate) fn named_tables(&self, key: &'static str) -> Vec<(At<String>, Table<'a, 'i>)> {
        let Some(t) = self.table(key) else {
            return Vec::new();
        };
        let out = t.entries_as_tables();
        t.finish();
        out
    }

    /// Every entry of this table, each of which must be a table; marks them all used.
    pub(crate) fn entries_as_tables(&self) -> Vec<(At<String>, Table<'a, 'i>)> {
        let mut out = Vec::new();
        for (index, &(k, v)) in self.entries.iter().enumerate() {
            self.used[index].set(true);
            let name = At::new(k.get_ref().to_string(), self.walk.loc(k.span()));
            match v.get_ref() {
                DeValue::Table(t) => out.push((
                    name,
                    Table::new(
                        self.walk,
                        self.key_path(k.get_ref()),
                        span_or(v.span(), k.span()),
                        t,
                    ),
                )),
                other => self.error_at(
                    k.get_ref(),
                    v.span(),
                    format!("expected a table, found {}", kind(other)),
                ),
            }
        }
        out
    }

    /// An optional table of strings keyed by names of the spec's author (`{ licence = "02" }`):
    /// each name, with its string if the value is one.
    pub(crate) fn named_values(&self, key: &'static str) -> Vec<(At<String>, Option<At<String>>)> {
        match self.table(key) {
            Some(t) => t.named_values_here(),
            None => Vec::new(),
        }
    }

    /// This table's own entries, as [`Table::named_values`] reads a sub-table's.
    pub(crate) fn named_values_here(&self) -> Vec<(At<String>, Option<At<String>>)> {
        let mut out = Vec::new();
        for (index, &(k, v)) in self.entries.iter().enumerate() {
            self.used[index].set(true);
            let name = At::new(k.get_ref().to_string(), self.walk.loc(k.span()));
            let value = match v.get_ref() {
                DeValue::String(s) => Some(At::new(s.to_string(), self.walk.loc(v.span()))),
                _ => None,
            };
            out.push((name, value));
        }
        out
    }

    /// An optional array of tables (`[[key]]`).
    pub(crate) fn array_of_tables(&self, key: &'static str) -> Vec<Table<'a, 'i>> {
        let Some((v, kspan)) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.error_at(
                key,
                v.span(),
                format!(
                    "expected an array of tables (`[[{}]]`), found {}",
                    self.key_path(key),
                    kind(v.get_ref())
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (n, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(t) => out.push(Table::new(
                    self.walk,
                    format!("{}[{n}]", self.key_path(key)),
                    span_or(item.span(), kspan.clone()),
                    t,
                )),
                other => self.error_at(
                    key,
                    item.span(),
                    format!("expected a table in this array, found {}", kind(other)),
                ),
            }
        }
        out
    }

    /// Reports every key of the table that was never read, with the keys it could have been.
    pub(crate) fn finish(&self) {
        let known = self.known.borrow();
        for (index, &(k, _)) in self.entries.iter().enumerate() {
            if self.used[index].get() {
                continue;
            }
            let mut expected: Vec<&str> = known.clone();
            expected.sort_unstable();
            expected.dedup();
            let list = backticked(expected.iter().copied(), ", ");
            let mut message = format!(
                "unknown key `{}`{}",
                k.get_ref(),
                did_you_mean(k.get_ref(), &expected)
            );
            if list.is_empty() {
                message.push_str("; this table takes no keys");
            } else {
                message.push_str(&format!("; expected one of {list}"));
            }
            self.walk
                .error(k.span(), &self.key_path(k.get_ref()), message);
        }
    }
}

/// Headers of implicit tables have empty spans; fall back to the key's span then.
fn span_or(span: Range<usize>, fallback: Range<usize>) -> Range<usize> {
    if span.is_empty() { fallback } else { span }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entries come in the file's order, not the map's (sorted by key without toml's
    /// `preserve_order`), tables reopened by a dotted header and inline tables included.
    #[test]
    fn entries_come_in_file_order() {
        let text = "zeta = 1\nalpha = 2\n[mid]\nz = 1\ny = 2\n[beta.inner]\n[mid.sub]\n[aaa]\nk = { q = 1, b = 2 }\n";
        let (root, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty());
        let names = |t: &DeTable<'_>| -> Vec<String> {
            in_file_order(t)
                .iter()
                .map(|(k, _)| k.get_ref().to_string())
                .collect()
        };
        let root = root.get_ref();
        assert_eq!(names(root), ["zeta", "alpha", "mid", "beta", "aaa"]);
        let table = |t: &'_ DeTable<'static>, key: &str| match t.get(key).map(|v| v.get_ref()) {
            Some(DeValue::Table(t)) => t.clone(),
            other => panic!("{key}: {other:?}"),
        };
        assert_eq!(names(&table(root, "mid")), ["z", "y", "sub"]);
        assert_eq!(names(&table(&table(root, "aaa"), "k")), ["q", "b"]);
    }
}
