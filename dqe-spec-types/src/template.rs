//! Matching an error text against its `{name}` template, parsed into [`Piece`]s: the one
//! reading of a template, used by the generator (to check the spec's example texts) and by the
//! runtime (to capture the varying parts of a text received).
//!
//! A hole takes the text up to the next literal's first occurrence, except before the last
//! literal, which ends the text: `{a} not found` reads `a` as `x not found` in
//! `x not found not found`, as [`capture_one`] does for the usual one-hole template. A hole
//! never captures an empty text.

use crate::Piece;

/// The varying parts of a text that fits the template, in order; `None` where it does not fit.
pub fn capture<'t, S: AsRef<str>>(template: &[Piece<S>], text: &'t str) -> Option<Vec<&'t str>> {
    let mut out = Vec::with_capacity(holes(template).count());
    let mut rest = text;
    for (i, piece) in template.iter().enumerate() {
        match piece {
            Piece::Lit(l) => rest = rest.strip_prefix(l.as_ref())?,
            Piece::Hole(_) => {
                let end = match template.get(i + 1) {
                    // The last literal ends the text.
                    Some(Piece::Lit(last)) if i + 2 == template.len() => {
                        rest.strip_suffix(last.as_ref())?.len()
                    }
                    Some(Piece::Lit(next)) => rest.find(next.as_ref())?,
                    _ => rest.len(),
                };
                let (value, after) = rest.split_at(end);
                if value.is_empty() {
                    return None;
                }
                out.push(value);
                rest = after;
            }
        }
    }
    rest.is_empty().then_some(out)
}

/// The varying part of a text that fits a one-hole template `prefix{..}suffix`; `None` where it
/// does not fit.
///
/// What [`capture`] gives for such a template, without searching.
#[inline]
pub fn capture_one<'t>(prefix: &str, suffix: &str, text: &'t str) -> Option<&'t str> {
    text.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .filter(|v| !v.is_empty())
}

/// The holes' names, in order.
pub fn holes<S: AsRef<str>>(template: &[Piece<S>]) -> impl Iterator<Item = &str> {
    template.iter().filter_map(|p| match p {
        Piece::Hole(h) => Some(h.as_ref()),
        Piece::Lit(_) => None,
    })
}

/// The fixed text before and after the only hole, when the template has the usual shape of
/// one hole between fixed texts (either of which may be absent): the arguments of
/// [`capture_one`].
pub fn single_hole<S: AsRef<str>>(template: &[Piece<S>]) -> Option<(&str, &str)> {
    match template {
        [Piece::Hole(_)] => Some(("", "")),
        [Piece::Lit(p), Piece::Hole(_)] => Some((p.as_ref(), "")),
        [Piece::Hole(_), Piece::Lit(s)] => Some(("", s.as_ref())),
        [Piece::Lit(p), Piece::Hole(_), Piece::Lit(s)] => Some((p.as_ref(), s.as_ref())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Piece::{Hole, Lit};

    #[test]
    fn captures() {
        let t = [Lit("operator "), Hole("operator"), Lit(" not found")];
        assert_eq!(capture(&t, "operator SFR not found"), Some(vec!["SFR"]));
        assert_eq!(capture(&t, "operator not found"), None);
        assert_eq!(capture(&t, "opérateur SFR introuvable"), None);
        assert_eq!(single_hole(&t), Some(("operator ", " not found")));
        assert_eq!(holes(&t).collect::<Vec<_>>(), ["operator"]);
        let t = [Hole("a"), Lit(" and "), Hole("b")];
        assert_eq!(capture(&t, "x and y"), Some(vec!["x", "y"]));
        assert_eq!(capture(&t, "x and "), None);
        assert_eq!(single_hole(&t), None);
        let t = [Lit("end "), Hole("a")];
        assert_eq!(capture(&t, "end x y"), Some(vec!["x y"]));
    }

    /// For every one-hole template, [`capture`] and [`capture_one`] agree, the last literal
    /// ending the text even when the value holds it.
    #[test]
    fn capture_one_is_capture_of_a_one_hole_template() {
        let templates: [&[Piece]; 4] = [
            &[Hole("a")],
            &[Lit("p "), Hole("a")],
            &[Hole("a"), Lit(" s")],
            &[Lit("p "), Hole("a"), Lit(" s")],
        ];
        let texts = [
            "", "p ", " s", "p  s", "p x s", "p x s s", "p p x", "x s", "x",
        ];
        for t in templates {
            let (prefix, suffix) = single_hole(t).unwrap();
            for text in texts {
                let one = capture_one(prefix, suffix, text);
                assert_eq!(capture(t, text).map(|v| v[0]), one, "{t:?} {text:?}");
            }
        }
    }
}
