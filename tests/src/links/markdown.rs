//! Markdown as GitHub renders it: the relative links of a file (outside code), and the anchors
//! GitHub gives its headings.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Broken, is_absolute_url, normalize, split};

/// The lines of a Markdown text outside fenced code blocks, with their numbers (from 1).
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut fence: Option<String> = None;
    let mut lines = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        let is_fence =
            marker.len() >= 3 && marker.chars().all(|c| c == marker.as_bytes()[0] as char);
        match &fence {
            Some(open) => {
                if is_fence
                    && marker.starts_with(open.as_str())
                    && trimmed[marker.len()..].trim().is_empty()
                {
                    fence = None;
                }
            }
            None if is_fence => fence = Some(marker),
            None => lines.push((n + 1, line)),
        }
    }
    lines
}

/// A line without its code spans (`` `...` ``), which hold no link.
fn without_code(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find('`') {
        out.push_str(&rest[..at]);
        let run = rest[at..].chars().take_while(|&c| c == '`').count();
        let after = &rest[at + run..];
        let closing = "`".repeat(run);
        match after.find(&closing) {
            Some(end) => rest = &after[end + run..],
            None => {
                out.push_str(&rest[at..at + run]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The target of an inline link whose `(` is at the start of `rest`: up to the matching `)`,
/// without `<...>` and without a title.
fn inline_target(rest: &str) -> Option<String> {
    let mut depth = 0usize;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    let inner = rest[1..i].trim();
                    if let Some(angled) = inner.strip_prefix('<') {
                        return angled.split_once('>').map(|(t, _)| t.to_owned());
                    }
                    return inner.split_whitespace().next().map(str::to_owned);
                }
            }
            _ => {}
        }
    }
    None
}

/// The links of a Markdown text, `(line, target)`: inline links and images, reference
/// definitions, and `href`/`src` attributes of inline HTML; none inside code.
pub fn links(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in prose(text) {
        let line = without_code(line);
        let trimmed = line.trim_start();
        if trimmed.starts_with('[')
            && let Some((label, rest)) = trimmed[1..].split_once("]:")
            && !label.contains(']')
            && let Some(target) = rest.split_whitespace().next()
        {
            found.push((n, target.trim_matches(['<', '>']).to_owned()));
            continue;
        }
        let mut at = 0;
        while let Some(i) = line[at..].find("](") {
            let start = at + i + 1;
            if let Some(target) = inline_target(&line[start..]) {
                found.push((n, target));
            }
            at = start;
        }
        for attribute in ["href=\"", "src=\""] {
            let mut rest = line.as_str();
            while let Some(i) = rest.find(attribute) {
                rest = &rest[i + attribute.len()..];
                if let Some((value, _)) = rest.split_once('"') {
                    found.push((n, value.to_owned()));
                }
            }
        }
    }
    found
}

/// The anchor GitHub gives a heading's text: its words in lower case, joined by `-`, without
/// punctuation (letters, digits, `-` and `_` are kept), code and emphasis marks removed, a
/// link's text kept.
pub fn slug(heading: &str) -> String {
    let mut text = String::new();
    let mut rest = heading;
    // [text](url) -> text
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.split_once("](") {
            Some((label, tail)) if !label.contains('[') => {
                text.push_str(label);
                rest = tail.split_once(')').map_or("", |(_, t)| t);
            }
            _ => {
                text.push('[');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors GitHub gives a Markdown text: each heading's [`slug`] (a repeated one gets
/// `-1`, `-2`...), and the `id` or `name` of an inline HTML element.
pub fn anchors(text: &str) -> HashSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut found = HashSet::new();
    for (_, line) in prose(text) {
        let trimmed = line.trim_start();
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            let heading = trimmed[hashes..].trim().trim_end_matches('#').trim();
            let base = slug(heading);
            let count = seen.entry(base.clone()).or_insert(0);
            found.insert(match *count {
                0 => base,
                n => format!("{base}-{n}"),
            });
            *count += 1;
        }
        for attribute in ["id=\"", "name=\""] {
            let mut rest = trimmed;
            while let Some(i) = rest.find(attribute) {
                rest = &rest[i + attribute.len()..];
                if let Some((value, _)) = rest.split_once('"') {
                    found.insert(value.to_owned());
                }
            }
        }
    }
    found
}

/// Whether a link is an intra-doc link (`crate::guide::cli`, `Client`), rustdoc's to check.
fn is_rust_path(path: &str) -> bool {
    path.contains("::")
        || (!path.is_empty()
            && path
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '!' || c == '(' || c == ')'))
}

/// The broken relative links of Markdown files, each read from `root`: a file or directory that
/// is not there, or an anchor its Markdown target does not have.
pub fn check(root: &Path, files: &[PathBuf]) -> Vec<Broken> {
    let mut broken = Vec::new();
    let mut cache: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    for file in files {
        let path = root.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            broken.push(Broken {
                file: file.clone(),
                line: 0,
                target: String::new(),
                why: "cannot be read".into(),
            });
            continue;
        };
        let dir = file.parent().unwrap_or(Path::new(""));
        for (line, target) in links(&text) {
            if target.contains("::") || is_absolute_url(&target) {
                continue;
            }
            let (link, fragment) = split(&target);
            let resolved = if link.is_empty() {
                file.clone()
            } else {
                normalize(&dir.join(link))
            };
            let on_disk = root.join(&resolved);
            let why = if !on_disk.exists() {
                if is_rust_path(link) {
                    continue;
                }
                Some(format!("no file {}", resolved.display()))
            } else if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                && on_disk.extension().is_some_and(|e| e == "md")
            {
                let anchors = cache.entry(resolved.clone()).or_insert_with(|| {
                    anchors(&std::fs::read_to_string(&on_disk).unwrap_or_default())
                });
                let fragment = fragment.to_lowercase();
                (!anchors.contains(&fragment))
                    .then(|| format!("{} has no heading anchor #{fragment}", resolved.display()))
            } else {
                None
            };
            if let Some(why) = why {
                broken.push(Broken {
                    file: file.clone(),
                    line,
                    target,
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

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slug("The `dqe` command line"), "the-dqe-command-line");
        assert_eq!(slug("What DQE's servers send"), "what-dqes-servers-send");
        assert_eq!(
            slug("What a change means for users of `dqe-client`"),
            "what-a-change-means-for-users-of-dqe-client"
        );
        assert_eq!(slug("Logging: `-v`"), "logging--v");
        assert_eq!(slug("[The guide](x.md), chapter 1"), "the-guide-chapter-1");
        let text = "# A\n## A\n```\n# not a heading\n```\n<a id=\"here\"></a>\n";
        let found = anchors(text);
        let expected: HashSet<String> = ["a", "a-1", "here"].map(String::from).into();
        assert_eq!(found, expected);
    }

    #[test]
    fn links_outside_code_only() {
        let text = "See [a](a.md#x) and `[b](b.md)`, ![img](i.png \"t\").\n\
                    ```\n[c](c.md)\n```\n[ref]: <d.md>\n<a href=\"e.md\">e</a>\n";
        let found: Vec<_> = links(text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(found, ["a.md#x", "i.png", "d.md", "e.md"]);
    }

    /// A fixture repository: a README with good and broken links, and a chapter.
    #[test]
    fn broken_files_and_anchors_are_found() {
        let root = std::env::temp_dir().join(format!("check-links-md-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("guide")).unwrap();
        std::fs::write(
            root.join("guide/cli.md"),
            "# The command line\n## Exit codes\n",
        )
        .unwrap();
        std::fs::write(
            root.join("README.md"),
            "# Title\n\
             [ok](guide/cli.md#exit-codes), [top](#title), [rust](crate::guide::cli), [web](https://x.invalid/y)\n\
             [gone](guide/web.md) and [anchor](guide/cli.md#exit-code)\n\
             [self](#nowhere)\n",
        )
        .unwrap();
        let broken = check(&root, &[PathBuf::from("README.md")]);
        let found: Vec<_> = broken.iter().map(|b| (b.line, b.target.as_str())).collect();
        assert_eq!(
            found,
            [
                (3, "guide/web.md"),
                (3, "guide/cli.md#exit-code"),
                (4, "#nowhere")
            ],
            "{broken:#?}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
