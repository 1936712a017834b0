//! Text templates (`operator {operator} not found`): the one place where the codegen parses
//! them and reads their placeholders, whether of the spec's error texts or of DQE's page;
//! matching a text against one is the runtime's own reading, re-exported.

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

// Matching a text against a template, and reading its holes, are the runtime's own
// (`dqe_spec_types::template`): the generator checks the spec's example texts with the same
// reading that captures a received text's varying parts.
pub use dqe_spec_types::template::{capture, holes, single_hole};

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
        // The reading the runtime captures with: the last literal ends the text.
        let t = parse("{a} not found").unwrap();
        assert_eq!(
            capture(&t, "x not found not found"),
            Some(vec!["x not found"])
        );
        assert!(parse("operator {operator not found").is_err());
        assert!(parse("operator {Operator} not found").is_err());
        assert!(parse("operator } not found").is_err());
        assert!(parse("{a}{b}").is_err());
        assert!(parse("{a} {a}").is_err());
    }
}
