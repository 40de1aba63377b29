//! Runtime pieces shared by the generated API crates (`defentry`, `crmcom`,
//! `dfns`): [`Secret`], the call [`probe`], body [`excerpt`]s and [`jwt`]
//! payloads.

pub mod excerpt;
pub mod jwt;
pub mod probe;
mod secret;

pub use excerpt::excerpt;
pub use secret::Secret;
