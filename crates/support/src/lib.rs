//! Runtime pieces shared by the generated API crates (`defentry`, `crmcom`,
//! `dfns`): [`Secret`], the call [`probe`], the [`http`] client (no
//! redirects), capped [`body`] reading, body [`excerpt`](mod@excerpt)s, bounded and
//! escaped error [`text`], credential [`headers`] redaction, secret
//! [`scrub`]bing, [`transport`] error messages, [`jwt`] payloads and the
//! [`base_url`] check.

mod base_url;
pub mod body;
pub mod excerpt;
pub mod headers;
pub mod http;
pub mod jwt;
pub mod probe;
pub mod scrub;
mod secret;
pub mod text;
pub mod transport;

pub use base_url::base_url;
pub use excerpt::excerpt;
pub use secret::Secret;
pub use text::shown;

/// The `api-version: <info.version>` header progenitor adds to every
/// request; none of the APIs reads it, so the crates' `pre` hooks remove it.
pub const PROGENITOR_VERSION_HEADER: &str = "api-version";
