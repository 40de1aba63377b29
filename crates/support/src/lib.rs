//! Runtime pieces shared by the generated API crates (`defentry`, `crmcom`,
//! `dfns`): [`Secret`], the call [`probe`], body [`excerpt`]s, [`jwt`]
//! payloads and the [`base_url`] check.

mod base_url;
pub mod excerpt;
pub mod jwt;
pub mod probe;
mod secret;

pub use base_url::base_url;
pub use excerpt::excerpt;
pub use secret::Secret;

/// The `api-version: <info.version>` header progenitor adds to every
/// request; none of the APIs reads it, so the crates' `pre` hooks remove it.
pub const PROGENITOR_VERSION_HEADER: &str = "api-version";
