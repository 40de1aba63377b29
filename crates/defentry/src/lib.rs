//! Rust client for the Defentry partner API, in both response formats.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use defentry::{Client, Format};
//!
//! // Log in with the service account (no token needed for that call).
//! let anonymous = Client::builder("https://api.example.com").build()?;
//! let login = anonymous
//!     .crm_login()
//!     .body(defentry::types::CrmLoginRequest {
//!         username: "acme-backend-integration@partner.com".into(),
//!         password: "your_service_account_password".into(),
//!         keep_logged: Some(true),
//!     })
//!     .send()
//!     .await?
//!     .into_inner();
//!
//! // Every later CRM call carries the token; pick the format per client.
//! let crm = Client::with_token("https://api.example.com", login.token, Format::Legacy)?;
//! let created = crm
//!     .create_account()
//!     .body(
//!         defentry::types::AccountCreate::builder()
//!             .first_name("John")
//!             .last_name("Doe")
//!             .email("john.doe@example.com")
//!             .country_code("SE")
//!             .lang_code("SV")
//!             .plan_id(1)
//!             .type_("SINGLE"),
//!     )
//!     .send()
//!     .await?;
//! println!("account {}", created.data.id.0);
//! # Ok(()) }
//! ```
//!
//! # Formats
//!
//! [`Format::Standardized`] (the default) sends `X-API-Version: 2026-06-12`;
//! [`Format::Legacy`] sends no such header. The same Rust values come back
//! either way: datetimes as [`types::Timestamp`] (a `DateTime<Utc>`), flags as
//! [`types::Flag`] (a `bool`), error bodies as [`types::ApiErrorBody`] whatever
//! their shape.
//!
//! # What is generated
//!
//! The operations and types come from `spec/defentry.yaml` through
//! `cargo xtask generate` (files `src/generated*.rs`, never edited by hand).
//! Responses the docs do not describe are returned unparsed
//! ([`ByteStream`]); response objects keep fields the spec does not know in
//! their `extra` map; enums keep values the spec does not list as `Unknown`.

mod api_error;
mod client;
mod error_body;
mod format;
#[rustfmt::skip]
#[allow(missing_docs, unreachable_patterns, unused_imports, clippy::all, clippy::pedantic, clippy::unwrap_used)]
mod generated;
#[rustfmt::skip]
#[allow(missing_docs)]
mod generated_enums;
#[rustfmt::skip]
mod generated_formats;
mod secret;
mod wire;

pub use api_error::ApiError;
pub use client::{ClientBuilder, ClientState, ConfigError};
pub use format::Format;
pub use generated::{ByteStream, Client, ClientInfo, Error, ResponseValue, builder, prelude};
pub use generated_formats::{API_VERSION, API_VERSION_HEADER};

/// Request and response types: generated from the spec, plus the hand-written
/// wire types the generated ones use.
pub mod types {
    pub use crate::error_body::{
        ApiErrorBody, ErrorString, FieldErrors, JsonApiError, JsonApiErrors, MessageError,
        StandardizedError,
    };
    pub use crate::generated::types::*;
    pub use crate::generated_enums::*;
    pub use crate::secret::Secret;
    pub use crate::wire::{Flag, FlagError, LEGACY_TIMESTAMP_FORMAT, Timestamp, TimestampError};
}
