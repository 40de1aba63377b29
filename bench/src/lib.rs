//! Data and reference types of the decoding benchmarks (`benches/decode.rs`).
//!
//! Two large list responses, each in both formats:
//!
//! - **scan status**: the documented list (`GET /api/v1/delete-my-data/scan/status`),
//!   `N` sites cycled from the twin recordings `tests/recordings/defentry/online-data/`,
//!   decoded into the generated `types::ScanStatusResponse`;
//! - **timestamped records**: alarm and leak bodies are not documented (the SDK
//!   returns them unparsed, read with `read_json` into the caller's type), so
//!   this list measures the two wire types that carry the format differences,
//!   `types::Timestamp` and `types::Flag`, in a record of the caller's making.
//!
//! The floor for each is a plain serde struct of the same shape with `bool`
//! and `DateTime<Utc>` fields, decoding the standardized bytes.

pub mod floor;
pub mod records;
pub mod scan_status;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| manifest.to_path_buf())
}

/// How many items each list holds: `BENCH_ITEMS`, 10,000 by default.
pub fn items() -> usize {
    std::env::var("BENCH_ITEMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

/// The two encodings the benchmarks compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The format without a version header (`legacy`).
    Legacy,
    /// The default format (`defentry::Format::default()`).
    Standardized,
}

impl Format {
    /// The recording file suffix: the format's name in the spec.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Legacy => defentry::Format::selected_by(None).map_or("", defentry::Format::name),
            Self::Standardized => defentry::Format::default().name(),
        }
    }
}
