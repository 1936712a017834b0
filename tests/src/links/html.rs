//! The HTML `cargo doc --no-deps` writes: every relative `href` of the workspace's crates'
//! pages must reach a file it wrote, and a fragment an `id` (or `name`) of that file. A link
//! into a dependency's documentation, which `--no-deps` does not write, is left out.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Broken, is_absolute_url, normalize, split};

/// The values of an attribute (`href`, `id`) in an HTML text, quoted or not (rustdoc writes
/// `href=#1`), with their lines (from 1), HTML's `&amp;` decoded.
fn attribute(html: &str, name: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let open = format!(" {name}=");
    let mut from = 0;
    while let Some(i) = html[from..].find(&open) {
        let start = from + i + open.len();
        let rest = &html[start..];
        let (value, len) = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => match rest[1..].find(quote) {
                Some(end) => (&rest[1..=end], end + 2),
                None => break,
            },
            _ => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(rest.len());
                (&rest[..end], end)
            }
        };
        let line = html[..start].matches('\n').count() + 1;
        found.push((line, value.replace("&amp;", "&")));
        from = start + len.max(1);
    }
    found
}

/// The anchors of an HTML text: its `id`s and `name`s.
pub fn ids(html: &str) -> HashSet<String> {
    attribute(html, "id")
        .into_iter()
        .chain(attribute(html, "name"))
        .map(|(_, v)| v)
        .collect()
}

/// The `.html` files under `dir`, in a stable order.
fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            pages(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

/// Links written by the dependencies' documentation that rustdoc copies into the workspace's
/// pages (a blanket implementation's methods), relative to the dependency's own pages: not this
/// repository's to fix. `tracing`'s `Instrument` and `WithSubscriber` link `dispatcher#...`.
const INHERITED: [&str; 1] = ["dispatcher#setting-the-default-subscriber"];

/// Whether a page's anchors hold a fragment. A method of a trait whose page is not written
/// (rustdoc links `#tymethod.NAME` then) is at `#method.NAME`; a source page's fragment names a
/// line or a range of lines (`#12`, `#12-30`).
fn has_anchor(fragment: &str, ids: &HashSet<String>) -> bool {
    if ids.contains(fragment) || line_anchor(fragment, ids) {
        return true;
    }
    fragment
        .strip_prefix("tymethod.")
        .is_some_and(|name| ids.contains(&format!("method.{name}")))
}

/// Where a rustdoc redirection page sends the browser (the page rustdoc writes at an item's
/// path through a private module, `endpoint/info/struct.ParamInfo.html`, pointing at its public
/// path): that page, whose ids a fragment names; `page` itself when it is no redirection.
fn redirected(page: &Path) -> PathBuf {
    let html = std::fs::read_to_string(page).unwrap_or_default();
    let url = html
        .split_once("http-equiv=\"refresh\" content=\"0;URL=")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(url, _)| url);
    match (url, page.parent()) {
        (Some(url), Some(dir)) if !is_absolute_url(url) => normalize(&dir.join(url)),
        _ => page.to_owned(),
    }
}

/// Whether a source page's fragment (`#12`, or a range `#12-30`) names a line it has.
fn line_anchor(fragment: &str, ids: &HashSet<String>) -> bool {
    let first = fragment.split('-').next().unwrap_or(fragment);
    !first.is_empty() && first.chars().all(|c| c.is_ascii_digit()) && ids.contains(first)
}

/// The broken links of the documentation under `doc` (`target/doc`) of the crates named
/// `crates` (directory names: `dqe_client`); links into their source pages (`src/NAME/`) are
/// checked, those pages' own links (to lines of themselves) are not. A link to a directory of `doc` that is none of theirs and does not exist (a dependency's
/// documentation, not written with `--no-deps`) is not checked.
pub fn check(doc: &Path, crates: &[String]) -> Vec<Broken> {
    let mut files = Vec::new();
    for name in crates {
        pages(&doc.join(name), &mut files);
    }
    let mut anchors: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    for file in &files {
        let html = std::fs::read_to_string(file).unwrap_or_default();
        let dir = file.parent().unwrap_or(doc);
        for (line, href) in attribute(&html, "href") {
            // An intra-doc link rustdoc left as written (`dqe_client::journey::Journey`,
            // `dqe_sandbox`): the crate it names had no documentation yet when rustdoc ran
            // (cargo documents crates side by side); rustdoc itself checks that it resolves
            // (-D warnings). A value starting with `\` is quoted inside another attribute.
            let (path, _) = split(&href);
            let rust_path = !path.is_empty() && !path.contains(['/', '.']);
            let skip = href.is_empty() || href.starts_with('\\') || is_absolute_url(&href);
            if skip || rust_path || INHERITED.contains(&&*href) {
                continue;
            }
            let (path, fragment) = split(&href);
            let target = if path.is_empty() {
                file.clone()
            } else {
                let joined = normalize(&dir.join(path));
                if path.ends_with('/') || joined.is_dir() {
                    joined.join("index.html")
                } else {
                    joined
                }
            };
            let why = if !target.is_file() {
                let top = target
                    .strip_prefix(doc)
                    .ok()
                    .and_then(|t| t.components().next());
                let ours = top.is_some_and(|c| {
                    let c = c.as_os_str().to_string_lossy();
                    crates.iter().any(|n| *n == c) || doc.join(&*c).exists()
                });
                if !ours {
                    continue;
                }
                Some(format!("no file {}", target.display()))
            } else if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let target = redirected(&target);
                let ids = anchors
                    .entry(target.clone())
                    .or_insert_with(|| ids(&std::fs::read_to_string(&target).unwrap_or_default()));
                (!has_anchor(fragment, ids))
                    .then(|| format!("{} has no id `{fragment}`", target.display()))
            } else {
                None
            };
            if let Some(why) = why {
                broken.push(Broken {
                    file: file.strip_prefix(doc).unwrap_or(file).to_owned(),
                    line,
                    target: href,
                    why,
                });
            }
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixture `target/doc`: a crate's pages linking to each other, to a dependency's page
    /// that `--no-deps` did not write, to a missing page and to a missing id.
    #[test]
    fn missing_pages_and_ids_are_found() {
        let doc = std::env::temp_dir().join(format!("check-links-html-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&doc);
        std::fs::create_dir_all(doc.join("krate/guide")).unwrap();
        std::fs::create_dir_all(doc.join("static.files")).unwrap();
        std::fs::write(doc.join("static.files/main.css"), "").unwrap();
        std::fs::write(
            doc.join("krate/index.html"),
            "<html>\n<a href=\"guide/index.html#exit-codes\">ok</a>\n\
             <a href=\"../static.files/main.css\">css</a> <a href=\"#top\" id=\"top\">top</a>\n\
             <a href=\"../serde/index.html\">a dependency</a> <a href=\"https://docs.rs/x\">web</a>\n\
             <a href=\"guide/cli.md\">a source file</a>\n\
             <a href=\"guide/index.html#exit-code\">a missing id</a>\n</html>\n",
        )
        .unwrap();
        std::fs::write(
            doc.join("krate/guide/index.html"),
            "<h2 id=\"exit-codes\">Exit codes</h2><a href=\"../index.html#top\">up</a>\n\
             <a href=\"moved.html#exit-codes\">through a redirection</a>\n\
             <a href=\"moved.html#gone\">through a redirection, a missing id</a>",
        )
        .unwrap();
        std::fs::write(
            doc.join("krate/guide/moved.html"),
            "<head><meta http-equiv=\"refresh\" content=\"0;URL=../guide/index.html\"></head>",
        )
        .unwrap();
        let broken = check(&doc, &["krate".to_owned()]);
        let found: Vec<_> = broken.iter().map(|b| (b.line, b.target.as_str())).collect();
        assert_eq!(
            found,
            [
                (3, "moved.html#gone"),
                (5, "guide/cli.md"),
                (6, "guide/index.html#exit-code")
            ],
            "{broken:#?}"
        );
        std::fs::remove_dir_all(&doc).unwrap();
    }
}
