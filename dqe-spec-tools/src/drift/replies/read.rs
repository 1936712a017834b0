//! Reading a file of replies: JSON documents one after another (one document, JSON lines, or
//! pretty-printed documents as `dqe --json` prints them), each a reply, a reply in an envelope
//! naming its endpoint, or a `tracing-subscriber` JSON event (a departure event of the client,
//! or another event of the same log, skipped). Any bytes give a [`NotReplies`] or items, never
//! a panic; nothing of a value is kept in an error.

use std::fmt;

use dqe_spec_types::departure::DepartureKind;
use dqe_spec_types::lenient::JsonKind;
use serde_json::{Map, Value};

/// The largest file read, in bytes: a day of a busy merchant's replies, well past what a test
/// or a recording holds.
pub const MAX_REPLIES_SIZE: usize = 64 << 20;

/// The UTF-8 byte order mark an editor may put first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The levels of `tracing` events.
const LEVELS: [&str; 5] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

/// What a file holds, document by document.
#[derive(Debug, Clone)]
pub(super) enum Item {
    /// A reply, with the endpoint its envelope names, if any.
    Reply {
        /// The document's first line.
        line: usize,
        /// The endpoint an envelope names.
        endpoint: Option<String>,
        /// The reply.
        value: Value,
    },
    /// A departure event of the client.
    Event {
        /// The document's first line.
        line: usize,
        /// The endpoint it names.
        endpoint: String,
        /// Its place.
        path: String,
        /// How it departs.
        kind: DepartureKind,
        /// What the value was.
        json_kind: JsonKind,
    },
}

/// Why a file is not replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReplies {
    /// Nothing but white space.
    Empty,
    /// Larger than [`MAX_REPLIES_SIZE`].
    TooLarge,
    /// Not JSON from this place on.
    NotJson {
        /// The 1-based line where the text stops being JSON.
        line: usize,
        /// The 1-based column where the text stops being JSON.
        column: usize,
    },
    /// A document that is not a JSON object.
    NotAnObject {
        /// Its first line.
        line: usize,
        /// What it is.
        kind: JsonKind,
    },
    /// A departure event whose fields cannot be read.
    BadEvent {
        /// Its first line.
        line: usize,
        /// The name of the event's field that cannot be read.
        field: &'static str,
    },
    /// Log events alone, none of them a departure.
    Nothing,
}

impl fmt::Display for NotReplies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotReplies::Empty => f.write_str("the file is empty: no reply to compare"),
            NotReplies::TooLarge => write!(
                f,
                "the file is over {} MiB: split it",
                MAX_REPLIES_SIZE >> 20
            ),
            NotReplies::NotJson { line, column } => write!(
                f,
                "not JSON replies: line {line}, column {column} is not JSON (a file holds JSON documents: one, JSON lines, or as `dqe --json` prints them)"
            ),
            NotReplies::NotAnObject { line, kind } => write!(
                f,
                "not JSON replies: the document at line {line} is {}, not an object",
                kind.described()
            ),
            NotReplies::BadEvent { line, field } => write!(
                f,
                "the departure event at line {line} has no readable `{field}`"
            ),
            NotReplies::Nothing => f.write_str(
                "no reply and no departure event: log events alone (a departure event carries `endpoint`, `path`, `kind` and `json_kind`)",
            ),
        }
    }
}

/// What a JSON value is.
fn kind(value: &Value) -> JsonKind {
    crate::json::kind_of(value)
}

/// The items of a file's bytes.
pub(super) fn read(bytes: &[u8]) -> Result<Vec<Item>, NotReplies> {
    if bytes.len() > MAX_REPLIES_SIZE {
        return Err(NotReplies::TooLarge);
    }
    let text = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(NotReplies::Empty);
    }
    let mut stream = serde_json::Deserializer::from_slice(text).into_iter::<Value>();
    let mut items = Vec::new();
    let mut events = 0;
    loop {
        let start = stream.byte_offset();
        let Some(next) = stream.next() else { break };
        let value = next.map_err(|e| NotReplies::NotJson {
            line: e.line(),
            column: e.column(),
        })?;
        let line = line_at(text, start);
        let Value::Object(map) = value else {
            return Err(NotReplies::NotAnObject {
                line,
                kind: kind(&value),
            });
        };
        match classify(map, line)? {
            Some(item) => items.push(item),
            None => events += 1,
        }
    }
    if items.is_empty() && events > 0 {
        return Err(NotReplies::Nothing);
    }
    Ok(items)
}

/// The 1-based line of the first non-blank byte from `offset` on.
fn line_at(text: &[u8], offset: usize) -> usize {
    let offset = offset.min(text.len());
    let blank = text[offset..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    text[..offset + blank]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A document as an item: a departure event, another log event (`None`), a reply in an
/// envelope (`{"endpoint": NAME, "reply": {...}}`), or a reply.
fn classify(map: Map<String, Value>, line: usize) -> Result<Option<Item>, NotReplies> {
    if is_log_event(&map) {
        let fields = match map.get("fields") {
            Some(Value::Object(fields)) => fields,
            _ => &map,
        };
        return departure_event(fields, line);
    }
    if map.len() == 2
        && let (Some(Value::String(endpoint)), Some(Value::Object(_))) =
            (map.get("endpoint"), map.get("reply"))
    {
        let endpoint = Some(endpoint.clone());
        let value = map.get("reply").cloned().unwrap_or_default();
        return Ok(Some(Item::Reply {
            line,
            endpoint,
            value,
        }));
    }
    Ok(Some(Item::Reply {
        line,
        endpoint: None,
        value: Value::Object(map),
    }))
}

/// Whether an object is a `tracing-subscriber` JSON event: a level, with its fields (nested, or
/// flattened beside a timestamp or a target).
fn is_log_event(map: &Map<String, Value>) -> bool {
    let level = map
        .get("level")
        .and_then(Value::as_str)
        .is_some_and(|l| LEVELS.contains(&l));
    level
        && (map.get("fields").is_some_and(Value::is_object)
            || map.contains_key("timestamp")
            || map.contains_key("target"))
}

/// A departure event from a log event's fields; `None` for another event.
fn departure_event(fields: &Map<String, Value>, line: usize) -> Result<Option<Item>, NotReplies> {
    const KEYS: [&str; 4] = ["endpoint", "path", "kind", "json_kind"];
    if !KEYS.iter().all(|k| fields.contains_key(*k)) {
        return Ok(None);
    }
    let text = |field: &'static str| {
        fields
            .get(field)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or(NotReplies::BadEvent { line, field })
    };
    let kind = DepartureKind::from_id(text("kind")?).ok_or(NotReplies::BadEvent {
        line,
        field: "kind",
    })?;
    let json_kind = JsonKind::from_name(text("json_kind")?).ok_or(NotReplies::BadEvent {
        line,
        field: "json_kind",
    })?;
    Ok(Some(Item::Event {
        line,
        endpoint: text("endpoint")?.to_owned(),
        path: text("path")?.to_owned(),
        kind,
        json_kind,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(items: &[Item]) -> Vec<usize> {
        items
            .iter()
            .map(|i| match i {
                Item::Reply { line, .. } | Item::Event { line, .. } => *line,
            })
            .collect()
    }

    #[test]
    fn documents_one_after_another_each_with_its_first_line() {
        let text =
            b"{\"status\":\"pending\"}\n\n{\n  \"status\": \"success\"\n}\n{\"a\":1} {\"b\":2}\n";
        let items = read(text).unwrap();
        assert_eq!(lines(&items), [1, 3, 6, 6]);
        let bom = [BOM, b"{}"].concat();
        assert_eq!(read(&bom).unwrap().len(), 1);
    }

    #[test]
    fn events_are_read_nested_or_flattened_and_other_events_skipped() {
        let nested = r#"{"timestamp":"t","level":"WARN","fields":{"message":"m","endpoint":"retrieve","path":"a.b","kind":"unknown-key","json_kind":"string"},"target":"dqe_client::departure"}"#;
        let flat = r#"{"timestamp":"t","level":"WARN","message":"m","endpoint":"retrieve","path":"a","kind":"other-type","json_kind":"number"}"#;
        let other = r#"{"timestamp":"t","level":"INFO","fields":{"message":"request","endpoint":"retrieve"}}"#;
        let items = read(format!("{nested}\n{other}\n{flat}\n").as_bytes()).unwrap();
        assert_eq!(items.len(), 2);
        assert!(matches!(
            &items[1],
            Item::Event { line: 3, kind: DepartureKind::OtherType, json_kind: JsonKind::Number, path, .. } if path == "a"
        ));
        assert_eq!(read(other.as_bytes()).unwrap_err(), NotReplies::Nothing);
        let bad = nested.replace("unknown-key", "nonsense");
        assert_eq!(
            read(bad.as_bytes()).unwrap_err(),
            NotReplies::BadEvent {
                line: 1,
                field: "kind"
            }
        );
    }

    #[test]
    fn an_envelope_names_its_endpoint() {
        let items = read(br#"{"endpoint":"retrieve","reply":{"status":"pending"}}"#).unwrap();
        assert!(
            matches!(&items[0], Item::Reply { endpoint: Some(e), value, .. }
            if e == "retrieve" && value["status"] == "pending")
        );
    }

    #[test]
    fn what_is_not_replies_says_why_without_a_value() {
        assert_eq!(read(b" \n\t").unwrap_err(), NotReplies::Empty);
        assert_eq!(
            read(b"{}\n[\"SECRET\"]").unwrap_err(),
            NotReplies::NotAnObject {
                line: 2,
                kind: JsonKind::Array
            }
        );
        let e = read(b"{\"a\": SECRET}").unwrap_err();
        assert!(matches!(e, NotReplies::NotJson { line: 1, .. }), "{e:?}");
        assert!(!e.to_string().contains("SECRET"));
        assert!(matches!(
            read(&[0xff, 0xfe, 0]).unwrap_err(),
            NotReplies::NotJson { line: 1, .. }
        ));
        let deep = "[".repeat(10_000);
        assert!(matches!(
            read(deep.as_bytes()).unwrap_err(),
            NotReplies::NotJson { .. }
        ));
    }
}
