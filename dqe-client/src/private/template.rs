//! Matching a received error text against its documented `{name}` template, pre-parsed by the
//! generator into [`Piece`]s (the template is parsed once, at compile time).

use crate::endpoint::Piece;

/// The varying part of a text that fits a one-placeholder template `prefix{..}suffix`; empty
/// where it does not fit. No searching: a prefix and a suffix are stripped.
#[inline]
pub fn capture_one(prefix: &str, suffix: &str, text: &str) -> String {
    text.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .unwrap_or_default()
}

/// The varying parts of a text that fits the template; empty strings where it does not fit.
pub fn capture(template: &[Piece], text: &str) -> Vec<String> {
    let holes = template
        .iter()
        .filter(|p| matches!(p, Piece::Hole(_)))
        .count();
    let mut out = Vec::with_capacity(holes);
    let mut rest = text;
    for (i, piece) in template.iter().enumerate() {
        let value = match piece {
            Piece::Lit(l) => match rest.strip_prefix(l) {
                Some(r) => {
                    rest = r;
                    continue;
                }
                None => return vec![String::new(); holes],
            },
            Piece::Hole(_) => match template.get(i + 1) {
                Some(Piece::Lit(next)) => match rest.find(next) {
                    Some(at) => {
                        let (v, r) = rest.split_at(at);
                        rest = r;
                        v
                    }
                    None => return vec![String::new(); holes],
                },
                _ => std::mem::take(&mut rest),
            },
        };
        out.push(value.to_owned());
    }
    if rest.is_empty() {
        out
    } else {
        vec![String::new(); holes]
    }
}
