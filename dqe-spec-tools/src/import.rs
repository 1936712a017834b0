//! `dqe spec import`: a draft scope file from the help-centre page of a scope the spec does not
//! have yet.
//!
//! The page is read into the same model `dqe spec drift` compares ([`crate::drift::surface`]); what
//! the API file already says (its parameters, reply keys and errors) is left to it, and the rest
//! becomes the scope's own: `requires`, `without`, its parameters, reply fields (objects from
//! nested tables, enums from closed lists of values), field examples and example replies, and its
//! `[extend.E.errors]` where the page lists fewer errors than the API file or words some otherwise.
//! Where the page is silent or ambiguous, the draft says so in a `# [inf]` comment for the person
//! who reviews it.

use std::fmt::Write as _;

use crate::drift::NotComparable;
use crate::drift::surface::{self, KeySurface, ParamSurface, Surface};
use crate::page;
use dqe_codegen::model::{Endpoint, Source, Spec};
use dqe_codegen::support::{is_camel_ident, is_snake_ident};

/// Why no draft was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoDraft {
    /// The page cannot be read, or is not a page of this API.
    NotComparable(NotComparable),
    /// The spec has the scope already: its file.
    Exists {
        /// The scope the page documents, which the spec already has.
        scope: String,
        /// Its file, as shown.
        file: String,
    },
}

impl std::fmt::Display for NoDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoDraft::NotComparable(why) => why.fmt(f),
            NoDraft::Exists { scope, file } => write!(
                f,
                "the spec has the scope `{scope}` already, in {file}: compare the page with it with `dqe spec drift`"
            ),
        }
    }
}

/// The draft scope file of the page `bytes` (named `file` in messages), for `spec`.
///
/// # Errors
/// The page cannot be read or is another API's; or the spec has its scope already.
pub fn import(bytes: &[u8], file: &str, spec: &Spec) -> Result<String, NoDraft> {
    let page = page::read(bytes, file)
        .map_err(|e| NoDraft::NotComparable(NotComparable::Unreadable(e)))?;
    let ours = surface::from_page(&page, crate::drift::scope_wire(spec));
    crate::drift::check_comparable(&ours, spec).map_err(NoDraft::NotComparable)?;
    let (scope, _) = ours
        .scope
        .clone()
        .ok_or(NoDraft::NotComparable(NotComparable::NoScope))?;
    if let Some(s) = spec.scopes.iter().find(|s| s.name.value == scope) {
        let file = spec
            .files
            .get(s.file)
            .map(|f| f.display.clone())
            .unwrap_or_default();
        return Err(NoDraft::Exists { scope, file });
    }
    let journey = spec
        .journey
        .as_ref()
        .ok_or(NoDraft::NotComparable(NotComparable::NoJourney))?;
    let consent = spec
        .endpoint(&journey.consent.value)
        .ok_or(NoDraft::NotComparable(NotComparable::NoJourney))?;
    let retrieve = spec
        .endpoint(&journey.retrieve.value)
        .ok_or(NoDraft::NotComparable(NotComparable::NoJourney))?;
    let one_step = !ours.steps.iter().any(|s| s.number == 2);
    let mut draft = Draft::new(spec, &scope, one_step);
    draft.header(&page, &ours, &scope, file);
    draft.scope_table(&page, &ours, consent);
    draft.params(&ours, consent);
    let shows_step_2 = draft.step_1_shows_step_2(&ours, consent, retrieve);
    for (number, endpoint) in [(1, consent), (2, retrieve)] {
        let Some(step) = ours.steps.iter().find(|s| s.number == number) else {
            continue;
        };
        draft.page_fixed(step, endpoint);
        if number == 1 && shows_step_2 {
            continue;
        }
        draft.replies(step, endpoint);
        draft.errors(step, endpoint);
    }
    draft.write_page_notes();
    Ok(draft.text())
}

/// The draft being written: the scope file's text, and its enums and objects (written last).
struct Draft<'a> {
    spec: &'a Spec,
    scope: String,
    /// Whether the scope answers at step 1 (its page documents no step 2).
    one_step: bool,
    out: String,
    items: String,
    /// Lines of `[extend.E.page]` tables, each with its endpoint and its comment: written
    /// together, one table per endpoint, at the end.
    page_notes: Vec<(String, String, String)>,
}

impl<'a> Draft<'a> {
    /// An empty draft of the scope `scope` for `spec`.
    fn new(spec: &'a Spec, scope: &str, one_step: bool) -> Self {
        Draft {
            spec,
            scope: scope.to_owned(),
            one_step,
            out: String::new(),
            items: String::new(),
            page_notes: Vec::new(),
        }
    }

    /// What was written: the entries, then the enums and objects they name.
    fn text(self) -> String {
        self.out + &self.items
    }
}

/// A TOML basic string.
pub(crate) fn quoted(text: &str) -> String {
    let mut s = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(s, "\\u{:04X}", u32::from(c));
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// A Rust snake_case name for a wire name (`Licence` -> `licence`, `numVerify` -> `num_verify`).
fn snake(wire: &str) -> String {
    let mut out = String::new();
    for (i, c) in wire.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_owned();
    if is_snake_ident(&out) {
        out
    } else {
        format!("key_{out}")
    }
}

/// An UpperCamelCase name (`billing_address` -> `BillingAddress`).
fn camel(wire: &str) -> String {
    let name: String = snake(wire)
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect();
    if is_camel_ident(&name) {
        name
    } else {
        format!("V{name}")
    }
}

impl Draft<'_> {
    fn header(&mut self, page: &page::Page, ours: &Surface, scope: &str, file: &str) {
        let _ = writeln!(
            self.out,
            "# The `{scope}` scope, drafted by `dqe spec import` from {file}. Review every line, then\n\
             # remove this note: `[inf]` comments mark what the page does not say for certain.\n\
             # `dqe spec check` checks the file; `dqe spec drift` compares it with the page again."
        );
        let _ = (page, ours);
    }

    fn scope_table(&mut self, page: &page::Page, ours: &Surface, consent: &Endpoint) {
        let description = page.intro.trim();
        let one_step = self.one_step;
        let _ = writeln!(self.out, "\n[scope]\nname = {}", quoted(&self.scope));
        if description.is_empty() {
            let _ = writeln!(
                self.out,
                "# [inf] The page has no introduction: say what the scope is."
            );
            let _ = writeln!(
                self.out,
                "description = {}",
                quoted(&format!("The `{}` scope.", self.scope))
            );
        } else {
            let _ = writeln!(self.out, "description = {}", quoted(description));
        }
        if one_step {
            let _ = writeln!(
                self.out,
                "# [inf] The page documents no retrieval step: the answer to step 1 is the result.\none_step = true"
            );
        }
        let params = page_params(ours, 1);
        let (requires, without) = self.shared_params(&params, consent);
        if !requires.is_empty() {
            let _ = writeln!(self.out, "requires = [{}]", list(&requires));
        }
        if !without.is_empty() {
            let _ = writeln!(
                self.out,
                "# Step 1's parameters of the API file that the page does not list."
            );
            let _ = writeln!(self.out, "without = [{}]", list(&without));
        }
    }

    /// `requires` and `without`: the API file's optional parameters the page makes mandatory,
    /// and those it does not list.
    fn shared_params(
        &mut self,
        params: &[&ParamSurface],
        consent: &Endpoint,
    ) -> (Vec<String>, Vec<String>) {
        let (mut requires, mut without) = (Vec::new(), Vec::new());
        for p in consent
            .params
            .iter()
            .filter(|p| p.scope.is_none() && p.source == Source::Caller && !p.by_scope)
        {
            let on_page = params.iter().find(|x| x.wire == p.wire.value);
            let optional = !p.required && p.default.is_none();
            match on_page {
                Some(x) if x.mandatory == Some(true) && optional => {
                    requires.push(p.name.value.clone())
                }
                Some(_) => {}
                None if !p.required => without.push(p.name.value.clone()),
                None => {
                    let _ = writeln!(
                        self.out,
                        "# [inf] The page does not list `{}`, which the API file makes mandatory with every scope.",
                        p.wire.value
                    );
                }
            }
        }
        (requires, without)
    }

    /// The scope's own parameters: those of the page that step 1 of the API file does not have.
    fn params(&mut self, ours: &Surface, consent: &Endpoint) {
        for p in page_params(ours, 1) {
            if !consent.params.iter().any(|x| x.wire.value == p.wire) {
                self.param(&consent.key.value, p);
            }
        }
    }

    /// The entry of a parameter the scope's file adds to `endpoint`, from a page's row.
    fn param(&mut self, endpoint: &str, p: &ParamSurface) {
        let name = snake(&p.wire);
        let _ = writeln!(
            self.out,
            "\n[[extend.{endpoint}.params]]\nname = {}",
            quoted(&name)
        );
        if name != p.wire {
            let _ = writeln!(self.out, "wire = {}", quoted(&p.wire));
        }
        if !p.values.is_empty() {
            let ty = self.enum_item(&p.wire, &p.values, true);
            let _ = writeln!(self.out, "type = {}", quoted(&ty));
        } else {
            let _ = writeln!(self.out, "# [inf] The page gives no type: sent as text.");
        }
        match p.mandatory {
            Some(true) => {
                let _ = writeln!(self.out, "required = true");
            }
            Some(false) => {}
            None => {
                let _ = writeln!(
                    self.out,
                    "# [inf] The page says neither mandatory nor optional: optional."
                );
            }
        }
        let _ = writeln!(
            self.out,
            "description = {}",
            quoted(&p.description_or(&name))
        );
    }
}

// What `dqe spec drift` adds to a difference, written as the draft writes it: one TOML writer.

/// The TOML of a parameter of a page's row that the file of the scope `scope` adds to
/// `endpoint` (`[[extend.E.params]]`), with the enum it names.
pub(crate) fn param_toml(spec: &Spec, scope: &str, endpoint: &str, p: &ParamSurface) -> String {
    let mut draft = Draft::new(spec, scope, false);
    draft.param(endpoint, p);
    draft.text().trim().to_owned()
}

/// The TOML of a reply key of a page's row under `table` (`extend.E.success.fields`,
/// `objects.X.fields`), in the file of the scope `scope`, with the objects and enums it names.
pub(crate) fn field_toml(spec: &Spec, scope: &str, table: &str, k: &KeySurface) -> String {
    let mut draft = Draft::new(spec, scope, false);
    draft.field(table, k, None);
    draft.text().trim().to_owned()
}

/// A TOML line giving `key` a list of strings (`without = ["mode", "code_name"]`).
pub(crate) fn list_toml(key: &str, items: &[String]) -> String {
    format!("{key} = [{}]", list(items))
}

pub(crate) use errors::{api_error_toml, own_text, sandbox_answers, scope_errors_toml};

impl Draft<'_> {
    /// Whether the page shows step 2's replies as step 1's (a mistake seen on DQE's pages):
    /// step 1's response has a pending part, which the API file's step 1 cannot have, and the
    /// same keys as step 2's. Then the draft says so (`replies_of`) instead of drafting them.
    fn step_1_shows_step_2(
        &mut self,
        ours: &Surface,
        consent: &Endpoint,
        retrieve: &Endpoint,
    ) -> bool {
        let step = |n| ours.steps.iter().find(|s| s.number == n);
        let (Some(one), Some(two)) = (step(1), step(2)) else {
            return false;
        };
        let keys = |s: &surface::StepSurface| -> Vec<Vec<Option<String>>> {
            s.outcomes
                .iter()
                .map(|o| o.keys.iter().map(|k| k.wire.clone()).collect())
                .collect()
        };
        let pending = one
            .outcomes
            .iter()
            .any(|o| o.kind == surface::OutcomeKind::Pending);
        if consent.pending.is_some() || !pending || keys(one) != keys(two) {
            return false;
        }
        self.page_notes.push((
            consent.key.value.clone(),
            "The page's step 1 response shows step 2's replies (a pending part, the same keys):\n\
             read as a mistake of the page; step 1 answers as the API file says."
                .to_owned(),
            format!("replies_of = {}", quoted(&retrieve.key.value)),
        ));
        true
    }

    /// Parameters the page fixes to another value than the spec sends for this scope (its
    /// name, for the scope parameter): said in `[extend.E.page] fixed`, for review.
    fn page_fixed(&mut self, step: &surface::StepSurface, e: &Endpoint) {
        let mut seen: Vec<(String, String)> = Vec::new();
        for p in step.requests.iter().flat_map(|r| &r.params) {
            let Some(value) = &p.fixed else { continue };
            let is_scope = e
                .params
                .iter()
                .any(|x| x.wire.value == p.wire && x.ty.value.is_scope_or_list());
            if is_scope && *value != self.scope && !seen.iter().any(|(w, _)| *w == p.wire) {
                seen.push((p.wire.clone(), value.clone()));
            }
        }
        if seen.is_empty() {
            return;
        }
        let pairs: Vec<String> = seen
            .iter()
            .map(|(w, v)| format!("{w} = {}", quoted(v)))
            .collect();
        self.page_notes.push((
            e.key.value.clone(),
            format!(
                "The page fixes {} to another value than the scope's name, which the client sends.\n\
                 Read as a slip of the page; check with DQE.",
                seen.iter().map(|(w, v)| format!("`{w}` (`{v}`)")).collect::<Vec<_>>().join(", ")
            ),
            format!("fixed = {{ {} }}", pairs.join(", ")),
        ));
    }

    /// The `[extend.E.page]` tables: one per endpoint, each line with its `# [inf]` comment.
    fn write_page_notes(&mut self) {
        let mut endpoints: Vec<String> =
            self.page_notes.iter().map(|(e, _, _)| e.clone()).collect();
        endpoints.dedup();
        for e in endpoints {
            let _ = writeln!(self.out, "\n[extend.{e}.page]");
            for (_, comment, line) in self.page_notes.iter().filter(|(x, _, _)| *x == e) {
                for c in comment.lines() {
                    let _ = writeln!(self.out, "# [inf] {}", c.trim());
                }
                let _ = writeln!(self.out, "{line}");
            }
        }
    }
}

/// Every parameter of a step's requests, once each (GET's first).
fn page_params(ours: &Surface, number: u32) -> Vec<&ParamSurface> {
    let mut out: Vec<&ParamSurface> = Vec::new();
    for r in ours
        .steps
        .iter()
        .filter(|s| s.number == number)
        .flat_map(|s| &s.requests)
    {
        for p in &r.params {
            if !out.iter().any(|x| x.wire == p.wire) {
                out.push(p);
            }
        }
    }
    out
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| quoted(i))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ParamSurface {
    /// The page's description, or a placeholder naming `name`.
    fn description_or(&self, name: &str) -> String {
        if self.description.trim().is_empty() {
            format!("`{name}` (the page does not describe it).")
        } else {
            self.description.trim().to_owned()
        }
    }
}

mod errors;
mod key_toml;
mod replies;

pub(crate) use key_toml::key_toml;
