//! Short property-based versions of the fuzz targets, run in CI: no panic on any bytes or any
//! JSON a server sends, whatever decodes re-encodes and decodes to the same value, and no panic
//! loading any spec text; any bytes as a file of replies compared with the spec without a
//! panic, and the client's departures of any reply the same over its generated tables as
//! `dqe spec drift --replies`'s over the spec's model.

use std::fmt::Debug;

use dqe_client::{AccessTokenReply, InitiateReply, RetrieveReply};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn roundtrip<R: DeserializeOwned + Serialize + PartialEq + Debug>(
    data: &[u8],
) -> Result<(), TestCaseError> {
    if let Ok(reply) = serde_json::from_slice::<R>(data) {
        let encoded = serde_json::to_vec(&reply).unwrap();
        let again: R = serde_json::from_slice(&encoded).unwrap();
        prop_assert_eq!(&reply, &again);
        let _ = format!("{reply:?}");
    }
    Ok(())
}

fn all(data: &[u8]) -> Result<(), TestCaseError> {
    roundtrip::<AccessTokenReply>(data)?;
    roundtrip::<InitiateReply>(data)?;
    roundtrip::<RetrieveReply>(data)
}

/// Keys the replies know, and a few they do not.
const KEYS: &[&str] = &[
    "status",
    "error_id",
    "error_type",
    "scope",
    "code_name",
    "formfilling",
    "operator",
    "url",
    "access_token",
    "expires_in",
    "token_type",
    "refresh_token",
    "phone_number",
    "family_name",
    "gender",
    "birthdate",
    "updated_at",
    "address",
    "formatted",
    "country",
    "email",
    "other",
];

const TEXTS: &[&str] = &[
    "success",
    "pending",
    "error",
    "formfilling",
    "matching,formfilling",
    " , ",
    "",
    "M",
    "F",
    "X",
    "13",
    "01",
    "1",
    "0000-05-17",
    "-08-30",
    "2024-02-30",
    "1718000000",
    "300",
    "operator SFR not found",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(TEXTS).prop_map(|s| Value::String(s.to_owned())),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect(),
                )
            }),
        ]
    })
}

proptest! {
    #![proptest_config(crate::common::cases(2000))]

    #[test]
    fn any_bytes(data in prop::collection::vec(any::<u8>(), 0..256)) {
        all(&data)?;
    }

    #[test]
    fn any_json(value in json_value()) {
        all(&serde_json::to_vec(&value).unwrap())?;
    }

    #[test]
    fn any_reply_shaped_object(
        status in prop::sample::select(TEXTS),
        fields in prop::collection::vec((prop::sample::select(KEYS), json_value()), 0..10),
    ) {
        let mut map = serde_json::Map::new();
        map.insert("status".to_owned(), Value::String(status.to_owned()));
        for (k, v) in fields {
            map.insert(k.to_owned(), v);
        }
        all(&serde_json::to_vec(&Value::Object(map)).unwrap())?;
    }
}

fn file(name: &str, text: String) -> dqe_codegen::SourceFile {
    dqe_codegen::SourceFile {
        display: name.to_owned(),
        absolute: std::path::PathBuf::from("/nowhere").join(name),
        text,
    }
}

fn shipped() -> (String, String) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    (
        std::fs::read_to_string(root.join("api.toml")).unwrap(),
        std::fs::read_to_string(root.join("scopes/formfilling.toml")).unwrap(),
    )
}

proptest! {
    #![proptest_config(crate::common::cases(300))]

    #[test]
    fn any_spec_text(api in ".{0,400}", scope in proptest::option::of(".{0,200}")) {
        let mut files = vec![file("api.toml", api)];
        if let Some(s) = scope {
            files.push(file("scopes/x.toml", s));
        }
        if let Ok(spec) = dqe_codegen::load_spec_from(files) {
            let _ = dqe_codegen::expand_spec(&spec);
        }
    }

    /// The shipped spec with lines deleted, duplicated or cut: never a panic, and every problem
    /// found names a place.
    #[test]
    fn mutated_shipped_spec(edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<prop::sample::Index>()), 1..6)) {
        let (api, scope) = shipped();
        let mut lines: Vec<String> = api.lines().map(str::to_owned).collect();
        for (at, kind, cut) in edits {
            let i = at.index(lines.len());
            match kind {
                0 => { lines.remove(i); }
                1 => { let l = lines[i].clone(); lines.insert(i, l); }
                _ => {
                    let l = &lines[i];
                    let mut c = cut.index(l.len() + 1);
                    while !l.is_char_boundary(c) { c -= 1; }
                    lines[i] = l[..c].to_owned();
                }
            }
        }
        let files = vec![file("api.toml", lines.join("\n")), file("scopes/formfilling.toml", scope)];
        match dqe_codegen::load_spec_from(files) {
            Ok(spec) => { let _ = dqe_codegen::expand_spec(&spec); }
            Err(diags) => {
                prop_assert!(!diags.is_empty());
                for d in diags {
                    prop_assert!(d.file.is_some(), "{d}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(crate::common::cases(512))]

    /// Error ids are normalised by one function (`dqe_spec_types::canonical_id`): by the
    /// generator for the documented ids it matches on, by the runtime for the id received. A
    /// received id may come padded or spaced; it still matches the documented one.
    #[test]
    fn a_padded_or_spaced_error_id_matches_the_documented_one(id in "[0-9]{1,4}", pad in 0usize..3) {
        let generated = dqe_codegen::canonical_error_id(&id);
        let received = format!(" {}{id} ", "0".repeat(pad));
        prop_assert_eq!(dqe_client::__private::canonical_id(&received), generated.as_str());
    }
}

fn shipped_spec() -> &'static dqe_codegen::model::Spec {
    static SPEC: std::sync::OnceLock<dqe_codegen::model::Spec> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        dqe_codegen::load_spec(&dir, "spec").unwrap()
    })
}

proptest! {
    #![proptest_config(crate::common::cases(1000))]

    #[test]
    fn any_bytes_as_a_file_of_replies(data in prop::collection::vec(any::<u8>(), 0..256)) {
        use dqe_spec_tools::drift::replies::{compare, read_replies};
        if let Ok(file) = read_replies(&data, "r.jsonl") {
            for d in compare(&[file], shipped_spec()) {
                let _ = (d.difference.to_string(), d.difference.to_json());
            }
        }
    }

    /// One rule of departures, run over two descriptions of one spec: the client's generated
    /// tables (`dqe_client::departure::departures`) and the generator's model (`dqe spec drift
    /// --replies`) find the same departures in any reply of each endpoint.
    #[test]
    fn the_client_and_drift_find_the_same_departures(
        status in prop::sample::select(TEXTS),
        fields in prop::collection::vec((prop::sample::select(KEYS), json_value()), 0..10),
    ) {
        let mut map = serde_json::Map::new();
        map.insert("status".to_owned(), Value::String(status.to_owned()));
        map.extend(fields.into_iter().map(|(k, v)| (k.to_owned(), v)));
        let reply = Value::Object(map);
        let api = <dqe_client::Api as dqe_client::journey::Journey>::INFO;
        for info in [api.token, api.consent, api.retrieve] {
            let client = dqe_client::departure::departures(api, info, &reply);
            let drift = dqe_spec_tools::drift::replies::departures(shipped_spec(), info.name, &reply);
            prop_assert_eq!(Some(client), drift, "{}: {}", info.name, reply);
        }
    }
}
