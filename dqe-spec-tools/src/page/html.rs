//! HTML pages (a page saved from the browser, or an article's body from the Help Center API),
//! parsed by html5ever into a tree that keeps the line each node starts on (`page/dom.rs`),
//! then rendered into the lines the text reader reads.
//!
//! What is rendered, and how:
//!
//! - only the article: the first element of class `article-body` (Zendesk's themes put the
//!   article there), else the first `<article>`, else `<main>`, else `<body>`;
//! - a table is one `| a | b | c |` line per row (`<th>` or `<td>`: the first row is the
//!   header), on the line of its `<tr>`: a cell's text with its paragraphs and line breaks
//!   joined by spaces, as the text reader joins a row broken across lines, every row as wide
//!   as the header, and a `|` in a cell written `\|`;
//! - a `<pre>` keeps its lines (examples, URL templates), each on its own line;
//! - headings, paragraphs, list items and other blocks, and `<br>`, end a line; inline
//!   elements (`<code>`, `<strong>`, `<a>`...) are their text; white space is collapsed, a
//!   non-breaking space reads as a space; `<script>`, `<style>` and `<template>` are skipped.
//!
//! A page whose elements nest deeper than [`MAX_DEPTH`], or that holds more than
//! [`MAX_NODES`] nodes, is refused as soon as the parser passes the limit (html5ever's time
//! grows with the nesting). The tree is walked without recursion.

use html5ever::{LocalName, local_name};

use super::dom::{Kind, TooComplex, Tree};
pub use super::dom::{MAX_DEPTH, MAX_NODES};

/// A line of text the reader reads, and the line of the document it comes from (1-based).
pub(super) type Line = (String, usize);

/// The lines of the HTML document `html`.
///
/// # Errors
/// [`TooComplex`] past the parser's limits.
pub(super) fn lines(html: &str) -> Result<Vec<Line>, TooComplex> {
    let tree = super::dom::parse(html)?;
    let mut out = Lines::default();
    let root = tree.root();
    tree.render(root, &mut out);
    out.flush();
    Ok(out.lines)
}

/// The lines being made, and the one being filled.
#[derive(Default)]
struct Lines {
    lines: Vec<Line>,
    current: String,
    line: usize,
}

impl Lines {
    /// Adds text (white space collapsed) to the current line.
    fn text(&mut self, text: &str, line: usize) {
        if self.current.trim().is_empty() {
            let blank = &text[..text.len() - text.trim_start().len()];
            self.line = line.saturating_add(blank.matches('\n').count());
        }
        collapse_into(&mut self.current, text);
    }

    /// Ends the current line (kept when it holds any text).
    fn flush(&mut self) {
        let text = self.current.trim();
        if !text.is_empty() {
            self.lines.push((text.to_owned(), self.line));
        }
        self.current.clear();
    }

    fn push(&mut self, text: String, line: usize) {
        self.flush();
        self.lines.push((text, line));
    }
}

/// Appends `text` to `out`, each run of white space (a non-breaking space included) one space.
fn collapse_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii_whitespace() || c == '\u{a0}' {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Elements whose content is not the page's text.
fn skipped(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("head")
            | local_name!("script")
            | local_name!("style")
            | local_name!("template")
            | local_name!("noscript")
            | local_name!("title")
            | local_name!("iframe")
            | local_name!("object")
            | local_name!("svg")
    )
}

/// Elements that stand on lines of their own.
fn block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("div")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("li")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("blockquote")
            | local_name!("section")
            | local_name!("article")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("main")
            | local_name!("nav")
            | local_name!("aside")
            | local_name!("figure")
            | local_name!("figcaption")
            | local_name!("caption")
            | local_name!("hr")
            | local_name!("address")
            | local_name!("details")
            | local_name!("summary")
            | local_name!("form")
            | local_name!("fieldset")
            | local_name!("tr")
            | local_name!("body")
            | local_name!("html")
    )
}

/// A step of the walk: entering a node, or leaving a block.
enum Visit {
    Enter(usize),
    Leave,
}

impl Tree {
    /// The article: the first `.article-body`, `<article>`, `<main>` or `<body>`, else all.
    fn root(&self) -> usize {
        let all = self.descendants(0, |_| false);
        let first = |wanted: &dyn Fn(usize) -> bool| all.iter().copied().find(|&n| wanted(n));
        first(&|n| self.has_class(n, "article-body"))
            .or_else(|| first(&|n| self.name(n) == Some(&local_name!("article"))))
            .or_else(|| first(&|n| self.name(n) == Some(&local_name!("main"))))
            .or_else(|| first(&|n| self.name(n) == Some(&local_name!("body"))))
            .unwrap_or(0)
    }

    /// Renders the content of `root` into `out`.
    fn render(&self, root: usize, out: &mut Lines) {
        let mut stack: Vec<Visit> = self.children(root).map(Visit::Enter).collect();
        stack.reverse();
        while let Some(visit) = stack.pop() {
            let node = match visit {
                Visit::Leave => {
                    out.flush();
                    continue;
                }
                Visit::Enter(node) => node,
            };
            if let Kind::Text(text) = &self.nodes[node].kind {
                out.text(text, self.nodes[node].line);
                continue;
            }
            let Some(name) = self.name(node) else {
                continue;
            };
            match *name {
                _ if skipped(name) => {}
                local_name!("br") => out.flush(),
                local_name!("pre") => self.pre(node, out),
                local_name!("table") => self.table(node, out),
                _ => {
                    let is_block = block(name);
                    if is_block {
                        out.flush();
                        stack.push(Visit::Leave);
                    }
                    let at = stack.len();
                    stack.extend(self.children(node).map(Visit::Enter));
                    stack[at..].reverse();
                }
            }
        }
    }

    /// The text nodes under `node`, skipped elements left out.
    fn texts(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        self.descendants(node, |n| self.name(n).is_some_and(skipped))
            .into_iter()
            .filter(|&n| matches!(self.nodes[n].kind, Kind::Text(_)))
    }

    fn text_of(&self, node: usize) -> &str {
        match &self.nodes[node].kind {
            Kind::Text(text) => text,
            _ => "",
        }
    }

    /// A `<pre>`: its lines as they are (trailing white space aside), each on the line it is
    /// on in the document.
    fn pre(&self, node: usize, out: &mut Lines) {
        out.flush();
        let texts: Vec<usize> = self.texts(node).collect();
        let Some(&first) = texts.first() else {
            return;
        };
        let text: String = texts.iter().map(|&t| self.text_of(t)).collect();
        let start = self.nodes[first].line;
        for (i, line) in text.split('\n').enumerate() {
            let line = line.replace('\u{a0}', " ");
            if !line.trim().is_empty() {
                out.lines
                    .push((line.trim_end().to_owned(), start.saturating_add(i)));
            }
        }
    }

    /// A table: its caption, then one `| a | b |` line per row.
    fn table(&self, node: usize, out: &mut Lines) {
        out.flush();
        let in_table = |n: usize| self.name(n).is_some_and(|x| *x == local_name!("table"));
        let parts = self.descendants(node, |n| in_table(n) || self.is_cell(n));
        for caption in parts
            .iter()
            .filter(|&&n| self.name(n) == Some(&local_name!("caption")))
        {
            out.push(self.cell_text(*caption), self.nodes[*caption].line);
        }
        let mut width = None;
        for row in parts
            .iter()
            .filter(|&&n| self.name(n) == Some(&local_name!("tr")))
        {
            let mut cells: Vec<String> = self
                .children(*row)
                .filter(|&c| self.is_cell(c))
                .map(|c| self.cell_text(c).replace('|', "\\|"))
                .collect();
            if cells.is_empty() {
                continue;
            }
            let width = *width.get_or_insert(cells.len());
            if cells.len() < width {
                cells.resize(width, String::new());
            }
            let mut text = String::from("|");
            for cell in &cells {
                text.push(' ');
                text.push_str(cell);
                text.push_str(" |");
            }
            out.push(text, self.nodes[*row].line);
        }
    }

    fn is_cell(&self, node: usize) -> bool {
        matches!(
            self.name(node),
            Some(&local_name!("td") | &local_name!("th"))
        )
    }

    /// A cell's text on one line: its blocks and line breaks set apart by spaces.
    fn cell_text(&self, cell: usize) -> String {
        let mut text = String::new();
        let mut stack: Vec<Visit> = self.children(cell).map(Visit::Enter).collect();
        stack.reverse();
        while let Some(visit) = stack.pop() {
            let Visit::Enter(node) = visit else {
                collapse_into(&mut text, " ");
                continue;
            };
            if let Kind::Text(t) = &self.nodes[node].kind {
                collapse_into(&mut text, t);
                continue;
            }
            let Some(name) = self.name(node).filter(|n| !skipped(n)) else {
                continue;
            };
            if block(name) || *name == local_name!("br") {
                collapse_into(&mut text, " ");
                stack.push(Visit::Leave);
            }
            let at = stack.len();
            stack.extend(self.children(node).map(Visit::Enter));
            stack[at..].reverse();
        }
        text.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<(&'static str, usize)> {
        lines(html)
            .unwrap()
            .into_iter()
            .map(|(t, l)| (&*Box::leak(t.into_boxed_str()), l))
            .collect()
    }

    #[test]
    fn blocks_tables_and_pre_become_lines_with_their_document_lines() {
        let html = "<html><head><title>T</title><script>var a = '<p>no</p>';</script></head>\n<body>\n<nav>Menu</nav>\n<div class=\"x article-body\">\n<h2>Step 1 &mdash; Go</h2>\n<p>Some <strong>bold</strong>\n  text</p>\n<table>\n<thead><tr><th>Key</th><th>Description</th><th>Type</th></tr></thead>\n<tbody>\n<tr>\n<td>a|b</td>\n<td><p>One.</p>Two.</td>\n<td>STRING</td>\n</tr>\n<tr><td>short</td></tr>\n</tbody></table>\n<pre><code>{\n  \"a\": 1\n}</code></pre>\nafter<br>break&nbsp;here\n</div></body></html>";
        assert_eq!(
            texts(html),
            [
                ("Step 1 — Go", 5),
                ("Some bold text", 6),
                ("| Key | Description | Type |", 9),
                ("| a\\|b | One. Two. | STRING |", 11),
                ("| short |  |  |", 16),
                ("{", 18),
                ("  \"a\": 1", 19),
                ("}", 20),
                ("after", 21),
                ("break here", 21),
            ]
        );
    }

    #[test]
    fn without_an_article_the_body_is_read() {
        assert_eq!(
            texts("<p>a</p><ul><li>b</li><li>c</li></ul>"),
            [("a", 1), ("b", 1), ("c", 1)]
        );
        assert_eq!(texts(""), []);
    }

    #[test]
    fn deep_nesting_and_odd_markup_never_overflow_nor_panic() {
        let nested = |depth: usize| "<div>".repeat(depth) + "text" + &"</div>".repeat(10);
        // The document, <html> and <body> come first.
        assert_eq!(
            texts(&nested(super::super::dom::MAX_DEPTH - 3)),
            [("text", 1)]
        );
        let started = std::time::Instant::now();
        assert!(lines(&nested(1_000_000)).is_err());
        assert!(lines(&"<p>a</p>".repeat(super::super::dom::MAX_NODES)).is_err());
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        for odd in [
            "<table><td>a<table><tr><td>b</table></td></table>",
            "<template><p>x</p></template><p>y",
            "<svg><foreignObject><p>z</p></foreignObject></svg>",
            "<table>text<tr><td>c</td></tr></table>",
            "<pre>\n\n</pre><math><mi>x</mi></math>",
            "\0<<<>>>&&&#0;</p></table></tr>",
        ] {
            let _ = lines(odd);
        }
    }
}
