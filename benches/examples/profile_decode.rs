//! Decodes one reply in a loop, for a profiler: `cargo run --release -p benches --example profile_decode -- success`.
fn main() {
    let which = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "success".to_owned());
    let body = match which.as_str() {
        "pending" => r#"{"status":"pending","scope":"formfilling"}"#.to_owned(),
        "error" => r#"{"status":"error","error_type":"operator SFR not found","error_id":"13"}"#.to_owned(),
        _ => r#"{"status":"success","scope":"formfilling","code_name":"campaign-7",
"formfilling":{"phone_number":"0612345678","family_name":"Lefèvre","name":"Zoé Lefèvre","locale":"fr-FR",
"gender":"F","updated_at":1718003600,"birthdate":"1990-02-14","birthplace":"75","given_name":"Zoé",
"address":{"locality":"Lyon","country":"France","number":"12","formatted":"12 rue de l'Église\n69003 Lyon\nFrance",
"postal_code":"69003","street_address":"rue de l'Église"},"email":"zoe.lefevre@exemple.fr",
"email_domain":"exemple.fr","email_account":"zoe.lefevre","subscriber_msisdn":"0612345678","sub":"OR-4133718"}}"#.to_owned(),
    };
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000_000);
    let mut total = 0usize;
    for _ in 0..n {
        if which == "error" {
            let r: dqe_client::InitiateReply =
                serde_json::from_str(std::hint::black_box(&body)).unwrap();
            total += std::mem::size_of_val(&r);
        } else {
            let r: dqe_client::RetrieveReply =
                serde_json::from_str(std::hint::black_box(&body)).unwrap();
            total += std::mem::size_of_val(&r);
        }
    }
    println!("{total}");
}
