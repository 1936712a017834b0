//! How a scope documents an endpoint's errors.
//!
//! The API file's error table of an endpoint is every scope's (the generated error enum is the
//! endpoint's); a scope's file may do without some of its ids, or word some otherwise, where that
//! scope's page does (`[extend.E.errors]`: `without` and `texts`). [`wording`] is the one reading
//! of "the error of id X for scope S": the generator's model reads it for drift, import and the
//! checks, the runtime's tables for the sandbox's answers.

use crate::canonical_id;

/// How a scope documents one error of an endpoint's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wording<T> {
    /// In the API file's words (the endpoint's table, every scope's).
    ///
    /// Not named `Endpoint`: the runtime re-exports this type beside its `Endpoint` trait, which
    /// compiler messages then name in full.
    Api,
    /// In its own words: the text its file gives the id.
    Own(T),
    /// Not at all: its file lists the id in `without`.
    Without,
}

impl<T> Wording<T> {
    /// Whether the scope documents the error (in whichever words).
    pub fn is_documented(&self) -> bool {
        !matches!(self, Wording::Without)
    }
}

/// How a scope documents the error `id` of an endpoint, from what its file says of that endpoint's
/// errors: the ids it does without, and its own texts by id (`T`, whatever holds one).
///
/// Ids compare as ids do ([`canonical_id`]: `9` is `09`); an id in both lists is done without (the
/// spec's checks refuse such a file).
pub fn wording<'a, T>(
    id: &str,
    without: impl IntoIterator<Item = &'a str>,
    texts: impl IntoIterator<Item = (&'a str, T)>,
) -> Wording<T> {
    let id = canonical_id(id);
    if without.into_iter().any(|w| canonical_id(w) == id) {
        return Wording::Without;
    }
    texts
        .into_iter()
        .find(|(t, _)| canonical_id(t) == id)
        .map_or(Wording::Api, |(_, text)| Wording::Own(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_does_without_an_id_words_it_or_leaves_it_to_the_endpoint() {
        let without = ["09"];
        let texts = [("13", "operator not found"), ("5", "no (period)")];
        let of = |id| wording(id, without, texts);
        assert_eq!(of("9"), Wording::Without);
        assert_eq!(of("13"), Wording::Own("operator not found"));
        assert_eq!(of("05"), Wording::Own("no (period)"));
        assert_eq!(of("01"), Wording::Api);
        assert!(of("01").is_documented() && !of("09").is_documented());
        assert_eq!(wording("09", ["9"], [("09", "x")]), Wording::Without);
    }
}
