//! Rust client for the CRM.COM Web API (R10+) authentication methods, with a
//! session that keeps a token valid.
//!
//! ```
//! # use wiremock::{Mock, MockServer, ResponseTemplate, matchers::path};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = MockServer::start().await;
//! # Mock::given(path("/crmapi/rest/v2/authentication/web_api_key/token")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"token": "1351195444"}, "status": {"code": "OK", "description": "", "message": ""}}))).mount(&server).await;
//! # Mock::given(path("/crmapi/rest/v2/contacts/list")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"status": {"code": "OK"}, "data": []}))).mount(&server).await;
//! # Mock::given(path("/crmapi/rest/v2/authentication/token/release")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"status": {"code": "OK"}}))).expect(1).mount(&server).await;
//! # let base_url = format!("{}/crmapi/rest/v2", server.uri());
//! use crmcom::{Config, Credentials, Session};
//!
//! let config = Config::new(&base_url)?; // https://{server}/crmapi/rest/v2
//! let session = Session::login(&config, Credentials::WebApiKey { key: "EE73C0AE64524371B5DDEFF5F7BB2192".into(), unit: None }).await?;
//! // Calls beyond authentication: the token goes in the query (GET) or body (POST).
//! // The method and its parameter are illustrative: the documentation this
//! // crate follows covers the authentication methods only.
//! let contacts = session.get("contacts/list", &[("number_of_results", "10")]).await?;
//! # assert_eq!(contacts, serde_json::json!([]));
//! session.logout().await?;
//! # Ok(()) }
//! ```
//!
//! # Envelopes and errors
//!
//! Every response is `{"status": {"code", "message", "description"}, "data"}`.
//! A `status.code` other than `OK` is [`Error::Api`] with the code, message
//! and description, whatever the HTTP status (most likely 200). Other
//! failures keep the status and an excerpt of the body, withheld where the
//! body may carry a token.
//!
//! # Tokens
//!
//! [`Session`] logs in with [`Credentials::Password`] or
//! [`Credentials::WebApiKey`] and works out when its token expires: an R12+
//! token is a JWT whose `exp` (a number, or a numeric string on some
//! deployments) says so; a Web API key token lasts two hours; an older token
//! lasts one hour after its last use. It logs in again before that (5
//! minutes before, by default), and on [`Session::logout`] releases a pre-R12
//! token (release is deprecated from R12). The claims are read without
//! verifying the JWT's signature (HS256 with a server secret): they serve the
//! expiry only.
//!
//! Calls that find the token stale together share one login attempt: when it
//! fails, each gets [`Error::LoginFailed`] with its error (one login, not one
//! per call), waiting at most the configured timeout; the next call tries
//! again.
//!
//! The generated methods are on [`CrmcomClient`]; the Web API key travels as
//! HTTP Basic (key as username, empty password). Passwords, keys and tokens
//! are [`types::Secret`]: `Debug` never shows them, and when a server echoes
//! one the error's excerpts and messages show `***` instead.
//!
//! # Redirects, body sizes, messages
//!
//! No redirect is followed: a 3xx is [`Failure::UnexpectedStatus`] with its
//! `Location`, and neither the key nor a token is sent again. Every body is
//! read at most [`Config::with_max_body_bytes`] (16 MiB by default), logins
//! and [`Session::get`] / [`Session::post`] included: reading stops at the
//! limit with [`Failure::BodyTooLarge`]. `Display` shows server text bounded
//! and with control characters escaped; a transport error says what happened.

mod call;
mod client;
mod config;
mod error;
#[rustfmt::skip]
#[allow(missing_docs, unreachable_patterns, unused_imports, dead_code, clippy::all, clippy::pedantic, clippy::unwrap_used)]
mod generated;
#[rustfmt::skip]
#[allow(clippy::all)]
mod generated_scopes;
mod hooks;
mod session;
mod state;

pub use bindings_support::Failure;
pub use client::CrmcomClient;
pub use config::Config;
pub use error::Error;
pub use generated::{ByteStream, ResponseValue};
pub use generated_scopes::requests;
pub use session::{Clock, Credentials, Expiry, IDLE_LIFETIME, KEY_LIFETIME, Session, SystemClock};

/// Request and response types, generated from `spec/crmcom.yaml`.
pub mod types {
    pub use crate::generated::types::*;
    pub use bindings_support::Secret;
}
