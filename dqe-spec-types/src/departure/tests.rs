//! The walk over a made-up endpoint and JSON values of the tests' own (the crate has no JSON
//! type without its feature): each kind of departure, the leniency that is none, and which
//! outcome a reply is read as.

use std::borrow::Cow;

use super::*;
use crate::lenient::{JsonKind, ValueType};

/// A JSON value.
#[derive(Debug)]
enum J {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'static str),
    Arr,
    Obj(Vec<(&'static str, J)>),
}

impl<'j> JsonValue<'j> for &'j J {
    fn kind(self) -> JsonKind {
        match self {
            J::Null => JsonKind::Null,
            J::Bool(_) => JsonKind::Bool,
            J::Num(_) => JsonKind::Number,
            J::Str(_) => JsonKind::Text,
            J::Arr => JsonKind::Array,
            J::Obj(_) => JsonKind::Object,
        }
    }
    fn text(self) -> Option<Cow<'j, str>> {
        match self {
            J::Str(s) => Some(Cow::Borrowed(s)),
            J::Num(n) => Some(Cow::Owned(n.to_string())),
            J::Bool(b) => Some(Cow::Owned(b.to_string())),
            _ => None,
        }
    }
    fn get(self, key: &str) -> Option<Self> {
        self.entries().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
    fn entries(self) -> impl Iterator<Item = (&'j str, Self)> {
        let entries: &'j [(&'static str, J)] = match self {
            J::Obj(e) => e,
            _ => &[],
        };
        entries.iter().map(|(k, v)| (*k, v))
    }
}

/// An object of these entries.
fn obj(entries: Vec<(&'static str, J)>) -> J {
    J::Obj(entries)
}

/// A key of the spec.
struct KeyDef {
    wire: &'static str,
    ty: ValueType,
    keys: &'static [KeyDef],
}

const fn key(wire: &'static str, ty: ValueType) -> KeyDef {
    KeyDef {
        wire,
        ty,
        keys: &[],
    }
}

#[derive(Clone, Copy)]
struct K(&'static KeyDef);

impl KeyShape for K {
    fn value_type(&self) -> ValueType {
        self.0.ty
    }
    fn key(&self, wire: &str) -> Option<Self> {
        self.0.keys.iter().find(|k| k.wire == wire).map(K)
    }
}

struct OutcomeDef {
    status: &'static str,
    default: bool,
    without_status: &'static [&'static str],
    keys: &'static [KeyDef],
}

impl OutcomeShape for &'static OutcomeDef {
    type Key = K;
    fn status(&self) -> &str {
        self.status
    }
    fn is_default(&self) -> bool {
        self.default
    }
    fn read_without_status(&self, wire: &str) -> bool {
        self.without_status.contains(&wire)
    }
    fn key(&self, wire: &str) -> Option<K> {
        self.keys.iter().find(|k| k.wire == wire).map(K)
    }
}

struct EndpointDef {
    outcomes: &'static [OutcomeDef],
    errors: &'static [&'static str],
}

impl EndpointShape for EndpointDef {
    type Outcome = &'static OutcomeDef;
    fn reply_keys(&self) -> ReplyKeys<'_> {
        ReplyKeys {
            status: "status",
            error_status: "error",
            error_id: "error_id",
            error_text: "error_type",
        }
    }
    fn outcomes(&self) -> impl Iterator<Item = &'static OutcomeDef> {
        self.outcomes.iter()
    }
    fn error_ids(&self) -> impl Iterator<Item = &str> {
        self.errors.iter().copied()
    }
}

const ADDRESS: &[KeyDef] = &[key("locality", ValueType::String)];
const IDENTITY: &[KeyDef] = &[
    key("family_name", ValueType::String),
    key("birthdate", ValueType::Date),
    KeyDef {
        wire: "address",
        ty: ValueType::Object,
        keys: ADDRESS,
    },
];

/// A polled endpoint: success with an identity object, pending, errors 01 and 20.
const POLLED: EndpointDef = EndpointDef {
    outcomes: &[
        OutcomeDef {
            status: "success",
            default: false,
            without_status: &[],
            keys: &[
                key("scope", ValueType::List),
                key("swapped", ValueType::Bool),
                KeyDef {
                    wire: "identity",
                    ty: ValueType::Object,
                    keys: IDENTITY,
                },
            ],
        },
        OutcomeDef {
            status: "pending",
            default: false,
            without_status: &[],
            keys: &[key("scope", ValueType::List)],
        },
    ],
    errors: &["01", "20"],
};

/// Departures as (path, kind, JSON kind).
fn found(e: &EndpointDef, reply: &J) -> Vec<(String, DepartureKind, JsonKind)> {
    walk(e, reply)
        .departures
        .into_iter()
        .map(|d| (d.path, d.kind, d.json_kind))
        .collect()
}

fn one(path: &str, kind: DepartureKind, json: JsonKind) -> Vec<(String, DepartureKind, JsonKind)> {
    vec![(path.to_owned(), kind, json)]
}

#[test]
fn a_reply_as_the_spec_says_departs_nowhere() {
    let reply = obj(vec![
        ("status", J::Str("success")),
        ("scope", J::Str("horoscope")),
        (
            "identity",
            obj(vec![
                ("family_name", J::Str("Martin")),
                ("address", obj(vec![("locality", J::Str("Lyon"))])),
            ]),
        ),
    ]);
    let w = walk(&POLLED, &reply);
    assert_eq!(w.read_as, ReadAs::Outcome(0));
    assert!(w.departures.is_empty(), "{:?}", w.departures);
}

#[test]
fn unknown_keys_are_named_by_their_place_and_kind_alone() {
    let reply = obj(vec![
        ("status", J::Str("success")),
        ("extra", obj(vec![("deep", J::Str("x"))])),
        (
            "identity",
            obj(vec![(
                "address",
                obj(vec![("floor", J::Str("3")), ("locality", J::Str("Lyon"))]),
            )]),
        ),
    ]);
    assert_eq!(
        found(&POLLED, &reply),
        vec![
            // An unknown object is one departure, not one per key in it.
            (
                "extra".to_owned(),
                DepartureKind::UnknownKey,
                JsonKind::Object
            ),
            (
                "identity.address.floor".to_owned(),
                DepartureKind::UnknownKey,
                JsonKind::Text
            ),
        ]
    );
    let d = &walk(&POLLED, &reply).departures[1];
    assert_eq!(
        d.to_string(),
        "a key the spec does not know: identity.address.floor (a string)"
    );
}

#[test]
fn a_kind_the_type_reads_is_no_departure_and_another_is() {
    // Leniency: a number as text, a string as a boolean, null anywhere.
    let lenient = obj(vec![
        ("status", J::Str("success")),
        ("swapped", J::Str("false")),
        (
            "identity",
            obj(vec![("family_name", J::Num(12.0)), ("birthdate", J::Null)]),
        ),
    ]);
    assert_eq!(found(&POLLED, &lenient), vec![]);
    let odd = obj(vec![
        ("status", J::Str("success")),
        ("swapped", J::Num(1.0)),
        ("identity", J::Str("Martin")),
        ("scope", J::Arr),
    ]);
    assert_eq!(
        found(&POLLED, &odd),
        vec![
            (
                "swapped".to_owned(),
                DepartureKind::OtherType,
                JsonKind::Number
            ),
            (
                "identity".to_owned(),
                DepartureKind::OtherType,
                JsonKind::Text
            ),
            (
                "scope".to_owned(),
                DepartureKind::OtherType,
                JsonKind::Array
            ),
        ]
    );
    let nested = obj(vec![
        ("status", J::Str("success")),
        ("identity", obj(vec![("birthdate", J::Bool(true))])),
    ]);
    assert_eq!(
        found(&POLLED, &nested),
        one(
            "identity.birthdate",
            DepartureKind::OtherType,
            JsonKind::Bool
        )
    );
}

#[test]
fn a_key_of_another_outcome_is_known_and_not_read_there() {
    // A success key (with an unknown key and a value of another kind inside) and the error's
    // keys, in a pending reply: the endpoint knows them; the pending outcome does not read them.
    let reply = obj(vec![
        ("status", J::Str("pending")),
        ("scope", J::Str("horoscope")),
        (
            "identity",
            obj(vec![("floor", J::Num(3.0)), ("family_name", J::Arr)]),
        ),
        ("error_id", J::Str("42")),
        ("error_type", J::Arr),
        ("unknown", J::Null),
    ]);
    let w = walk(&POLLED, &reply);
    assert_eq!(w.read_as, ReadAs::Outcome(1));
    assert_eq!(
        found(&POLLED, &reply),
        one("unknown", DepartureKind::UnknownKey, JsonKind::Null)
    );
}

#[test]
fn an_unknown_status_is_the_only_departure_of_its_reply() {
    for (status, kind) in [
        (J::Str("maintenance"), JsonKind::Text),
        (J::Num(3.0), JsonKind::Number),
        (obj(vec![("status", J::Str("success"))]), JsonKind::Object),
        (J::Null, JsonKind::Null),
        (J::Str(""), JsonKind::Text),
    ] {
        let reply = obj(vec![("status", status), ("whatever", J::Bool(true))]);
        let w = walk(&POLLED, &reply);
        assert_eq!(w.read_as, ReadAs::Unrecognized);
        assert_eq!(
            found(&POLLED, &reply),
            one("status", DepartureKind::UnknownStatus, kind)
        );
    }
    let none = obj(vec![]);
    assert_eq!(
        found(&POLLED, &none),
        one("status", DepartureKind::UnknownStatus, JsonKind::Null)
    );
}

#[test]
fn a_reply_without_status_is_its_default_or_without_status_outcome() {
    const TOKEN: EndpointDef = EndpointDef {
        outcomes: &[OutcomeDef {
            status: "success",
            default: true,
            without_status: &[],
            keys: &[key("access_token", ValueType::String)],
        }],
        errors: &[],
    };
    let reply = obj(vec![("access_token", J::Str("t"))]);
    assert_eq!(walk(&TOKEN, &reply).read_as, ReadAs::Outcome(0));
    assert_eq!(found(&TOKEN, &reply), vec![]);
    const ONE_STEP: EndpointDef = EndpointDef {
        outcomes: &[
            OutcomeDef {
                status: "consent",
                default: false,
                without_status: &[],
                keys: &[],
            },
            OutcomeDef {
                status: "success",
                default: false,
                without_status: &["score"],
                keys: &[key("score", ValueType::Score)],
            },
        ],
        errors: &[],
    };
    let scored = obj(vec![("score", J::Num(0.5))]);
    assert_eq!(walk(&ONE_STEP, &scored).read_as, ReadAs::Outcome(1));
    // A key read so counts only with a value, as the client reads it.
    let empty = obj(vec![("score", J::Str(""))]);
    assert_eq!(walk(&ONE_STEP, &empty).read_as, ReadAs::Unrecognized);
}

#[test]
fn error_ids_compare_canonically_and_an_unknown_or_missing_one_departs() {
    let error = |id: Option<J>| {
        let mut entries = vec![("status", J::Str("error")), ("error_type", J::Str("x"))];
        if let Some(id) = id {
            entries.push(("error_id", id));
        }
        obj(entries)
    };
    for known in [J::Str("01"), J::Str("1"), J::Num(20.0), J::Str(" 020 ")] {
        let reply = error(Some(known));
        assert_eq!(walk(&POLLED, &reply).read_as, ReadAs::Error);
        assert_eq!(found(&POLLED, &reply), vec![], "{reply:?}");
    }
    for (unknown, kind) in [
        (J::Str("42"), JsonKind::Text),
        (J::Str(""), JsonKind::Text),
        (J::Null, JsonKind::Null),
        (obj(vec![("id", J::Str("01"))]), JsonKind::Object),
    ] {
        let reply = error(Some(unknown));
        assert_eq!(
            found(&POLLED, &reply),
            one("error_id", DepartureKind::UnknownErrorId, kind)
        );
    }
    assert_eq!(
        found(&POLLED, &error(None)),
        one("error_id", DepartureKind::UnknownErrorId, JsonKind::Null)
    );
    let odd = obj(vec![
        ("status", J::Str("error")),
        ("error_id", J::Str("01")),
        ("error_type", J::Arr),
        ("scope", J::Str("horoscope")),
        ("trace", J::Str("x")),
    ]);
    // `scope` is a key of the endpoint's outcomes: known, not read in an error.
    assert_eq!(
        found(&POLLED, &odd),
        vec![
            (
                "error_type".to_owned(),
                DepartureKind::OtherType,
                JsonKind::Array
            ),
            (
                "trace".to_owned(),
                DepartureKind::UnknownKey,
                JsonKind::Text
            ),
        ]
    );
}

#[test]
fn what_is_not_an_object_is_not_walked() {
    for reply in [J::Arr, J::Str("success"), J::Null] {
        let w = walk(&POLLED, &reply);
        assert_eq!(w.read_as, ReadAs::Unrecognized);
        assert!(w.departures.is_empty());
    }
}

#[test]
fn kinds_round_trip_their_ids_and_say_what_departs() {
    for kind in DepartureKind::ALL {
        assert_eq!(DepartureKind::from_id(kind.id()), Some(kind));
        assert!(!kind.described().is_empty());
    }
    assert_eq!(DepartureKind::from_id("key-added"), None);
}
