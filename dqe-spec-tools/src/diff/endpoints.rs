//! Endpoints: which there are, how each is called (path, methods, retries, body limit), its
//! error table, its example replies and what the sandbox answers; its parameters
//! ([`super::params`]) and its outcomes ([`super::fields`]).

use dqe_codegen::canonical_error_id;
use dqe_codegen::model::{At, Endpoint, ErrorEntry, Piece, Situation, Spec};
use dqe_codegen::support::EndpointNames;

use super::Verdict::{Major, Minor, Patch};
use super::{Cx, Draft, Kind, fields, pair, params, tick};

/// Every endpoint of both specs.
pub(super) fn compare(cx: &mut Cx<'_>) {
    let (old, new) = (cx.old, cx.new);
    let paired = pair(&old.endpoints, &new.endpoints, |e| e.key.value.clone());
    for e in paired.added {
        let names = EndpointNames::new(e);
        let message = format!("{} is a new endpoint", tick(&e.key.value));
        let draft = Draft::new(Kind::EndpointAdded, &e.key.value, &names.request, message);
        let why = format!(
            "new types: `{}`, `{}`, `{}`",
            names.request, names.reply, names.error
        );
        let key = format!("endpoints.{}", e.key.value);
        cx.push(draft, (None, Some((&e.loc, &key))), Minor, why);
    }
    for e in paired.removed {
        let names = EndpointNames::new(e);
        let message = format!("the endpoint {} is removed", tick(&e.key.value));
        let draft = Draft::new(Kind::EndpointRemoved, &e.key.value, &names.request, message);
        let why = format!(
            "its types are gone: `{}`, `{}`, `{}`",
            names.request, names.reply, names.error
        );
        let key = format!("endpoints.{}", e.key.value);
        cx.push(draft, (Some((&e.loc, &key)), None), Major, why);
    }
    for (o, n) in paired.both {
        calling(cx, o, n);
        params::compare(cx, o, n);
        fields::compare_outcomes(cx, o, n);
        errors(cx, o, n);
        examples(cx, o, n);
        sandbox(cx, o, n);
    }
}

/// How the endpoint is called: path, methods, whether it is retried, its body limit, and its
/// documentation.
fn calling(cx: &mut Cx<'_>, o: &Endpoint, n: &Endpoint) {
    let key = format!("endpoints.{}", n.key.value);
    let sides = (Some((&o.loc, key.as_str())), Some((&n.loc, key.as_str())));
    let name = &n.key.value;
    let item = EndpointNames::new(n).request;
    let mut report = |kind, message: String, why: &str| {
        cx.push(Draft::new(kind, name, &item, message), sides, Patch, why);
    };
    let no_item = "the client calls it otherwise; no item changes";
    if o.path != n.path {
        let message = format!(
            "{}'s path is {}, was {}",
            tick(name),
            tick(&n.path),
            tick(&o.path)
        );
        report(Kind::PathChanged, message, no_item);
    }
    for m in n.methods.iter().filter(|m| !o.methods.contains(m)) {
        let message = format!("{} accepts {m}", tick(name));
        report(Kind::MethodAdded, message, no_item);
    }
    for m in o.methods.iter().filter(|m| !n.methods.contains(m)) {
        let message = format!("{} no longer accepts {m}", tick(name));
        let why = "a client set to that method sends the endpoint's preferred one; no item changes";
        report(Kind::MethodRemoved, message, why);
    }
    if let (Some(was), Some(now)) = (o.methods.first(), n.methods.first())
        && was != now
        && o.methods.contains(now)
        && n.methods.contains(was)
    {
        let message = format!("{} prefers {now}, was {was}", tick(name));
        report(Kind::PreferredMethodChanged, message, no_item);
    }
    if o.idempotent != n.idempotent {
        let message = format!(
            "{} is {}idempotent",
            tick(name),
            if n.idempotent { "" } else { "no longer " }
        );
        let why = "whether the client may send it again changes; no item changes";
        report(Kind::IdempotentChanged, message, why);
    }
    let size = |m: &Option<At<u64>>| {
        m.as_ref().map_or("the client's default".to_owned(), |s| {
            format!("{} bytes", s.value)
        })
    };
    if o.max_body.as_ref().map(|m| m.value) != n.max_body.as_ref().map(|m| m.value) {
        let message = format!(
            "the longest reply body read from {} is {}, was {}",
            tick(name),
            size(&n.max_body),
            size(&o.max_body)
        );
        report(Kind::MaxBodyChanged, message, no_item);
    }
    if o.summary != n.summary || o.description != n.description {
        let message = format!("the description of {} changed", tick(name));
        report(Kind::DescriptionChanged, message, "documentation only");
    }
}

/// The names of a template's placeholders, in order.
pub(super) fn holes(template: &[Piece]) -> Vec<&str> {
    template
        .iter()
        .filter_map(|p| match p {
            Piece::Hole(h) => Some(h.as_str()),
            Piece::Lit(_) => None,
        })
        .collect()
}

/// The error table, by id (compared as the generated match compares them: `01` is `1`).
fn errors(cx: &mut Cx<'_>, o: &Endpoint, n: &Endpoint) {
    let item = EndpointNames::new(n).error;
    let paired = pair(&o.errors, &n.errors, |x| canonical_error_id(&x.id.value));
    for x in paired.added {
        let message = format!(
            "error {} ({}, {}) of {} is new",
            tick(&x.id.value),
            tick(&x.variant.value),
            tick(&x.text.value),
            tick(&n.key.value)
        );
        let draft = Draft::new(Kind::ErrorAdded, &x.id.value, &item, message);
        let why = format!("a new variant of `{item}`, which is `#[non_exhaustive]`");
        cx.push(draft, (None, Some((&x.id.loc, &x.path))), Minor, why);
    }
    for x in paired.removed {
        let message = format!(
            "error {} ({}) of {} is removed",
            tick(&x.id.value),
            tick(&x.variant.value),
            tick(&o.key.value)
        );
        let draft = Draft::new(Kind::ErrorRemoved, &x.id.value, &item, message);
        let why = format!("the variant `{item}::{}` is gone", x.variant.value);
        cx.push(draft, (Some((&x.id.loc, &x.path)), None), Major, why);
    }
    for (was, now) in paired.both {
        error(cx, &item, was, now);
    }
}

/// One error on both sides.
fn error(cx: &mut Cx<'_>, item: &str, o: &ErrorEntry, n: &ErrorEntry) {
    let id = &n.id.value;
    let sides = (
        Some((&o.id.loc, o.path.as_str())),
        Some((&n.id.loc, n.path.as_str())),
    );
    let mut report = |kind, message: String, verdict, why: String| {
        cx.push(Draft::new(kind, id, item, message), sides, verdict, why);
    };
    let shown = format!("error {}", tick(id));
    if o.variant.value != n.variant.value {
        let message = format!(
            "{shown} is the variant {}, was {}",
            tick(&n.variant.value),
            tick(&o.variant.value)
        );
        let why = format!("the variant `{item}::{}` is gone", o.variant.value);
        report(Kind::ErrorVariantChanged, message, Major, why);
    }
    if o.text.value != n.text.value {
        let message = format!(
            "{shown} reads {}, was {}",
            tick(&n.text.value),
            tick(&o.text.value)
        );
        let (verdict, why) = if holes(&o.template) != holes(&n.template) {
            (
                Major,
                "the variant's fields (one per placeholder) change".to_owned(),
            )
        } else if holes(&n.template).is_empty() {
            (
                Patch,
                "the error is matched by its id and its text kept as received; no item changes"
                    .to_owned(),
            )
        } else {
            (
                Major,
                "the same text fits the new template otherwise: the placeholders' fields read differently"
                    .to_owned(),
            )
        };
        report(Kind::ErrorTextChanged, message, verdict, why);
    }
    if o.retryable != n.retryable {
        let message = format!("whether {shown} is worth asking again changed");
        let why = "`is_retryable()` answers otherwise; no item changes".to_owned();
        report(Kind::RetryableChanged, message, Patch, why);
    }
    if o.customer_outcome() != n.customer_outcome() {
        let message = format!("what {shown} means to the customer changed");
        let why = "`customer_outcome()` answers otherwise; no item changes".to_owned();
        report(Kind::CustomerOutcomeChanged, message, Patch, why);
    }
    if o.example.as_ref().map(|x| &x.value) != n.example.as_ref().map(|x| &x.value) {
        let message = format!("the text {shown} is documented as received changed");
        report(
            Kind::ExampleChanged,
            message,
            Patch,
            "documentation only".into(),
        );
    }
    if o.description != n.description {
        let message = format!("the description of {shown} changed");
        let why = "`description()` and the documentation only".to_owned();
        report(Kind::DescriptionChanged, message, Patch, why);
    }
}

/// The scope (wire) of the file that adds an item, for keys and messages.
pub(super) fn scope_name(spec: &Spec, file: Option<usize>) -> Option<&str> {
    spec.scope_of_file(file).map(|s| s.name.value.as_str())
}

/// Example replies, by name and the scope file that adds them.
fn examples(cx: &mut Cx<'_>, o: &Endpoint, n: &Endpoint) {
    let (old, new) = (cx.old, cx.new);
    let key_old = |x: &dqe_codegen::model::Example| (x.name.clone(), scope_name(old, x.scope));
    let key_new = |x: &dqe_codegen::model::Example| (x.name.clone(), scope_name(new, x.scope));
    let item = EndpointNames::new(n).reply;
    let path = |e: &Endpoint| format!("endpoints.{}.examples", e.key.value);
    let (old_path, new_path) = (path(o), path(n));
    let doc = "the documentation and the tests that decode it only";
    for x in &n.examples {
        let found = o.examples.iter().find(|y| key_old(y) == key_new(x));
        let (kind, message, sides) = match found {
            None => (
                Kind::ExampleAdded,
                format!(
                    "{} is a new example reply of {}",
                    tick(&x.name),
                    tick(&n.key.value)
                ),
                (None, Some((&x.loc, new_path.as_str()))),
            ),
            Some(y) if y.body != x.body => (
                Kind::ExampleChanged,
                format!(
                    "the example reply {} of {} changed",
                    tick(&x.name),
                    tick(&n.key.value)
                ),
                (
                    Some((&y.loc, old_path.as_str())),
                    Some((&x.loc, new_path.as_str())),
                ),
            ),
            Some(_) => continue,
        };
        cx.push(Draft::new(kind, &x.name, &item, message), sides, Patch, doc);
    }
    for y in &o.examples {
        if !n.examples.iter().any(|x| key_old(y) == key_new(x)) {
            let message = format!(
                "the example reply {} of {} is removed",
                tick(&y.name),
                tick(&o.key.value)
            );
            let draft = Draft::new(Kind::ExampleRemoved, &y.name, &item, message);
            cx.push(draft, (Some((&y.loc, old_path.as_str())), None), Patch, doc);
        }
    }
}

/// What the sandbox answers in each situation it tells apart, by situation.
fn sandbox(cx: &mut Cx<'_>, o: &Endpoint, n: &Endpoint) {
    let item = EndpointNames::new(n).request;
    fn answer<'a>(
        list: &'a [(Situation, At<String>)],
        key: &str,
    ) -> Option<(String, &'a At<String>)> {
        list.iter()
            .find(|(s, _)| s.key() == key)
            .map(|(_, id)| (canonical_error_id(&id.value), id))
    }
    let mut keys: Vec<String> = o.sandbox.iter().map(|(s, _)| s.key()).collect();
    for (s, _) in &n.sandbox {
        if !keys.contains(&s.key()) {
            keys.push(s.key());
        }
    }
    let shown = |a: &Option<(String, &At<String>)>| {
        a.as_ref()
            .map_or("nothing of its own".to_owned(), |(_, id)| {
                format!("error {}", tick(&id.value))
            })
    };
    for key in keys {
        let (was, now) = (answer(&o.sandbox, &key), answer(&n.sandbox, &key));
        if was.as_ref().map(|(id, _)| id) == now.as_ref().map(|(id, _)| id) {
            continue;
        }
        let message = format!(
            "the sandbox answers {} of {} with {}, was {}",
            tick(&key),
            tick(&n.key.value),
            shown(&now),
            shown(&was)
        );
        let path = format!("endpoints.{}.sandbox.{key}", n.key.value);
        let sides = (
            was.as_ref().map(|(_, id)| (&id.loc, path.as_str())),
            now.as_ref().map(|(_, id)| (&id.loc, path.as_str())),
        );
        let draft = Draft::new(Kind::SandboxChanged, &key, &item, message);
        cx.push(draft, sides, Patch, "the simulator's answers only");
    }
}
