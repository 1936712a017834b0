//! Loads a spec directory and prints its problems, or a summary: `cargo run -p dqe-codegen --example check_spec -- dqe-client/spec`.
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "dqe-client/spec".to_owned());
    match dqe_codegen::load_spec(std::path::Path::new(&dir), &dir) {
        Ok(spec) => {
            println!(
                "ok: {} endpoints, {} scopes, {} enums, {} objects",
                spec.endpoints.len(),
                spec.scopes.len(),
                spec.enums.len(),
                spec.objects.len()
            );
        }
        Err(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    }
}
