//! Names: Rust identifiers, case conversion, and suggestions for misspelt keys.

/// Rust's reserved words, which cannot name a field or a parameter.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `s` is a snake_case Rust identifier that is not a keyword.
pub fn is_snake_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s != "_"
        && !KEYWORDS.contains(&s)
}

/// Whether `s` is an UpperCamelCase Rust identifier that is not a keyword.
pub fn is_camel_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&s)
}

/// `access_token` -> `AccessToken`, `numVerify` -> `NumVerify`.
pub fn upper_camel(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut upper = true;
    for c in s.chars() {
        if c == '_' || c == '-' || c == ' ' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `wire_name` and `wireName` -> `wire-name`: the command line's option of a parameter (one
/// rule for `dqe` and the documentation's tables, which name its options).
pub fn kebab_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut after_lower = false;
    for c in s.chars() {
        if c == '_' || c == '-' || c == ' ' {
            out.push('-');
            after_lower = false;
        } else if c.is_uppercase() {
            if after_lower {
                out.push('-');
            }
            out.extend(c.to_lowercase());
            after_lower = false;
        } else {
            out.push(c);
            after_lower = c.is_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// `NumVerify` -> `num_verify`, `MatchingNotp` -> `matching_notp`.
pub fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The candidate nearest to a misspelt word (by Levenshtein distance), if one is near enough
/// to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The number of single-character insertions, deletions and substitutions that turn `a` into
/// `b` (by characters). Written here rather than taken from a crate: the suggestions are its
/// only use, and every cold build of a crate depending on dqe-client compiles the macro's
/// dependencies.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // row[j]: the distance between the prefix of `a` read so far and b[..j].
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// ` (did you mean `near`?)` when a candidate is near `word`, else nothing: the hint that
/// diagnostics add after an unknown name.
pub fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    closest(word, candidates)
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default()
}

/// The names in backticks, joined by `sep`: `` `a`, `b` `` for messages and docs.
pub fn backticked<'a>(names: impl IntoIterator<Item = &'a str>, sep: &str) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case_of_snake_and_camel_names() {
        assert_eq!(kebab_case("a_b"), "a-b");
        assert_eq!(kebab_case("aB"), "a-b");
        assert_eq!(kebab_case("Abc"), "abc");
        assert_eq!(kebab_case("abc2Def"), "abc2-def");
    }

    #[test]
    fn identifiers() {
        assert!(is_snake_ident("code_name"));
        assert!(!is_snake_ident("type"));
        assert!(!is_snake_ident("Licence"));
        assert!(!is_snake_ident("2fa"));
        assert!(is_camel_ident("OperatorNotFound"));
        assert!(!is_camel_ident("operator_not_found"));
    }

    #[test]
    fn camel_case() {
        assert_eq!(upper_camel("access_token"), "AccessToken");
        assert_eq!(upper_camel("numVerify"), "NumVerify");
        assert_eq!(upper_camel("matching_notp"), "MatchingNotp");
    }

    #[test]
    fn edit_distance() {
        let cases = [
            ("", "", 0),
            ("", "abc", 3),
            ("abc", "", 3),
            ("kitten", "sitting", 3),
            ("requird", "required", 1),
            ("flaw", "lawn", 2),
            ("licence", "license", 1),
            ("été", "ete", 2),
            ("ab", "ba", 2),
        ];
        for (a, b, d) in cases {
            assert_eq!(levenshtein(a, b), d, "{a} -> {b}");
            assert_eq!(levenshtein(b, a), d, "{b} -> {a}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            closest("requird", &["required", "sensitive"]),
            Some("required")
        );
        assert_eq!(closest("zzz", &["required", "sensitive"]), None);
    }
}
