//! Prints the sandbox scenario table in Markdown (the README holds it): `cargo run -p dqe-sandbox --example scenario_table`.
fn main() {
    println!("| Number | Step | Error |\n|---|---|---|");
    for (n, step, id, text) in dqe_sandbox::scenarios() {
        println!("| `{n}` | {step} | `{id}` {text} |");
    }
}
