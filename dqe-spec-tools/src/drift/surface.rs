//! What a help-centre page can say of one scope (its requests, replies and errors), read from
//! a page or from a spec into one model, so that one comparison serves a page against a spec
//! and a spec against another (as oasdiff reads both sides into one model).

use crate::page::{self, Page};
use dqe_codegen::model::{Method, TypeRef};

/// Where something is written: a file, a line, and for a spec the dotted key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Site {
    /// The file, as shown.
    pub file: String,
    /// The 1-based line, for a message to point at.
    pub line: usize,
    /// The dotted key (spec side only).
    pub key: Option<String>,
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(key) = &self.key {
            write!(f, " `{key}`")?;
        }
        Ok(())
    }
}

/// One scope's requests and replies.
#[derive(Debug, Clone, Default)]
pub struct Surface {
    /// The scope's wire value, where it is said.
    pub scope: Option<(String, Site)>,
    /// Its steps: step 1 (consent), then step 2 (retrieval) when the scope has one.
    pub steps: Vec<StepSurface>,
}

/// A step: its requests (one per method), reply outcomes, errors and example bodies.
#[derive(Debug, Clone, Default)]
pub struct StepSurface {
    /// The step's number, 1 or 2, which pairs a page's step with the spec's.
    pub number: u32,
    /// Where the step is.
    pub site: Site,
    /// The step's requests, one per method, compared parameter by parameter.
    pub requests: Vec<RequestSurface>,
    /// Its success and pending outcomes.
    pub outcomes: Vec<OutcomeSurface>,
    /// The step's documented errors, compared by id.
    pub errors: Vec<ErrorSurface>,
    /// Example bodies (page side).
    pub examples: Vec<(String, Site)>,
}

/// A request: its method, path and parameters.
#[derive(Debug, Clone)]
pub struct RequestSurface {
    /// GET or POST.
    pub method: Method,
    /// The path, with its slashes; `None` when the page gives no URL.
    pub path: Option<String>,
    /// Where the request is.
    pub site: Site,
    /// The request's parameters, compared by wire name.
    pub params: Vec<ParamSurface>,
}

/// A parameter of a request.
#[derive(Debug, Clone)]
pub struct ParamSurface {
    /// Its name on the wire.
    pub wire: String,
    /// The parameter's description, where a fixed value or a scope is read from.
    pub description: String,
    /// Whether it is mandatory (`None`: not said).
    pub mandatory: Option<bool>,
    /// The one value it always has for this scope (`scope=formfilling`), if any.
    pub fixed: Option<String>,
    /// On the spec side: the value the page fixes it to instead, which the spec says it does
    /// not send (`[extend.E.page] fixed`).
    pub page_fixed: Option<String>,
    /// The values it takes, when a closed set (`2: authentication by code.`).
    pub values: Vec<String>,
    /// Where it is.
    pub site: Site,
}

/// Success or pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    /// The success outcome.
    Success,
    /// The pending outcome.
    Pending,
}

/// A reply outcome: its keys, the status key included.
#[derive(Debug, Clone)]
pub struct OutcomeSurface {
    /// Which outcome it is (success or pending), which pairs it with the other side's.
    pub kind: OutcomeKind,
    /// The status value naming it (spec side).
    pub status: Option<String>,
    /// Where it is.
    pub site: Site,
    /// The outcome's keys, compared by name and type.
    pub keys: Vec<KeySurface>,
}

/// What a key holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyType {
    /// As a page writes it (`STRING(10)`, `DATE`, `JSON OBJECT`), upper case.
    Page(String),
    /// A spec type.
    Spec(TypeRef),
}

/// A key of a reply or of an object in it.
#[derive(Debug, Clone)]
pub struct KeySurface {
    /// The key; `None` for a page row without one.
    pub wire: Option<String>,
    /// The key's description, where its object's keys may be listed.
    pub description: String,
    /// What it holds.
    pub ty: KeyType,
    /// The keys of the object it holds, when they are known.
    pub keys: Option<Vec<KeySurface>>,
    /// On the spec side: the description of the page's row without a key name that stands
    /// for this key (`page_unnamed_row` in the spec).
    pub page_unnamed_row: Option<String>,
    /// Where it is.
    pub site: Site,
}

/// An error of a step.
#[derive(Debug, Clone)]
pub struct ErrorSurface {
    /// The id as written.
    pub id: String,
    /// The text with its variable parts as `{}`.
    pub text: String,
    /// The text as written: a page's with its `[Placeholders]`, a spec's with its `{names}`.
    pub written: String,
    /// What it means.
    pub description: String,
    /// Where it is.
    pub site: Site,
}

// ---- From a page

/// The surface of a page: each step as written.
///
/// Its scope is the value most of its requests fix the scope parameter (`scope_wire`, the spec's)
/// to (URL templates and "Must be X" descriptions), where that is said.
pub fn from_page(page: &Page, scope_wire: &str) -> Surface {
    let site = |line| Site {
        file: page.file.clone(),
        line,
        key: None,
    };
    let steps = page
        .steps
        .iter()
        .map(|s| StepSurface {
            number: s.number,
            site: site(s.line),
            requests: s.requests.iter().map(|r| page_request(r, &site)).collect(),
            outcomes: [
                (OutcomeKind::Success, &s.success),
                (OutcomeKind::Pending, &s.pending),
            ]
            .into_iter()
            .filter_map(|(kind, o)| o.as_ref().map(|o| page_outcome(kind, o, &site)))
            .collect(),
            errors: s
                .errors
                .iter()
                .map(|e| ErrorSurface {
                    id: e.id.clone(),
                    text: page_text(&e.text),
                    written: e.text.clone(),
                    description: e.description.clone(),
                    site: site(e.line),
                })
                .collect(),
            examples: s
                .success
                .iter()
                .chain(&s.pending)
                .flat_map(|o| &o.examples)
                .chain(&s.error_examples)
                .map(|e| (e.body.clone(), site(e.line)))
                .collect(),
        })
        .collect();
    let mut surface = Surface { scope: None, steps };
    surface.scope = most_fixed(&surface, scope_wire);
    if let Some((scope, _)) = surface.scope.clone() {
        let params = surface
            .steps
            .iter_mut()
            .flat_map(|s| &mut s.requests)
            .flat_map(|r| &mut r.params);
        for p in params.filter(|p| mandatory_with(&p.description, &scope)) {
            p.mandatory = Some(true);
        }
    }
    surface
}

/// Whether a parameter's description makes it mandatory with the page's own scope, whatever
/// its Mandatory/Optional cell says: DQE's matching pages list `user_infos` as "Optional" with
/// "Mandatory if the scope is matching_notp." (or "includes matching") in its description.
fn mandatory_with(description: &str, scope: &str) -> bool {
    let lower = description.to_lowercase();
    ["mandatory if the scope ", "required if the scope "]
        .iter()
        .filter_map(|lead| lower.split_once(lead).map(|(_, rest)| rest))
        .any(|rest| {
            let mut words = rest.split_whitespace();
            let verb = words.next();
            let named = words
                .next()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_'));
            matches!(verb, Some("is" | "includes")) && named == Some(scope.to_lowercase().as_str())
        })
}

/// An error text with its `[Placeholders]` as `{}`.
fn page_text(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        match rest[open..].find(']') {
            Some(close) => {
                out.push_str(&rest[..open]);
                out.push_str("{}");
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

fn page_request(r: &page::Request, site: &impl Fn(usize) -> Site) -> RequestSurface {
    let url = r.url.as_ref();
    let params = r
        .params
        .iter()
        .filter(|p| !url.is_some_and(|u| u.host_placeholders.contains(&p.name)))
        .map(|p| {
            let in_url = url.and_then(|u| u.query.iter().find(|(k, _)| *k == p.name));
            let fixed_in_url = in_url
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty() && page::placeholders(v).is_empty());
            ParamSurface {
                wire: p.name.clone(),
                description: p.description.clone(),
                mandatory: p.mandatory,
                fixed: fixed_in_url.or_else(|| must_be(&p.description)),
                page_fixed: None,
                values: listed_values(&p.description),
                site: site(p.line),
            }
        })
        .collect();
    RequestSurface {
        method: r.method,
        path: url.map(|u| u.path.clone()),
        site: site(r.line),
        params,
    }
}

/// `Static value. Must be formfilling for this scope.` -> `formfilling`.
fn must_be(description: &str) -> Option<String> {
    let (_, rest) = description.split_once("Must be ")?;
    let value = rest.split_whitespace().next()?.trim_end_matches(['.', ',']);
    (!value.is_empty()).then(|| value.to_owned())
}

/// `2: authentication by code.` -> `["2"]`: the values a description lists as `VALUE: meaning`.
fn listed_values(description: &str) -> Vec<String> {
    listed(description).into_iter().map(|(v, _)| v).collect()
}

/// The `VALUE: meaning` pairs a description lists (`2: authentication by code.`).
pub fn listed(description: &str) -> Vec<(String, String)> {
    description
        .split(['.', ';'])
        .filter_map(|part| {
            let (value, meaning) = part.trim().split_once(':')?;
            let ok = !value.is_empty()
                && !meaning.trim().is_empty()
                && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            ok.then(|| (value.to_owned(), meaning.trim().to_owned()))
        })
        .collect()
}

fn page_outcome(
    kind: OutcomeKind,
    o: &page::Outcome,
    site: &impl Fn(usize) -> Site,
) -> OutcomeSurface {
    let key = |k: &page::Key| {
        let nested = k
            .name
            .as_ref()
            .and_then(|n| o.nested.iter().find(|x| x.parent == *n));
        let keys = match nested {
            Some(n) => Some(n.keys.iter().map(|k| page_key(k, None, site)).collect()),
            None if !k.inline_keys.is_empty() => Some(
                k.inline_keys
                    .iter()
                    .map(|name| page_key(k, Some(name), site))
                    .collect(),
            ),
            None => None,
        };
        KeySurface {
            keys,
            ..page_key(k, None, site)
        }
    };
    OutcomeSurface {
        kind,
        status: None,
        site: site(o.line),
        keys: o.keys.iter().map(key).collect(),
    }
}

/// A page's key; `inline` names a key listed in this one's description (its type unknown).
fn page_key(k: &page::Key, inline: Option<&String>, site: &impl Fn(usize) -> Site) -> KeySurface {
    let nested_inline = (!k.inline_keys.is_empty() && inline.is_none()).then(|| {
        k.inline_keys
            .iter()
            .map(|name| page_key(k, Some(name), site))
            .collect()
    });
    KeySurface {
        wire: inline.cloned().or_else(|| k.name.clone()),
        description: if inline.is_some() {
            String::new()
        } else {
            k.description.clone()
        },
        ty: KeyType::Page(if inline.is_some() {
            String::new()
        } else {
            k.ty.to_ascii_uppercase()
        }),
        keys: nested_inline,
        page_unnamed_row: None,
        site: site(k.line),
    }
}

/// The value most requests fix the parameter `wire` to, with where it is first said.
pub fn most_fixed(surface: &Surface, wire: &str) -> Option<(String, Site)> {
    let mut seen: Vec<(String, Site, usize)> = Vec::new();
    for p in surface
        .steps
        .iter()
        .flat_map(|s| &s.requests)
        .flat_map(|r| &r.params)
        .filter(|p| p.wire == wire)
    {
        let Some(v) = &p.fixed else { continue };
        match seen.iter_mut().find(|(s, _, _)| s == v) {
            Some(entry) => entry.2 += 1,
            None => seen.push((v.clone(), p.site.clone(), 1)),
        }
    }
    let best = seen.iter().map(|(_, _, n)| *n).max()?;
    seen.into_iter()
        .find(|(_, _, n)| *n == best)
        .map(|(v, site, _)| (v, site))
}

// ---- From a spec: `from_spec.rs`.

pub use super::from_spec::from_spec;
