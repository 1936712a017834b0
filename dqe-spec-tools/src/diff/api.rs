//! The API as a whole: `[api]`, `[replies]`, the credentials, the callback and the journey.

use dqe_codegen::model::{At, Callback, Journey, Param};
use dqe_codegen::support::{API_TYPE, CALLBACK_TYPE, CREDENTIALS_TYPE, type_name};

use super::Verdict::{Major, Minor, Patch};
use super::{Cx, Draft, Kind, pair, reordered, tick, tick_or_none};

/// `[api]`, `[replies]`, `[credentials.*]`, `[callback]` and `[journey]`.
pub(super) fn compare(cx: &mut Cx<'_>) {
    api(cx);
    replies(cx);
    credentials(cx);
    callback(cx);
    journey(cx);
}

fn api(cx: &mut Cx<'_>) {
    let (o, n) = (&cx.old.api, &cx.new.api);
    let sides = (Some((&o.loc, "api")), Some((&n.loc, "api")));
    if o.name != n.name || o.description != n.description {
        let message = "the API's name or description changed".to_owned();
        let draft = Draft::new(Kind::DescriptionChanged, &n.name, "", message);
        cx.push(draft, sides, Patch, "documentation only");
    }
    if o.server_env != n.server_env {
        let (verdict, why) = match (&o.server_env, &n.server_env) {
            (None, Some(_)) => (Minor, "a new constant, `SERVER_ENV`"),
            (Some(_), None) => (Major, "the constant `SERVER_ENV` is gone"),
            _ => (Patch, "`SERVER_ENV` names another variable"),
        };
        let message = format!(
            "the server's environment variable is {}, was {}",
            tick_or_none(n.server_env.as_deref()),
            tick_or_none(o.server_env.as_deref())
        );
        let draft = Draft::new(Kind::ServerEnvChanged, "SERVER_ENV", "", message);
        cx.push(draft, sides, verdict, why);
    }
}

fn replies(cx: &mut Cx<'_>) {
    let (o, n) = (&cx.old.replies, &cx.new.replies);
    let sides = (Some((&o.loc, "replies")), Some((&n.loc, "replies")));
    let keys = [
        ("status_key", &o.status_key, &n.status_key),
        ("error.status", &o.error.status, &n.error.status),
        ("error.id_key", &o.error.id_key, &n.error.id_key),
        ("error.text_key", &o.error.text_key, &n.error.text_key),
    ];
    for (key, was, now) in keys {
        if was != now {
            let message = format!("`replies.{key}` is {}, was {}", tick(now), tick(was));
            let draft = Draft::new(Kind::RepliesChanged, key, "", message);
            let why = "every reply is read by it: the same reply reads differently (and the error variants' fields are named after the error keys)";
            cx.push(draft, sides, Major, why);
        }
    }
    if o.error.description != n.error.description {
        let message = "the description of error replies changed".to_owned();
        let draft = Draft::new(Kind::DescriptionChanged, "error", "", message);
        cx.push(draft, sides, Patch, "documentation only");
    }
}

fn credentials(cx: &mut Cx<'_>) {
    let (old, new) = (&cx.old.credentials, &cx.new.credentials);
    let paired = pair(old, new, |c| c.name.value.clone());
    let item = CREDENTIALS_TYPE;
    for c in paired.added {
        let name = &c.name.value;
        let message = format!("{} is a new credential", tick(name));
        let draft = Draft::new(Kind::CredentialAdded, name, item, message);
        let key = format!("credentials.{name}");
        let why = format!("`{item}::new` takes one more argument");
        cx.push(draft, (None, Some((&c.name.loc, &key))), Major, why);
    }
    for c in paired.removed {
        let name = &c.name.value;
        let message = format!("the credential {} is removed", tick(name));
        let draft = Draft::new(Kind::CredentialRemoved, name, item, message);
        let key = format!("credentials.{name}");
        let why = format!("`{item}::new` takes one argument less, and `.{name}()` is gone");
        cx.push(draft, (Some((&c.name.loc, &key)), None), Major, why);
    }
    if reordered(old, new, |c| c.name.value.clone())
        && let (Some(o), Some(n)) = (old.first(), new.first())
    {
        let message = "the credentials come in another order".to_owned();
        let draft = Draft::new(Kind::OrderChanged, item, item, message);
        let sides = (
            Some((&o.name.loc, "credentials")),
            Some((&n.name.loc, "credentials")),
        );
        let why = format!("`{item}::new` takes its arguments in another order");
        cx.push(draft, sides, Major, why);
    }
    // `from_env` is generated when every credential names its variable.
    let from_env = |list: &[dqe_codegen::model::Credential]| list.iter().all(|c| c.env.is_some());
    let (had, has) = (from_env(old), from_env(new));
    for (o, n) in paired.both {
        let name = &n.name.value;
        let key = format!("credentials.{name}");
        let sides = (
            Some((&o.name.loc, key.as_str())),
            Some((&n.name.loc, key.as_str())),
        );
        if o.env != n.env {
            let (verdict, why) = match (had, has) {
                (true, false) => (Major, format!("`{item}::from_env` is gone")),
                (false, true) => (Minor, format!("a new constructor, `{item}::from_env`")),
                _ => (
                    Patch,
                    "the variable read changes; no item changes".to_owned(),
                ),
            };
            let message = format!(
                "the credential {} is read from {}, was {}",
                tick(name),
                tick_or_none(n.env.as_deref()),
                tick_or_none(o.env.as_deref())
            );
            let draft = Draft::new(Kind::CredentialEnvChanged, name, item, message);
            cx.push(draft, sides, verdict, why);
        }
        if o.description != n.description {
            let message = format!("the description of the credential {} changed", tick(name));
            let draft = Draft::new(Kind::DescriptionChanged, name, item, message);
            cx.push(draft, sides, Patch, "documentation only");
        }
    }
}

fn callback(cx: &mut Cx<'_>) {
    let item = CALLBACK_TYPE;
    match (&cx.old.callback, &cx.new.callback) {
        (None, None) => {}
        (None, Some(n)) => {
            let draft = Draft::new(
                Kind::CallbackAdded,
                item,
                item,
                "the spec has a callback".into(),
            );
            let why = format!("a new type, `{item}`");
            cx.push(draft, (None, Some((&n.loc, "callback"))), Minor, why);
        }
        (Some(o), None) => {
            let message = "the callback is removed".to_owned();
            let draft = Draft::new(Kind::CallbackRemoved, item, item, message);
            let why = format!("the type `{item}` is gone");
            cx.push(draft, (Some((&o.loc, "callback")), None), Major, why);
        }
        (Some(o), Some(n)) => callback_both(cx, o, n),
    }
}

fn callback_both(cx: &mut Cx<'_>, o: &Callback, n: &Callback) {
    let item = CALLBACK_TYPE;
    if o.description != n.description {
        let message = "the description of the callback changed".to_owned();
        let draft = Draft::new(Kind::DescriptionChanged, item, item, message);
        let sides = (Some((&o.loc, "callback")), Some((&n.loc, "callback")));
        cx.push(draft, sides, Patch, "documentation only");
    }
    if reordered(&o.params, &n.params, |p| p.name.value.clone()) {
        let message = "the callback's keys come in another order".to_owned();
        let draft = Draft::new(Kind::OrderChanged, item, item, message);
        let sides = (Some((&o.loc, "callback")), Some((&n.loc, "callback")));
        let why = format!("`{item}::to_query` writes them in another order; no item changes");
        cx.push(draft, sides, Patch, why);
    }
    let paired = pair(&o.params, &n.params, |p| p.name.value.clone());
    for p in paired.added {
        let (verdict, why) = if p.required {
            (
                Major,
                format!("`{item}::from_query` refuses a redirect without it"),
            )
        } else {
            (
                Minor,
                format!("a new field of `{item}`, which is `#[non_exhaustive]`"),
            )
        };
        let message = format!("{} is a new key of the callback", tick(&p.name.value));
        let draft = Draft::new(Kind::KeyAdded, &p.name.value, item, message);
        cx.push(draft, (None, Some((&p.loc, &p.path))), verdict, why);
    }
    for p in paired.removed {
        let message = format!("the key {} of the callback is removed", tick(&p.name.value));
        let draft = Draft::new(Kind::KeyRemoved, &p.name.value, item, message);
        let why = format!("the field `{item}::{}` is gone", p.name.value);
        cx.push(draft, (Some((&p.loc, &p.path)), None), Major, why);
    }
    for (o, n) in paired.both {
        callback_key(cx, o, n);
    }
}

/// One key of the callback on both sides.
fn callback_key(cx: &mut Cx<'_>, o: &Param, n: &Param) {
    let item = CALLBACK_TYPE;
    let name = &n.name.value;
    let sides = (
        Some((&o.loc, o.path.as_str())),
        Some((&n.loc, n.path.as_str())),
    );
    let mut report = |kind, message: String, verdict, why: String| {
        cx.push(Draft::new(kind, name, item, message), sides, verdict, why);
    };
    if o.wire.value != n.wire.value {
        let message = format!(
            "the callback's {} is read from {}, was {}",
            tick(name),
            tick(&n.wire.value),
            tick(&o.wire.value)
        );
        let why = "the same redirect reads differently".to_owned();
        report(Kind::KeyRenamed, message, Major, why);
    }
    if o.ty.value != n.ty.value {
        let message = format!(
            "the callback's {} is {}, was {}",
            tick(name),
            tick(&type_name(&n.ty.value)),
            tick(&type_name(&o.ty.value))
        );
        let why = format!("the field `{item}::{name}` has another type");
        report(Kind::TypeChanged, message, Major, why);
    }
    if o.required != n.required {
        let (kind, now) = if n.required {
            (Kind::ParameterNowMandatory, "mandatory")
        } else {
            (Kind::ParameterNowOptional, "optional")
        };
        let message = format!("the callback's {} is {now}", tick(name));
        let why = format!("the field `{item}::{name}` has another type (an `Option` or not)");
        report(kind, message, Major, why);
    }
    if o.sensitive != n.sensitive {
        let message = format!("whether the callback's {} is redacted changed", tick(name));
        let why = "`Debug` output only".to_owned();
        report(Kind::SensitiveChanged, message, Patch, why);
    }
    if o.description != n.description {
        let message = format!("the description of the callback's {} changed", tick(name));
        report(
            Kind::DescriptionChanged,
            message,
            Patch,
            "documentation only".into(),
        );
    }
}

fn journey(cx: &mut Cx<'_>) {
    match (&cx.old.journey, &cx.new.journey) {
        (None, None) => {}
        (None, Some(n)) => {
            let message = "the spec has a journey".to_owned();
            let draft = Draft::new(Kind::JourneyAdded, API_TYPE, API_TYPE, message);
            let why = format!("a new type, `{API_TYPE}`, with which the client runs the journey");
            cx.push(draft, (None, Some((&n.loc, "journey"))), Minor, why);
        }
        (Some(o), None) => {
            let message = "the journey is removed".to_owned();
            let draft = Draft::new(Kind::JourneyRemoved, API_TYPE, API_TYPE, message);
            let why = format!("the type `{API_TYPE}` is gone: no client runs the spec");
            cx.push(draft, (Some((&o.loc, "journey")), None), Major, why);
        }
        (Some(o), Some(n)) => journey_both(cx, o, n),
    }
}

fn journey_both(cx: &mut Cx<'_>, o: &Journey, n: &Journey) {
    // No operator field: an empty name, where the journey is.
    let operator = |j: &Journey| {
        j.operator
            .clone()
            .unwrap_or_else(|| At::new(String::new(), j.loc.clone()))
    };
    let (o_op, n_op) = (operator(o), operator(n));
    let values = [
        ("token", &o.token, &n.token),
        ("consent", &o.consent, &n.consent),
        ("retrieve", &o.retrieve, &n.retrieve),
        ("consent_url", &o.consent_url, &n.consent_url),
        ("operator", &o_op, &n_op),
        ("callback_token", &o.callback_token, &n.callback_token),
        ("callback_status", &o.callback_status, &n.callback_status),
        ("approved", &o.approved, &n.approved),
        ("declined", &o.declined, &n.declined),
    ];
    for (key, was, now) in values {
        if was.value == now.value {
            continue;
        }
        let shown = |v: &str| tick_or_none(Some(v).filter(|v| !v.is_empty()));
        let message = format!(
            "the journey's `{key}` is {}, was {}",
            shown(&now.value),
            shown(&was.value)
        );
        let draft = Draft::new(Kind::JourneyChanged, key, "journey", message);
        let path = format!("journey.{key}");
        let sides = (
            Some((&was.loc, path.as_str())),
            Some((&now.loc, path.as_str())),
        );
        let why = "the client runs the journey with other items: the same replies lead elsewhere";
        cx.push(draft, sides, Major, why);
    }
}
