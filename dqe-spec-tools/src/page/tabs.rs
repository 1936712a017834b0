//! A page's text as a browser copies it (select all, copy, paste; what the page's `innerText`
//! is): a table's cells separated by tabs, a row a line; turned into `| a | b |` rows for the
//! text reader, the other lines as they are.
//!
//! A table starts at a line of two cells or more separated by tabs, its header, whose tabs
//! say how many cells a row has. A cell holding paragraphs spills over lines, with blank lines
//! between (as Chromium copies `<td><p>..</p></td>`): a row's lines are joined (by spaces)
//! until it has its cells, a line that would give it too many starting the next row; a row
//! whose last cell is empty on its line, followed by a blank line, then a line without a tab,
//! takes that line as its last cell; a line without a tab followed by one starting with a tab
//! is a row whose first cell is a paragraph. A table ends at a line without a tab that is none
//! of these. (The text cannot say where a cell ends the way HTML does: a table whose last row
//! leaves its last cell empty, followed by a paragraph, reads that paragraph as the cell. Give
//! the HTML when in doubt.)
//!
//! A line reported for a row is the line of the file its text starts on.

use super::html::Line;

/// The lines the reader reads, each with its line in `text` (1-based).
pub(super) fn lines(text: &str) -> Vec<Line> {
    let raw: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if is_header(raw[i]) {
            i = table(&raw, i, &mut out);
        } else {
            out.push((raw[i].replace('\u{a0}', " "), i + 1));
            i += 1;
        }
    }
    out
}

/// How many tabs a line holds.
fn tabs(line: &str) -> usize {
    line.matches('\t').count()
}

/// Whether a line is a table's header: two cells or more, the first not empty.
pub(super) fn is_header(line: &str) -> bool {
    !line.trim_start_matches(' ').starts_with('\t')
        && line.split('\t').filter(|c| !c.trim().is_empty()).count() >= 2
}

/// The first line from `i` on that is not blank (`raw.len()` when none is).
fn skip_blank(raw: &[&str], mut i: usize) -> usize {
    while i < raw.len() && raw[i].trim_matches([' ', '\u{a0}']).is_empty() {
        i += 1;
    }
    i
}

/// Reads the table whose header is `raw[start]` into `out`; gives the line after it.
fn table(raw: &[&str], start: usize, out: &mut Vec<Line>) -> usize {
    let want = tabs(raw[start]);
    out.push((row(raw[start], want), start + 1));
    let mut i = start + 1;
    loop {
        let j = skip_blank(raw, i);
        if j >= raw.len() || !starts_row(raw, j) {
            return i;
        }
        let mut text = raw[j].to_owned();
        let mut k = j + 1;
        while tabs(&text) < want {
            let m = skip_blank(raw, k);
            if m >= raw.len() || tabs(&text) + tabs(raw[m]) > want {
                break;
            }
            text.push(' ');
            text.push_str(raw[m]);
            k = m + 1;
        }
        if tabs(&text) == want && text.ends_with('\t') {
            let m = skip_blank(raw, k);
            if m > k && m < raw.len() && tabs(raw[m]) == 0 {
                text.push_str(raw[m]);
                k = m + 1;
            }
        }
        out.push((row(&text, want), j + 1));
        i = k;
    }
}

/// Whether the row at `j` is one: a line with a tab, or a first cell alone on its line
/// followed (after blank lines) by a line starting with a tab.
fn starts_row(raw: &[&str], j: usize) -> bool {
    if tabs(raw[j]) > 0 {
        return true;
    }
    let m = skip_blank(raw, j + 1);
    m > j + 1 && m < raw.len() && raw[m].starts_with('\t')
}

/// A row's text as `| a | b |`: at least `want + 1` cells, each trimmed, white space and
/// non-breaking spaces collapsed, a `|` written `\|`.
fn row(text: &str, want: usize) -> String {
    let mut cells: Vec<String> = text
        .split('\t')
        .map(|c| {
            let words: Vec<&str> = c
                .split(|ch: char| ch.is_whitespace() || ch == '\u{a0}')
                .filter(|w| !w.is_empty())
                .collect();
            words.join(" ").replace('|', "\\|")
        })
        .collect();
    if cells.len() <= want {
        cells.resize(want + 1, String::new());
    }
    let mut line = String::from("|");
    for cell in &cells {
        line.push(' ');
        line.push_str(cell);
        line.push_str(" |");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<(String, usize)> {
        lines(text)
    }

    #[test]
    fn rows_spilling_over_lines_as_chromium_copies_them_are_joined() {
        let text = "Intro\nKey\tDescription\tType\nstatus\t\n\nsuccess: done.\n\n\t\n\nSTRING\n\n\nscope\tThe scope.\t\n\nSTRING\n\n\nnameless.\tSTRING\t\u{a0}\n\nfirst\n\n\tsecond\tthird\nlast\tx|y\tDATE\nExample:\n\n{\n\t\"a\": 1\n}";
        let rows: Vec<(String, usize)> = [
            ("Intro", 1),
            ("| Key | Description | Type |", 2),
            ("| status | success: done. | STRING |", 3),
            ("| scope | The scope. | STRING |", 12),
            ("| nameless. | STRING |  |", 17),
            ("| first | second | third |", 19),
            ("| last | x\\|y | DATE |", 22),
            ("Example:", 23),
            ("", 24),
            ("{", 25),
            ("\t\"a\": 1", 26),
            ("}", 27),
        ]
        .into_iter()
        .map(|(t, l)| (t.to_owned(), l))
        .collect();
        assert_eq!(shown(text), rows);
    }

    #[test]
    fn a_row_lacking_cells_does_not_swallow_the_next() {
        let text = "A\tB\tC\none\ttwo\nx\ty\tz\nafter";
        let rows: Vec<String> = shown(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            rows,
            [
                "| A | B | C |",
                "| one | two |  |",
                "| x | y | z |",
                "after"
            ]
        );
    }

    #[test]
    fn a_table_ends_at_a_paragraph() {
        let text = "A\tB\n1\t2\nPOST request\n\nA\tB\n3\t\n\n4\n\nnext";
        let rows: Vec<String> = shown(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            rows,
            [
                "| A | B |",
                "| 1 | 2 |",
                "POST request",
                "",
                "| A | B |",
                "| 3 | 4 |",
                "",
                "next"
            ]
        );
    }
}
