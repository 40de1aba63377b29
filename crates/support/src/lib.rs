//! Runtime pieces shared by the generated API crates (`defentry`, `crmcom`,
//! `dfns`): [`Secret`], the call [`probe`], the [`http`] client (no
//! redirects), capped [`body`] reading, body [`excerpt`](mod@excerpt)s, bounded and
//! escaped error [`text`], credential [`headers`] redaction, secret
//! [`scrub`]bing, [`transport`] error messages, [`jwt`] payloads and the
//! [`base_url`] check; and the runtime the crates share: the [`Failure`]
//! every crate's `Error` wraps, [`call::send`] and its classification of
//! progenitor errors, the [`HttpConfig`], and the [`hooks`] helpers; and
//! [`ErrorView`], one read-only view of every crate's `Error`.

mod base_url;
pub mod body;
pub mod call;
mod error_view;
pub mod excerpt;
mod failure;
pub mod headers;
pub mod hooks;
pub mod http;
pub mod jwt;
pub mod probe;
pub mod scrub;
mod secret;
pub mod text;
pub mod transport;

pub use base_url::base_url;
pub use error_view::ErrorView;
pub use excerpt::excerpt;
pub use failure::Failure;
pub use http::HttpConfig;
pub use secret::Secret;
pub use text::shown;
