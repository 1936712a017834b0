//! One row of a page's table, read into the page's model: a parameter, a reply key (a row
//! without its key name kept, nameless) or an error.

use super::table::Row;
use super::{ErrorRow, Key, Param};

/// A row's cell `i`, or `""` when the row has fewer cells.
fn cell(row: &Row, i: usize) -> &str {
    row.cells.get(i).map_or("", String::as_str)
}

pub(super) fn param(row: &Row) -> Param {
    let m = cell(row, 2).to_ascii_lowercase();
    Param {
        name: cell(row, 0).to_owned(),
        description: cell(row, 1).to_owned(),
        mandatory: if m.starts_with("mandatory") {
            Some(true)
        } else if m.starts_with("optional") {
            Some(false)
        } else {
            None
        },
        line: row.line,
    }
}

/// Whether a cell reads as a type (`STRING`, `STRING(10)`, `JSON OBJECT`, `DATE`...).
pub fn looks_like_type(cell: &str) -> bool {
    let head = cell.split('(').next().unwrap_or(cell).trim();
    !head.is_empty()
        && head
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == ' ' || c == '_')
}

/// A key row; a row whose first cell is a sentence, second a type and third empty is a row
/// whose key name the page left out (its cells shifted left).
pub(super) fn key(row: &Row) -> Key {
    let (first, second, third) = (cell(row, 0), cell(row, 1), cell(row, 2));
    let nameless = third.is_empty() && looks_like_type(second) && !is_key_name(first);
    let (name, description, ty) = if nameless {
        (None, first, second)
    } else {
        (Some(first.to_owned()), second, third)
    };
    let (description, ty) = (description.to_owned(), ty.to_owned());
    Key {
        inline_keys: inline_keys(&description),
        name,
        description,
        ty,
        line: row.line,
    }
}

/// Whether a cell is a key name: one word of letters, digits and `_`.
fn is_key_name(cell: &str) -> bool {
    !cell.is_empty() && cell.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// `Postal address object. Keys: country, postal_code, formatted.` -> the keys.
fn inline_keys(description: &str) -> Vec<String> {
    let Some((_, list)) = description.split_once("Keys:") else {
        return Vec::new();
    };
    let list = list.trim().trim_end_matches('.');
    dqe_spec_types::list_items(list)
        .filter(|k| is_key_name(k))
        .map(str::to_owned)
        .collect()
}

pub(super) fn error_row(row: &Row) -> ErrorRow {
    ErrorRow {
        id: cell(row, 0).to_owned(),
        text: cell(row, 1).to_owned(),
        description: cell(row, 2).to_owned(),
        line: row.line,
    }
}
