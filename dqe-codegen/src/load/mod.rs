//! Reading spec files into the model. Shape problems (unknown keys, wrong types, missing keys,
//! malformed values) are all reported here; what a scope file adds to an endpoint is applied
//! by `resolve`, and cross-references are checked in `validate`.

mod api;
mod items;
mod scope;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use crate::diag::{Diagnostics, Loc, SourceFile};
use crate::generated_names::derived_variant;
use crate::model::{At, Spec};
use crate::names::{is_camel_ident, is_snake_ident, upper_camel};
use crate::reader::{Table, Walk};
use crate::resolve::Extension;

/// The file, relative to the spec directory, that describes the API.
pub const API_FILE: &str = "api.toml";
/// The directory, relative to the spec directory, whose `*.toml` files are scopes.
pub const SCOPES_DIR: &str = "scopes";

/// Whether a file of a spec directory's `scopes/` (`name`, its file name) is a scope file: its
/// extension is `toml`.
///
/// The directory reader's rule, which a reader of a spec kept elsewhere (a git revision) applies
/// too.
pub fn is_scope_file(name: &Path) -> bool {
    name.extension().is_some_and(|x| x == "toml")
}

/// Reads the files of the spec in `dir`: `api.toml`, then `scopes/*.toml` in name order.
/// `display` is how `dir` is shown in messages. A file that cannot be read is a diagnostic.
pub fn read_files(dir: &Path, display: &str) -> (Vec<SourceFile>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    let api_path = dir.join(API_FILE);
    let shown = shown_in(display, API_FILE);
    match std::fs::read_to_string(&api_path) {
        Ok(text) => files.push(SourceFile {
            display: shown,
            absolute: absolute(&api_path),
            text,
        }),
        Err(e) => {
            diags.general(
                Some(shown),
                format!(
                    "missing spec file: cannot read `{}` ({e}); the spec directory must hold `{API_FILE}`, and scope files under `{SCOPES_DIR}/`",
                    api_path.display()
                ),
            );
            return (files, diags);
        }
    }
    read_scope_files(dir, display, &mut files, &mut diags);
    (files, diags)
}

/// Reads the spec in `base` (as [`read_files`] does), extended with the scope files of
/// `extra` (`extra_display` is how it is shown): a spec of one's own that adds scopes to
/// another. `extra` holds no API file: the base's is the API, and one there is a diagnostic.
pub fn read_extended(
    (base, base_display): (&Path, &str),
    (extra, extra_display): (&Path, &str),
) -> (Vec<SourceFile>, Diagnostics) {
    let (mut files, mut diags) = read_files(base, base_display);
    if extra.join(API_FILE).exists() {
        diags.general(
            Some(shown_in(extra_display, API_FILE)),
            format!(
                "a spec that extends another holds scope files only (`{SCOPES_DIR}/*.toml`): the API file is the extended spec's; remove this one, or name this directory alone to use it as a whole spec"
            ),
        );
    }
    let before = files.len();
    read_scope_files(extra, extra_display, &mut files, &mut diags);
    if files.len() == before && diags.is_empty() {
        diags.general(
            Some(extra_display.to_owned()),
            format!("this directory extends the spec with no scope: it holds no `{SCOPES_DIR}/*.toml` file"),
        );
    }
    (files, diags)
}

/// `name` inside the directory shown as `display`.
fn shown_in(display: &str, name: &str) -> String {
    if display.is_empty() || display == "." {
        name.to_owned()
    } else {
        format!("{}/{name}", display.trim_end_matches('/'))
    }
}

/// Appends the `scopes/*.toml` files of `dir` to `files`, in name order; none is no error.
fn read_scope_files(
    dir: &Path,
    display: &str,
    files: &mut Vec<SourceFile>,
    diags: &mut Diagnostics,
) {
    let Ok(entries) = std::fs::read_dir(dir.join(SCOPES_DIR)) else {
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_scope_file(p))
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let shown = shown_in(
            display,
            &format!("{SCOPES_DIR}/{}", name.unwrap_or_default()),
        );
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push(SourceFile {
                display: shown,
                absolute: absolute(&path),
                text,
            }),
            Err(e) => diags.general(Some(shown), format!("cannot read this file: {e}")),
        }
    }
}

/// What reading the files gives: the model before scope extensions are applied.
pub struct Loaded {
    /// The API file's model, with the scopes, enums and objects of every file.
    pub spec: Spec,
    /// What the scope files add to endpoints, for `resolve`.
    pub extensions: Vec<Extension>,
    /// Every shape problem found.
    pub diags: Diagnostics,
    /// Whether every file parsed as TOML (when one did not, cross-reference checks would only
    /// mislead).
    pub parsed: bool,
}

/// Reads a spec from files already in memory: the API file first, then the scope files.
pub fn load_files(files: Vec<SourceFile>) -> Loaded {
    let mut spec = Spec {
        files,
        ..Spec::default()
    };
    let mut diags = Diagnostics::default();
    diags.set_files(&spec.files);

    let diags = RefCell::new(diags);
    let files = spec.files.clone();
    let mut extensions = Vec::new();
    let mut parsed = true;
    for (index, file) in files.iter().enumerate() {
        let (root, errors) = DeTable::parse_recoverable(&file.text);
        if !errors.is_empty() {
            parsed = false;
            for e in errors {
                let span = e.span().unwrap_or(0..0);
                diags.borrow_mut().at(
                    &Loc { file: index, span },
                    "",
                    format!("TOML syntax error: {}", e.message().trim_end()),
                );
            }
            continue;
        }
        let walk = Walk {
            diags: &diags,
            file: index,
        };
        let table = Table::new(&walk, String::new(), root.span(), root.get_ref());
        if index == 0 {
            api::read_api(&table, &mut spec);
        } else {
            scope::read_scope(&table, index, &mut spec, &mut extensions);
        }
        table.finish();
    }
    Loaded {
        spec,
        extensions,
        diags: diags.into_inner(),
        parsed,
    }
}

/// The absolute path of a spec file, for `include_str!` (as given when it cannot be resolved).
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The mandatory `description` of an item.
fn req_description(t: &Table<'_, '_>) -> String {
    t.req_text(
        "description",
        "every item needs a description; it becomes the generated item's documentation",
    )
}

/// Reports `name` when `fits` refuses it: written as the value of `key`, or, without a key, as
/// the name of the table `t` itself. An empty value is a missing one, reported already.
fn check_name(
    t: &Table<'_, '_>,
    key: Option<&str>,
    name: &At<String>,
    fits: fn(&str) -> bool,
    usable_as: &str,
) {
    if fits(&name.value) || (key.is_some() && name.value.is_empty()) {
        return;
    }
    let message = format!("`{}` is not usable as {usable_as}", name.value);
    match key {
        Some(key) => t.error_at(key, name.loc.span.clone(), message),
        None => t.walk.error(name.loc.span.clone(), &t.path, message),
    }
}

/// Reports a value of `key` that is not a snake_case Rust name.
fn check_snake(t: &Table<'_, '_>, key: &str, name: &At<String>) {
    check_name(
        t,
        Some(key),
        name,
        is_snake_ident,
        "a Rust name: expected a snake_case identifier that is not a keyword (set `wire` to keep another name on the wire)",
    );
}

/// Reports a table name (`[endpoints.NAME]`) that is not a snake_case name.
fn check_snake_at(t: &Table<'_, '_>, name: &At<String>) {
    check_name(
        t,
        None,
        name,
        is_snake_ident,
        "a name: expected a snake_case identifier that is not a Rust keyword",
    );
}

/// The Rust variant of the value `wire` of `t` (a scope's `name`, an enum value's `wire`):
/// `variant` when `t` sets it, else derived from `wire` ([`derived_variant`]), reported at
/// `wire_key` when that is not a Rust name. `what` names the value in the message (`scope`,
/// `value`). Returns the variant, where it comes from (`variant`, else the wire value) and
/// whether it was derived.
fn read_variant(t: &Table<'_, '_>, wire_key: &str, wire: &At<String>, what: &str) -> Variant {
    if let Some(v) = t.str("variant") {
        check_camel(t, "variant", &v);
        return Variant {
            name: v,
            derived: false,
        };
    }
    let derived = derived_variant(&wire.value);
    if !wire.value.is_empty() && !is_camel_ident(&derived) {
        t.error_at(
            wire_key,
            wire.loc.span.clone(),
            format!(
                "the {what} `{}` gives no usable Rust variant name (`{derived}`); set `variant`, e.g. `variant = \"My{}\"`",
                wire.value,
                upper_camel(what)
            ),
        );
    }
    Variant {
        name: At::new(derived, wire.loc.clone()),
        derived: true,
    }
}

/// A value's Rust variant, as [`read_variant`] reads it.
struct Variant {
    /// The variant, where `variant` or else the wire value is written.
    name: At<String>,
    /// Whether it was derived from the wire value (`variant` left out).
    derived: bool,
}

/// Reports a value of `key` that is not an UpperCamelCase Rust name.
fn check_camel(t: &Table<'_, '_>, key: &str, name: &At<String>) {
    check_name(
        t,
        Some(key),
        name,
        is_camel_ident,
        "a Rust type or variant name: expected UpperCamelCase, e.g. `InvalidLicenceKey`",
    );
}

/// Reports a table name (`[objects.NAME]`) that is not an UpperCamelCase name.
fn check_camel_at(t: &Table<'_, '_>, name: &At<String>) {
    check_name(
        t,
        None,
        name,
        is_camel_ident,
        "a Rust type name: expected UpperCamelCase, e.g. `Address`",
    );
}
