//! `generate_api!`: turns an API spec written in TOML into typed Rust: request builders,
//! reply types and error enums. A shim over `dqe-codegen`, where all the logic lives.
//!
//! Use it through `dqe-client`, which provides the runtime the generated code relies on:
//!
//! ```ignore
//! dqe_client::generate_api!("../spec");
//! ```
//!
//! The path is relative to the file that invokes the macro, like `include_str!`. The macro
//! reads `api.toml` and every `scopes/*.toml` there, and emits an `include_str!` of each file
//! it read, so that editing one rebuilds the crate.

use proc_macro::TokenStream;

/// Generates the API described by the spec directory named by the string literal.
///
/// A spec with problems yields one compile error per problem, each naming the file, line,
/// column and key.
#[proc_macro]
pub fn generate_api(input: TokenStream) -> TokenStream {
    let file = proc_macro::Span::call_site().local_file();
    dqe_codegen::expand_invocation(input.into(), file).into()
}
