//! The languages the customer-facing words come in: [`CustomerOutcome`]'s sentences
//! ([`CustomerOutcome::message_in`]) and what a consent page says of each scope
//! ([`ScopeInfo::customer_text_in`]).
//!
//! The customers of French merchants mostly read French; the caller chooses, for example from the
//! browser's `Accept-Language` header ([`Lang::from_accept_language`]).
//!
//! [`CustomerOutcome`]: crate::CustomerOutcome
//! [`CustomerOutcome::message_in`]: crate::CustomerOutcome::message_in
//! [`ScopeInfo::customer_text_in`]: crate::endpoint::ScopeInfo::customer_text_in

/// A language the customer-facing words are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// French, for a customer whose browser prefers it.
    Fr,
}

impl Lang {
    /// Every language, in the order [`Lang::from_accept_language`] prefers them on a tie.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// Its language tag (`fr`), as `Accept-Language`, HTML's `lang` and the spec's
    /// `customer_text` name it.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language a tag names (`fr`, `fr-FR`, `FR-ca`: the primary subtag, any case), if it
    /// is one of [`Lang::ALL`].
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    /// The language a browser prefers among [`Lang::ALL`], from its `Accept-Language` header
    /// (`fr-FR,fr;q=0.9,en;q=0.8`): the one of highest weight (`q`, 1 when absent; a range of
    /// weight 0 is refused), the first listed on a tie; English when it names none of them or
    /// cannot be read.
    ///
    /// Any text is taken; none makes it panic.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(u16, Lang)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let Some(lang) = parts.next().and_then(Lang::from_tag) else {
                continue;
            };
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), quality);
            match weight {
                Some(w) if w > 0 && best.is_none_or(|(b, _)| w > b) => best = Some((w, lang)),
                _ => {}
            }
        }
        best.map_or(Lang::En, |(_, l)| l)
    }
}

/// A weight of `Accept-Language` (`0.8`, `1`, `0.125`), in thousandths; `None` when it is not
/// one (RFC 9110: at most three decimals, from 0 to 1).
fn quality(q: &str) -> Option<u16> {
    let (whole, fraction) = q.trim().split_once('.').unwrap_or((q.trim(), ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn the_browser_s_preferred_language_is_chosen_by_weight() {
        for (header, lang) in [
            ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", Lang::Fr),
            ("en-GB,fr;q=0.5", Lang::En),
            ("de-DE,fr;q=0.4,en;q=0.3", Lang::Fr),
            ("en;q=0.2, FR;q=0.8", Lang::Fr),
            ("fr;q=0, en;q=0.1", Lang::En),
            ("fr;q=0", Lang::En),
            ("fr;q=1.5", Lang::En),
            ("fr;q=0.5000", Lang::En),
            ("fr;q=.5", Lang::En),
            ("de, it", Lang::En),
            ("*", Lang::En),
            ("", Lang::En),
            (";;;,,,q=", Lang::En),
            ("fr_CA", Lang::Fr),
            ("fr;q=0.5,en;q=0.5", Lang::Fr),
        ] {
            assert_eq!(Lang::from_accept_language(header), lang, "{header:?}");
        }
    }

    #[test]
    fn a_tag_names_its_language() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("FR-be"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("french"), None);
    }
}
