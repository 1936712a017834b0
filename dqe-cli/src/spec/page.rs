//! `dqe spec page`: a help-centre page printed as it is read, from a file or fetched as `dqe
//! spec drift` fetches it ([`crate::pages`]), as it is or as the pipe text the page reader
//! reads ([`dqe_spec_tools::page::as_text`]); and `--refresh DIR`, which rewrites the stored
//! pages `DIR/sources.toml` names from their articles.
//!
//! `sources.toml` lists every file of its directory once:
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
//! A `.json` page is written as fetched (the Help Center API's answer), any other as pipe
//! text. Every article is fetched and read as a page before anything is written: a refresh that
//! fails leaves the directory as it was. A file of the directory that `sources.toml` does not
//! list is refused, so that which files follow DQE and which are frozen is always said.

use std::path::Path;

use dqe_spec_tools::page::sources::{FILE as SOURCES, Sources};

use super::CANNOT_COMPARE;
use crate::fail::{Fail, USAGE};
use crate::output::{Escaped, errln, outln};

/// `dqe spec page SOURCE [--text]`: the page, checked to be one, printed.
pub(super) async fn print(source: &Path, text: bool) -> Result<(), Fail> {
    let shown = source.display().to_string();
    let unreadable = |why: String| Fail::new(CANNOT_COMPARE, format!("{}: {why}", Escaped(&shown)));
    let bytes = crate::pages::read(source).await.map_err(unreadable)?;
    let out = page(&bytes, text).map_err(unreadable)?;
    crate::output::text(&out)
}

/// The page `bytes` as printed: as it is (once read as a page), or as pipe text.
fn page(bytes: &[u8], text: bool) -> Result<String, String> {
    use dqe_spec_tools::page;
    if text {
        return page::as_text(bytes).map_err(|e| e.to_string());
    }
    page::read(bytes, "").map_err(|e| e.to_string())?;
    // A page read is UTF-8 text (its BOM, if any, kept as it came).
    String::from_utf8(bytes.to_vec()).map_err(|_| "the file is not UTF-8 text".to_owned())
}

/// Reads `sources.toml`'s text ([`dqe_spec_tools::page::sources`]), each article's URL one
/// that `dqe` fetches through the Help Center API.
fn sources(text: &str) -> Result<Sources, String> {
    dqe_spec_tools::page::sources::read(text, |url| crate::pages::api_url(url).map(|_| ()))
}

/// The files of `dir` that `sources` does not list (`sources.toml` aside).
fn unlisted(dir: &Path, sources: &Sources) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list its directory ({e})"))?;
    let mut unlisted = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list its directory ({e})"))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != SOURCES && !sources.lists(&name) {
            unlisted.push(name);
        }
    }
    unlisted.sort();
    Ok(unlisted)
}

/// A page fetched for a refresh: its file, its article, what is written and when the article
/// was last updated.
struct Fetched {
    file: String,
    url: String,
    text: String,
    updated_at: Option<String>,
}

/// `dqe spec page --refresh DIR [--dry-run]`: every page of `[pages]` fetched and read, then
/// written (unless `dry_run`); each file's path printed on stdout, what became of it on stderr.
pub(super) async fn refresh(dir: &Path, dry_run: bool) -> Result<(), Fail> {
    let file = dir.join(SOURCES);
    let shown = file.display().to_string();
    let cannot = |why: String| {
        Fail::new(
            CANNOT_COMPARE,
            format!("{}: {}", Escaped(&shown), Escaped(&why)),
        )
    };
    let text =
        std::fs::read_to_string(&file).map_err(|e| cannot(format!("cannot read it ({e})")))?;
    let sources = sources(&text).map_err(cannot)?;
    let unlisted = unlisted(dir, &sources).map_err(cannot)?;
    if !unlisted.is_empty() {
        return Err(cannot(format!(
            "it does not list {}: list each under [pages] with its article, or in a table of files left as they are",
            unlisted.join(", ")
        )));
    }
    let mut fetched = Vec::new();
    for (file, url) in &sources.refreshed {
        let failed = |why: String| {
            Fail::new(
                CANNOT_COMPARE,
                format!("{} ({}): {why}", Escaped(file), Escaped(url)),
            )
        };
        let bytes = crate::pages::read(Path::new(url)).await.map_err(failed)?;
        let text = page(&bytes, !file.ends_with(".json")).map_err(failed)?;
        let updated_at = dqe_spec_tools::page::updated_at(&bytes);
        fetched.push(Fetched {
            file: file.clone(),
            url: url.clone(),
            text,
            updated_at,
        });
    }
    for page in fetched {
        write(dir, &page, dry_run)?;
    }
    Ok(())
}

/// Writes a fetched page into `dir` (unless `dry_run`), and says so.
fn write(dir: &Path, page: &Fetched, dry_run: bool) -> Result<(), Fail> {
    let path = dir.join(&page.file);
    let shown = path.display().to_string();
    let before = std::fs::read(&path).ok();
    let state = match &before {
        None if dry_run => "would be created",
        None => "created",
        Some(old) if old == page.text.as_bytes() => "unchanged",
        Some(_) if dry_run => "would change",
        Some(_) => "changed",
    };
    if !dry_run && before.as_deref() != Some(page.text.as_bytes()) {
        std::fs::write(&path, &page.text)
            .map_err(|e| Fail::new(USAGE, format!("{}: cannot write it ({e})", Escaped(&shown))))?;
    }
    let updated = page
        .updated_at
        .as_deref()
        .map_or_else(String::new, |at| format!(", last updated at {at}"));
    errln!(
        "{}: {state}, from {}{}",
        Escaped(&shown),
        Escaped(&page.url),
        Escaped(&updated)
    );
    outln!("{}", Escaped(&shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_name_each_file_once_and_only_https_articles() {
        let ok = sources(
            "[pages]\n\"a.txt\" = \"https://h.example/hc/en-gb/articles/1-x\"\n\"b.json\" = \"https://h.example/hc/articles/2\"\n[frozen]\npages = [\"c.html\"]\n",
        )
        .unwrap();
        let refreshed: Vec<&str> = ok.refreshed.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(refreshed, ["a.txt", "b.json"]);
        assert!(ok.lists("a.txt") && ok.lists("b.json") && ok.lists("c.html"));
        for (text, why) in [
            (
                "[pages]\n\"a.txt\" = \"http://h.example/hc/articles/1\"",
                "plain http://",
            ),
            ("[pages]\n\"a.txt\" = \"a.html\"", "not a valid URL"),
            ("[pages]\n\"a.txt\" = 3", "expected an article's URL"),
            (
                "[pages]\n\"../a.txt\" = \"https://h.example/hc/articles/1\"",
                "not the name",
            ),
            ("[x]\npages = [\"a\", \"a\"]", "listed twice"),
            ("[x]\nfiles = [\"a\"]", "expected `pages"),
            ("[x]\npages = [1]", "expected file names"),
            ("pages = 1", "expected a table"),
            ("[x", "not TOML"),
        ] {
            let e = sources(text).unwrap_err();
            assert!(e.contains(why), "{text}: {e}");
        }
    }
}
