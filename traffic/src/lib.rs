//! Learning the API from real traffic.
//!
//! - [`proxy`]: `cargo xtask record`, a reverse proxy that forwards every
//!   request to the real API, streams both bodies through, and writes each
//!   exchange as a recording (`source: "live"`), with `--twins` the same
//!   idempotent request again in every other format of the API.
//! - [`redact`]: what never reaches the disk: credentials in headers, values
//!   the spec types as secrets, and keys named on the command line, each
//!   replaced by a placeholder that is stable within a run.
//! - [`api_formats`]: an API's formats and documents, read from its spec
//!   (`x-formats`), not from code.
//! - [`capture`]: a body kept up to a size cap while it streams past.

pub mod api_formats;
pub mod bench;
pub mod capture;
pub mod drift;
pub mod har;
pub mod infer;
pub mod learn;
pub mod proxy;
pub mod redact;
pub mod simulated;
pub mod spec_write;
pub mod timestamp;
pub mod yaml_text;
