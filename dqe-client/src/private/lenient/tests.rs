//! The reader consults the shared table: for each runtime field type and each JSON kind, a
//! one-field reply holding a value of that kind is read into the field (or as no value) exactly
//! when [`reads`] says the type's row reads that kind, and is kept as an oddity otherwise. The
//! test states no table of its own: it tries values of each kind that some type converts, and
//! compares what happened with the table.

use std::collections::HashSet;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};

use super::{Lenient, Slot};
use crate::types::{
    Date, Document, FieldType, JsonKind, List, Score, Seconds, Timestamp, ValueType, reads,
};
use crate::{AddressScores, Mode, Scope};

/// A one-field reply, `{"field": value}`, its field read as a generated record reads its own.
struct OneField<T>(Slot<T>);

impl<'de, T: FieldType> Deserialize<'de> for OneField<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<fn() -> T>);
        impl<'de, T: FieldType> Visitor<'de> for V<T> {
            type Value = OneField<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a one-field reply")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OneField<T>, A::Error> {
                let mut slot = Slot::Absent;
                while map.next_key::<String>()?.is_some() {
                    slot = map.next_value_seed(Lenient::<T>::new())?;
                }
                Ok(OneField(slot))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// Values of each kind, among which every type that reads the kind converts at least one: a
/// scope and an enum value (from the generated types, not written here), Base64 text, a
/// boolean and a number as text; whole, negative and fractional numbers...
fn samples(kind: JsonKind) -> Vec<Value> {
    match kind {
        JsonKind::Text => vec![
            json!("true"),
            json!("1"),
            json!("0.5"),
            json!("QUJD"),
            json!("1990-02-14"),
            json!(Scope::ALL[0].as_str()),
            json!(Mode::ALL[0].as_str()),
        ],
        JsonKind::Number => vec![json!(1), json!(-1), json!(0.5)],
        JsonKind::Bool => vec![json!(true), json!(false)],
        JsonKind::Object => vec![json!({}), json!({"key": "value"})],
        JsonKind::Array => vec![json!([]), json!(["value"])],
        JsonKind::Null => vec![Value::Null],
    }
}

/// Whether a one-field reply holding `value` is read into `T`'s field (or as no value) rather
/// than kept as an oddity, read from the JSON text as a server's bytes are, and from a
/// `serde_json::Value` (the other way serde hands values over: owned strings, `visit_string`).
fn read_into<T: FieldType>(value: &Value) -> bool {
    let body = json!({ "field": value });
    let text = body.to_string();
    let from_text = serde_json::from_str::<OneField<T>>(&text).expect("a one-field reply");
    let from_value = OneField::<T>::deserialize(body).expect("a one-field reply");
    let (a, b) = (
        !matches!(from_text.0, Slot::Odd(_)),
        !matches!(from_value.0, Slot::Odd(_)),
    );
    assert_eq!(
        a,
        b,
        "{} read from text and from a value: {text}",
        T::EXPECTED
    );
    a
}

/// Checks `T` against its row of the table, kind by kind; returns its value type.
fn agrees<T: FieldType>(errors: &mut Vec<String>) -> ValueType {
    for kind in JsonKind::ALL {
        let read = samples(kind).iter().any(read_into::<T>);
        let table = reads(T::VALUE_TYPE, kind);
        if read != table {
            errors.push(format!(
                "{} ({:?}) and {}: the table says {}, the reader {}",
                std::any::type_name::<T>(),
                T::VALUE_TYPE,
                kind.described(),
                if table { "reads it" } else { "refuses it" },
                if read {
                    "reads it"
                } else {
                    "keeps it as an oddity"
                },
            ));
        }
    }
    T::VALUE_TYPE
}

#[test]
fn the_reader_reads_the_kinds_the_table_says() {
    let mut errors = Vec::new();
    let tested: HashSet<ValueType> = [
        agrees::<String>(&mut errors),
        agrees::<Box<String>>(&mut errors),
        agrees::<Date>(&mut errors),
        agrees::<Timestamp>(&mut errors),
        agrees::<Seconds>(&mut errors),
        agrees::<bool>(&mut errors),
        agrees::<Score>(&mut errors),
        agrees::<u64>(&mut errors),
        agrees::<Scope>(&mut errors),
        agrees::<List<Scope>>(&mut errors),
        agrees::<List<String>>(&mut errors),
        agrees::<Document>(&mut errors),
        agrees::<Mode>(&mut errors),
        agrees::<AddressScores>(&mut errors),
        agrees::<Box<AddressScores>>(&mut errors),
    ]
    .into_iter()
    .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let untested: Vec<ValueType> = ValueType::ALL
        .into_iter()
        .filter(|t| !tested.contains(t))
        .collect();
    assert!(
        untested.is_empty(),
        "no runtime type tested for {untested:?}"
    );
}
