//! Scope files: `[scope]`, what the scope adds to endpoints (`[extend.ENDPOINT]`, applied
//! later by `resolve`), and its own enums and objects.

use super::items::{read_example, read_fields, read_param, read_sandbox, read_types};
use super::{read_variant, req_description};
use crate::model::*;
use crate::reader::Table;
use crate::resolve::Extension;
use crate::template;

/// Reads the root table of scope file number `file` into `spec` and `ext`.
pub(super) fn read_scope(
    t: &Table<'_, '_>,
    file: usize,
    spec: &mut Spec,
    ext: &mut Vec<Extension>,
) {
    if let Some(s) = t.table("scope") {
        spec.scopes.push(read_scope_table(&s, file));
        s.finish();
    } else {
        t.error("a scope file needs a `[scope]` table with its `name` and `description`");
    }
    for (endpoint, e) in t.named_tables("extend") {
        ext.push(read_extension(endpoint, &e, file));
        e.finish();
    }
    read_types(t, spec);
}

/// `[scope]`.
fn read_scope_table(s: &Table<'_, '_>, file: usize) -> Scope {
    let name = s.req_at("name", "the scope's value on the wire, e.g. `formfilling`");
    let variant = read_variant(s, "name", &name, "scope").name.value;
    Scope {
        name,
        variant,
        description: req_description(s),
        customer_text: read_customer_text(s),
        one_step: s.bool("one_step", false),
        default: s.bool("default", false),
        makes_mandatory: s.str_array("requires").unwrap_or_default(),
        without: s.str_array("without").unwrap_or_default(),
        page_notes: Vec::new(),
        errors: Vec::new(),
        file,
    }
}

/// `customer_text = { LANG = "TEXT" }` of `[scope]`: a language tag (two or three lowercase
/// letters, as `fr`) and a text that is not empty, each.
fn read_customer_text(s: &Table<'_, '_>) -> Vec<(At<String>, String)> {
    let mut out = Vec::new();
    for (lang, text) in s.named_values("customer_text") {
        let tag = &lang.value;
        if !(2..=3).contains(&tag.len()) || !tag.bytes().all(|b| b.is_ascii_lowercase()) {
            s.error_at(
                "customer_text",
                lang.loc.span.clone(),
                format!("`{tag}` is not a language tag: expected two or three lowercase letters, as `fr`"),
            );
        }
        match text {
            Some(t) if !t.value.trim().is_empty() => out.push((lang, t.value)),
            _ => s.error_at(
                "customer_text",
                lang.loc.span.clone(),
                "expected the text the customer reads in that language, a string that is not empty",
            ),
        }
    }
    out
}

/// `[extend.ENDPOINT]`: parameters, outcome fields and examples for an endpoint of the API.
fn read_extension(endpoint: At<String>, e: &Table<'_, '_>, file: usize) -> Extension {
    let endpoint_name = endpoint.clone();
    let mut x = Extension {
        file,
        without_status: false,
        endpoint,
        params: e
            .array_of_tables("params")
            .into_iter()
            .map(|p| read_param(&p, Some(file), true))
            .collect(),
        success: Vec::new(),
        pending: Vec::new(),
        examples: e
            .array_of_tables("examples")
            .into_iter()
            .map(|x| read_example(&x, Some(file)))
            .collect(),
        pending_loc: None,
        sandbox: e
            .table("sandbox")
            .map(|t| read_sandbox(&t))
            .unwrap_or_default(),
        errors: e
            .table("errors")
            .map(|t| read_scope_errors(&endpoint_name, &t)),
        page: e.table("page").map(|t| {
            let note = PageNote {
                endpoint: endpoint_name.clone(),
                fixed: read_page_fixed(&t),
                replies_of: t.str("replies_of"),
                unlisted_keys: t.str_array("unlisted_keys").unwrap_or_default(),
            };
            t.finish();
            note
        }),
    };
    if let Some(o) = e.table("success") {
        x.success = read_fields(&o, false);
        x.without_status = o.bool("without_status", false);
        o.finish();
    }
    if let Some(o) = e.table("pending") {
        x.pending_loc = Some(o.loc());
        x.pending = read_fields(&o, false);
        o.finish();
    }
    x
}

/// `[extend.ENDPOINT.errors]`: `without = ["09"]` and `texts = { "05" = "..." }`, each text a
/// template as an error's `type` is.
fn read_scope_errors(endpoint: &At<String>, t: &Table<'_, '_>) -> ScopeErrors {
    let mut texts = Vec::new();
    for (id, text) in t.named_values("texts") {
        let Some(text) = text else {
            t.error_at(
                &format!("texts.{}", id.value),
                id.loc.span.clone(),
                "expected the scope's text of this error, a string",
            );
            continue;
        };
        let template = match template::parse(&text.value) {
            Ok(pieces) => pieces,
            Err(message) => {
                t.error_at(
                    &format!("texts.{}", id.value),
                    text.loc.span.clone(),
                    message,
                );
                vec![Piece::Lit(text.value.clone())]
            }
        };
        texts.push(ScopeText { id, text, template });
    }
    let errors = ScopeErrors {
        endpoint: endpoint.clone(),
        without: t.str_array("without").unwrap_or_default(),
        texts,
    };
    t.finish();
    errors
}

/// `fixed = { PARAM = "VALUE" }` of `[extend.ENDPOINT.page]`.
fn read_page_fixed(t: &Table<'_, '_>) -> Vec<(At<String>, At<String>)> {
    let mut out = Vec::new();
    for (name, value) in t.named_values("fixed") {
        match value {
            Some(v) => out.push((name, v)),
            None => t.error_at(
                "fixed",
                name.loc.span.clone(),
                "expected the page's value, a string",
            ),
        }
    }
    out
}
