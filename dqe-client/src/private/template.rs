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

/// The parts named `names` (the variant's fields, the API file's placeholders) of a text, read
/// with the first of `templates` it fits: the API file's words, then the scopes' own words
/// that keep some of its placeholders. Empty where the text fits none, or where the template
/// it fits leaves that part out.
pub fn capture_first(templates: &[&[Piece]], names: &[&str], text: &str) -> Vec<String> {
    for template in templates {
        if let Some(values) = dqe_spec_types::template::capture(template, text) {
            let holes: Vec<&str> = dqe_spec_types::template::holes(template).collect();
            return names
                .iter()
                .map(|n| {
                    holes
                        .iter()
                        .position(|h| h == n)
                        .and_then(|i| values.get(i))
                        .map(|v| (*v).to_owned())
                        .unwrap_or_default()
                })
                .collect();
        }
    }
    vec![String::new(); names.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_template_a_text_fits_names_its_parts() {
        let api: &[Piece] = &[
            Piece::Lit("op "),
            Piece::Hole("operator"),
            Piece::Lit(" gone"),
        ];
        let own: &[Piece] = &[
            Piece::Lit("opérateur "),
            Piece::Hole("operator"),
            Piece::Lit(" parti"),
        ];
        let none: &[Piece] = &[Piece::Lit("operator gone")];
        let read = |text| capture_first(&[api, own, none], &["operator"], text);
        assert_eq!(read("op SFR gone"), ["SFR"]);
        assert_eq!(read("opérateur SFR parti"), ["SFR"]);
        assert_eq!(read("operator gone"), [""]);
        assert_eq!(read("something else"), [""]);
    }
}
