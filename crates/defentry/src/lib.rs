//! Rust client for the Defentry partner API, in both response formats.
//!
//! # Quick start
//!
//! Log in with the partner's service account and act for customer accounts:
//!
//! ```
//! # use wiremock::{Mock, MockServer, ResponseTemplate, matchers::path};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = MockServer::start().await;
//! # Mock::given(path("/api/v1/crm/auth/login")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"token": "1|abc"}))).mount(&server).await;
//! # Mock::given(path("/api/v1/account")).respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"data": {"id": 42}}))).mount(&server).await;
//! # let api_domain = server.uri(); // your API_DOMAIN, e.g. https://api.example.com
//! use defentry::types::AccountCreate;
//! use defentry::{Config, CrmClient};
//!
//! let config = Config::new(&api_domain)?;
//! let crm = CrmClient::login(&config, "acme-backend-integration@partner.com", "your_password", true).await?;
//! let created = crm
//!     .create_account()
//!     .body(
//!         AccountCreate::builder()
//!             .first_name("John".to_owned())
//!             .last_name("Doe".to_owned())
//!             .email("john.doe@example.com")
//!             .country_code("SE".to_owned())
//!             .lang_code("SV".to_owned())
//!             .plan_id(1_i64)
//!             .type_("SINGLE".to_owned()),
//!     )
//!     .send()
//!     .await?;
//! assert_eq!(created.data.id, 42);
//! # Ok(()) }
//! ```
//!
//! `crates/defentry/examples/quickstart.rs` runs the whole CRM flow of the docs.
//!
//! # Formats
//!
//! Every endpoint answers in two formats. [`Format::Standardized`] (the
//! default) sends `X-API-Version: 2026-06-12`; [`Format::Legacy`] sends no
//! such header. Choose it on the [`Config`]; the same Rust values come back
//! either way:
//!
//! | | legacy | standardized | Rust |
//! |---|---|---|---|
//! | datetimes | `"2026-06-16 21:02:05"` | `"2026-06-16T21:02:05Z"` | [`types::Timestamp`] (`DateTime<Utc>`) |
//! | flags (`is_…`, `has_…`) | `1`/`0`, `"1"`/`"0"`, `"true"`/`"false"` | `true`/`false` | [`types::Flag`] (`bool`) |
//! | errors | four shapes, 409 when throttled | one envelope, 429 | [`Error::Api`] with an [`ApiError`] |
//!
//! ```
//! # use wiremock::{Mock, MockServer, ResponseTemplate, matchers::path};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = MockServer::start().await;
//! # Mock::given(path("/api/v1/delete-my-data/scan/status")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"sites": [{"is_data_found": "1"}]}))).mount(&server).await;
//! # let api_domain = server.uri();
//! use defentry::{AppClient, Config, Format};
//!
//! let config = Config::new(&api_domain)?.with_format(Format::Legacy);
//! let app = AppClient::with_token(&config, "end-user-app-token")?;
//! let status = app.get_delete_my_data_scan_status().send().await?;
//! // The legacy `"1"` arrives as `true`.
//! assert_eq!(status.sites[0].is_data_found.map(bool::from), Some(true));
//! # Ok(()) }
//! ```
//!
//! An operator can force the standardized format server-wide; a legacy client
//! decodes those bodies too.
//!
//! # Scopes
//!
//! Each token scope has its own client, which has only the operations that
//! scope may call (the methods are generated from the spec's `security`):
//!
//! | client | token | operations |
//! |---|---|---|
//! | [`PublicClient`] | none | CRM login, password recovery, SSO tokens |
//! | [`CrmClient`] | CRM (service account) | `/api/v1/account/{account_id}/…`, CRM dashboards |
//! | [`AppClient`] | app (one end user) | the user's own watchlists, alarms, Online Data |
//!
//! `GET /api/v1/alarms` serves both scopes and is on both clients. An app
//! route (`GET /api/v1/alarms/{alarmId}`) is a method of the app client:
//!
//! ```no_run
//! # fn main() -> Result<(), defentry::Error> {
//! let config = defentry::Config::new("https://api.example.com")?;
//! let app = defentry::AppClient::with_token(&config, "token")?;
//! let _ = app.get_alarm();
//! # Ok(()) }
//! ```
//!
//! and not of the CRM client, so calling it there does not compile (E0599,
//! no such method):
//!
//! ```compile_fail,E0599
//! # fn main() -> Result<(), defentry::Error> {
//! let config = defentry::Config::new("https://api.example.com")?;
//! let crm = defentry::CrmClient::with_token(&config, "token")?;
//! let _ = crm.get_alarm();
//! # Ok(()) }
//! ```
//!
//! The same holds the other way (`app.create_account()`, a CRM route) and
//! for the public client, which has no route that needs a token:
//!
//! ```compile_fail,E0599
//! # fn main() -> Result<(), defentry::Error> {
//! let config = defentry::Config::new("https://api.example.com")?;
//! let app = defentry::AppClient::with_token(&config, "token")?;
//! let _ = app.create_account();
//! # Ok(()) }
//! ```
//!
//! ```compile_fail,E0599
//! # fn main() -> Result<(), defentry::Error> {
//! let config = defentry::Config::new("https://api.example.com")?;
//! let public = defentry::PublicClient::new(&config)?;
//! let _ = public.list_alarms();
//! # Ok(()) }
//! ```
//!
//! # Sessions
//!
//! [`CrmClient::login`] logs in and keeps the session: when a call returns
//! 401, it logs in again once and repeats the call once; calls that hit the
//! expired token together share one login attempt and its outcome. A login
//! that fails is returned as its error, without retries; a failed login
//! again is [`Error::LoginFailed`] for every call that waited for it (one
//! login, shared), and a call waits for another's login at most the
//! configured timeout. The next call after a failure tries again.
//! [`CrmClient::logout`] ends the session.
//! [`CrmClient::with_token`] uses a token you obtained yourself.
//!
//! [`AppClient::with_token`] uses an app token; [`AppClient::from_sso`] mints
//! one with `POST /api/v1/sso/token` (whose request and response the docs do
//! not give: you pass the body and where the token is).
//!
//! Passwords, tokens and national id numbers are [`types::Secret`]s: `Debug`
//! prints `Secret(***)`, and error messages never quote a response that may
//! carry one. When a server echoes what a call sent (its password, its
//! bearer token), the error's excerpts and messages show `***` instead.
//!
//! # Redirects and body sizes
//!
//! The client follows no redirect: a 3xx is [`Failure::UnexpectedStatus`] with
//! its `Location`, and nothing (no body, no token) is sent again. Every body
//! the client reads into memory (typed success bodies, error bodies, logins,
//! [`read_json`]) is read at most [`Config::with_max_body_bytes`] (16 MiB by
//! default): reading stops at the limit with [`Failure::BodyTooLarge`]. A
//! [`ByteStream`] you stream yourself is not limited.
//!
//! # Errors
//!
//! Every call returns [`Error`]. An error response of either format is
//! [`Error::Api`]: its [`ApiError`] has the status, a stable
//! [`code`](ApiError::code) (an open enum: branch on it), the display
//! `message`, the per-field `details` and the body as it arrived; the
//! normalization of legacy bodies is tabled on [`ApiError`]. Undecodable
//! bodies (an HTML 502 page, truncated JSON, an empty body), undocumented
//! statuses and transport failures are variants of their own that keep the
//! status and the start of the body. `Display` shows server text bounded and
//! with control characters escaped (the fields keep it whole), and a
//! transport error says what happened (timed out, connection refused, the
//! body ended early). [`ApiError`]'s `Debug` hides credential headers
//! (`Set-Cookie`, `WWW-Authenticate`, …).
//!
//! ```
//! # use wiremock::{Mock, MockServer, ResponseTemplate, matchers::path};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = MockServer::start().await;
//! # Mock::given(path("/api/v1/account/42/alarms/999")).respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"error": "Not found"}))).mount(&server).await;
//! # let api_domain = server.uri();
//! use defentry::types::ErrorCode;
//! use defentry::{Config, CrmClient, Error, Format};
//!
//! let crm = CrmClient::with_token(&Config::new(&api_domain)?.with_format(Format::Legacy), "1|token")?;
//! match crm.get_account_alarm().account_id(42).alarm_id(999).send().await {
//!     Err(Error::Api(error)) if error.code == ErrorCode::NotFound => println!("no such alarm"),
//!     Err(other) => return Err(other.into()),
//!     Ok(_) => unreachable!(),
//! }
//! # Ok(()) }
//! ```
//!
//! # Retries
//!
//! Off unless configured. [`RetryPolicy`] retries `429`, legacy throttling
//! (`409`) and `503` with `Retry-After` honoured, a bounded number of attempts
//! and jittered backoff, and only idempotent requests: never `POST` or `PATCH`,
//! and never the state-changing `GET …/alarms/{alarmId}/close`.
//!
//! ```
//! # use wiremock::{Mock, MockServer, ResponseTemplate, matchers::path};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = MockServer::start().await;
//! # let route = "/api/v1/delete-my-data/scan/status";
//! # let throttled = ResponseTemplate::new(429).insert_header("retry-after", "0")
//! #     .set_body_json(serde_json::json!({"error": {"code": "RATE_LIMITED", "message": "Too many requests."}}));
//! # Mock::given(path(route)).respond_with(throttled).up_to_n_times(1).with_priority(1).mount(&server).await;
//! # Mock::given(path(route)).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"sites": []}))).with_priority(2).mount(&server).await;
//! # let api_domain = server.uri();
//! use defentry::{AppClient, Config, RetryPolicy};
//!
//! let config = Config::new(&api_domain)?.with_retry(RetryPolicy::default());
//! let app = AppClient::with_token(&config, "app-token")?;
//! // The server throttles the first attempt (429, `Retry-After: 0`); the
//! // policy waits as asked and the second attempt succeeds.
//! let status = app.get_delete_my_data_scan_status().send().await?;
//! assert_eq!(status.status(), 200);
//! # assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
//! # Ok(()) }
//! ```
//!
//! # What the spec does not know
//!
//! Operations and types are generated from `spec/defentry.yaml` by
//! `cargo xtask generate` (the `src/generated*.rs` files). Responses the docs
//! do not describe come back unparsed ([`ByteStream`]; [`read_json`] reads
//! one), response objects keep fields the spec does not list in their `extra`
//! map, and enums keep values it does not list as `Unknown(String)`.

mod api_error;
mod attempt;
mod call;
mod clients;
mod config;
mod error;
mod error_body;
mod format;
#[rustfmt::skip]
#[allow(missing_docs, unreachable_patterns, unused_imports, dead_code, clippy::all, clippy::pedantic, clippy::unwrap_used)]
mod generated;
#[rustfmt::skip]
#[allow(missing_docs)]
mod generated_enums;
#[rustfmt::skip]
mod generated_formats;
#[rustfmt::skip]
#[allow(clippy::all)]
mod generated_scopes;
mod hooks;
mod resource_id;
mod retry;
mod session;
mod state;
mod undocumented;
mod wire;

pub use api_error::ApiError;
pub use bindings_support::Failure;
pub use clients::{AppClient, CrmClient, PublicClient};
pub use config::Config;
pub use error::Error;
pub use format::Format;
pub use generated::{ByteStream, ResponseValue};
pub use generated_formats::{API_VERSION, API_VERSION_HEADER};
pub use generated_scopes::requests;
pub use retry::RetryPolicy;
pub use undocumented::{read_json, read_json_limited};

/// Request and response types: generated from the spec, plus the hand-written
/// wire types the generated ones use.
pub mod types {
    pub use crate::error_body::{
        ApiErrorBody, ErrorString, FieldErrors, JsonApiError, JsonApiErrors, MessageError,
        StandardizedError,
    };
    pub use crate::generated::types::*;
    pub use crate::generated_enums::*;
    pub use crate::resource_id::ResourceId;
    pub use crate::wire::{Flag, FlagError, LEGACY_TIMESTAMP_FORMAT, Timestamp, TimestampError};
    pub use bindings_support::Secret;
}
