//! The workspace's generator and project commands, behind `cargo xtask`.
//!
//! `spec/<api>.yaml` is projected into one document per response format
//! (`projection`), checked against progenitor's limits (`limits`), and turned
//! into a Rust client (`rust_profile`, `rust_codegen`, `open_enums`,
//! `scopes_codegen` for the scoped clients, `dispatch_codegen` for the
//! conformance dispatch tables). The other modules are the project commands
//! (`lint`, `interop`, `conformance`, `mock`, `diff`, `bench`, `docs`, `ci`).

pub mod apis;
pub mod bench;
pub mod canonical_json;
pub mod ci;
pub mod client_exposure;
pub mod conformance;
pub mod diff;
pub mod dispatch_codegen;
pub mod docs;
pub mod generate;
pub mod interop;
pub mod limits;
pub mod lint;
pub mod mock;
pub mod node;
pub mod open_enums;
pub mod openapi_walk;
pub mod outputs;
pub mod projection;
pub mod root;
pub mod rust_codegen;
pub mod rust_profile;
pub mod scopes_codegen;
pub mod spec_source;
pub mod tools;

use std::process::Command;

pub use root::workspace_root;

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
