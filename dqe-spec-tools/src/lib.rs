//! The tools over a spec that the `dqe` command line (`dqe spec openapi`, `drift`, `import`,
//! `diff`) depends on, for following DQE's API as it changes.
//!
//! How they are used is the guide's chapter [when DQE changes its API][changes].
//!
//! [changes]: https://docs.rs/dqe-client/latest/dqe_client/guide/changes/index.html
//!
//! They are the spec's OpenAPI 3.1 document ([`openapi`]), DQE's help-centre pages read
//! ([`page`]), compared with the spec ([`drift`]) and drafted into a scope file ([`import`]),
//! and two specs compared, each change with what it means for the generated crate's users
//! ([`diff`]). The proc-macro does not compile them: a crate that generates an API from a spec
//! builds `dqe-codegen` alone. Like the generator, it knows the spec format, not any particular API:
//! it reads the spec's model (`dqe_codegen::model`) and the names the generator gives its
//! items (`dqe_codegen::support`), never working them out again.

#![deny(missing_docs)]

pub mod diff;
pub mod drift;
pub mod import;
mod json;
mod openapi;
pub mod page;

pub use json::JsonKind;
pub use openapi::{OPENAPI_VERSION, openapi};
