//! Rust generation: progenitor's client with the format enum and the open
//! enums (`rust_client`), the profile of the generated crate
//! (`rust_profile`, `open_enums`), which client exposes each operation
//! (`client_exposure`), the scoped clients (`scopes`) and the conformance
//! dispatch tables (`dispatch`).

pub mod client_exposure;
pub mod dispatch;
pub mod open_enums;
pub mod rust_client;
pub mod rust_profile;
pub mod scopes;
