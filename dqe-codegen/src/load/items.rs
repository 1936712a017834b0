//! The items the API file and the scope files share: parameters, fields, outcomes, error
//! tables, sandbox situations, examples, enums and objects.

use super::{check_camel, check_camel_at, check_snake, read_variant, req_description};
use crate::model::*;
use crate::names::backticked;
use crate::reader::Table;
use crate::template;
use crate::types::parse_type;

/// A parameter (`[[...params]]`). `sources`: whether it may take its value from elsewhere than
/// the caller (`fixed`, `credential`, `token`).
pub(super) fn read_param(p: &Table<'_, '_>, scope: Option<usize>, sources: bool) -> Param {
    let name = p.req_at(
        "name",
        "the parameter's Rust name (and wire name, unless `wire` is set)",
    );
    check_snake(p, "name", &name);
    let wire = p.str("wire").unwrap_or_else(|| name.clone());
    let ty = read_type(p);
    let required = p.bool("required", false);
    let mut sensitive = p.bool("sensitive", false);
    let source = if sources {
        read_source(p, required, &mut sensitive)
    } else {
        Source::Caller
    };
    let default = p.str("default");
    if let (Some(d), true) = (&default, required) {
        p.error_at(
            "default",
            d.loc.span.clone(),
            "`required` has no meaning with `default`: the default is sent when the caller sets none",
        );
    }
    let out = Param {
        description: req_description(p),
        name,
        wire,
        ty,
        required,
        sensitive,
        source,
        default,
        by_scope: p.bool("by_scope", false),
        role: p.str("role").and_then(|r| {
            let found = ParamRole::ALL.iter().find(|(k, _)| *k == r.value);
            if found.is_none() {
                p.error_at(
                    "role",
                    r.loc.span.clone(),
                    format!(
                        "unknown role `{}`; expected `phone`, `partner` or `redirect`",
                        r.value
                    ),
                );
            }
            found.map(|(_, role)| At::new(*role, r.loc.clone()))
        }),
        scope,
        path: p.path.clone(),
        loc: p.loc(),
    };
    p.finish();
    out
}

/// Where a parameter's value comes from: one of `fixed`, `credential` and `token`, or the
/// caller. A credential or the token is always sensitive.
fn read_source(p: &Table<'_, '_>, required: bool, sensitive: &mut bool) -> Source {
    let mut source = Source::Caller;
    let mut chosen: Vec<&str> = Vec::new();
    if let Some(v) = p.str("fixed") {
        chosen.push("fixed");
        source = Source::Fixed(v);
    }
    if let Some(c) = p.str("credential") {
        chosen.push("credential");
        source = Source::Credential(c);
        *sensitive = true;
    }
    if p.bool("token", false) {
        chosen.push("token");
        source = Source::Token;
        *sensitive = true;
    }
    if chosen.len() > 1 {
        p.error(format!(
            "conflicting keys {}: a parameter's value comes from one place only",
            backticked(chosen.iter().copied(), " and ")
        ));
    } else if let Some(k) = chosen.first().filter(|_| required) {
        p.error(format!(
            "`required` has no meaning with `{k}`: the client always sends this parameter"
        ));
    }
    source
}

/// The optional `type` of a parameter or field (`string` when absent or wrong).
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

/// A key of a reply or an object (`[[...fields]]`). `default_sensitive`: its `sensitive` when
/// the spec says nothing (the object's), unless its type is sensitive by default.
fn read_field(f: &Table<'_, '_>, default_sensitive: bool) -> Field {
    let name = f.req_at(
        "name",
        "the key's Rust name (and wire key, unless `wire` is set)",
    );
    check_snake(f, "name", &name);
    let role = f.str("role").and_then(|r| match r.value.as_str() {
        "token" => Some(At::new(Role::Token, r.loc)),
        "token_lifetime" => Some(At::new(Role::TokenLifetime, r.loc)),
        "postal_lines" => Some(At::new(Role::PostalLines, r.loc)),
        other => {
            f.error_at(
                "role",
                r.loc.span.clone(),
                format!(
                    "unknown role `{other}`; expected `token`, `token_lifetime` or `postal_lines`"
                ),
            );
            None
        }
    });
    let ty = read_type(f);
    // A document is personal data whatever the object holding it says.
    let sensitive = f.bool(
        "sensitive",
        default_sensitive || ty.value.sensitive_by_default(),
    );
    let out = Field {
        wire: f.str("wire").unwrap_or_else(|| name.clone()),
        ty,
        sensitive,
        description: req_description(f),
        role,
        example: f.str("example").map(|e| e.value),
        page_unnamed_row: f.str("page_unnamed_row").map(|e| e.value),
        scope: None,
        path: f.path.clone(),
        loc: f.loc(),
        name,
    };
    f.finish();
    out
}

/// The `[[fields]]` of a table; `default_sensitive` is their default `sensitive`.
pub(super) fn read_fields(t: &Table<'_, '_>, default_sensitive: bool) -> Vec<Field> {
    t.array_of_tables("fields")
        .into_iter()
        .map(|f| read_field(&f, default_sensitive))
        .collect()
}

/// An endpoint's `success` or `pending`.
pub(super) fn read_outcome(o: &Table<'_, '_>) -> OutcomeSpec {
    let out = OutcomeSpec {
        status: o.req_at("status", "the status value that names this outcome"),
        default: o.bool("default", false),
        description: req_description(o),
        fields: read_fields(o, false),
        without_status_keys: Vec::new(),
        loc: o.loc(),
    };
    o.finish();
    out
}

/// The `outcome` of an error row: one of [`CustomerOutcome::ALL`], by its spec value.
fn read_customer_outcome(x: &Table<'_, '_>) -> Option<At<CustomerOutcome>> {
    let outcome = x.str("outcome")?;
    if let Some(known) = CustomerOutcome::from_spec_value(&outcome.value) {
        return Some(At::new(known, outcome.loc));
    }
    let values = CustomerOutcome::ALL.map(|(value, _)| value);
    x.error_at(
        "outcome",
        outcome.loc.span.clone(),
        format!(
            "unknown outcome `{}`{}; expected one of {}",
            outcome.value,
            crate::names::did_you_mean(&outcome.value, &values),
            crate::names::backticked(values, ", ")
        ),
    );
    None
}

/// A row of an endpoint's error table (`[[...errors]]`).
pub(super) fn read_error(x: &Table<'_, '_>) -> ErrorEntry {
    let id = x.req_at("id", "the error id as sent, e.g. `id = \"02\"`");
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
    let variant = x.req_at(
        "variant",
        "the Rust variant's name, named from its meaning, e.g. `InvalidLicenceKey`",
    );
    check_camel(x, "variant", &variant);
    let text = x.req_at(
        "type",
        "the documented error text; `{name}` marks a part that varies",
    );
    let template = match template::parse(&text.value) {
        Ok(t) => t,
        Err(message) => {
            x.error_at("type", text.loc.span.clone(), message);
            vec![Piece::Lit(text.value.clone())]
        }
    };
    let example = x.str("example");
    if let Some(ex) = &example
        && template::capture(&template, &ex.value).is_none()
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
        outcome: read_customer_outcome(x),
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

/// An endpoint's `[sandbox]`: which documented error answers which situation. Keyed
/// situations name a credential (`credentials`), a parameter (`empty`, `not_json`) or a
/// parameter and one of its JSON keys (`missing_key = { user_infos = { phone = "07" } }`).
pub(super) fn read_sandbox(t: &Table<'_, '_>) -> Vec<(Situation, At<String>)> {
    let mut out = Vec::new();
    for (key, situation) in Situation::PLAIN {
        if let Some(id) = t.str(key) {
            out.push((situation, id));
        }
    }
    type Keyed = (&'static str, fn(String) -> Situation);
    let keyed: [Keyed; 3] = [
        ("credentials", Situation::Credential),
        ("empty", Situation::Empty),
        ("not_json", Situation::NotJson),
    ];
    for (key, make) in keyed {
        for (name, sub) in t.named_values(key) {
            match sub {
                Some(id) => out.push((make(name.value), id)),
                None => t.error_at(
                    key,
                    name.loc.span.clone(),
                    "expected an error id as a string",
                ),
            }
        }
    }
    for (param, keys) in t.named_tables("missing_key") {
        for (name, sub) in keys.named_values_here() {
            match sub {
                Some(id) => out.push((Situation::MissingKey(param.value.clone(), name.value), id)),
                None => keys.error_at(
                    &name.value,
                    name.loc.span.clone(),
                    "expected an error id as a string",
                ),
            }
        }
        keys.finish();
    }
    t.finish();
    out
}

/// An example reply (`[[...examples]]`).
pub(super) fn read_example(x: &Table<'_, '_>, scope: Option<usize>) -> Example {
    let out = Example {
        name: x.req_text("name", "a name for the example"),
        body: x.req_text("body", "the reply's JSON body"),
        scope,
        loc: x.loc(),
    };
    x.finish();
    out
}

/// `[enums.NAME]` and `[objects.NAME]`, which the API file and the scope files may both hold.
pub(super) fn read_types(t: &Table<'_, '_>, spec: &mut Spec) {
    for (name, e) in t.named_tables("enums") {
        check_camel_at(&e, &name);
        let values = e
            .array_of_tables("values")
            .into_iter()
            .map(|v| read_enum_value(&v))
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
            fields: read_fields(&o, sensitive),
            name,
        });
        o.finish();
    }
}

/// A value of an enum (`[[enums.NAME.values]]`); its `variant`, when left out, is derived
/// from its wire value, as a scope's is.
fn read_enum_value(v: &Table<'_, '_>) -> EnumValue {
    let wire = v.req_at("wire", "the value as sent on the wire");
    let variant = read_variant(v, "wire", &wire, "value");
    let out = EnumValue {
        wire,
        variant: variant.name,
        variant_derived: variant.derived,
        description: req_description(v),
        path: v.path.clone(),
    };
    v.finish();
    out
}
