//! The workspace-level integration tests: one test binary, a module per subject, so that
//! dqe-client with every feature is linked once rather than once per file.
//!
//! What runs here shares one process: a test that needs process-wide state of its own (the
//! environment, a global tracing subscriber) gets it in a child process or a scope of its own,
//! never by changing this process for everyone (see `proxy_env` and `common::logs`).

mod common;

mod blocking;
mod browser;
mod client;
mod client_privacy;
mod copies;
mod decode;
mod diagnostics;
mod docs;
mod downstream;
mod drift;
mod encode;
mod expansion;
mod fixture_scope;
mod hostile;
mod openapi;
mod page_forms;
mod pages;
mod privacy;
mod properties;
mod proxy_env;
mod public_api;
mod sandbox;
mod scope_end_to_end;
mod spec_changes;
mod spec_diff;
mod spec_edit;
mod tricky_spec;
mod where_to_act;
