//! Conformance of recorded exchanges with the spec and the generated clients,
//! behind `cargo xtask conformance` (binary `conformance`), the replay mock
//! behind `cargo xtask mock` (binary `mock`), plus the
//! workspace-level tests in `tests/tests/`.
//!
//! The recording format is documented in the README. The per-API glue
//! (`generated_apis.rs`, `generated_dispatch_<api>.rs`) is generated from
//! `pipeline/src/apis.rs` by `cargo xtask generate`: no file here names an API.

pub mod conformance;
pub mod exercise;
#[rustfmt::skip]
#[allow(clippy::all)]
mod generated_apis;
pub mod json_diff;
pub mod json_schema;
pub mod mock;
pub mod mutation;
pub mod recording;
pub mod replay;
pub mod schema_walk;
pub mod spec_docs;

use std::path::PathBuf;

pub use generated_apis::operations;

/// The workspace holding the current folder (nearest `Cargo.toml` with
/// `[workspace]` beside `xtask/Cargo.toml`), else the one this crate was
/// built in: checkouts sharing one `CARGO_TARGET_DIR` share these binaries.
pub fn workspace_root() -> PathBuf {
    let is_root = |folder: &&std::path::Path| {
        folder.join("xtask/Cargo.toml").is_file()
            && std::fs::read_to_string(folder.join("Cargo.toml"))
                .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"))
    };
    std::env::current_dir()
        .ok()
        .and_then(|current| current.ancestors().find(is_root).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."))
}

/// The recording files or folders a command was given, or
/// `ROOT/tests/recordings` when it was given none.
pub fn recordings_or_default(root: &std::path::Path, paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![root.join("tests/recordings")]
    } else {
        paths
    }
}
