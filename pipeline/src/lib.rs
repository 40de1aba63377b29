//! The generation pipeline behind `cargo xtask`, in the order it runs:
//! `spec_source` reads `spec/<api>.yaml` (settings per API in `apis`),
//! `model` reads the document, `formats` reads the
//! response formats, `projection` derives one document per
//! response format, `limits` checks what progenitor can generate, `codegen`
//! writes the Rust beside progenitor's, `produce` runs them all in memory (one thread per API),
//! `outputs` writes or checks the files. `diff` compares two revisions for reviewers; `tools` runs the
//! pinned external tools.

pub mod apis;
pub mod canonical_json;
pub mod codegen;
pub mod diff;
pub mod formats;
pub mod limits;
pub mod model;
pub mod outputs;
pub mod produce;
pub mod projection;
pub mod spec_source;
pub mod tools;
