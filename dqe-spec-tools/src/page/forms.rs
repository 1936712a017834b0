//! The forms a help-centre page comes in, told apart by their content (never by a file's
//! name), each turned into the lines the one text reader reads ([`super::read`]), so that the
//! same page in any form is the same [`Page`].
//!
//! The forms:
//!
//! | form | told by | a "line" is |
//! |---|---|---|
//! | [`Form::HelpCenterJson`]: the Help Center API's answer, `{"article": {"body": "<p>..", "updated_at": ..}}` | the text starts with `{` | a line of the article's `body` (its HTML, decoded from JSON) |
//! | [`Form::Html`]: a page saved from the browser, or an article's body | the text starts with `<` | a line of the HTML document (a table row's is its `<tr>`'s) |
//! | [`Form::Pipes`]: tables as `\| a \| b \|` rows | a line starts and ends with `\|` | a line of the file |
//! | [`Form::Tabs`]: as a browser copies the page (select all, copy, paste): cells separated by tabs | a line holds two cells or more separated by tabs | a line of the file (a row's is the line its text starts on) |
//!
//! HTML is read by a real HTML parser ([`super::html`]); the copied text's tables by their
//! tabs ([`super::tabs`]). In the forms the reader does not read directly, a `|` within a
//! cell is written `\|`, which the table reader reads back as `|`.

use std::fmt;

use super::html::Line;
use super::{Page, Unreadable};

/// A form of a help-centre page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Form {
    /// Tables as `| a | b |` rows, a row's cells maybe broken across lines.
    #[default]
    Pipes,
    /// As a browser copies the page: tables' cells separated by tabs.
    Tabs,
    /// HTML: a page saved from the browser, or an article's body.
    Html,
    /// The answer of the Help Center API (Zendesk Guide) for one article.
    HelpCenterJson,
}

impl Form {
    /// Its stable id (`pipe-text`, `tab-text`, `html`, `help-center-json`).
    pub fn id(self) -> &'static str {
        match self {
            Form::Pipes => "pipe-text",
            Form::Tabs => "tab-text",
            Form::Html => "html",
            Form::HelpCenterJson => "help-center-json",
        }
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A page's text in the form the reader reads.
pub(super) struct Converted {
    /// The form it came in.
    pub form: Form,
    /// When the page was last updated, when its form says (the Help Center API's).
    pub updated_at: Option<String>,
    /// The lines to read.
    pub lines: Vec<String>,
    /// Each line's line in the page as given, when they differ.
    map: Option<Vec<usize>>,
}

impl Converted {
    fn direct(form: Form, text: &str) -> Self {
        Converted {
            form,
            updated_at: None,
            lines: text.lines().map(str::to_owned).collect(),
            map: None,
        }
    }

    fn mapped(form: Form, updated_at: Option<String>, lines: Vec<Line>) -> Self {
        let (lines, map) = lines.into_iter().unzip();
        Converted {
            form,
            updated_at,
            lines,
            map: Some(map),
        }
    }

    /// Sets every line of `page` (read from [`Converted::lines`]) to its line in the page as
    /// given.
    pub fn relocate(&self, page: &mut Page) {
        let Some(map) = &self.map else {
            return;
        };
        let at = |line: &mut usize| {
            if let Some(&l) = line.checked_sub(1).and_then(|i| map.get(i)) {
                *line = l;
            }
        };
        // Every line a Page holds: a field added to the model is added here.
        for step in &mut page.steps {
            at(&mut step.line);
            if let Some(line) = &mut step.errors_line {
                at(line);
            }
            for request in &mut step.requests {
                at(&mut request.line);
                if let Some(url) = &mut request.url {
                    at(&mut url.line);
                }
                request.params.iter_mut().for_each(|p| at(&mut p.line));
            }
            for outcome in step.success.iter_mut().chain(step.pending.iter_mut()) {
                at(&mut outcome.line);
                outcome.keys.iter_mut().for_each(|k| at(&mut k.line));
                for nested in &mut outcome.nested {
                    at(&mut nested.line);
                    nested.keys.iter_mut().for_each(|k| at(&mut k.line));
                }
                outcome.examples.iter_mut().for_each(|e| at(&mut e.line));
            }
            step.errors.iter_mut().for_each(|e| at(&mut e.line));
            step.error_examples.iter_mut().for_each(|e| at(&mut e.line));
        }
    }
}

/// The form of a page's text (already checked to be UTF-8 text, not empty).
pub fn form(text: &str) -> Form {
    let start = text.trim_start();
    if start.starts_with("{") {
        Form::HelpCenterJson
    } else if start.starts_with('<') {
        Form::Html
    } else if text.lines().any(is_pipe_row) {
        Form::Pipes
    } else if text.lines().any(super::tabs::is_header) {
        Form::Tabs
    } else {
        // No table at all: the reader says what it misses.
        Form::Pipes
    }
}

/// Whether a line is a `| a | b |` row.
fn is_pipe_row(line: &str) -> bool {
    let t = line.trim();
    t.len() > 1 && t.starts_with('|') && t.ends_with('|')
}

/// The lines of `text` to read, whatever its form.
///
/// # Errors
/// [`Unreadable::NotAnArticle`]: JSON, but not the Help Center API's answer for an article;
/// [`Unreadable::TooComplex`]: HTML past the parser's limits.
pub(super) fn convert(text: &str) -> Result<Converted, Unreadable> {
    Ok(match form(text) {
        Form::Pipes => Converted::direct(Form::Pipes, text),
        Form::Tabs => Converted::mapped(Form::Tabs, None, super::tabs::lines(text)),
        Form::Html => Converted::mapped(Form::Html, None, html(text)?),
        Form::HelpCenterJson => {
            let (body, updated_at) = article(text).ok_or(Unreadable::NotAnArticle)?;
            Converted::mapped(Form::HelpCenterJson, updated_at, html(&body)?)
        }
    })
}

fn html(text: &str) -> Result<Vec<Line>, Unreadable> {
    super::html::lines(text).map_err(|_| Unreadable::TooComplex)
}

/// What the page is about: its first sentence before the first step (a whole page copied
/// from the browser starts with the site's navigation), else its first line there.
pub(super) fn intro(lines: &[&str]) -> String {
    let before: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .take_while(|l| super::step_heading(l).is_none() && super::request_heading(l).is_none())
        .filter(|l| !l.is_empty() && !l.starts_with('|'))
        .collect();
    let sentence = before.iter().find(|l| l.ends_with('.'));
    sentence
        .or(before.first())
        .copied()
        .unwrap_or_default()
        .to_owned()
}

/// The body and `updated_at` of the Help Center API's answer for an article.
fn article(text: &str) -> Option<(String, Option<String>)> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let article = value.get_mut("article")?;
    let updated_at = article
        .get("updated_at")
        .and_then(|u| u.as_str())
        .map(str::to_owned);
    match article.get_mut("body")?.take() {
        serde_json::Value::String(body) => Some((body, updated_at)),
        _ => None,
    }
}

/// When the page `bytes` was last updated, when its form says (the Help Center API's
/// `updated_at`), without reading the rest.
pub fn updated_at(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if form(text) != Form::HelpCenterJson {
        return None;
    }
    article(text)?.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_told_apart_by_content() {
        assert_eq!(form("  {\"article\": {}}"), Form::HelpCenterJson);
        assert_eq!(form("\n<!DOCTYPE html><p>x"), Form::Html);
        assert_eq!(form("Step 1\n| a | b |\n\t{"), Form::Pipes);
        assert_eq!(form("Step 1\na\tb\n"), Form::Tabs);
        assert_eq!(form("Hello"), Form::Pipes);
    }

    #[test]
    fn what_is_json_but_not_an_article_says_so() {
        for text in [
            "{",
            "{}",
            "{\"article\": []}",
            "{\"article\": {\"body\": 3}}",
            "{\"articles\": [{\"body\": \"<p>x</p>\"}]}",
        ] {
            assert!(
                matches!(convert(text), Err(Unreadable::NotAnArticle)),
                "{text}"
            );
        }
        let ok = convert("{\"article\": {\"body\": \"<p>a</p>\\n<p>b</p>\", \"updated_at\": \"2026-01-02T03:04:05Z\"}}").ok().unwrap();
        assert_eq!(ok.lines, ["a", "b"]);
        assert_eq!(ok.updated_at.as_deref(), Some("2026-01-02T03:04:05Z"));
        assert_eq!(
            updated_at(b"{\"article\": {\"body\": \"\", \"updated_at\": \"x\"}}"),
            Some("x".to_owned())
        );
        assert_eq!(updated_at(b"| a |"), None);
    }
}
