//! Reading spec files into the model. Shape problems (unknown keys, wrong types, missing keys,
//! malformed values) are all reported here; cross-references are checked in `validate`.

use std::cell::RefCell;
use std::path::Path;

use toml::de::DeTable;

use crate::diag::{Diagnostics, Loc, SourceFile};
use crate::model::*;
use crate::names::{closest, is_camel_ident, is_snake_ident, upper_camel};
use crate::reader::{Table, Walk};

/// The file, relative to the spec directory, that describes the API.
pub const API_FILE: &str = "api.toml";
/// The directory, relative to the spec directory, whose `*.toml` files are scopes.
pub const SCOPES_DIR: &str = "scopes";

/// Builtin type names, for messages.
const BUILTIN_TYPES: &[&str] = &["string", "date", "timestamp", "seconds", "scope"];

/// Reads the files of the spec in `dir`: `api.toml`, then `scopes/*.toml` in name order.
/// `display` is how `dir` is shown in messages. A file that cannot be read is a diagnostic.
pub fn read_files(dir: &Path, display: &str) -> (Vec<SourceFile>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    let join = |name: &str| {
        if display.is_empty() || display == "." {
            name.to_owned()
        } else {
            format!("{}/{name}", display.trim_end_matches('/'))
        }
    };
    let api_path = dir.join(API_FILE);
    match std::fs::read_to_string(&api_path) {
        Ok(text) => files.push(SourceFile {
            display: join(API_FILE),
            absolute: absolute(&api_path),
            text,
        }),
        Err(e) => {
            diags.general(
                Some(join(API_FILE)),
                format!(
                    "missing spec file: cannot read `{}` ({e}); the spec directory must hold `{API_FILE}`, and scope files under `{SCOPES_DIR}/`",
                    api_path.display()
                ),
            );
            return (files, diags);
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir.join(SCOPES_DIR)) {
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let shown = join(&format!("{SCOPES_DIR}/{}", name.unwrap_or_default()));
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
    (files, diags)
}

/// Reads a spec from files already in memory: the API file first, then the scope files. The
/// flag says whether every file parsed as TOML (when one did not, cross-reference checks would
/// only mislead).
pub fn load_files(files: Vec<SourceFile>) -> (Spec, Diagnostics, bool) {
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
            read_api(&table, &mut spec);
        } else {
            read_scope(&table, index, &mut spec, &mut extensions);
        }
        table.finish();
    }
    let mut diags = diags.into_inner();
    apply_extensions(&mut spec, extensions, &mut diags);
    (spec, diags, parsed)
}

fn absolute(path: &Path) -> std::path::PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn req_description(t: &Table<'_, '_>) -> String {
    t.req_str(
        "description",
        "every item needs a description; it becomes the generated item's documentation",
    )
    .map(|d| d.value)
    .unwrap_or_default()
}

fn read_api(t: &Table<'_, '_>, spec: &mut Spec) {
    if let Some(api) = t.table("api") {
        spec.api.name = api
            .req_str("name", "the API's name, used in messages")
            .map(|s| s.value)
            .unwrap_or_default();
        spec.api.description = req_description(&api);
        spec.api.server_env = api.str("server_env").map(|s| s.value);
        api.finish();
    } else {
        t.error("missing table `[api]` (the API's `name` and `description`)");
    }

    if let Some(r) = t.table("replies") {
        spec.replies.status_key = r
            .req_str("status_key", "the key that names a reply's outcome")
            .map(|s| s.value)
            .unwrap_or_default();
        if let Some(e) = r.table("error") {
            let id_key = e.req_str("id_key", "the key holding an error's id");
            let text_key = e.req_str("text_key", "the key holding an error's text");
            for (k, v) in [("id_key", &id_key), ("text_key", &text_key)] {
                if let Some(v) = v {
                    check_snake(&e, k, v);
                }
            }
            spec.replies.error = ErrorShape {
                status: e
                    .req_str("status", "the status value of an error reply")
                    .map(|s| s.value)
                    .unwrap_or_default(),
                id_key: id_key.map(|s| s.value).unwrap_or_default(),
                text_key: text_key.map(|s| s.value).unwrap_or_default(),
                description: req_description(&e),
            };
            e.finish();
        } else {
            r.error("missing table `[replies.error]` (the shape of error replies)");
        }
        r.finish();
    } else {
        t.error("missing table `[replies]` (how a reply names its outcome)");
    }

    for (name, c) in t.named_tables("credentials") {
        check_snake_at(&c, &name);
        spec.credentials.push(Credential {
            description: req_description(&c),
            env: c.str("env").map(|s| s.value),
            name,
        });
        c.finish();
    }

    if let Some(cb) = t.table("callback") {
        let params = cb
            .array_of_tables("params")
            .into_iter()
            .map(|p| read_param(&p, None, false))
            .collect();
        spec.callback = Some(Callback {
            description: req_description(&cb),
            params,
            loc: cb.loc(),
        });
        cb.finish();
    }

    for (key, e) in t.named_tables("endpoints") {
        check_snake_at(&e, &key);
        let methods = match e.str_array("methods") {
            Some(list) => {
                let mut out = Vec::new();
                for m in list {
                    match m.value.as_str() {
                        "GET" => out.push(Method::Get),
                        "POST" => out.push(Method::Post),
                        other => e.error_at(
                            "methods",
                            m.loc.span.clone(),
                            format!("unknown method `{other}`; expected `GET` or `POST`"),
                        ),
                    }
                }
                if out.is_empty() {
                    e.error("`methods` is empty; list at least one of `GET`, `POST`");
                }
                out
            }
            None => {
                e.error(
                    "missing key `methods`: the HTTP methods it accepts, e.g. [\"POST\", \"GET\"]",
                );
                Vec::new()
            }
        };
        let path = e
            .req_str(
                "path",
                "every endpoint needs its path, e.g. `path = \"/v1/lookup/\"`",
            )
            .map(|p| {
                if !p.value.starts_with('/') {
                    e.error_at("path", p.loc.span.clone(), "a path starts with `/`");
                }
                p.value
            })
            .unwrap_or_default();
        let endpoint = Endpoint {
            summary: e
                .req_str("summary", "one line saying what the endpoint does")
                .map(|s| s.value)
                .unwrap_or_default(),
            description: req_description(&e),
            path,
            methods,
            idempotent: e.bool("idempotent", true),
            params: e
                .array_of_tables("params")
                .into_iter()
                .map(|p| read_param(&p, None, true))
                .collect(),
            success: e.table("success").map(|o| read_outcome(&o)),
            pending: e.table("pending").map(|o| read_outcome(&o)),
            errors: e
                .array_of_tables("errors")
                .into_iter()
                .map(|x| read_error(&x))
                .collect(),
            examples: e
                .array_of_tables("examples")
                .into_iter()
                .map(|x| read_example(&x, None))
                .collect(),
            sandbox: e
                .table("sandbox")
                .map(|t| read_sandbox(&t))
                .unwrap_or_default(),
            loc: e.loc(),
            key,
        };
        if endpoint.success.is_none() {
            e.error("missing table `success`: what the endpoint answers when it succeeds");
        }
        spec.endpoints.push(endpoint);
        e.finish();
    }
    read_types(t, spec);
}

fn read_types(t: &Table<'_, '_>, spec: &mut Spec) {
    for (name, e) in t.named_tables("enums") {
        check_camel_at(&e, &name);
        let values = e
            .array_of_tables("values")
            .into_iter()
            .map(|v| {
                let out = EnumValue {
                    wire: v
                        .req_str("wire", "the value as sent on the wire")
                        .unwrap_or_else(|| At::new(String::new(), v.loc())),
                    variant: v
                        .req_str("variant", "the Rust variant's name, e.g. `Male`")
                        .unwrap_or_else(|| At::new(String::new(), v.loc())),
                    description: req_description(&v),
                    path: v.path.clone(),
                };
                check_camel(&v, "variant", &out.variant);
                v.finish();
                out
            })
            .collect::<Vec<_>>();
        if values.is_empty() {
            e.error("an enum needs at least one `[[enums.NAME.values]]`");
        }
        spec.enums.push(EnumDef {
            description: req_description(&e),
            open: e.bool("open", true),
            values,
            name,
        });
        e.finish();
    }
    for (name, o) in t.named_tables("objects") {
        check_camel_at(&o, &name);
        let sensitive = o.bool("sensitive", false);
        spec.objects.push(ObjectDef {
            description: req_description(&o),
            fields: o
                .array_of_tables("fields")
                .into_iter()
                .map(|f| read_field(&f, sensitive))
                .collect(),
            name,
        });
        o.finish();
    }
}

/// What a scope file adds to an endpoint, applied once every file is read.
pub(crate) struct Extension {
    endpoint: At<String>,
    params: Vec<Param>,
    success: Vec<Field>,
    pending: Vec<Field>,
    examples: Vec<Example>,
    pending_loc: Option<Loc>,
}

fn read_scope(t: &Table<'_, '_>, file: usize, spec: &mut Spec, ext: &mut Vec<Extension>) {
    if let Some(s) = t.table("scope") {
        let name = s
            .req_str("name", "the scope's value on the wire, e.g. `formfilling`")
            .unwrap_or_else(|| At::new(String::new(), s.loc()));
        let variant = match s.str("variant") {
            Some(v) => {
                check_camel(&s, "variant", &v);
                v.value
            }
            None => {
                let derived = upper_camel(&name.value);
                if !name.value.is_empty() && !is_camel_ident(&derived) {
                    s.error_at("name", name.loc.span.clone(),
                        format!(
                            "the scope `{}` gives no usable Rust variant name (`{derived}`); set `variant`, e.g. `variant = \"MyScope\"`",
                            name.value
                        ),
                    );
                }
                derived
            }
        };
        spec.scopes.push(Scope {
            name,
            variant,
            description: req_description(&s),
            file,
        });
        s.finish();
    } else {
        t.error("a scope file needs a `[scope]` table with its `name` and `description`");
    }
    for (endpoint, e) in t.named_tables("extend") {
        let mut x = Extension {
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
        };
        if let Some(o) = e.table("success") {
            x.success = o
                .array_of_tables("fields")
                .into_iter()
                .map(|f| read_field(&f, false))
                .collect();
            o.finish();
        }
        if let Some(o) = e.table("pending") {
            x.pending_loc = Some(o.loc());
            x.pending = o
                .array_of_tables("fields")
                .into_iter()
                .map(|f| read_field(&f, false))
                .collect();
            o.finish();
        }
        ext.push(x);
        e.finish();
    }
    read_types(t, spec);
}

fn apply_extensions(spec: &mut Spec, extensions: Vec<Extension>, diags: &mut Diagnostics) {
    for x in extensions {
        let names: Vec<String> = spec.endpoints.iter().map(|e| e.key.value.clone()).collect();
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = closest(&x.endpoint.value, &known)
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        let Some(endpoint) = spec
            .endpoints
            .iter_mut()
            .find(|e| e.key.value == x.endpoint.value)
        else {
            diags.at(
                &x.endpoint.loc,
                format!("extend.{}", x.endpoint.value),
                format!(
                    "reference to an undefined endpoint `{}`{hint}; the API file defines {}",
                    x.endpoint.value,
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            continue;
        };
        endpoint.params.extend(x.params);
        endpoint.examples.extend(x.examples);
        if let Some(s) = endpoint.success.as_mut() {
            s.fields.extend(x.success);
        }
        match (endpoint.pending.as_mut(), x.pending_loc) {
            (Some(p), _) => p.fields.extend(x.pending),
            (None, Some(loc)) => diags.at(
                &loc,
                format!("extend.{}.pending", x.endpoint.value),
                format!(
                    "endpoint `{}` has no pending outcome to extend",
                    x.endpoint.value
                ),
            ),
            (None, None) => {}
        }
    }
}

fn read_param(p: &Table<'_, '_>, scope: Option<usize>, sources: bool) -> Param {
    let name = p
        .req_str(
            "name",
            "the parameter's Rust name (and wire name, unless `wire` is set)",
        )
        .unwrap_or_else(|| At::new(String::new(), p.loc()));
    check_snake(p, "name", &name);
    let wire = p.str("wire").unwrap_or_else(|| name.clone());
    let ty = read_type(p);
    let required = p.bool("required", false);
    let mut sensitive = p.bool("sensitive", false);
    let mut source = Source::Caller;
    if sources {
        let mut chosen: Vec<&str> = Vec::new();
        if let Some(v) = p.str("fixed") {
            chosen.push("fixed");
            source = Source::Fixed(v.value);
        }
        if let Some(c) = p.str("credential") {
            chosen.push("credential");
            source = Source::Credential(c);
            sensitive = true;
        }
        if p.bool("token", false) {
            chosen.push("token");
            source = Source::Token;
            sensitive = true;
        }
        if chosen.len() > 1 {
            p.error(format!(
                "conflicting keys {}: a parameter's value comes from one place only",
                chosen
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ));
        } else if let Some(k) = chosen.first().filter(|_| required) {
            p.error(format!(
                "`required` has no meaning with `{k}`: the client always sends this parameter"
            ));
        }
    }
    let out = Param {
        description: req_description(p),
        name,
        wire,
        ty,
        required,
        sensitive,
        source,
        scope,
        path: p.path.clone(),
        loc: p.loc(),
    };
    p.finish();
    out
}

fn read_type(t: &Table<'_, '_>) -> At<TypeRef> {
    let Some(text) = t.str("type") else {
        return At::new(TypeRef::String, t.loc());
    };
    match parse_type(&text.value) {
        Ok(ty) => At::new(ty, text.loc),
        Err(message) => {
            t.error_at("type", text.loc.span.clone(), message);
            At::new(TypeRef::String, text.loc)
        }
    }
}

/// Parses `string`, `date`, `list<scope>`, `Gender`...
pub fn parse_type(s: &str) -> Result<TypeRef, String> {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
        return match parse_type(inner)? {
            TypeRef::List(_) => Err("a list of lists is not supported".to_owned()),
            item => Ok(TypeRef::List(Box::new(item))),
        };
    }
    Ok(match s {
        "string" => TypeRef::String,
        "date" => TypeRef::Date,
        "timestamp" => TypeRef::Timestamp,
        "seconds" => TypeRef::Seconds,
        "scope" => TypeRef::Scope,
        other if is_camel_ident(other) => TypeRef::Named(other.to_owned()),
        other => {
            let hint = closest(other, BUILTIN_TYPES)
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown type `{other}`{hint}; expected one of `string`, `date`, `timestamp`, `seconds`, `scope`, `list<T>`, or the UpperCamelCase name of an enum or object of the spec"
            ));
        }
    })
}

fn read_field(f: &Table<'_, '_>, default_sensitive: bool) -> Field {
    let name = f
        .req_str(
            "name",
            "the key's Rust name (and wire key, unless `wire` is set)",
        )
        .unwrap_or_else(|| At::new(String::new(), f.loc()));
    check_snake(f, "name", &name);
    let role = f.str("role").and_then(|r| match r.value.as_str() {
        "token" => Some(At::new(Role::Token, r.loc)),
        "token_lifetime" => Some(At::new(Role::TokenLifetime, r.loc)),
        other => {
            f.error_at(
                "role",
                r.loc.span.clone(),
                format!("unknown role `{other}`; expected `token` or `token_lifetime`"),
            );
            None
        }
    });
    let out = Field {
        wire: f.str("wire").unwrap_or_else(|| name.clone()),
        ty: read_type(f),
        sensitive: f.bool("sensitive", default_sensitive),
        description: req_description(f),
        role,
        path: f.path.clone(),
        loc: f.loc(),
        name,
    };
    f.finish();
    out
}

fn read_outcome(o: &Table<'_, '_>) -> Outcome {
    let out = Outcome {
        status: o
            .req_str("status", "the status value that names this outcome")
            .unwrap_or_else(|| At::new(String::new(), o.loc())),
        default: o.bool("default", false),
        description: req_description(o),
        fields: o
            .array_of_tables("fields")
            .into_iter()
            .map(|f| read_field(&f, false))
            .collect(),
        loc: o.loc(),
    };
    o.finish();
    out
}

fn read_error(x: &Table<'_, '_>) -> ErrorEntry {
    let id = x
        .req_str("id", "the error id as sent, e.g. `id = \"02\"`")
        .unwrap_or_else(|| At::new(String::new(), x.loc()));
    if !id.value.is_empty() && !id.value.bytes().all(|b| b.is_ascii_digit()) {
        x.error_at(
            "id",
            id.loc.span.clone(),
            format!(
                "malformed error id `{}`: an id is a string of digits, e.g. \"02\"",
                id.value
            ),
        );
    }
    let variant = x
        .req_str(
            "variant",
            "the Rust variant's name, named from its meaning, e.g. `InvalidLicenceKey`",
        )
        .unwrap_or_else(|| At::new(String::new(), x.loc()));
    check_camel(x, "variant", &variant);
    let text = x
        .req_str(
            "type",
            "the documented error text; `{name}` marks a part that varies",
        )
        .unwrap_or_else(|| At::new(String::new(), x.loc()));
    let template = match parse_template(&text.value) {
        Ok(t) => t,
        Err(message) => {
            x.error_at("type", text.loc.span.clone(), message);
            vec![Piece::Lit(text.value.clone())]
        }
    };
    let example = x.str("example");
    if let Some(ex) = &example
        && capture(&template, &ex.value).is_none()
    {
        x.error_at(
            "example",
            ex.loc.span.clone(),
            format!(
                "the template placeholder does not match: `{}` does not fit the template `{}`",
                ex.value, text.value
            ),
        );
    }
    let out = ErrorEntry {
        description: req_description(x),
        retryable: x.bool("retryable", false),
        id,
        variant,
        text,
        template,
        example,
        path: x.path.clone(),
    };
    x.finish();
    out
}

/// Situations the sandbox tells apart, answered with one documented error each.
pub const SANDBOX_SITUATIONS: &[&str] = &[
    "missing_parameter",
    "fixed_mismatch",
    "invalid_value",
    "invalid_scope",
    "invalid_token",
    "consent_wrong_code",
    "consent_declined",
];

/// Situations keyed by a credential or a parameter name.
pub const SANDBOX_KEYED: &[&str] = &["credentials", "empty"];

fn read_sandbox(t: &Table<'_, '_>) -> Vec<(String, At<String>)> {
    let mut out = Vec::new();
    for &key in SANDBOX_SITUATIONS {
        if let Some(id) = t.str(key) {
            out.push((key.to_owned(), id));
        }
    }
    for &key in SANDBOX_KEYED {
        for (name, sub) in t.named_values(key) {
            match sub {
                Some(id) => out.push((format!("{key}:{}", name.value), id)),
                None => t.error_at(
                    key,
                    name.loc.span.clone(),
                    "expected an error id as a string",
                ),
            }
        }
    }
    t.finish();
    out
}

fn read_example(x: &Table<'_, '_>, scope: Option<usize>) -> Example {
    let out = Example {
        name: x
            .req_str("name", "a name for the example")
            .map(|s| s.value)
            .unwrap_or_default(),
        body: x
            .req_str("body", "the reply's JSON body")
            .map(|s| s.value)
            .unwrap_or_default(),
        scope,
    };
    x.finish();
    out
}

/// Splits `operator {operator} not found` into pieces.
pub fn parse_template(s: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err(format!(
                "malformed template `{s}`: `}}` without a matching `{{`"
            ));
        }
        if open > 0 {
            pieces.push(Piece::Lit(rest[..open].to_owned()));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!(
                "malformed template `{s}`: `{{` without a matching `}}`"
            ));
        };
        let name = &after[..close];
        if !is_snake_ident(name) {
            return Err(format!(
                "malformed template placeholder `{{{name}}}` in `{s}`: a placeholder is a snake_case name, e.g. `{{operator}}`"
            ));
        }
        if matches!(pieces.last(), Some(Piece::Hole(_))) {
            return Err(format!(
                "malformed template `{s}`: two placeholders side by side cannot be told apart"
            ));
        }
        if pieces.contains(&Piece::Hole(name.to_owned())) {
            return Err(format!(
                "malformed template `{s}`: placeholder `{{{name}}}` appears twice"
            ));
        }
        pieces.push(Piece::Hole(name.to_owned()));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Lit(rest.to_owned()));
    }
    Ok(pieces)
}

/// Matches a text against a template; returns the captured values.
pub fn capture<'t>(template: &[Piece], text: &'t str) -> Option<Vec<&'t str>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut i = 0;
    while i < template.len() {
        match &template[i] {
            Piece::Lit(l) => rest = rest.strip_prefix(l.as_str())?,
            Piece::Hole(_) => {
                let value = match template.get(i + 1) {
                    Some(Piece::Lit(next)) => {
                        let at = rest.find(next.as_str())?;
                        let v = &rest[..at];
                        rest = &rest[at..];
                        v
                    }
                    _ => std::mem::take(&mut rest),
                };
                if value.is_empty() {
                    return None;
                }
                out.push(value);
            }
        }
        i += 1;
    }
    rest.is_empty().then_some(out)
}

fn check_snake(t: &Table<'_, '_>, key: &str, name: &At<String>) {
    if !name.value.is_empty() && !is_snake_ident(&name.value) {
        t.error_at(key, name.loc.span.clone(),
            format!(
                "`{}` is not usable as a Rust name: expected a snake_case identifier that is not a keyword (set `wire` to keep another name on the wire)",
                name.value
            ),
        );
    }
}

fn check_snake_at(t: &Table<'_, '_>, name: &At<String>) {
    if !is_snake_ident(&name.value) {
        t.walk.error(name.loc.span.clone(), &t.path,
            format!(
                "`{}` is not usable as a name: expected a snake_case identifier that is not a Rust keyword",
                name.value
            ),
        );
    }
}

fn check_camel(t: &Table<'_, '_>, key: &str, name: &At<String>) {
    if !name.value.is_empty() && !is_camel_ident(&name.value) {
        t.error_at(key, name.loc.span.clone(),
            format!(
                "`{}` is not usable as a Rust type or variant name: expected UpperCamelCase, e.g. `InvalidLicenceKey`",
                name.value
            ),
        );
    }
}

fn check_camel_at(t: &Table<'_, '_>, name: &At<String>) {
    if !is_camel_ident(&name.value) {
        t.walk.error(
            name.loc.span.clone(),
            &t.path,
            format!(
                "`{}` is not usable as a Rust type name: expected UpperCamelCase, e.g. `Address`",
                name.value
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let t = parse_template("operator {operator} not found").unwrap();
        assert_eq!(capture(&t, "operator SFR not found"), Some(vec!["SFR"]));
        assert_eq!(capture(&t, "operator not found"), None);
        assert_eq!(capture(&t, "opérateur SFR introuvable"), None);
        let t = parse_template("scope not supported by this operator {operator} yet").unwrap();
        assert_eq!(
            capture(
                &t,
                "scope not supported by this operator Bouygues Telecom yet"
            ),
            Some(vec!["Bouygues Telecom"])
        );
        let t = parse_template("{a} at end").unwrap();
        assert_eq!(capture(&t, "x at end"), Some(vec!["x"]));
        let t = parse_template("end {a}").unwrap();
        assert_eq!(capture(&t, "end x y"), Some(vec!["x y"]));
        assert!(parse_template("operator {operator not found").is_err());
        assert!(parse_template("operator {Operator} not found").is_err());
        assert!(parse_template("operator } not found").is_err());
        assert!(parse_template("{a}{b}").is_err());
        assert!(parse_template("{a} {a}").is_err());
    }

    #[test]
    fn types() {
        assert_eq!(parse_type("string"), Ok(TypeRef::String));
        assert_eq!(
            parse_type("list<scope>"),
            Ok(TypeRef::List(Box::new(TypeRef::Scope)))
        );
        assert_eq!(parse_type("Gender"), Ok(TypeRef::Named("Gender".into())));
        assert!(
            parse_type("strng")
                .unwrap_err()
                .contains("did you mean `string`")
        );
        assert!(parse_type("list<list<string>>").is_err());
    }
}
