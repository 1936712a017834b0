//! The draft's errors. An endpoint's error table is the API file's, every scope's; where the
//! page lists fewer, or words one otherwise, the scope's `[extend.E.errors]` says so (what
//! `dqe spec drift` reads instead of reporting it). An error the API file does not have is
//! the API file's to add: the draft says so, with the entry to add. The TOML writers here
//! serve drift's "where to act" too.

use std::fmt::Write as _;

use super::{Draft, camel, quoted, snake};
use crate::drift::surface::{ErrorSurface, StepSurface};
use dqe_codegen::model::{Endpoint, ErrorEntry, Piece};

impl Draft<'_> {
    /// The step's errors against the API file's table of `e`: its `[extend.E.errors]` (the
    /// ids the page does not list, the texts it words otherwise), and notes on what the
    /// scope's file cannot say.
    pub(super) fn errors(&mut self, step: &StepSurface, e: &Endpoint) {
        if step.errors.is_empty() {
            return;
        }
        let id = dqe_codegen::canonical_error_id;
        let (mut without, mut texts) = (Vec::new(), Vec::new());
        for x in &step.errors {
            let Some(y) = e.errors.iter().find(|y| id(&y.id.value) == id(&x.id)) else {
                let entry = api_error_toml(&e.key.value, x);
                let _ = writeln!(
                    self.out,
                    "\n# [inf] The page lists error {} (`{}`) for step {}, which the API file's `{}` does not have:\n# an error is the endpoint's, every scope's; add it there if DQE confirms it:\n{}",
                    x.id,
                    x.written,
                    step.number,
                    e.key.value,
                    commented(&entry)
                );
                continue;
            };
            if spec_text(&y.template) == x.text {
                continue;
            }
            match own_text(y, &x.text) {
                Some(text) => texts.push((y.id.value.clone(), text)),
                None => {
                    let _ = writeln!(
                        self.out,
                        "\n# [inf] The page words error {} (`{}`) with more varying parts than the API file's\n# `{}`: a scope's text cannot add one; check with DQE.",
                        x.id, x.written, y.text.value
                    );
                }
            }
        }
        for y in &e.errors {
            if step.errors.iter().any(|x| id(&x.id) == id(&y.id.value)) {
                continue;
            }
            if sandbox_answers(e, y) {
                let _ = writeln!(
                    self.out,
                    "\n# [inf] The page does not list error {} of the API file's `{}`, which the sandbox answers\n# (`[endpoints.{}.sandbox]`), so every scope keeps it: check with DQE.",
                    y.id.value, e.key.value, e.key.value
                );
            } else {
                without.push(y.id.value.clone());
            }
        }
        if without.is_empty() && texts.is_empty() {
            return;
        }
        let _ = writeln!(
            self.out,
            "\n# [inf] The page of this scope documents step {}'s errors otherwise than the API file's\n# table (every scope's): those it does not list, and its own words.\n{}",
            step.number,
            scope_errors_toml(&e.key.value, &without, &texts).trim_end()
        );
    }
}

/// Whether the sandbox answers the error `y` of `e` in a situation (a scope cannot do without
/// it).
pub(crate) fn sandbox_answers(e: &Endpoint, y: &ErrorEntry) -> bool {
    let id = dqe_codegen::canonical_error_id;
    e.sandbox
        .iter()
        .any(|(_, x)| id(&x.value) == id(&y.id.value))
}

/// A template's text with its placeholders as `{}`, as drift compares texts.
fn spec_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => s.as_str(),
            Piece::Hole(_) => "{}",
        })
        .collect()
}

/// A page's text of the error `y` (its varying parts as `{}`) as a scope's own text of it:
/// each varying part named after `y`'s placeholders, in order. `None` when the page has more
/// varying parts than `y`, or the text does not read as a template.
pub(crate) fn own_text(y: &ErrorEntry, page: &str) -> Option<String> {
    let mut holes = dqe_spec_types::template::holes(&y.template);
    let mut out = String::new();
    let mut parts = page.split("{}");
    out.push_str(parts.next().unwrap_or_default());
    for part in parts {
        let _ = write!(out, "{{{}}}", holes.next()?);
        out.push_str(part);
    }
    dqe_codegen::support::parse_template(&out).ok()?;
    Some(out)
}

/// The TOML of a scope's `[extend.E.errors]`: the ids it does without, and its own texts by id.
pub(crate) fn scope_errors_toml(
    endpoint: &str,
    without: &[String],
    texts: &[(String, String)],
) -> String {
    let mut out = String::new();
    if !without.is_empty() {
        let list: Vec<String> = without.iter().map(|w| quoted(w)).collect();
        let _ = writeln!(
            out,
            "[extend.{endpoint}.errors]\nwithout = [{}]",
            list.join(", ")
        );
    }
    if !texts.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "[extend.{endpoint}.errors.texts]");
        for (id, text) in texts {
            let _ = writeln!(out, "{} = {}", table_key(id), quoted(text));
        }
    }
    out
}

/// An id as a TOML key: bare when it is digits (`13`), quoted otherwise.
fn table_key(id: &str) -> String {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        id.to_owned()
    } else {
        quoted(id)
    }
}

/// The TOML of an error of the API file's table (`[[endpoints.E.errors]]`), from a page's row:
/// its variant named from its text, its `[Placeholders]` as `{names}`.
pub(crate) fn api_error_toml(endpoint: &str, x: &ErrorSurface) -> String {
    let mut text = String::new();
    let mut rest = x.written.as_str();
    while let Some((before, after)) = rest.split_once('[') {
        let Some((name, after)) = after.split_once(']') else {
            break;
        };
        let _ = write!(text, "{before}{{{}}}", snake(name));
        rest = after;
    }
    text.push_str(rest);
    let words: String = x.written.split(['[', ']']).step_by(2).collect();
    let description = if x.description.trim().is_empty() {
        format!("Error {} (the page does not describe it).", x.id)
    } else {
        x.description.trim().to_owned()
    };
    format!(
        "[[endpoints.{endpoint}.errors]]\nid = {}\nvariant = {}\ntype = {}\n# [inf] What it means to the customer: `failed` unless said (`outcome`).\ndescription = {}\n",
        quoted(&x.id),
        quoted(&camel(&words)),
        quoted(&text),
        quoted(&description)
    )
}

/// TOML text as comments.
fn commented(toml: &str) -> String {
    toml.lines()
        .map(|l| format!("# {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
