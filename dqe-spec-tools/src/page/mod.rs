//! Help-centre pages, read as a browser copies their text: steps (`Step 1 — ...`), each with its
//! GET and POST requests (a URL template, then a parameter table), its reply parts (`Response`,
//! `Success`, `Pending`, `Error`) with their key tables, nested "Keys within the X object" tables
//! and `Example:` JSON bodies spanning lines, and its error table.
//!
//! Rows whose cells break across lines are joined ([`table`]); a row with no key name (a page's own
//! mistake) is kept, nameless.
//!
//! Its other forms (copied with tabs, HTML, the Help Center API's JSON) become these lines
//! first ([`forms`]).
//!
//! This module only reads a page; [`crate::drift::surface`] turns it into what can be compared with a
//! spec, and [`crate::drift`] compares.

mod dom;
pub mod forms;
pub mod html;
mod rows;
pub mod sources;
pub mod table;
pub mod tabs;

use std::fmt;

use dqe_codegen::model::Method;
pub use forms::{Form, updated_at};
pub use rows::looks_like_type;
use rows::{error_row, key, param};
use table::Table;

/// The largest page read, in bytes.
pub const MAX_PAGE_SIZE: usize = 4 << 20;

/// A page, as read.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The file, as shown in messages.
    pub file: String,
    /// Its first line of text before the first step: what the page is about.
    pub intro: String,
    /// Its steps, in order.
    pub steps: Vec<Step>,
    /// The form it came in.
    pub form: Form,
    /// When it was last updated, when its form says (the Help Center API's `updated_at`).
    pub updated_at: Option<String>,
}

/// A step of a page (`Step 1 — Initiate consent request`).
#[derive(Debug, Clone, Default)]
pub struct Step {
    /// The step's number, as its heading gives it (`Step 1`).
    pub number: u32,
    /// Its title, after the number (empty for a step 1 without a heading).
    pub title: String,
    /// The line of its heading (of its first request or reply heading, for a step 1 without
    /// a heading).
    pub line: usize,
    /// Its requests, one per method.
    pub requests: Vec<Request>,
    /// Its success part.
    pub success: Option<Outcome>,
    /// Its pending part.
    pub pending: Option<Outcome>,
    /// Its error table's rows.
    pub errors: Vec<ErrorRow>,
    /// The line of its error table, if it has one.
    pub errors_line: Option<usize>,
    /// The examples of its error part.
    pub error_examples: Vec<Example>,
}

/// A request of a step: its method, URL template and parameter table.
#[derive(Debug, Clone)]
pub struct Request {
    /// GET or POST.
    pub method: Method,
    /// The line of its heading (`GET request`).
    pub line: usize,
    /// Its URL template.
    pub url: Option<UrlTemplate>,
    /// Its parameter table's rows.
    pub params: Vec<Param>,
}

/// A URL template: `https://{SERVER_ADDRESS}/PATH/?a={A}&scope=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlTemplate {
    /// The placeholder names in the host part (`SERVER_ADDRESS`): not parameters.
    pub host_placeholders: Vec<String>,
    /// The path, with its slashes.
    pub path: String,
    /// The query's pairs, values as written (`{NUM}` placeholders, or fixed values).
    pub query: Vec<(String, String)>,
    /// The template's line, for messages.
    pub line: usize,
}

/// A row of a parameter table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The parameter's name.
    pub name: String,
    /// The parameter's description, where a fixed value (`Must be X`) is read from.
    pub description: String,
    /// `Some(true)` for "Mandatory", `Some(false)` for "Optional", `None` for anything else.
    pub mandatory: Option<bool>,
    /// The parameter row's line, for messages.
    pub line: usize,
}

/// A reply part (`Success`, `Pending`): its key table, nested tables and examples.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// The line of its heading.
    pub line: usize,
    /// The keys of the part's key table, compared with the spec's.
    pub keys: Vec<Key>,
    /// Its "Keys within the X object" tables.
    pub nested: Vec<Nested>,
    /// The part's `Example:` bodies, read as the spec's types read replies.
    pub examples: Vec<Example>,
}

/// A "Keys within the X object" table.
#[derive(Debug, Clone)]
pub struct Nested {
    /// The key of the object (`X`).
    pub parent: String,
    /// The keys of the object's table, compared with the spec's object.
    pub keys: Vec<Key>,
    /// The line of its title.
    pub line: usize,
}

/// A row of a key table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key; `None` for a row without one (`| Complete email address. | STRING | |`).
    pub name: Option<String>,
    /// The key's description, where an object's keys may be listed inline.
    pub description: String,
    /// Its type, as written (`STRING(10)`, `DATE`, `JSON OBJECT`).
    pub ty: String,
    /// Keys listed in its description (`Keys: country, postal_code.`), for an object.
    pub inline_keys: Vec<String>,
    /// The key row's line, for messages.
    pub line: usize,
}

/// A row of an error table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRow {
    /// The id, as written (`01`).
    pub id: String,
    /// The error type (the text a reply carries), with its `[Placeholders]`.
    pub text: String,
    /// The error's description, for a person reading the page.
    pub description: String,
    /// The error row's line, for messages.
    pub line: usize,
}

/// An `Example:` body of a reply part, as written on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The JSON text, as written.
    pub body: String,
    /// The line where it starts.
    pub line: usize,
}

/// Why a file cannot be read as a help-centre page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// It holds nothing but white space.
    Empty,
    /// It holds NUL bytes: not text.
    Binary,
    /// It is not UTF-8.
    NotUtf8,
    /// It is larger than [`MAX_PAGE_SIZE`].
    TooLarge,
    /// No `Step N` heading, and no request with an answer to read as step 1.
    NoStep,
    /// Steps, but not one table.
    NoTable,
    /// JSON, but not the Help Center API's answer for an article.
    NotAnArticle,
    /// HTML nested too deeply, or of too many nodes, to be read in reasonable time.
    TooComplex,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unreadable::Empty => "the file is empty",
            Unreadable::Binary => "the file is binary (it holds NUL bytes), not a page's text",
            Unreadable::NotUtf8 => "the file is not UTF-8 text",
            Unreadable::TooLarge => "the file is larger than 4 MiB",
            Unreadable::NoStep => {
                "no step found (a `Step 1 — ...` heading, or a request with its answer)"
            }
            Unreadable::NoTable => "no table found (`| Parameter | ... |` rows, tabs or HTML)",
            Unreadable::TooComplex => "the HTML nests over 256 deep or holds over 200,000 nodes",
            Unreadable::NotAnArticle => "JSON, but not a Help Center article (`article.body`)",
        })
    }
}

/// Reads a page's bytes, in any of its forms ([`forms`]).
///
/// `file` is how it is named in messages; a line is one of the page as given (what a line is in
/// each form: [`forms`]).
///
/// # Errors
/// Why the bytes are not a page: empty, binary, not UTF-8, too large, JSON but not an
/// article, no step or no table.
pub fn read(bytes: &[u8], file: &str) -> Result<Page, Unreadable> {
    read_with_lines(bytes, file).map(|(page, _)| page)
}

/// The page `bytes` as the pipe text the reader reads, whatever its form: the lines it reads
/// (tables as `| a | b |` rows, a `|` within a cell written `\|`), each ending with a new
/// line.
///
/// It is what a stored page is written as (`dqe spec page --text`): read again, it gives
/// the same page, but for its lines (the text's own), its form ([`Form::Pipes`]) and its
/// `updated_at` (which only the Help Center API's answer gives).
///
/// # Errors
/// As [`read`]'s: the bytes are not a page.
pub fn as_text(bytes: &[u8]) -> Result<String, Unreadable> {
    let (_, lines) = read_with_lines(bytes, "")?;
    Ok(lines.iter().map(|l| format!("{l}\n")).collect())
}

/// The page `bytes` and the lines read from it ([`as_text`]'s).
fn read_with_lines(bytes: &[u8], file: &str) -> Result<(Page, Vec<String>), Unreadable> {
    if bytes.len() > MAX_PAGE_SIZE {
        return Err(Unreadable::TooLarge);
    }
    if bytes.contains(&0) {
        return Err(Unreadable::Binary);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Unreadable::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Unreadable::Empty);
    }
    let converted = forms::convert(text)?;
    let lines: Vec<&str> = converted.lines.iter().map(String::as_str).collect();
    let mut reader = Reader::default();
    let mut i = 0;
    while i < lines.len() {
        i = reader.line(&lines, i);
    }
    let intro = forms::intro(&lines);
    let mut page = Page {
        file: file.to_owned(),
        intro,
        steps: reader.finish(),
        form: converted.form,
        updated_at: converted.updated_at.clone(),
    };
    converted.relocate(&mut page);
    if page.steps.is_empty() {
        return Err(Unreadable::NoStep);
    }
    if !reader_found_table(&page) {
        return Err(Unreadable::NoTable);
    }
    Ok((page, converted.lines))
}

/// Whether any step has a table's rows.
fn reader_found_table(page: &Page) -> bool {
    page.steps.iter().any(|s| {
        s.errors_line.is_some()
            || s.requests.iter().any(|r| !r.params.is_empty())
            || s.success
                .iter()
                .chain(&s.pending)
                .any(|o| !o.keys.is_empty())
    })
}

/// Which part of a step the lines are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Part {
    #[default]
    None,
    Request,
    Success,
    Pending,
    Error,
}

/// The page being read, line by line.
///
/// A page of a one-step scope (DQE's Simswap and Matching without OTP pages) documents one
/// request and its answer with no `Step 1` heading: the first request or reply heading met
/// before any step opens step 1, which is kept only if it has a request (a URL or a parameter
/// table) and an answer (a reply part or an error table). A page with neither is no page.
#[derive(Default)]
struct Reader {
    steps: Vec<Step>,
    part: Part,
    /// The object of the next key table, from a "Keys within the X object" line.
    nested: Option<(String, usize)>,
    /// Whether step 1 was opened without a heading.
    unheaded: bool,
}

impl Reader {
    /// Reads the line at `i` (and the lines it owns: a table, an example); gives the next.
    fn line(&mut self, lines: &[&str], i: usize) -> usize {
        let t = lines[i].trim();
        let line = i + 1;
        if t.starts_with('|') {
            let (table, next) = table::read(lines, i);
            self.table(table);
            return next;
        }
        if let Some((number, title)) = step_heading(t) {
            self.steps.push(Step {
                number,
                title,
                line,
                ..Step::default()
            });
            self.part = Part::None;
        } else if let Some(method) = request_heading(t) {
            self.part = Part::Request;
            self.open_unheaded(line);
            if let Some(step) = self.steps.last_mut() {
                step.requests.push(Request {
                    method,
                    line,
                    url: None,
                    params: Vec::new(),
                });
            }
        } else if let Some(part) = part_heading(t) {
            self.part = part;
            self.nested = None;
            self.open_unheaded(line);
            if let Some(outcome) = self.outcome_mut() {
                outcome.line = line;
            }
        } else if let Some(parent) = nested_heading(t) {
            self.nested = Some((parent, line));
        } else if t.starts_with("Example") && t.ends_with(':') {
            return self.example(lines, i + 1);
        } else if self.part == Part::Request && t.contains("://") {
            let request = self.steps.last_mut().and_then(|s| s.requests.last_mut());
            if let Some(r) = request.filter(|r| r.url.is_none()) {
                r.url = Some(url_template(t, line));
            }
        }
        i + 1
    }

    /// The outcome the lines are in, created when first needed.
    fn outcome_mut(&mut self) -> Option<&mut Outcome> {
        let step = self.steps.last_mut()?;
        match self.part {
            Part::Success => Some(step.success.get_or_insert_with(Outcome::default)),
            Part::Pending => Some(step.pending.get_or_insert_with(Outcome::default)),
            _ => None,
        }
    }

    /// Files a table where it belongs, by its header.
    fn table(&mut self, table: Table) {
        let first = table.header.first().map(|h| h.to_ascii_lowercase());
        match first.as_deref() {
            Some("parameter") => {
                let request = self.steps.last_mut().and_then(|s| s.requests.last_mut());
                if let Some(r) = request {
                    r.params.extend(table.rows.iter().map(param));
                }
            }
            Some("key") => {
                let keys: Vec<Key> = table.rows.iter().map(key).collect();
                let nested = self.nested.take();
                if let Some(outcome) = self.outcome_mut() {
                    match nested {
                        Some((parent, line)) => outcome.nested.push(Nested { parent, keys, line }),
                        None => outcome.keys.extend(keys),
                    }
                }
            }
            Some(h) if h.starts_with("error id") => {
                if let Some(step) = self.steps.last_mut() {
                    step.errors_line.get_or_insert(table.line);
                    step.errors.extend(table.rows.iter().map(error_row));
                }
            }
            _ => {}
        }
    }

    /// Reads the JSON body starting at line `i` (blank lines skipped) to its closing brace;
    /// files it with the part it is in. Gives the line after it.
    fn example(&mut self, lines: &[&str], mut i: usize) -> usize {
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        if i >= lines.len() || !lines[i].trim_start().starts_with(['{', '[']) {
            return i;
        }
        let start = i;
        let mut depth = Depth::default();
        let mut body = String::new();
        while i < lines.len() {
            body.push_str(lines[i]);
            body.push('\n');
            depth.feed(lines[i]);
            i += 1;
            if depth.closed() {
                break;
            }
        }
        let example = Example {
            body,
            line: start + 1,
        };
        if self.part == Part::Error {
            if let Some(step) = self.steps.last_mut() {
                step.error_examples.push(example);
            }
        } else if let Some(outcome) = self.outcome_mut() {
            outcome.examples.push(example);
        }
        i
    }

    /// Opens step 1, without a heading, at `line` when no step is open: what a one-step
    /// scope's page starts with.
    fn open_unheaded(&mut self, line: usize) {
        if self.steps.is_empty() {
            self.unheaded = true;
            self.steps.push(Step {
                number: 1,
                line,
                ..Step::default()
            });
        }
    }

    /// The steps read; a step 1 opened without a heading only if it has a request and an
    /// answer.
    fn finish(&mut self) -> Vec<Step> {
        let mut steps = std::mem::take(&mut self.steps);
        if self.unheaded && steps.first().is_some_and(|s| !s.has_request_and_answer()) {
            steps.remove(0);
        }
        steps
    }
}

impl Step {
    /// Whether it documents a request (a URL or a parameter table) and an answer (a reply
    /// part or an error table).
    fn has_request_and_answer(&self) -> bool {
        let request = self
            .requests
            .iter()
            .any(|r| r.url.is_some() || !r.params.is_empty());
        let answer = self.success.is_some() || self.pending.is_some() || self.errors_line.is_some();
        request && answer
    }
}

/// How deep in braces and brackets a JSON text is, outside strings.
#[derive(Default)]
struct Depth {
    depth: i64,
    opened: bool,
    in_string: bool,
    escaped: bool,
}

impl Depth {
    fn feed(&mut self, text: &str) {
        for c in text.chars() {
            if self.in_string {
                match (self.escaped, c) {
                    (true, _) => self.escaped = false,
                    (false, '\\') => self.escaped = true,
                    (false, '"') => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => self.in_string = true,
                '{' | '[' => {
                    self.depth += 1;
                    self.opened = true;
                }
                '}' | ']' => self.depth -= 1,
                _ => {}
            }
        }
    }

    fn closed(&self) -> bool {
        self.opened && self.depth <= 0
    }
}

/// `Step 1 — Initiate consent request` -> (1, "Initiate consent request").
fn step_heading(t: &str) -> Option<(u32, String)> {
    let rest = t.strip_prefix("Step ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().ok()?;
    let title = rest[digits.len()..].trim_start_matches([' ', '—', '–', '-', ':', '.']);
    Some((number, title.trim().to_owned()))
}

/// `GET request` / `POST request`.
fn request_heading(t: &str) -> Option<Method> {
    match t.to_ascii_lowercase().as_str() {
        "get request" | "get method" => Some(Method::Get),
        "post request" | "post method" => Some(Method::Post),
        _ => None,
    }
}

/// `Response` (no part yet), `Success`, `Pending`, `Error`.
fn part_heading(t: &str) -> Option<Part> {
    match t.to_ascii_lowercase().as_str() {
        "response" => Some(Part::None),
        "success" => Some(Part::Success),
        "pending" => Some(Part::Pending),
        "error" | "errors" => Some(Part::Error),
        _ => None,
    }
}

/// `Keys within the formfilling object:` -> `formfilling`.
fn nested_heading(t: &str) -> Option<String> {
    let rest = t.strip_prefix("Keys within the ")?;
    let name = rest
        .trim_end_matches(':')
        .trim()
        .strip_suffix("object")?
        .trim();
    (!name.is_empty() && !name.contains(' ')).then(|| name.to_owned())
}

/// A URL template's host placeholders, path and query.
fn url_template(t: &str, line: usize) -> UrlTemplate {
    let after_scheme = t.split_once("://").map_or(t, |(_, rest)| rest);
    let (before_query, query) = after_scheme.split_once('?').unwrap_or((after_scheme, ""));
    let (host, path) = before_query.find('/').map_or((before_query, "/"), |i| {
        (&before_query[..i], &before_query[i..])
    });
    let host_placeholders = placeholders(host);
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    UrlTemplate {
        host_placeholders,
        path: path.trim().to_owned(),
        query,
        line,
    }
}

/// The `{NAME}`s of a text, as a page writes them (read by the codegen's one template reader).
pub fn placeholders(text: &str) -> Vec<String> {
    crate::json::placeholders(text).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests;
