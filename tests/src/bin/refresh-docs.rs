//! Rewrites the documentation's tables made from the spec (the README's and the guide's blocks
//! between `<!-- generated: NAME ... -->` and `<!-- end generated: NAME -->`):
//! `cargo run -p tests --bin refresh-docs`. The integration test `docs` names this command when
//! a table is stale.

fn main() {
    let root = tests::docs::root();
    let (stale, broken) = tests::docs::refresh(&root, true);
    for s in &stale {
        println!("refreshed {}: {}", s.name, s.why);
    }
    if stale.is_empty() && broken.is_empty() {
        println!("every generated table is current");
    }
    for b in &broken {
        eprintln!("refresh-docs: {}: {}", b.name, b.why);
    }
    if !broken.is_empty() {
        std::process::exit(1);
    }
}
