//! One reply key as a draft writes it, for the tools that find keys outside a page (`dqe spec
//! drift --replies`): the same writer as `dqe spec import`'s, not a second one.

use super::Draft;
use crate::drift::surface::KeySurface;
use dqe_codegen::model::Spec;

/// The TOML of `key` as an entry of the array of tables `table` (`objects.Address.fields`):
/// its name (and wire name), type, description, and the objects it holds, named as a draft
/// names them (after `scope` where a name is taken). No example: whoever calls this has
/// values it must not print.
pub(crate) fn key_toml(spec: &Spec, scope: &str, table: &str, key: &KeySurface) -> String {
    // Whether the scope answers at step 1 does not change how a key is written.
    let mut draft = Draft::new(spec, scope, false);
    draft.field(table, key, None);
    let Draft { mut out, items, .. } = draft;
    out.push_str(&items);
    out
}
