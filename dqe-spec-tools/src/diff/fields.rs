//! What replies hold: each endpoint's outcomes (success, pending) and the spec's objects, key
//! by key. A key is a public field of a generated struct, matched by its Rust name; the wire
//! key it reads is what makes the same reply read the same.

use dqe_codegen::model::{Endpoint, Field, ObjectDef, OutcomeSpec, Role};
use dqe_codegen::support::{EndpointNames, type_name};

use super::Verdict::{self, Major, Minor, Patch};
use super::endpoints::scope_name;
use super::{Cx, Draft, Kind, Sides, pair, reordered, tick, tick_or_none};

/// The success and pending outcomes of one endpoint on both sides.
pub(super) fn compare_outcomes(cx: &mut Cx<'_>, o: &Endpoint, n: &Endpoint) {
    let names = EndpointNames::new(n);
    let outcomes = [
        ("success", &o.success, &n.success, &names.success),
        ("pending", &o.pending, &n.pending, &names.pending),
    ];
    for (which, was, now, item) in outcomes {
        let path = format!("endpoints.{}.{which}", n.key.value);
        match (was, now) {
            (None, None) => {}
            (None, Some(x)) => {
                let message = format!("{} has a {which} outcome", tick(&n.key.value));
                let draft = Draft::new(Kind::OutcomeAdded, which, item, message);
                let why = format!(
                    "a new type, `{item}`, and a new variant of `{}`, which is `#[non_exhaustive]`",
                    names.reply
                );
                cx.push(draft, (None, Some((&x.loc, &path))), Minor, why);
            }
            (Some(x), None) => {
                let message = format!("the {which} outcome of {} is removed", tick(&o.key.value));
                let draft = Draft::new(Kind::OutcomeRemoved, which, item, message);
                let why = format!(
                    "the type `{item}` and its variant of `{}` are gone",
                    names.reply
                );
                cx.push(draft, (Some((&x.loc, &path)), None), Major, why);
            }
            (Some(a), Some(b)) => outcome(cx, item, &path, a, b),
        }
    }
}

/// One outcome on both sides: how a reply is recognised as it, then its keys.
fn outcome(cx: &mut Cx<'_>, item: &str, path: &str, o: &OutcomeSpec, n: &OutcomeSpec) {
    let sides = (Some((&o.loc, path)), Some((&n.loc, path)));
    let same_reply = "the same reply reads as another outcome";
    let mut found: Vec<(Kind, String, Verdict, &str)> = Vec::new();
    if o.status.value != n.status.value {
        let message = format!(
            "`{item}` is the status {}, was {}",
            tick(&n.status.value),
            tick(&o.status.value)
        );
        found.push((Kind::StatusChanged, message, Major, same_reply));
    }
    if o.default != n.default {
        let message = format!(
            "a reply without a status is {}`{item}`",
            if n.default { "" } else { "no longer " }
        );
        found.push((Kind::OutcomeDefaultChanged, message, Major, same_reply));
    }
    let keys = |x: &OutcomeSpec| {
        let mut k = x.without_status_keys.clone();
        k.sort();
        k
    };
    if keys(o) != keys(n) {
        let message = format!("which keys make a reply without a status `{item}` changed");
        found.push((Kind::WithoutStatusChanged, message, Major, same_reply));
    }
    if o.description != n.description {
        let message = format!("the description of `{item}` changed");
        found.push((
            Kind::DescriptionChanged,
            message,
            Patch,
            "documentation only",
        ));
    }
    for (kind, message, verdict, why) in found {
        cx.push(Draft::new(kind, item, item, message), sides, verdict, why);
    }
    compare_keys(cx, item, sides, &o.fields, &n.fields);
}

/// The spec's objects, by name, and their keys.
pub(super) fn compare_objects(cx: &mut Cx<'_>) {
    let (old, new) = (cx.old, cx.new);
    let paired = pair(&old.objects, &new.objects, |x: &ObjectDef| {
        x.name.value.clone()
    });
    for x in paired.added {
        let name = &x.name.value;
        let message = format!("{} is a new object", tick(name));
        let key = format!("objects.{name}");
        let draft = Draft::new(Kind::ObjectAdded, name, name, message);
        cx.push(
            draft,
            (None, Some((&x.name.loc, &key))),
            Minor,
            format!("a new type, `{name}`"),
        );
    }
    for x in paired.removed {
        let name = &x.name.value;
        let message = format!("the object {} is removed", tick(name));
        let key = format!("objects.{name}");
        let draft = Draft::new(Kind::ObjectRemoved, name, name, message);
        let why = format!("the type `{name}` is gone");
        cx.push(draft, (Some((&x.name.loc, &key)), None), Major, why);
    }
    for (o, n) in paired.both {
        let name = &n.name.value;
        let key = format!("objects.{name}");
        let sides = (
            Some((&o.name.loc, key.as_str())),
            Some((&n.name.loc, key.as_str())),
        );
        if o.description != n.description {
            let message = format!("the description of {} changed", tick(name));
            let draft = Draft::new(Kind::DescriptionChanged, name, name, message);
            cx.push(draft, sides, Patch, "documentation only");
        }
        compare_keys(cx, name, sides, &o.fields, &n.fields);
    }
}

/// The keys of one struct (`item`, written at `sides`) on both sides: by Rust name, and a field
/// whose Rust name changed as a rename when its wire key stayed.
fn compare_keys(cx: &mut Cx<'_>, item: &str, sides: Sides<'_>, old: &[Field], new: &[Field]) {
    if reordered(old, new, |f| f.name.value.clone()) {
        let message = format!("the keys of `{item}` come in another order");
        let draft = Draft::new(Kind::OrderChanged, item, item, message);
        let why = "written back in another order; no item changes";
        cx.push(draft, sides, Patch, why);
    }
    let paired = pair(old, new, |f| f.name.value.clone());
    let mut added = paired.added;
    let mut removed = Vec::new();
    for r in paired.removed {
        match added.iter().position(|a| a.wire.value == r.wire.value) {
            Some(i) => {
                let a = added.remove(i);
                let message = format!(
                    "the key {} of `{item}` is the field {}, was {}",
                    tick(&a.wire.value),
                    tick(&a.name.value),
                    tick(&r.name.value)
                );
                let draft = Draft::new(Kind::FieldRenamed, &a.name.value, item, message);
                let why = format!("the field `{item}::{}` is gone", r.name.value);
                let sides = (
                    Some((&r.loc, r.path.as_str())),
                    Some((&a.loc, a.path.as_str())),
                );
                cx.push(draft, sides, Major, why);
            }
            None => removed.push(r),
        }
    }
    for f in added {
        let message = format!("{} is a new key of `{item}`", tick(&f.name.value));
        let draft = Draft::new(Kind::KeyAdded, &f.name.value, item, message);
        let why = format!("a new field of `{item}`, which is `#[non_exhaustive]`");
        cx.push(draft, (None, Some((&f.loc, &f.path))), Minor, why);
    }
    for f in removed {
        let message = format!("the key {} of `{item}` is removed", tick(&f.name.value));
        let draft = Draft::new(Kind::KeyRemoved, &f.name.value, item, message);
        let why = format!("the field `{item}::{}` is gone", f.name.value);
        cx.push(draft, (Some((&f.loc, &f.path)), None), Major, why);
    }
    for (o, n) in paired.both {
        field(cx, item, o, n);
    }
}

/// What a change of role does: `postal_lines` gives the object a method; the token's roles
/// tell the client where its token is.
fn role_verdict(was: Option<Role>, now: Option<Role>) -> (Verdict, String) {
    match (was, now) {
        (None, Some(Role::PostalLines)) => (Minor, "a new method, `postal_lines()`".to_owned()),
        (Some(Role::PostalLines), None) => {
            (Major, "the method `postal_lines()` is gone".to_owned())
        }
        _ => (
            Major,
            "the client reads its token otherwise: the same reply reads differently".to_owned(),
        ),
    }
}

/// One key on both sides.
fn field(cx: &mut Cx<'_>, item: &str, o: &Field, n: &Field) {
    let (old, new) = (cx.old, cx.new);
    let name = &n.name.value;
    let shown = format!("`{item}::{name}`");
    let mut found: Vec<(Kind, String, Verdict, String)> = Vec::new();
    if o.wire.value != n.wire.value {
        let message = format!(
            "{shown} reads the key {}, was {}",
            tick(&n.wire.value),
            tick(&o.wire.value)
        );
        let why = "the same reply reads differently: no value where it had one".to_owned();
        found.push((Kind::KeyRenamed, message, Major, why));
    }
    if o.ty.value != n.ty.value {
        let message = format!(
            "{shown} is {}, was {}",
            tick(&type_name(&n.ty.value)),
            tick(&type_name(&o.ty.value))
        );
        found.push((
            Kind::TypeChanged,
            message,
            Major,
            format!("{shown} has another type"),
        ));
    }
    let (was, now) = (
        o.role.as_ref().map(|r| r.value),
        n.role.as_ref().map(|r| r.value),
    );
    if was != now {
        let (verdict, why) = role_verdict(was, now);
        let message = format!("what {shown} means to the client changed (its `role`)");
        found.push((Kind::RoleChanged, message, verdict, why));
    }
    let mut patch = |kind, message: String, why: &str| {
        found.push((kind, message, Patch, why.to_owned()));
    };
    if o.sensitive != n.sensitive {
        patch(
            Kind::SensitiveChanged,
            format!("whether {shown} is redacted changed"),
            "`Debug` output only",
        );
    }
    if o.example != n.example {
        patch(
            Kind::ExampleChanged,
            format!("the example value of {shown} changed"),
            "the sandbox's answers only",
        );
    }
    if o.page_unnamed_row != n.page_unnamed_row {
        let message = format!("what the spec says of DQE's page for {shown} changed");
        patch(
            Kind::PageNoteChanged,
            message,
            "read by `dqe spec drift` only",
        );
    }
    let (was_scope, now_scope) = (scope_name(old, o.scope), scope_name(new, n.scope));
    if was_scope != now_scope {
        let message = format!(
            "{shown} comes with the scope {}, was {}",
            tick_or_none(now_scope),
            tick_or_none(was_scope)
        );
        patch(
            Kind::KeyScopeChanged,
            message,
            "the sandbox answers it with other scopes; no item changes",
        );
    }
    if o.description != n.description {
        patch(
            Kind::DescriptionChanged,
            format!("the description of {shown} changed"),
            "documentation only",
        );
    }
    let sides = (
        Some((&o.loc, o.path.as_str())),
        Some((&n.loc, n.path.as_str())),
    );
    for (kind, message, verdict, why) in found {
        cx.push(Draft::new(kind, name, item, message), sides, verdict, why);
    }
}
