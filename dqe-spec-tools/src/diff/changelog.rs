//! The changes of a [`SpecDiff`] as a changelog's sections ([Keep a Changelog]'s `Added`,
//! `Changed`, `Removed`), worded for the crate's users: what they can now use, what they must
//! change (marked **Breaking**), what is gone.
//!
//! [Keep a Changelog]: https://keepachangelog.com/en/1.1.0/

use std::fmt::Write as _;

use super::{Change, SpecDiff, Verdict};

/// The sections a change goes under, in the order they are written.
const SECTIONS: [&str; 3] = ["Added", "Changed", "Removed"];

impl SpecDiff {
    /// The changes as Markdown sections (`### Added`, `### Changed`, `### Removed`, each only when
    /// it has a change), one item a change, for a release's entry of `CHANGELOG.md`; empty when
    /// nothing changed.
    ///
    /// A change is added or removed by its kind (`key-added`, `scope-removed`); any other is
    /// changed. A major change says **Breaking** and why.
    pub fn changelog(&self) -> String {
        let mut out = String::new();
        for section in SECTIONS {
            let items: Vec<&Change> = self
                .changes
                .iter()
                .filter(|c| section_of(c) == section)
                .collect();
            if items.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "### {section}\n");
            for c in items {
                let _ = writeln!(out, "- {}", item(c));
            }
        }
        out
    }
}

/// Which section a change goes under.
fn section_of(c: &Change) -> &'static str {
    let id = c.kind.id();
    if id.ends_with("-added") {
        "Added"
    } else if id.ends_with("-removed") {
        "Removed"
    } else {
        "Changed"
    }
}

/// A change as its changelog item: its sentence, and for a major one, what it breaks.
fn item(c: &Change) -> String {
    let mut sentence = c.message.clone();
    if let Some(first) = sentence.get(..1) {
        let upper = first.to_uppercase();
        sentence.replace_range(..1, &upper);
    }
    match c.verdict {
        Verdict::Major => format!("**Breaking**: {sentence}: {}.", c.why),
        _ => format!("{sentence}."),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Change, Kind, SpecDiff, Verdict};

    fn change(kind: Kind, verdict: Verdict, message: &str) -> Change {
        Change {
            kind,
            verdict,
            subject: String::new(),
            item: String::new(),
            message: message.to_owned(),
            why: "the field is gone".to_owned(),
            old: None,
            new: None,
        }
    }

    #[test]
    fn changes_go_under_their_section_in_the_changelog_s_order() {
        let diff = SpecDiff {
            changes: vec![
                change(Kind::KeyRemoved, Verdict::Major, "the key `sub` is removed"),
                change(
                    Kind::DescriptionChanged,
                    Verdict::Patch,
                    "a description changed",
                ),
                change(Kind::KeyAdded, Verdict::Minor, "`nickname` is a new key"),
            ],
        };
        assert_eq!(
            diff.changelog(),
            "### Added\n\n- `nickname` is a new key.\n\n### Changed\n\n- A description changed.\n\n\
             ### Removed\n\n- **Breaking**: The key `sub` is removed: the field is gone.\n"
        );
        assert_eq!(SpecDiff { changes: vec![] }.changelog(), "");
    }
}
