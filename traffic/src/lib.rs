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
//! - [`har`]: `cargo xtask import-har`, HAR entries as recordings.
//! - [`drift`]: `cargo xtask conformance --drift`, where recordings and the
//!   spec disagree.
//! - [`infer`] and [`learn`]: `cargo xtask learn`, shapes inferred from
//!   recorded bodies and unified across formats; [`spec_write`] writes them
//!   into the source spec with [`yaml_text`]'s edits of hand-written YAML.
//! - [`simulated`]: a simulated upstream with undocumented shapes, for the
//!   end-to-end test and the scale benchmark.

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
