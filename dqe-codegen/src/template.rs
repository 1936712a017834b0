//! Text templates (`operator {operator} not found`): the one place where the codegen parses
//! them, matches a text against them, and reads their placeholders, whether of the spec's
//! error texts or of DQE's page.

use crate::model::Piece;
use crate::names::is_snake_ident;

/// Splits `operator {operator} not found` into pieces.
///
/// # Errors
/// Says what is malformed: an unmatched brace, a placeholder that is not a snake_case name,
/// two placeholders side by side, or one placeholder twice.
pub fn parse(s: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err(format!(
                "malformed template `{s}`: `}}` without a matching `{{`"
            ));
        }
        if open > 0 {
            pieces.push(Piece::Lit(rest[..open].to_owned()));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!(
                "malformed template `{s}`: `{{` without a matching `}}`"
            ));
        };
        let name = &after[..close];
        if !is_snake_ident(name) {
            return Err(format!(
                "malformed template placeholder `{{{name}}}` in `{s}`: a placeholder is a snake_case name, e.g. `{{operator}}`"
            ));
        }
        if matches!(pieces.last(), Some(Piece::Hole(_))) {
            return Err(format!(
                "malformed template `{s}`: two placeholders side by side cannot be told apart"
            ));
        }
        if pieces.contains(&Piece::Hole(name.to_owned())) {
            return Err(format!(
                "malformed template `{s}`: placeholder `{{{name}}}` appears twice"
            ));
        }
        pieces.push(Piece::Hole(name.to_owned()));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Lit(rest.to_owned()));
    }
    Ok(pieces)
}

/// Matches a text against a template; returns the captured values, in order.
pub fn capture<'t>(template: &[Piece], text: &'t str) -> Option<Vec<&'t str>> {
    let mut out = Vec::new();
    let mut rest = text;
    for (i, piece) in template.iter().enumerate() {
        match piece {
            Piece::Lit(l) => rest = rest.strip_prefix(l.as_str())?,
            Piece::Hole(_) => {
                let value = match template.get(i + 1) {
                    Some(Piece::Lit(next)) => {
                        let at = rest.find(next.as_str())?;
                        let v = &rest[..at];
                        rest = &rest[at..];
                        v
                    }
                    _ => std::mem::take(&mut rest),
                };
                if value.is_empty() {
                    return None;
                }
                out.push(value);
            }
        }
    }
    rest.is_empty().then_some(out)
}

/// The placeholders' names, in order.
pub fn holes(template: &[Piece]) -> impl Iterator<Item = &str> {
    template.iter().filter_map(|p| match p {
        Piece::Hole(h) => Some(h.as_str()),
        Piece::Lit(_) => None,
    })
}

#[cfg(feature = "tools")]
/// The `{NAME}`s of a text read leniently, as DQE's page writes them in URLs and values
/// (`{NUM}`, `{SERVER_ADDRESS}`), in order: any text between braces, where [`parse`] accepts
/// only a snake_case name.
pub fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
}

/// The fixed text before and after the only placeholder, when the template has the usual
/// shape of one placeholder between fixed texts (either of which may be absent).
pub fn single_hole(template: &[Piece]) -> Option<(&str, &str)> {
    match template {
        [Piece::Hole(_)] => Some(("", "")),
        [Piece::Lit(p), Piece::Hole(_)] => Some((p.as_str(), "")),
        [Piece::Hole(_), Piece::Lit(s)] => Some(("", s.as_str())),
        [Piece::Lit(p), Piece::Hole(_), Piece::Lit(s)] => Some((p.as_str(), s.as_str())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let t = parse("operator {operator} not found").unwrap();
        assert_eq!(capture(&t, "operator SFR not found"), Some(vec!["SFR"]));
        assert_eq!(capture(&t, "operator not found"), None);
        assert_eq!(capture(&t, "opérateur SFR introuvable"), None);
        assert_eq!(single_hole(&t), Some(("operator ", " not found")));
        assert_eq!(holes(&t).collect::<Vec<_>>(), ["operator"]);
        let t = parse("scope not supported by this operator {operator} yet").unwrap();
        assert_eq!(
            capture(
                &t,
                "scope not supported by this operator Bouygues Telecom yet"
            ),
            Some(vec!["Bouygues Telecom"])
        );
        let t = parse("{a} at end").unwrap();
        assert_eq!(capture(&t, "x at end"), Some(vec!["x"]));
        let t = parse("end {a}").unwrap();
        assert_eq!(capture(&t, "end x y"), Some(vec!["x y"]));
        let t = parse("{a} and {b}").unwrap();
        assert_eq!(capture(&t, "x and y"), Some(vec!["x", "y"]));
        assert_eq!(single_hole(&t), None);
        assert!(parse("operator {operator not found").is_err());
        assert!(parse("operator {Operator} not found").is_err());
        assert!(parse("operator } not found").is_err());
        assert!(parse("{a}{b}").is_err());
        assert!(parse("{a} {a}").is_err());
    }

    #[test]
    #[cfg(feature = "tools")]
    fn placeholders_of_a_page() {
        assert_eq!(
            placeholders("https://{SERVER_ADDRESS}/x?n={NUM}").collect::<Vec<_>>(),
            ["SERVER_ADDRESS", "NUM"]
        );
    }
}
