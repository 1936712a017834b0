//! Matching a received error text against its documented `{name}` template, pre-parsed by the
//! generator into [`Piece`]s (the template is parsed once, at compile time). The matching
//! itself is `dqe_spec_types::template`'s, the one the generator checks the spec's examples
//! with; here its answer becomes the error's fields, empty where the text does not fit.

use crate::endpoint::Piece;

/// The varying part of a text that fits a one-placeholder template `prefix{..}suffix`; empty
/// where it does not fit. No searching: a prefix and a suffix are stripped.
#[inline]
pub fn capture_one(prefix: &str, suffix: &str, text: &str) -> String {
    dqe_spec_types::template::capture_one(prefix, suffix, text)
        .map(str::to_owned)
        .unwrap_or_default()
}

/// The varying parts of a text that fits the template; empty strings where it does not fit.
pub fn capture(template: &[Piece], text: &str) -> Vec<String> {
    match dqe_spec_types::template::capture(template, text) {
        Some(values) => values.into_iter().map(str::to_owned).collect(),
        None => vec![String::new(); dqe_spec_types::template::holes(template).count()],
    }
}
