//! The first sentence of a generated item's documentation: what rustdoc shows beside the item in
//! a list and on hover, so it is one sentence ending with a period (the rule `doc-check`
//! enforces on the workspace). A spec's description may hold several sentences, or a question;
//! the generator leads with its first sentence and moves the rest to the next paragraph.

/// Abbreviations a description may hold without its sentence ending there.
const ABBREVIATIONS: &[&str] = &["e.g.", "i.e.", "etc.", "cf.", "vs."];

/// Splits a description into its first sentence and the rest (empty when it is one sentence):
/// a sentence ends at `.`, `?` or `!` followed by a space and a capital letter or a code span.
pub(super) fn split(description: &str) -> (&str, &str) {
    let text = description.trim();
    let mut from = 0;
    while let Some(at) = text[from..].find(['.', '?', '!']).map(|i| from + i) {
        let end = at + 1;
        let next = text[end..].trim_start();
        let spaced = next.len() < text[end..].len();
        let word = text[..end].rsplit(' ').next().unwrap_or_default();
        let word = word.trim_start_matches(['(', '"', '\'']);
        if spaced
            && next.starts_with(|c: char| c.is_uppercase() || c == '`')
            && !ABBREVIATIONS.contains(&word.to_lowercase().as_str())
        {
            return (&text[..end], next);
        }
        from = end;
    }
    (text, "")
}

/// Whether a sentence is too short to sum an item up alone: fewer than three words outside
/// code spans (`"Gender."`), or not ending with a period (a question).
pub(super) fn is_short(sentence: &str) -> bool {
    let words = sentence
        .split('`')
        .step_by(2)
        .flat_map(str::split_whitespace)
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    words < 3 || !sentence.ends_with('.')
}

/// Joins a first paragraph and the rest of a documentation (nothing when it is empty).
pub(super) fn paragraphs(first: &str, rest: &str) -> String {
    if rest.trim().is_empty() {
        first.to_owned()
    } else {
        format!("{first}\n\n{rest}")
    }
}

/// A documentation whose first paragraph is cut after its first sentence, the rest of that
/// paragraph becoming the second: what every generated documentation goes through.
pub(super) fn lead_alone(text: &str) -> String {
    let text = text.trim();
    let (paragraph, after) = text.split_once("\n\n").unwrap_or((text, ""));
    let (first, rest) = split(paragraph);
    let rest = [rest, after.trim()]
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    paragraphs(first, &rest)
}

/// A documentation led by `lead` followed by the description's first sentence, the rest of the
/// description after it; when that first paragraph is short or a question, the lead is
/// `fallback` and the whole description follows.
pub(super) fn led(lead: &str, description: &str, fallback: &str) -> String {
    let (first, rest) = split(description);
    let led = format!("{lead}{first}");
    if is_short(&led) {
        paragraphs(fallback, description.trim())
    } else {
        paragraphs(&led, rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_splits_after_its_first_sentence() {
        assert_eq!(
            split("Redirection URL. DQE adds the token."),
            ("Redirection URL.", "DQE adds the token.")
        );
        assert_eq!(
            split("The scope (e.g. `x`). More."),
            ("The scope (e.g. `x`).", "More.")
        );
        assert_eq!(split("Version 1.2 of it."), ("Version 1.2 of it.", ""));
        assert_eq!(
            split("Done? `pending` if not."),
            ("Done?", "`pending` if not.")
        );
    }

    #[test]
    fn the_first_sentence_stands_alone() {
        assert_eq!(
            lead_alone("One thing. Two.\n\nThree."),
            "One thing.\n\nTwo.\n\nThree."
        );
        assert_eq!(lead_alone("One thing.\n\nThree."), "One thing.\n\nThree.");
    }

    #[test]
    fn a_short_or_questioning_sentence_gets_the_fallback() {
        assert!(is_short("Gender."));
        assert!(is_short("`M`: Male."));
        assert!(is_short("Was the SIM changed during the last hours?"));
        assert!(!is_short("The customer's first name."));
        assert_eq!(
            led("Sets `x`: ", "Phone number.", "unused"),
            "Sets `x`: Phone number."
        );
        assert_eq!(
            led("`x`: ", "Gender.", "The `x` one."),
            "The `x` one.\n\nGender."
        );
        assert_eq!(
            led("Sets `x`: ", "Is it?", "The `x` one."),
            "The `x` one.\n\nIs it?"
        );
        assert_eq!(
            led("Sets `x`: ", "Its use here. More.", "unused"),
            "Sets `x`: Its use here.\n\nMore."
        );
    }
}
