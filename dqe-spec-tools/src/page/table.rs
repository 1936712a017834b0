//! The tables of a help-centre page as a browser copies them: `| a | b | c |` rows under a
//! header and a `|---|` separator, where a row whose cells hold line breaks continues on the
//! next lines (`| mode |` / `2: authentication by code. |` / `Mandatory |`).

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

/// The cells of a row's text: what stands between its pipes, trimmed.
fn cells(text: &str) -> Vec<String> {
    let inner = text.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(|c| c.trim().to_owned()).collect()
}

/// Whether a row's text is the separator under the header (`|---|---|`).
fn is_separator(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Reads the table whose header is `lines[start]` (a line starting with `|`). Gives the table
/// and the index of the first line after it. A row is complete when it holds as many pipes as
/// the header; until then the next lines continue it (joined with a space).
pub fn read(lines: &[&str], start: usize) -> (Table, usize) {
    let header = cells(lines[start]);
    let pipes = lines[start].matches('|').count();
    let mut rows = Vec::new();
    let mut i = start + 1;
    while i < lines.len() && lines[i].trim_start().starts_with('|') {
        let line = i + 1;
        let mut text = lines[i].trim().to_owned();
        i += 1;
        while text.matches('|').count() < pipes && i < lines.len() {
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
