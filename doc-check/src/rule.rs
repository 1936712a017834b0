//! The rule a documentation's first paragraph follows, on Markdown text alone.
//!
//! The first paragraph is what rustdoc shows beside an item in its module's list, and what an
//! editor shows on hover: it must say what the item is for, in one sentence. A machine cannot
//! tell "what it is for" from a restatement of the name; it can tell the shape:
//!
//! - the item has documentation, and it starts with a paragraph of text (not a heading, a code
//!   block, a list, a table or a quotation);
//! - that paragraph (its lines up to the first blank line) ends with a period;
//! - it does not start with a lowercase letter (a code span or a link may come first);
//! - it has at least [`MIN_WORDS`] words outside code spans, so that a code span alone
//!   (`` `foo`. ``) or a bare name (`The token.`) is not enough;
//! - it is one sentence: no `.`, `?` or `!` followed by a space and a capital letter, a code
//!   span or a link, except after a usual abbreviation (`e.g.`, `i.e.`, `etc.`, `cf.`, `vs.`)
//!   or an initial. Colons and semicolons are fine: `"The X, for Y: Z."` is one sentence.
//!
//! "Returns the X." and "The X, for Y." pass.

use std::fmt;

/// The fewest words outside code spans a first sentence has, so that a name alone fails.
pub const MIN_WORDS: usize = 3;

/// Abbreviations a sentence may hold without ending there (compared lowercase, period included).
const ABBREVIATIONS: &[&str] = &["e.g.", "i.e.", "etc.", "cf.", "vs.", "approx.", "no."];

/// Why a documentation's first paragraph is not one sentence, for the checker's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The item has no documentation at all.
    Missing,
    /// The documentation starts with a block that is not a paragraph: a heading, a code block...
    StartsWithBlock(&'static str),
    /// The first paragraph does not end with a period.
    NoPeriod,
    /// The first paragraph starts with a lowercase letter.
    Lowercase,
    /// The first paragraph has fewer than [`MIN_WORDS`] words outside code spans.
    TooShort,
    /// The first paragraph holds more than one sentence.
    MoreThanOneSentence,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing => f.write_str("no documentation"),
            Problem::StartsWithBlock(block) => write!(f, "starts with {block}, not a sentence"),
            Problem::NoPeriod => f.write_str("first paragraph does not end with a period"),
            Problem::Lowercase => f.write_str("first paragraph starts with a lowercase letter"),
            Problem::TooShort => write!(
                f,
                "first paragraph has fewer than {MIN_WORDS} words outside code spans"
            ),
            Problem::MoreThanOneSentence => {
                f.write_str("first paragraph is more than one sentence")
            }
        }
    }
}

/// Returns the first paragraph of a documentation: its first lines of text up to a blank line
/// or a block, joined by spaces.
pub fn first_paragraph(doc: &str) -> String {
    let mut lines = Vec::new();
    for line in doc.lines().map(str::trim).skip_while(|l| l.is_empty()) {
        if line.is_empty() || (!lines.is_empty() && block_kind(line).is_some()) {
            break;
        }
        lines.push(line);
    }
    lines.join(" ")
}

/// Checks a documentation (`None` when the item has none) against the rule of this module.
pub fn check(doc: Option<&str>) -> Result<(), Problem> {
    let doc = doc.unwrap_or_default();
    let Some(first) = doc.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return Err(Problem::Missing);
    };
    if let Some(block) = block_kind(first) {
        return Err(Problem::StartsWithBlock(block));
    }
    let paragraph = first_paragraph(doc);
    if !paragraph.ends_with('.') {
        return Err(Problem::NoPeriod);
    }
    if paragraph.starts_with(char::is_lowercase) {
        return Err(Problem::Lowercase);
    }
    let plain = plain_text(&paragraph);
    let words = plain
        .split_whitespace()
        .filter(|w| *w != CODE && w.chars().any(char::is_alphabetic))
        .count();
    if words < MIN_WORDS {
        return Err(Problem::TooShort);
    }
    if sentence_breaks(&plain) {
        return Err(Problem::MoreThanOneSentence);
    }
    Ok(())
}

/// What block a line of Markdown starts, when it starts one that is not a paragraph.
fn block_kind(line: &str) -> Option<&'static str> {
    let numbered = line
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if line.starts_with('#') {
        Some("a heading")
    } else if line.starts_with("```") || line.starts_with("~~~") {
        Some("a code block")
    } else if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") || numbered
    {
        Some("a list")
    } else if line.starts_with('|') {
        Some("a table")
    } else if line.starts_with('>') {
        Some("a quotation")
    } else {
        None
    }
}

/// What a code span becomes in [`plain_text`]: a word of its own, capitalised so that a
/// sentence starting with one is seen.
const CODE: &str = "CODE";

/// Returns the paragraph's text with each code span replaced by [`CODE`] and each link by its
/// text (`[text](target)`, `[text][ref]` and `[text]` alike).
fn plain_text(paragraph: &str) -> String {
    let mut out = String::new();
    let mut rest = paragraph;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(fence) {
                out.push_str(CODE);
                rest = &rest[ticks + end + ticks..];
                continue;
            }
        } else if c == ']' {
            // A link's target: `](...)` or `][...]`, dropped.
            let after = &rest[1..];
            let close = match after.chars().next() {
                Some('(') => ')',
                Some('[') => ']',
                _ => '\0',
            };
            if close != '\0'
                && let Some(end) = after.find(close)
            {
                rest = &after[end + 1..];
                continue;
            }
            rest = after;
            continue;
        } else if c == '[' {
            rest = &rest[1..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Whether plain text holds a sentence's end before its last character.
fn sentence_breaks(plain: &str) -> bool {
    let words: Vec<&str> = plain.split_whitespace().collect();
    words.windows(2).any(|pair| {
        let (word, next) = (pair[0], pair[1]);
        let ends = word
            .trim_end_matches(['"', '\'', ')', '*', '_'])
            .ends_with(['.', '?', '!']);
        let starts = next
            .trim_start_matches(['"', '\'', '(', '*', '_'])
            .starts_with(|c: char| c.is_uppercase());
        ends && starts && !abbreviation(word)
    })
}

/// Whether a word ending with a period is an abbreviation or an initial, not a sentence's end.
fn abbreviation(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '"', '\'']).to_lowercase();
    let initial = word.len() == 2 && word.starts_with(char::is_alphabetic);
    initial || ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sentence_ending_with_a_period_passes() {
        for doc in [
            "Returns the token's lifetime.",
            "The consent URL, for the customer's browser.",
            "[`Client`]'s builder: server, credentials and timeouts.\n\nMore text. And more.",
            "`dqe`: DQE's ID Mobile API from the command line,\nand its sandbox.",
            "Sends step 1 (e.g. `InitiateRequest`) and returns the consent.",
            "Reads the spec; the generator writes the items.\n```\ncode\n```",
            "Step 1's request, with `1.95` as a version.",
        ] {
            assert_eq!(check(Some(doc)), Ok(()), "{doc:?}");
        }
    }

    #[test]
    fn each_broken_rule_is_named() {
        for (doc, problem) in [
            (None, Problem::Missing),
            (Some("  \n "), Problem::Missing),
            (
                Some("# Examples\n\nText."),
                Problem::StartsWithBlock("a heading"),
            ),
            (
                Some("```\nlet x = 1;\n```"),
                Problem::StartsWithBlock("a code block"),
            ),
            (Some("- one\n- two."), Problem::StartsWithBlock("a list")),
            (
                Some("Builds the request:\n\n```\nx\n```"),
                Problem::NoPeriod,
            ),
            (Some("The request"), Problem::NoPeriod),
            (Some("returns the token."), Problem::Lowercase),
            (Some("`Scope::ALL`."), Problem::TooShort),
            (Some("The token."), Problem::TooShort),
            (
                Some("The token. It expires after an hour."),
                Problem::MoreThanOneSentence,
            ),
            (
                Some("Sends step 1. `pending` until done."),
                Problem::MoreThanOneSentence,
            ),
            (
                Some("Is it done? [`wait`] says so."),
                Problem::MoreThanOneSentence,
            ),
        ] {
            assert_eq!(check(doc), Err(problem), "{doc:?}");
        }
    }

    #[test]
    fn the_first_paragraph_stops_at_a_blank_line_or_a_block() {
        assert_eq!(first_paragraph("\nOne\ntwo.\n\nThree."), "One two.");
        assert_eq!(first_paragraph("Lists:\n- a\n- b"), "Lists:");
        assert_eq!(
            plain_text("A [`link`](crate::x) and [text][r] and [`b`]."),
            "A CODE and text and CODE."
        );
    }
}
