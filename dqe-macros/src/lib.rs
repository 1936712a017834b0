//! The `generate_api!` macro that `dqe-client` depends on (and re-exports, for a crate with a
//! spec of its own to call as `dqe_client::generate_api!`) to turn an API spec written in TOML
//! into typed Rust: request builders, reply types and error enums.
//!
//! Writing a spec, or a scope of one's own, is the guide's chapter [the spec format, and adding
//! a scope][spec]. This crate is a shim over `dqe-codegen`, where all the logic lives.
//!
//! [spec]: https://docs.rs/dqe-client/latest/dqe_client/guide/spec/index.html
//!
//! Use it through `dqe-client`, which provides the runtime the generated code relies on:
//!
//! ```ignore
//! dqe_client::generate_api!();                   // the shipped spec (the `dqe-spec` crate)
//! dqe_client::generate_api!("../spec");          // a spec of one's own
//! dqe_client::generate_api!(shipped + "../spec"); // the shipped spec and ../spec/scopes/*.toml
//! ```
//!
//! A path is relative to the file that invokes the macro, like `include_str!`. The macro
//! reads `api.toml` and every `scopes/*.toml` there, and emits an `include_str!` of each file
//! it read, so that editing one rebuilds the crate.

use std::path::Path;

use proc_macro::TokenStream;

/// Generates the API described by a spec: the shipped one (no argument), the spec directory
/// named by a string literal, or the shipped spec extended with the scopes of a directory
/// (`shipped + "DIR"`).
///
/// A spec with problems yields one compile error per problem, each naming the file, line,
/// column and key.
#[proc_macro]
pub fn generate_api(input: TokenStream) -> TokenStream {
    let file = proc_macro::Span::call_site().local_file();
    dqe_codegen::expand_invocation(input.into(), file, (Path::new(dqe_spec::DIR), "spec")).into()
}
