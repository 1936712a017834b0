//! A scope's own error table (`[extend.E.errors]`): the ids it does without and its own
//! wording, as the one rule (`Scope::wording`) reads them on each side.

use dqe_codegen::model::{Piece, Scope, Wording};

use super::Verdict::{Major, Patch};
use super::endpoints::holes;
use super::{Cx, Draft, Kind, tick};

/// How the scope `s` words each error of every endpoint both specs have, compared error by
/// error (the errors both API tables have: one only a side has is the endpoint's change).
pub(super) fn compare(cx: &mut Cx<'_>, o: &Scope, n: &Scope) {
    let (old, new) = (cx.old, cx.new);
    let wire = &n.name.value;
    for ne in &new.endpoints {
        let Some(oe) = old.endpoint(&ne.key.value) else {
            continue;
        };
        for nx in &ne.errors {
            let Some(ox) = oe.errors.iter().find(|x| x.id.value == nx.id.value) else {
                continue;
            };
            let before = effective(o.wording(oe, ox), &ox.template);
            let after = effective(n.wording(ne, nx), &nx.template);
            if before == after {
                continue;
            }
            let shown = format!(
                "error {} of `{}` for the scope {}",
                nx.id.value,
                ne.key.value,
                tick(wire)
            );
            let (message, verdict, why) = match (&before, &after) {
                (None, _) | (_, None) => (
                    format!(
                        "{shown} is {} its page",
                        if after.is_none() {
                            "no longer on"
                        } else {
                            "on"
                        }
                    ),
                    Patch,
                    "the sandbox answers it for this scope or not, and drift reads its page so; no item changes",
                ),
                (Some(b), Some(a)) if holes(b).is_empty() && holes(a).is_empty() => (
                    format!("{shown} is worded otherwise"),
                    Patch,
                    "the error is matched by its id and its text kept as received; no item changes",
                ),
                _ => (
                    format!("{shown} is worded otherwise"),
                    Major,
                    "the same text fits the scope's words otherwise: the placeholders' fields read differently",
                ),
            };
            let draft = Draft::new(Kind::ScopeErrorsChanged, wire, &ne.key.value, message);
            let sides = (
                Some((&o.name.loc, "scope.name")),
                Some((&n.name.loc, "scope.name")),
            );
            cx.push(draft, sides, verdict, why);
        }
    }
}

/// The template the scope answers the error with: its own, the API file's, or none (it does
/// without the error).
fn effective<'a>(
    wording: Wording<&'a dqe_codegen::model::ScopeText>,
    api: &'a [Piece],
) -> Option<&'a [Piece]> {
    match wording {
        Wording::Api => Some(api),
        Wording::Own(t) => Some(&t.template),
        Wording::Without => None,
    }
}
