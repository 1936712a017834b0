//! The tools over a spec that are not the generator: its OpenAPI 3.1 document ([`openapi`]),
//! DQE's help-centre pages read ([`page`]), compared with it ([`drift`]) and drafted into a
//! scope file ([`import`]), and two specs compared, each change with what it means for the
//! generated crate's users ([`diff`]).
//!
//! Who depends on it: the `dqe` command line (`dqe spec openapi`, `drift`, `import`, `diff`). The
//! proc-macro does not compile it: a crate that generates an API from a spec builds
//! `dqe-codegen` alone. Like the generator, it knows the spec format, not any particular API:
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
