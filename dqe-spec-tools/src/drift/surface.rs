//! What a help-centre page can say of one scope (its requests, replies and errors), read from
//! a page or from a spec into one model, so that one comparison serves a page against a spec
//! and a spec against another (as oasdiff reads both sides into one model).

use crate::page::{self, Page};
use dqe_codegen::model::{Endpoint, Field, Method, Source, Spec, TypeRef};

/// Where something is written: a file, a line, and for a spec the dotted key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Site {
    /// The file, as shown.
    pub file: String,
    /// 1-based line.
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
    /// 1 or 2.
    pub number: u32,
    /// Where the step is.
    pub site: Site,
    /// Its requests.
    pub requests: Vec<RequestSurface>,
    /// Its success and pending outcomes.
    pub outcomes: Vec<OutcomeSurface>,
    /// Its errors.
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
    /// Its parameters.
    pub params: Vec<ParamSurface>,
}

/// A parameter of a request.
#[derive(Debug, Clone)]
pub struct ParamSurface {
    /// Its name on the wire.
    pub wire: String,
    /// Its description.
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
    /// Which.
    pub kind: OutcomeKind,
    /// The status value naming it (spec side).
    pub status: Option<String>,
    /// Where it is.
    pub site: Site,
    /// Its keys.
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
    /// Its description.
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
    /// Where it is.
    pub site: Site,
}

// ---- From a page

/// The surface of a page: each step as written. Its scope is the value most of its requests
/// fix the scope parameter (`scope_wire`, the spec's) to (URL templates and "Must be X"
/// descriptions), where that is said.
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
    surface
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

// ---- From a spec

/// Where a spec item is: its file, its line, and its dotted key.
pub(crate) fn spec_site(spec: &Spec, loc: &dqe_codegen::Loc, key: &str) -> Site {
    let file = spec.files.get(loc.file);
    let line = file.map_or(0, |f| {
        f.text
            .get(..loc.span.start)
            .map_or(0, |before| before.matches('\n').count())
            + 1
    });
    Site {
        file: file.map(|f| f.display.clone()).unwrap_or_default(),
        line,
        key: (!key.is_empty()).then(|| key.to_owned()),
    }
}

/// The surface of scope `wire` in a spec with a `[journey]`: step 1 (its consent endpoint) and,
/// unless the scope is one-step, step 2; the parameters that scope takes, with whether each is
/// mandatory with it; the keys of the API file and of that scope's file.
pub fn from_spec(spec: &Spec, wire: &str) -> Option<Surface> {
    let journey = spec.journey.as_ref()?;
    let scope = spec.scopes.iter().find(|s| s.name.value == wire)?;
    let mut endpoints = vec![spec.endpoint(&journey.consent.value)?];
    if scope.needs_consent() {
        endpoints.push(spec.endpoint(&journey.retrieve.value)?);
    }
    let steps = endpoints
        .into_iter()
        .zip(1..)
        .map(|(e, number)| spec_step(spec, scope, e, number))
        .collect();
    Some(Surface {
        scope: Some((
            wire.to_owned(),
            spec_site(spec, &scope.name.loc, "scope.name"),
        )),
        steps,
    })
}

fn spec_step(
    spec: &Spec,
    scope: &dqe_codegen::model::Scope,
    e: &Endpoint,
    number: u32,
) -> StepSurface {
    let note = scope
        .page_notes
        .iter()
        .find(|n| n.endpoint.value == e.key.value);
    let page_fixed = |wire: &str| {
        note.and_then(|n| n.fixed.iter().find(|(w, _)| w.value == wire))
            .map(|(_, v)| v.value.clone())
    };
    // The page may show another endpoint's replies as this step's, as the spec says.
    let replies = note
        .and_then(|n| n.replies_of.as_ref())
        .and_then(|r| spec.endpoint(&r.value))
        .unwrap_or(e);
    let params: Vec<ParamSurface> = e
        .params
        .iter()
        .filter(|p| spec.takes(e, scope, p))
        .map(|p| ParamSurface {
            wire: p.wire.value.clone(),
            description: p.description.clone(),
            mandatory: Some(scope.sends(p)),
            fixed: match &p.source {
                Source::Fixed(v) => Some(v.value.clone()),
                _ if p.is_scope_choice() => Some(scope.name.value.clone()),
                _ => None,
            },
            page_fixed: page_fixed(&p.wire.value),
            values: match &p.ty.value {
                TypeRef::Enum(t) => spec
                    .enum_of(t)
                    .filter(|d| !d.open)
                    .map(|d| d.values.iter().map(|v| v.wire.value.clone()).collect())
                    .unwrap_or_default(),
                _ => Vec::new(),
            },
            site: spec_site(spec, &p.loc, &p.path),
        })
        .collect();
    let site = spec_site(spec, &e.loc, &format!("endpoints.{}", e.key.value));
    StepSurface {
        number,
        site: site.clone(),
        requests: e
            .methods
            .iter()
            .map(|m| RequestSurface {
                method: *m,
                path: Some(e.path.clone()),
                site: site.clone(),
                params: params.clone(),
            })
            .collect(),
        outcomes: spec_outcomes(spec, scope, replies)
            .into_iter()
            .map(|mut o| {
                // The keys the page leaves out of the replies it shows (those of `replies`).
                let shown = scope
                    .page_notes
                    .iter()
                    .find(|n| n.endpoint.value == replies.key.value);
                let unlisted = shown.map_or(&[][..], |n| &n.unlisted_keys[..]);
                o.keys
                    .retain(|k| !unlisted.iter().any(|u| k.wire.as_ref() == Some(&u.value)));
                o
            })
            .collect(),
        errors: replies
            .errors
            .iter()
            .map(|x| ErrorSurface {
                id: x.id.value.clone(),
                text: spec_text(&x.template),
                site: spec_site(spec, &x.id.loc, &x.path),
            })
            .collect(),
        examples: Vec::new(),
    }
}

/// An error template with its holes as `{}`.
fn spec_text(pieces: &[dqe_codegen::model::Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            dqe_codegen::model::Piece::Lit(s) => s.as_str(),
            dqe_codegen::model::Piece::Hole(_) => "{}",
        })
        .collect()
}

fn spec_outcomes(
    spec: &Spec,
    scope: &dqe_codegen::model::Scope,
    e: &Endpoint,
) -> Vec<OutcomeSurface> {
    let kinds = [
        (OutcomeKind::Success, &e.success),
        (OutcomeKind::Pending, &e.pending),
    ];
    kinds
        .into_iter()
        .filter_map(|(kind, o)| {
            let o = o.as_ref()?;
            let status = KeySurface {
                wire: Some(spec.replies.status_key.clone()),
                description: o.description.clone(),
                ty: KeyType::Spec(TypeRef::String),
                keys: None,
                page_unnamed_row: None,
                site: spec_site(spec, &o.status.loc, ""),
            };
            let keys = reply_fields(spec, scope, o)
                .into_iter()
                .map(|f| spec_key(spec, f, 0));
            let keys = if answers_without_status(scope, o) {
                keys.collect()
            } else {
                std::iter::once(status).chain(keys).collect()
            };
            Some(OutcomeSurface {
                kind,
                status: Some(o.status.value.clone()),
                site: spec_site(spec, &o.loc, ""),
                keys,
            })
        })
        .collect()
}

/// Whether the scope's result is the body itself, without a status: its file extends the
/// outcome with `without_status`.
fn answers_without_status(
    scope: &dqe_codegen::model::Scope,
    o: &dqe_codegen::model::OutcomeSpec,
) -> bool {
    o.fields
        .iter()
        .any(|f| f.scope == Some(scope.file) && o.without_status_keys.contains(&f.wire.value))
}

/// The fields of an outcome a scope's reply holds: the API file's and its own, but only its own
/// when its result is the body itself, and never the consent URL for a one-step scope (it
/// answers without consent).
fn reply_fields<'a>(
    spec: &Spec,
    scope: &dqe_codegen::model::Scope,
    o: &'a dqe_codegen::model::OutcomeSpec,
) -> Vec<&'a Field> {
    let alone = answers_without_status(scope, o);
    let consent_url = spec.journey.as_ref().map(|j| j.consent_url.value.as_str());
    o.fields
        .iter()
        .filter(|f| match f.scope {
            Some(file) => file == scope.file,
            None => {
                !(alone || !scope.needs_consent() && Some(f.name.value.as_str()) == consent_url)
            }
        })
        .collect()
}

/// A spec field, with the keys of the object it holds (to a depth that no spec reaches).
fn spec_key(spec: &Spec, f: &Field, depth: usize) -> KeySurface {
    let keys = match &f.ty.value {
        TypeRef::Object(t) if depth < 8 => spec.object_of(t).map(|o| {
            o.fields
                .iter()
                .map(|f| spec_key(spec, f, depth + 1))
                .collect()
        }),
        _ => None,
    };
    KeySurface {
        wire: Some(f.wire.value.clone()),
        description: f.description.clone(),
        ty: KeyType::Spec(f.ty.value.clone()),
        keys,
        page_unnamed_row: f.page_unnamed_row.clone(),
        site: spec_site(spec, &f.loc, &f.path),
    }
}
