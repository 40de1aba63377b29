//! The workspace's project commands, behind `cargo xtask`.
//!
//! The generation pipeline itself (projection, limits, Rust generation,
//! dispatch, diff) is the `bindings-pipeline` library; its modules are
//! re-exported here under their names. These modules are the commands:
//! `generate` (write or check what the pipeline produces), `lint`,
//! `interop`, `conformance`, `mock`, `bench`, `docs`, `acceptance`,
//! `client-helpers`, `ci`.

pub mod acceptance;
pub mod acceptance_learn;
pub mod bench;
pub mod ci;
pub mod client_helpers;
pub mod conformance;
pub mod docs;
pub mod generate;
pub mod interop;
pub mod interop_decoding;
mod interop_twins;
mod interop_types;
pub mod lint;
pub mod mock;
pub mod root;
pub mod scratch;
pub mod traffic;

use std::process::Command;

pub use root::workspace_root;

// The pipeline's modules under their names in this crate.
pub use bindings_pipeline::codegen::{client_exposure, open_enums, rust_profile};
pub use bindings_pipeline::codegen::{dispatch as dispatch_codegen, scopes as scopes_codegen};
pub use bindings_pipeline::model::{node, openapi_walk};
pub use bindings_pipeline::{
    apis, canonical_json, diff, formats, limits, outputs, produce, projection, spec_source, tools,
};

/// A `cargo` command: the cargo running this xtask (`$CARGO`), else the one
/// on `PATH`.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// `cargo run --quiet --locked --package PACKAGE KIND NAME --` (`KIND` is
/// `--bin` or `--example`); the caller adds the program's arguments.
pub fn cargo_run(package: &str, kind: &str, name: &str) -> Command {
    let mut command = cargo();
    command.args([
        "run",
        "--quiet",
        "--locked",
        "--package",
        package,
        kind,
        name,
        "--",
    ]);
    command
}
