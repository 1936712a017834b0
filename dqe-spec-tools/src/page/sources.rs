//! Where each stored page of a directory comes from: its `sources.toml`, read once for the
//! command that refreshes the pages (`dqe spec page --refresh DIR`) and for the tests that tell
//! the pages following DQE from the frozen fixtures.
//!
//! ```toml
//! # The pages refreshed, each from its article.
//! [pages]
//! "formfilling.txt" = "https://helpcenter.dqe.tech/hc/en-gb/articles/48305506156177"
//!
//! # Any other table: files left as they are (its comment says why).
//! [frozen]
//! pages = ["formfilling.html"]
//! ```
//!
//! Every file is listed once, in one table; a name is a plain file name of the directory.

use std::collections::BTreeSet;

use toml::de::{DeTable, DeValue};

/// The name of the file, in a directory of stored pages, that says where each comes from.
pub const FILE: &str = "sources.toml";

/// The table naming the pages refreshed, each with its article's URL.
pub const REFRESHED: &str = "pages";

/// What a `sources.toml` says: the pages refreshed with their articles, and the files of each
/// other table.
#[derive(Debug, Default)]
pub struct Sources {
    /// The pages of `[pages]`, by file name, with their articles' URLs, in the file's order.
    pub refreshed: Vec<(String, String)>,
    /// Every other table, by name, with the files its `pages` lists.
    pub tables: Vec<(String, Vec<String>)>,
    /// Every file listed, in any table.
    listed: BTreeSet<String>,
}

impl Sources {
    /// Whether `file` is listed, in any table.
    pub fn lists(&self, file: &str) -> bool {
        self.listed.contains(file)
    }

    /// The files that the table `name` lists (none when there is no such table).
    pub fn table(&self, name: &str) -> &[String] {
        self.tables
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[][..], |(_, files)| files)
    }

    /// Lists `file`: a file's name in the directory, listed once.
    fn list(&mut self, file: &str) -> Result<(), String> {
        let plain = !file.is_empty()
            && !file.starts_with('.')
            && !file.contains(['/', '\\'])
            && file != FILE;
        if !plain {
            return Err(format!(
                "`{file}`: not the name of a page in this directory"
            ));
        }
        if !self.listed.insert(file.to_owned()) {
            return Err(format!("`{file}` is listed twice"));
        }
        Ok(())
    }
}

/// Reads `sources.toml`'s text: `[pages]` of `"FILE" = "URL"`, each URL checked by
/// `check_url` (the command line accepts an https:// article URL alone), and other tables of
/// `pages = ["FILE", ...]`; a file named once in all.
///
/// # Errors
/// Why the text is not such a file, naming the table and key.
pub fn read(text: &str, check_url: impl Fn(&str) -> Result<(), String>) -> Result<Sources, String> {
    let root = DeTable::parse(text).map_err(|e| format!("not TOML: {}", e.message().trim()))?;
    let mut sources = Sources::default();
    for (name, value) in root.get_ref().iter() {
        let name = name.get_ref().as_ref();
        let DeValue::Table(table) = value.get_ref() else {
            return Err(format!("`{name}`: expected a table"));
        };
        for (key, value) in table.iter() {
            let key = key.get_ref().as_ref();
            match (name == REFRESHED, value.get_ref()) {
                (true, DeValue::String(url)) => {
                    sources.list(key)?;
                    check_url(url).map_err(|why| format!("[{name}] `{key}`: {why}"))?;
                    sources.refreshed.push((key.to_owned(), url.to_string()));
                }
                (false, DeValue::Array(files)) if key == "pages" => {
                    let mut names = Vec::new();
                    for file in files {
                        let DeValue::String(file) = file.get_ref() else {
                            return Err(format!("[{name}] pages: expected file names"));
                        };
                        sources.list(file)?;
                        names.push(file.to_string());
                    }
                    sources.tables.push((name.to_owned(), names));
                }
                (true, _) => return Err(format!("[{name}] `{key}`: expected an article's URL")),
                (false, _) => {
                    return Err(format!(
                        "[{name}] `{key}`: expected `pages = [\"FILE\", ...]`"
                    ));
                }
            }
        }
    }
    Ok(sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_list_each_file_once() {
        let text = "[pages]\n\"a.txt\" = \"u\"\n[frozen]\npages = [\"b.html\", \"c.json\"]\n";
        let s = read(text, |_| Ok(())).unwrap();
        assert_eq!(s.refreshed, [("a.txt".to_owned(), "u".to_owned())]);
        assert_eq!(s.table("frozen"), ["b.html", "c.json"]);
        assert!(s.table("made_up").is_empty());
        assert!(s.lists("a.txt") && s.lists("c.json") && !s.lists("d.txt"));
        let twice = "[x]\npages = [\"a.txt\"]\n[y]\npages = [\"a.txt\"]\n";
        assert!(
            read(twice, |_| Ok(()))
                .unwrap_err()
                .contains("listed twice")
        );
        let refused = read(text, |_| Err("no".into())).unwrap_err();
        assert_eq!(refused, "[pages] `a.txt`: no");
    }
}
