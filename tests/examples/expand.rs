//! Prints the formatted expansion of a spec directory (default: the shipped spec), as the macro
//! generates it: `cargo run -p tests --example expand -- spec > expanded.rs`.

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "spec".to_owned());
    let spec = match dqe_codegen::load_spec(std::path::Path::new(&dir), &dir) {
        Ok(spec) => spec,
        Err(diags) => {
            for d in diags {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    };
    let file: syn::File = syn::parse2(dqe_codegen::expand_spec(&spec)).expect("valid Rust");
    print!("{}", prettyplease::unparse(&file));
}
