//! Conformance of recorded exchanges with the spec and the generated clients,
//! behind `cargo xtask conformance` (binary `conformance`), the replay mock
//! behind `cargo xtask mock` (binary `mock`), plus the
//! workspace-level tests in `tests/tests/`.
//!
//! The recording format is documented in the README.

pub mod conformance;
pub mod exercise;
#[rustfmt::skip]
#[allow(clippy::all)]
mod generated_dispatch_crmcom;
#[rustfmt::skip]
#[allow(clippy::all)]
mod generated_dispatch_defentry;
#[rustfmt::skip]
#[allow(clippy::all)]
mod generated_dispatch_dfns;
pub mod json_diff;
pub mod json_schema;
pub mod mock;
pub mod mutation;
pub mod recording;
pub mod replay;
pub mod schema_walk;
pub mod spec_docs;

use std::path::PathBuf;

pub use generated_dispatch_crmcom::OPERATIONS as CRMCOM_OPERATIONS;
pub use generated_dispatch_defentry::OPERATIONS as DEFENTRY_OPERATIONS;
pub use generated_dispatch_dfns::OPERATIONS as DFNS_OPERATIONS;

/// The workspace root this crate was built in.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
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
