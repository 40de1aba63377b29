//! Every integration test of the defentry crate, in one test binary: one
//! link instead of one per file (the regenerate-build-test loop links it
//! after each spec change).

mod client_http;
mod common;
mod error_bodies;
mod errors;
mod normalization;
mod optional_bodies;
mod redaction;
mod retries;
mod scopes;
mod send_docs;
mod sessions;
mod vectors;
mod wire_types;
