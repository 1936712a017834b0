//! An endpoint's parameters: which there are, how the caller sets each (a setter, a state of
//! the builder's typestate, a scope method's argument), and how each is sent.

use dqe_codegen::model::{Endpoint, Param, Source, Spec};
use dqe_codegen::support::{EndpointNames, scope_method, type_name};

use super::Verdict::{self, Major, Minor, Patch};
use super::{Cx, Draft, Kind, pair, tick};

/// Whether `p` is one of the states of `e`'s builder typestate, as the generator makes it:
/// mandatory whatever the scopes.
fn in_typestate(e: &Endpoint, p: &Param) -> bool {
    EndpointNames::new(e)
        .mandatory
        .iter()
        .any(|m| std::ptr::eq(m.param, p))
}

/// The builder methods of `e` in `spec` that take `p` as an argument: those of the scopes that
/// require it ([`Spec::method_arguments`]) among `scopes` (wire values), as `.method(..)`.
fn methods_taking(spec: &Spec, e: &Endpoint, p: &Param, scopes: &[&str]) -> Vec<String> {
    spec.scopes
        .iter()
        .filter(|s| scopes.contains(&s.name.value.as_str()))
        .filter(|s| {
            spec.method_arguments(e, s)
                .iter()
                .any(|a| std::ptr::eq(*a, p))
        })
        .map(|s| format!("`.{}(..)`", scope_method(s)))
        .collect()
}

/// The scopes (wire) both specs have.
fn common_scopes<'a>(old: &'a Spec, new: &Spec) -> Vec<&'a str> {
    old.scopes
        .iter()
        .map(|s| s.name.value.as_str())
        .filter(|w| new.scopes.iter().any(|s| s.name.value == *w))
        .collect()
}

/// The parameters of one endpoint on both sides: by Rust name, and a parameter whose Rust
/// name changed as a rename when its wire name stayed.
pub(super) fn compare(cx: &mut Cx<'_>, o: &Endpoint, n: &Endpoint) {
    let item = EndpointNames::new(n).request;
    let paired = pair(&o.params, &n.params, |p| p.name.value.clone());
    let mut added = paired.added;
    let mut removed = Vec::new();
    for r in paired.removed {
        match added.iter().position(|a| a.wire.value == r.wire.value) {
            Some(i) => renamed(cx, &item, r, added.remove(i)),
            None => removed.push(r),
        }
    }
    for p in added {
        param_added(cx, n, &item, p);
    }
    for p in removed {
        param_removed(cx, o, &item, p);
    }
    for (was, now) in paired.both {
        param_both(cx, (o, n), &item, was, now);
    }
    order(cx, o, n, &item);
}

fn renamed(cx: &mut Cx<'_>, item: &str, o: &Param, n: &Param) {
    let message = format!(
        "the parameter {} of {item} is {}, was {}",
        tick(&n.wire.value),
        tick(&n.name.value),
        tick(&o.name.value)
    );
    let (verdict, why) = if o.source == Source::Caller || n.source == Source::Caller {
        (Major, format!("the setter `.{}(..)` is gone", o.name.value))
    } else {
        (
            Patch,
            "the client sets it itself; no item changes".to_owned(),
        )
    };
    let draft = Draft::new(Kind::ParameterRenamed, &n.name.value, item, message);
    let sides = (
        Some((&o.loc, o.path.as_str())),
        Some((&n.loc, n.path.as_str())),
    );
    cx.push(draft, sides, verdict, why);
}

fn param_added(cx: &mut Cx<'_>, e: &Endpoint, item: &str, p: &Param) {
    let scopes = common_scopes(cx.old, cx.new);
    let taking = methods_taking(cx.new, e, p, &scopes);
    let (verdict, why, what) = if p.source != Source::Caller {
        (
            Patch,
            "the client sends it itself: no setter, no item changes".to_owned(),
            "sent by the client",
        )
    } else if in_typestate(e, p) {
        (
            Major,
            format!(
                "a request without it no longer compiles: `{item}` has one more typestate parameter, set by `.{}(..)`",
                p.name.value
            ),
            "mandatory",
        )
    } else if !taking.is_empty() {
        (
            Major,
            format!(
                "a new argument of {}: a call without it no longer compiles",
                taking.join(", ")
            ),
            "required by a scope",
        )
    } else {
        (
            Minor,
            format!("a new setter, `.{}(..)`", p.name.value),
            "optional",
        )
    };
    let message = format!(
        "{} is a new parameter of {} ({what})",
        tick(&p.name.value),
        tick(&e.key.value)
    );
    let draft = Draft::new(Kind::ParameterAdded, &p.name.value, item, message);
    cx.push(draft, (None, Some((&p.loc, &p.path))), verdict, why);
}

fn param_removed(cx: &mut Cx<'_>, e: &Endpoint, item: &str, p: &Param) {
    let scopes = common_scopes(cx.old, cx.new);
    let taking = methods_taking(cx.old, e, p, &scopes);
    let (verdict, why) = if p.source != Source::Caller {
        (
            Patch,
            "the client no longer sends it; no item changes".to_owned(),
        )
    } else if p.by_scope {
        (Major, "the scope methods are gone".to_owned())
    } else if taking.is_empty() {
        (Major, format!("its setter `.{}(..)` is gone", p.name.value))
    } else {
        (
            Major,
            format!(
                "its setter `.{}(..)` is gone, and {} take one argument less",
                p.name.value,
                taking.join(", ")
            ),
        )
    };
    let message = format!(
        "the parameter {} of {} is removed",
        tick(&p.name.value),
        tick(&e.key.value)
    );
    let draft = Draft::new(Kind::ParameterRemoved, &p.name.value, item, message);
    cx.push(draft, (Some((&p.loc, &p.path)), None), verdict, why);
}

/// Where a value comes from, for messages: `the caller`, `the credential `licence``...
fn source_name(s: &Source) -> String {
    match s {
        Source::Caller => "the caller".to_owned(),
        Source::Credential(c) => format!("the credential {}", tick(&c.value)),
        Source::Token => "the token".to_owned(),
        Source::Fixed(v) => format!("the fixed value {}", tick(&v.value)),
    }
}

/// Whether the caller sets the parameter, and what changes when that changes.
fn source_verdict(e: &Endpoint, o: &Param, n: &Param) -> (Verdict, String) {
    match (o.source == Source::Caller, n.source == Source::Caller) {
        (true, false) => (
            Major,
            format!(
                "its setter `.{}(..)` is gone: the client sets it",
                o.name.value
            ),
        ),
        (false, true) if in_typestate(e, n) => (
            Major,
            "a request without it no longer compiles: the builder has one more typestate parameter"
                .to_owned(),
        ),
        (false, true) => (Minor, format!("a new setter, `.{}(..)`", n.name.value)),
        _ => (
            Patch,
            "the client sends another value; no item changes".to_owned(),
        ),
    }
}

/// A change found on one parameter: kind, sentence, verdict and why.
type Found = (Kind, String, Verdict, String);

/// What a parameter's value comes from, comparable across specs: its kind and its name or
/// value.
fn source_key(s: &Source) -> (u8, Option<&str>) {
    match s {
        Source::Caller => (0, None),
        Source::Credential(c) => (1, Some(c.value.as_str())),
        Source::Token => (2, None),
        Source::Fixed(v) => (3, Some(v.value.as_str())),
    }
}

fn param_both(cx: &mut Cx<'_>, ends: (&Endpoint, &Endpoint), item: &str, o: &Param, n: &Param) {
    let name = &n.name.value;
    let sides = (
        Some((&o.loc, o.path.as_str())),
        Some((&n.loc, n.path.as_str())),
    );
    let mut found = setting(ends, item, o, n);
    found.extend(sending(cx.old, cx.new, ends, o, n));
    for (kind, message, verdict, why) in found {
        cx.push(Draft::new(kind, name, item, message), sides, verdict, why);
    }
}

/// What changes how the caller sets the parameter: where its value comes from, the typestate,
/// its type, a setter or the scope methods.
fn setting((oe, ne): (&Endpoint, &Endpoint), item: &str, o: &Param, n: &Param) -> Vec<Found> {
    let name = &n.name.value;
    let mut found: Vec<Found> = Vec::new();
    let (was_from, is_from) = (source_key(&o.source), source_key(&n.source));
    if was_from.0 == 3 && is_from.0 == 3 && was_from != is_from {
        let message = format!(
            "{} is always {}, was {}",
            tick(name),
            tick(is_from.1.unwrap_or_default()),
            tick(was_from.1.unwrap_or_default())
        );
        let why = "the client sends another value; no item changes".to_owned();
        found.push((Kind::FixedValueChanged, message, Patch, why));
    } else if was_from != is_from {
        let (verdict, why) = source_verdict(ne, o, n);
        let message = format!(
            "{}'s value comes from {}, was {}",
            tick(name),
            source_name(&n.source),
            source_name(&o.source)
        );
        found.push((Kind::ParameterSourceChanged, message, verdict, why));
    }
    let (was, is) = (in_typestate(oe, o), in_typestate(ne, n));
    if was_from.0 == is_from.0 && was != is {
        found.push(if is {
            (
                Kind::ParameterNowMandatory,
                format!("{} is mandatory whatever the scopes", tick(name)),
                Major,
                format!("a request without it no longer compiles: `{item}` has one more typestate parameter"),
            )
        } else {
            (
                Kind::ParameterNowOptional,
                format!("{} is no longer mandatory whatever the scopes", tick(name)),
                Major,
                format!("`{item}` has one typestate parameter less: code naming `{item}<..>` in full, or its marker trait, no longer compiles"),
            )
        });
    }
    if o.ty.value != n.ty.value {
        let message = format!(
            "{} is {}, was {}",
            tick(name),
            tick(&type_name(&n.ty.value)),
            tick(&type_name(&o.ty.value))
        );
        let (verdict, why) = if n.source == Source::Caller || o.source == Source::Caller {
            (Major, format!("`.{name}(..)` takes another type"))
        } else {
            (
                Patch,
                "the client sets it itself; no item changes".to_owned(),
            )
        };
        found.push((Kind::TypeChanged, message, verdict, why));
    }
    if o.by_scope != n.by_scope {
        let message = format!(
            "{} is {}set by the scope methods",
            tick(name),
            if n.by_scope { "" } else { "no longer " }
        );
        let why = "a setter and the scope methods trade places".to_owned();
        found.push((Kind::ByScopeChanged, message, Major, why));
    }
    found
}

/// What changes how the parameter is sent, shown or documented, with the same items.
fn sending(
    old: &Spec,
    new: &Spec,
    (oe, ne): (&Endpoint, &Endpoint),
    o: &Param,
    n: &Param,
) -> Vec<Found> {
    let name = &n.name.value;
    let mut found: Vec<Found> = Vec::new();
    let mut patch = |kind, message: String, why: &str| {
        found.push((kind, message, Patch, why.to_owned()));
    };
    if o.wire.value != n.wire.value {
        let message = format!(
            "{} is sent as {}, was {}",
            tick(name),
            tick(&n.wire.value),
            tick(&o.wire.value)
        );
        patch(
            Kind::ParameterWireChanged,
            message,
            "sent under another name; no item changes",
        );
    }
    let default = |p: &Param| p.default.as_ref().map(|d| d.value.clone());
    if default(o) != default(n) {
        let message = format!("{}'s default value changed", tick(name));
        patch(
            Kind::DefaultChanged,
            message,
            "sent by default otherwise; no item changes",
        );
    }
    if o.sensitive != n.sensitive {
        let message = format!("whether {} is redacted changed", tick(name));
        patch(Kind::SensitiveChanged, message, "`Debug` output only");
    }
    if o.role.as_ref().map(|r| r.value) != n.role.as_ref().map(|r| r.value) {
        let message = format!("what {} means to the sandbox changed", tick(name));
        patch(Kind::RoleChanged, message, "the simulator only");
    }
    let scopes = common_scopes(old, new);
    let taking = |spec: &Spec, e: &Endpoint, p: &Param| -> Vec<String> {
        spec.scopes
            .iter()
            .filter(|s| scopes.contains(&s.name.value.as_str()) && spec.takes(e, s, p))
            .map(|s| s.name.value.clone())
            .collect()
    };
    let (before, after) = (taking(old, oe, o), taking(new, ne, n));
    if before != after {
        let message = format!(
            "{} is taken by {}, was by {}",
            tick(name),
            scope_list(&after),
            scope_list(&before)
        );
        patch(
            Kind::ParameterScopesChanged,
            message,
            "sent with other scopes; no item changes",
        );
    }
    if o.description != n.description {
        let message = format!("the description of {} changed", tick(name));
        patch(Kind::DescriptionChanged, message, "documentation only");
    }
    found
}

/// Scopes for messages: `` `a`, `b` `` or `no scope`.
fn scope_list(scopes: &[String]) -> String {
    if scopes.is_empty() {
        return "no scope".to_owned();
    }
    scopes
        .iter()
        .map(|s| tick(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The order the parameters both sides have are sent in, and the order of the builder's
/// typestate.
fn order(cx: &mut Cx<'_>, o: &Endpoint, n: &Endpoint, item: &str) {
    let common = |from: &Endpoint, other: &Endpoint, typestate: bool| -> Vec<String> {
        from.params
            .iter()
            .filter(|p| other.params.iter().any(|q| q.name.value == p.name.value))
            .filter(|p| !typestate || in_typestate(from, p))
            .map(|p| p.name.value.clone())
            .collect()
    };
    if common(o, n, false) == common(n, o, false) {
        return;
    }
    let (verdict, why) = if common(o, n, true) != common(n, o, true) {
        (
            Major,
            format!(
                "the typestate parameters of `{item}` come in another order: code naming `{item}<..>` in full reads them otherwise"
            ),
        )
    } else {
        (Patch, "sent in another order; no item changes".to_owned())
    };
    let message = format!(
        "the parameters of {} come in another order",
        tick(&n.key.value)
    );
    let key = format!("endpoints.{}", n.key.value);
    let draft = Draft::new(Kind::ParameterOrderChanged, &n.key.value, item, message);
    let sides = (Some((&o.loc, key.as_str())), Some((&n.loc, key.as_str())));
    cx.push(draft, sides, verdict, why);
}
