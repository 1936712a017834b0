//! The scopes (the `Scope` enum and the builder's scope methods) and the spec's enums, value by
//! value.

use dqe_codegen::model::{EnumDef, PageNote, Scope, Spec};
use dqe_codegen::support::{SCOPE_TYPE, scope_method};

use super::Verdict::{self, Major, Minor, Patch};
use super::{Cx, Draft, Kind, pair, reordered, tick};

/// The scopes, by wire value.
pub(super) fn compare(cx: &mut Cx<'_>) {
    let (old, new) = (cx.old, cx.new);
    let item = SCOPE_TYPE;
    let paired = pair(&old.scopes, &new.scopes, |s| s.name.value.clone());
    for s in paired.added {
        let message = format!("{} is a new scope", tick(&s.name.value));
        let draft = Draft::new(Kind::ScopeAdded, &s.name.value, item, message);
        let why = format!(
            "a new variant of `{item}`, which is `#[non_exhaustive]`, and a new builder method, `.{}(..)`",
            scope_method(s)
        );
        cx.push(draft, (None, Some((&s.name.loc, "scope.name"))), Minor, why);
    }
    for s in paired.removed {
        let message = format!("the scope {} is removed", tick(&s.name.value));
        let draft = Draft::new(Kind::ScopeRemoved, &s.name.value, item, message);
        let why = format!(
            "the variant `{item}::{}` and the builder method `.{}(..)` are gone",
            s.variant,
            scope_method(s)
        );
        cx.push(draft, (Some((&s.name.loc, "scope.name")), None), Major, why);
    }
    for (o, n) in paired.both {
        scope(cx, o, n);
        requires(cx, o, n);
        super::scope_errors::compare(cx, o, n);
    }
    if reordered(&old.scopes, &new.scopes, |s| s.name.value.clone())
        && let (Some(o), Some(n)) = (old.scopes.first(), new.scopes.first())
    {
        let message = "the scopes come in another order (their files' names)".to_owned();
        let draft = Draft::new(Kind::OrderChanged, item, item, message);
        let sides = (Some((&o.name.loc, "scope")), Some((&n.name.loc, "scope")));
        let why = format!("`{item}::ALL` lists them in another order; no item changes");
        cx.push(draft, sides, Patch, why);
    }
}

/// What the spec says of DQE's pages for a scope, comparable across specs.
fn page_notes(notes: &[PageNote]) -> Vec<String> {
    notes
        .iter()
        .map(|n| {
            let fixed: Vec<String> = n
                .fixed
                .iter()
                .map(|(k, v)| format!("{}={}", k.value, v.value))
                .collect();
            let unlisted: Vec<&str> = n.unlisted_keys.iter().map(|k| k.value.as_str()).collect();
            format!(
                "{}|{}|{}|{}",
                n.endpoint.value,
                fixed.join(","),
                n.replies_of.as_ref().map_or("", |r| r.value.as_str()),
                unlisted.join(",")
            )
        })
        .collect()
}

/// One scope on both sides.
fn scope(cx: &mut Cx<'_>, o: &Scope, n: &Scope) {
    let wire = &n.name.value;
    let item = SCOPE_TYPE;
    let mut found: Vec<(Kind, String, Verdict, String)> = Vec::new();
    if o.variant != n.variant {
        let message = format!(
            "the scope {} is `{item}::{}`, was `{item}::{}`",
            tick(wire),
            n.variant,
            o.variant
        );
        let why = format!(
            "the variant `{item}::{}` and the builder method `.{}(..)` are gone",
            o.variant,
            scope_method(o)
        );
        found.push((Kind::ScopeVariantChanged, message, Major, why));
    }
    if o.one_step != n.one_step {
        let message = format!(
            "the scope {} is {}answered at step 1",
            tick(wire),
            if n.one_step { "" } else { "no longer " }
        );
        let why = "the same request gives its result at once, or a consent to follow, where it gave the other".to_owned();
        found.push((Kind::OneStepChanged, message, Major, why));
    }
    let mut patch = |kind, message: String, why: &str| {
        found.push((kind, message, Patch, why.to_owned()));
    };
    if o.default != n.default {
        let message = format!(
            "the scope {} is {}asked for when none is named",
            tick(wire),
            if n.default { "" } else { "no longer " }
        );
        patch(
            Kind::DefaultScopeChanged,
            message,
            "`Scope::DEFAULT` holds other values; no item changes",
        );
    }
    if page_notes(&o.page_notes) != page_notes(&n.page_notes) {
        let message = format!("what the scope {} says of DQE's page changed", tick(wire));
        patch(
            Kind::PageNoteChanged,
            message,
            "read by `dqe spec drift` only",
        );
    }
    if o.description != n.description {
        let message = format!("the description of the scope {} changed", tick(wire));
        patch(Kind::DescriptionChanged, message, "documentation only");
    }
    if customer_texts(o) != customer_texts(n) {
        let message = format!(
            "what the customer reads of the scope {} where they consent changed",
            tick(wire)
        );
        patch(
            Kind::CustomerTextChanged,
            message,
            "the consent page's words (`ScopeInfo::customer_text`); no item changes",
        );
    }
    let sides = (
        Some((&o.name.loc, "scope.name")),
        Some((&n.name.loc, "scope.name")),
    );
    for (kind, message, verdict, why) in found {
        cx.push(Draft::new(kind, wire, item, message), sides, verdict, why);
    }
}

/// A scope's `customer_text`, by language, in any order.
fn customer_texts(s: &Scope) -> Vec<(&str, &str)> {
    let mut t: Vec<_> = s
        .customer_text
        .iter()
        .map(|(l, t)| (l.value.as_str(), t.as_str()))
        .collect();
    t.sort();
    t
}

/// The arguments of a scope's builder method ([`Spec::method_arguments`]) that both specs
/// have as parameters of the endpoint scopes are chosen on: a parameter added or removed is
/// reported as such, and says what it does to the method.
fn arguments(spec: &Spec, other: &Spec, s: &Scope) -> Vec<String> {
    let (Some(e), Some(e2)) = (spec.scope_chooser(), other.scope_chooser()) else {
        return Vec::new();
    };
    spec.method_arguments(e, s)
        .into_iter()
        .filter(|p| e2.params.iter().any(|q| q.name.value == p.name.value))
        .map(|p| p.name.value.clone())
        .collect()
}

/// What a scope requires, its builder method's arguments.
fn requires(cx: &mut Cx<'_>, o: &Scope, n: &Scope) {
    let (before, after) = (arguments(cx.old, cx.new, o), arguments(cx.new, cx.old, n));
    if before == after {
        return;
    }
    let method = scope_method(n);
    let list = |a: &[String]| format!("`.{method}({})`", a.join(", "));
    let message = format!(
        "the scope {} requires {}, was {}",
        tick(&n.name.value),
        list(&after),
        list(&before)
    );
    let why = format!(
        "`.{method}(..)` takes other arguments: a call written for the old ones no longer compiles"
    );
    let draft = Draft::new(
        Kind::ScopeRequiresChanged,
        &n.name.value,
        SCOPE_TYPE,
        message,
    );
    let sides = (
        Some((&o.name.loc, "scope.requires")),
        Some((&n.name.loc, "scope.requires")),
    );
    cx.push(draft, sides, Major, why);
}

/// The spec's enums, by name, and their values, by wire value.
pub(super) fn compare_enums(cx: &mut Cx<'_>) {
    let (old, new) = (cx.old, cx.new);
    let paired = pair(&old.enums, &new.enums, |e: &EnumDef| e.name.value.clone());
    for e in paired.added {
        let name = &e.name.value;
        let key = format!("enums.{name}");
        let draft = Draft::new(
            Kind::EnumAdded,
            name,
            name,
            format!("{} is a new enum", tick(name)),
        );
        cx.push(
            draft,
            (None, Some((&e.name.loc, &key))),
            Minor,
            format!("a new type, `{name}`"),
        );
    }
    for e in paired.removed {
        let name = &e.name.value;
        let key = format!("enums.{name}");
        let message = format!("the enum {} is removed", tick(name));
        let draft = Draft::new(Kind::EnumRemoved, name, name, message);
        let why = format!("the type `{name}` is gone");
        cx.push(draft, (Some((&e.name.loc, &key)), None), Major, why);
    }
    for (o, n) in paired.both {
        enum_both(cx, o, n);
    }
}

fn enum_both(cx: &mut Cx<'_>, o: &EnumDef, n: &EnumDef) {
    let name = &n.name.value;
    let key = format!("enums.{name}");
    let sides = (
        Some((&o.name.loc, key.as_str())),
        Some((&n.name.loc, key.as_str())),
    );
    if o.open != n.open {
        let message = format!(
            "the enum {} {} the values it does not list",
            tick(name),
            if n.open { "keeps" } else { "no longer keeps" }
        );
        let why = format!(
            "the variant `{name}::Other` comes or goes, and `as_str()` changes its signature"
        );
        cx.push(
            Draft::new(Kind::EnumOpenChanged, name, name, message),
            sides,
            Major,
            why,
        );
    }
    if o.description != n.description {
        let message = format!("the description of {} changed", tick(name));
        let draft = Draft::new(Kind::DescriptionChanged, name, name, message);
        cx.push(draft, sides, Patch, "documentation only");
    }
    if reordered(&o.values, &n.values, |v| v.wire.value.clone()) {
        let message = format!("the values of {} come in another order", tick(name));
        let draft = Draft::new(Kind::OrderChanged, name, name, message);
        let why = format!("`{name}::ALL` lists them in another order; no item changes");
        cx.push(draft, sides, Patch, why);
    }
    let paired = pair(&o.values, &n.values, |v| v.wire.value.clone());
    for v in paired.added {
        let (verdict, why) = if n.open {
            (
                Minor,
                format!("a new variant of `{name}`, which is `#[non_exhaustive]`"),
            )
        } else {
            (
                Major,
                format!(
                    "a new variant of `{name}`, a closed enum matched exhaustively: a `match` without it no longer compiles"
                ),
            )
        };
        let message = format!("{} is a new value of {}", tick(&v.wire.value), tick(name));
        let draft = Draft::new(Kind::ValueAdded, &v.wire.value, name, message);
        cx.push(draft, (None, Some((&v.wire.loc, &v.path))), verdict, why);
    }
    for v in paired.removed {
        let message = format!(
            "the value {} of {} is removed",
            tick(&v.wire.value),
            tick(name)
        );
        let draft = Draft::new(Kind::ValueRemoved, &v.wire.value, name, message);
        let why = format!("the variant `{name}::{}` is gone", v.variant.value);
        cx.push(draft, (Some((&v.wire.loc, &v.path)), None), Major, why);
    }
    for (a, b) in paired.both {
        let sides = (
            Some((&a.wire.loc, a.path.as_str())),
            Some((&b.wire.loc, b.path.as_str())),
        );
        let wire = &b.wire.value;
        if a.variant.value != b.variant.value {
            let message = format!(
                "the value {} of {} is the variant {}, was {}",
                tick(wire),
                tick(name),
                tick(&b.variant.value),
                tick(&a.variant.value)
            );
            let why = format!("the variant `{name}::{}` is gone", a.variant.value);
            cx.push(
                Draft::new(Kind::ValueVariantChanged, wire, name, message),
                sides,
                Major,
                why,
            );
        }
        if a.description != b.description {
            let message = format!(
                "the description of the value {} of {} changed",
                tick(wire),
                tick(name)
            );
            let draft = Draft::new(Kind::DescriptionChanged, wire, name, message);
            cx.push(draft, sides, Patch, "documentation only");
        }
    }
}
