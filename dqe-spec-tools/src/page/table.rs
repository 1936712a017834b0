//! The tables of a help-centre page as a browser copies them: `| a | b | c |` rows under a header
//! and a `|---|` separator, where a row whose cells hold line breaks continues on the next lines
//! (`| mode |` / `2: authentication by code. |` / `Mandatory |`).
//!
//! A `|` within a cell is written `\|`, as in Markdown (the page's other forms are written so:
//! [`super::forms`]).

/// One row: its cells, trimmed, and the line (1-based) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The cells, trimmed, as many as the header has (missing ones empty).
    pub cells: Vec<String>,
    /// The line the row starts on.
    pub line: usize,
}

/// A table: its header's cells, its rows, and the line its header is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header's cells, trimmed.
    pub header: Vec<String>,
    /// Its rows, separator excluded.
    pub rows: Vec<Row>,
    /// The line of its header.
    pub line: usize,
}

/// The cells of a row's text: what stands between its pipes, trimmed, `\|` read as `|`.
fn cells(text: &str) -> Vec<String> {
    let inner = text.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = match inner.strip_suffix('|') {
        Some(rest) if !rest.ends_with('\\') => rest,
        _ => inner,
    };
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '|' {
            cells.push(String::new());
            continue;
        }
        let c = if c == '\\' && chars.peek() == Some(&'|') {
            chars.next().unwrap_or(c)
        } else {
            c
        };
        if let Some(cell) = cells.last_mut() {
            cell.push(c);
        }
    }
    cells.iter().map(|c| c.trim().to_owned()).collect()
}

/// How many pipes a row's text holds that separate cells (not `\|`).
fn pipes(text: &str) -> usize {
    text.matches('|').count() - text.matches("\\|").count()
}

/// Whether a row's text is the separator under the header (`|---|---|`).
fn is_separator(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Reads the table whose header is `lines[start]` (a line starting with `|`).
///
/// Gives the table and the index of the first line after it. A row is complete when it holds as
/// many pipes as the header; until then the next lines continue it (joined with a space).
pub fn read(lines: &[&str], start: usize) -> (Table, usize) {
    let header = cells(lines[start]);
    let want = pipes(lines[start]);
    let mut rows = Vec::new();
    let mut i = start + 1;
    while i < lines.len() && lines[i].trim_start().starts_with('|') {
        let line = i + 1;
        let mut text = lines[i].trim().to_owned();
        i += 1;
        while pipes(&text) < want && i < lines.len() {
            let next = lines[i].trim();
            // A new row (or a blank line) ends a row that lacks cells: it keeps them empty.
            if next.starts_with('|') || next.is_empty() {
                break;
            }
            text.push(' ');
            text.push_str(next);
            i += 1;
        }
        if is_separator(&text) {
            continue;
        }
        let mut cells = cells(&text);
        cells.resize(header.len().max(cells.len()), String::new());
        rows.push(Row { cells, line });
    }
    (
        Table {
            header,
            rows,
            line: start + 1,
        },
        i,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_broken_across_lines_are_joined() {
        let text = "| Parameter | Description | Mandatory/Optional |\n|---|---|---|\n| licence | Licence code. | Mandatory |\n| mode |\n2: authentication by code. |\nMandatory |\n| code_name | Optional field. |\nOptional |\nafter";
        let lines: Vec<&str> = text.lines().collect();
        let (table, next) = read(&lines, 0);
        assert_eq!(
            table.header,
            ["Parameter", "Description", "Mandatory/Optional"]
        );
        let rows: Vec<_> = table
            .rows
            .iter()
            .map(|r| (r.cells.clone(), r.line))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    vec!["licence".into(), "Licence code.".into(), "Mandatory".into()],
                    3
                ),
                (
                    vec![
                        "mode".into(),
                        "2: authentication by code.".into(),
                        "Mandatory".into()
                    ],
                    4
                ),
                (
                    vec![
                        "code_name".into(),
                        "Optional field.".into(),
                        "Optional".into()
                    ],
                    7
                ),
            ]
        );
        assert_eq!(lines[next], "after");
    }

    #[test]
    fn an_escaped_pipe_is_a_cell_s_text() {
        let lines = [
            "| Key | Description |",
            "| a\\|b | x \\| y |",
            "| c\\ | d |",
        ];
        let (table, _) = read(&lines, 0);
        assert_eq!(table.rows[0].cells, ["a|b", "x | y"]);
        assert_eq!(table.rows[1].cells, ["c\\", "d"]);
    }

    #[test]
    fn an_empty_last_cell_is_kept() {
        let lines = [
            "| Key | Description | Type |",
            "|---|---|---|",
            "| Complete email address. | STRING | |",
        ];
        let (table, _) = read(&lines, 0);
        assert_eq!(
            table.rows[0].cells,
            ["Complete email address.", "STRING", ""]
        );
    }
}
