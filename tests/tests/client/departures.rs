//! Replies that depart from the spec, from a real server on loopback: the client counts each
//! departure (by endpoint, place, kind and JSON kind), logs one `WARN` per place and kind,
//! never a value, and decodes the reply as it always has. Replies as the spec documents them,
//! and DQE's known quirks, depart nowhere.

use super::*;
use dqe_client::departure::{DepartureCount, DepartureKind, JsonKind};

/// The values the replies below carry: none may reach a log, a count or an error.
const VALUES: [&str; 5] = [
    "FLOOR-VALUE-7",
    "987654321",
    "MAINTENANCE-STATUS",
    "ERROR-ID-4242",
    "Lefevre-Value",
];

/// A success whose address has a key the spec does not know and whose birth date is a number,
/// with a key of its own at the top holding an object.
const ODD_SUCCESS: &str = r#"{"status":"success","scope":"formfilling",
    "formfilling":{"family_name":"Lefevre-Value","birthdate":987654321,
      "address":{"floor":"FLOOR-VALUE-7","locality":"Lyon"}},
    "audit":{"trace":"FLOOR-VALUE-7"}}"#;

/// The counts of `client`, as (endpoint, path, kind, JSON kind, count).
fn counts(client: &Client) -> Vec<(&'static str, String, DepartureKind, JsonKind, u64)> {
    client
        .departures()
        .into_iter()
        .map(|c: DepartureCount| (c.endpoint, c.path, c.kind, c.json_kind, c.count))
        .collect()
}

#[tokio::test]
async fn departures_are_counted_warned_once_per_place_and_never_show_a_value() {
    let capture = Capture::default();
    let guard = capture.install(false);
    let server = MockServer::start().await;
    let c = client(&server, Method::Post);
    let token = Token::new(TOKEN);
    let retrieve = RetrieveRequest::new().scope(Scope::Formfilling);

    on_post(&server, "/GET/", json(200, ODD_SUCCESS)).await;
    for _ in 0..3 {
        // Decoded as ever: what decoding the body gives, extra keys and oddities kept.
        same(
            c.send(&retrieve, Some(&token)).await,
            expected::<RetrieveReply>(ODD_SUCCESS),
            "odd success",
        );
    }
    server.reset().await;
    let unknown_status = r#"{"status":"MAINTENANCE-STATUS","scope":"formfilling"}"#;
    on_post(&server, "/GET/", json(200, unknown_status)).await;
    same(
        c.send(&retrieve, Some(&token)).await,
        expected::<RetrieveReply>(unknown_status),
        "unknown status",
    );
    server.reset().await;
    let unknown_id = r#"{"status":"error","error_id":"ERROR-ID-4242","error_type":"x"}"#;
    on_post(&server, "/GET/", json(200, unknown_id)).await;
    same(
        c.send(&retrieve, Some(&token)).await,
        expected::<RetrieveReply>(unknown_id),
        "unknown id",
    );
    // The same departures through a clone: one count per client, shared by its clones.
    let clone = c.with_method(Method::Get);
    on_post(&server, "/GET/", json(200, unknown_id)).await;
    Mock::given(method("GET"))
        .and(path("/GET/"))
        .respond_with(json(200, unknown_id))
        .mount(&server)
        .await;
    let _ = clone.send(&retrieve, Some(&token)).await;
    drop(guard);

    let retrieve_name = RetrieveRequest::INFO.name;
    let at = |p: &str, k, j, n| (retrieve_name, p.to_owned(), k, j, n);
    assert_eq!(
        counts(&c),
        vec![
            at("audit", DepartureKind::UnknownKey, JsonKind::Object, 3),
            at("error_id", DepartureKind::UnknownErrorId, JsonKind::Text, 2),
            at(
                "formfilling.address.floor",
                DepartureKind::UnknownKey,
                JsonKind::Text,
                3
            ),
            at(
                "formfilling.birthdate",
                DepartureKind::OtherType,
                JsonKind::Number,
                3
            ),
            at("status", DepartureKind::UnknownStatus, JsonKind::Text, 1),
        ]
    );
    assert_eq!(counts(&clone), counts(&c));

    let logs = capture.text();
    let warnings: Vec<&str> = logs.lines().filter(|l| l.contains(" WARN ")).collect();
    assert_eq!(warnings.len(), 5, "one WARN per place and kind:\n{logs}");
    for (path, kind, json_kind) in [
        ("audit", "unknown-key", "object"),
        ("formfilling.address.floor", "unknown-key", "string"),
        ("formfilling.birthdate", "other-type", "number"),
        ("status", "unknown-status", "string"),
        ("error_id", "unknown-error-id", "string"),
    ] {
        let line = warnings
            .iter()
            .find(|l| l.contains(&format!("path={path} ")))
            .unwrap_or_else(|| panic!("no WARN for {path}:\n{logs}"));
        for field in [
            format!("endpoint=\"{retrieve_name}\""),
            format!("kind=\"{kind}\""),
            format!("json_kind=\"{json_kind}\""),
        ] {
            assert!(line.contains(&field), "{field} missing: {line}");
        }
    }
    // No value anywhere in the logs (the request's own event names an error's id, as ever:
    // not in the departure's), nor in what the counts say.
    let mut shown: Vec<String> = c.departures().iter().map(|d| d.to_string()).collect();
    shown.extend(warnings.iter().map(|w| w.to_string()));
    for text in &shown {
        for v in VALUES {
            assert!(!text.contains(v), "{v} shown:\n{text}");
        }
    }
    for v in VALUES.iter().filter(|v| !v.starts_with("ERROR-ID")) {
        assert!(!logs.contains(v), "{v} logged:\n{logs}");
    }
}

#[tokio::test]
async fn documented_replies_and_known_quirks_depart_nowhere() {
    // The global subscriber first, before any departure's call site is met (see `Capture`).
    let _guard = Capture::default().install(false);
    let spec = spec();
    let server = MockServer::start().await;
    let c = client(&server, Method::Post);
    let token = Token::new(TOKEN);
    let step1 = step1("0612345678");
    let retrieve = RetrieveRequest::new().scope(Scope::Formfilling);
    // DQE's quirks the spec reads: a postal code as a number, `updated_at` in seconds, a
    // boolean as a string, a score as a string, null and "" anywhere.
    let quirks = r#"{"status":"success","scope":"formfilling,numVerify,matching","code_name":null,
        "numVerify":"true","matching":{"family_name":"0.78"},
        "formfilling":{"updated_at":1718003600,"gender":"","address":{"postal_code":69003}}}"#;
    let mut sent = 0;
    for endpoint in ["access_token", "initiate", "retrieve"] {
        let mut bodies = replies(&spec, endpoint);
        if endpoint == "retrieve" {
            bodies.push(("quirks".to_owned(), quirks.to_owned()));
        }
        for (name, body) in bodies {
            server.reset().await;
            for p in ["/ACCESS_TOKEN/", "/IDMOBILE/", "/GET/"] {
                on_post(&server, p, json(200, &body)).await;
            }
            match endpoint {
                "access_token" => drop(c.send(&AccessTokenRequest::new(), None).await),
                "initiate" => drop(c.send(&step1, Some(&token)).await),
                _ => drop(c.send(&retrieve, Some(&token)).await),
            }
            assert_eq!(c.departures(), vec![], "{endpoint} {name}");
            sent += 1;
        }
    }
    assert!(sent > 3, "{sent} replies");
}

#[test]
fn the_blocking_client_counts_what_its_async_client_counts() {
    // The global subscriber first, before any departure's call site is met (see `Capture`).
    let _guard = Capture::default().install(false);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        on_post(&server, "/GET/", json(200, ODD_SUCCESS)).await;
        server
    });
    // Its runtime thread would change the count of `blocking`'s thread-count test.
    let _lock = crate::common::blocking_clients();
    let blocking = builder(server.uri()).build_blocking().unwrap();
    let flow = test_flow(blocking.clock());
    let _ = blocking.retrieve(&flow);
    assert_eq!(blocking.departures(), blocking.as_async().departures());
    let places: Vec<String> = blocking.departures().into_iter().map(|d| d.path).collect();
    assert_eq!(
        places,
        [
            "audit",
            "formfilling.address.floor",
            "formfilling.birthdate"
        ]
    );
}
