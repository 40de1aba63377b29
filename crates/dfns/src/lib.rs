//! Rust client for Dfns authentication: login, user action signing, Personal
//! Access Tokens and Service Accounts.
//!
//! # Log in with a key
//!
//! With the credential's private key as Dfns's docs make it (`openssl
//! genpkey`, PEM; Ed25519, ECDSA P-256 or secp256k1, RSA):
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use dfns::{Config, DfnsClient, KeySigner};
//!
//! let signer = KeySigner::from_pem("cr-…", &std::fs::read_to_string("key.pem")?)?;
//! let client = DfnsClient::login(&Config::europe(), "or-…", "me@example.com", signer).await?;
//! let pats = client.list_personal_access_tokens().send().await?; // a read: no signing
//! # Ok(()) }
//! ```
//!
//! The same with Dfns's official TypeScript SDK (`@dfns/sdk`,
//! `@dfns/sdk-keysigner`):
//!
//! ```text
//! const signer = new AsymmetricKeySigner({ credId: 'cr-…', privateKey: fs.readFileSync('key.pem', 'utf8') })
//! const { token } = await new DfnsAuthenticator({ baseUrl, signer }).login({ orgId: 'or-…', username: 'me@example.com' })
//! const client = new DfnsApiClient({ baseUrl, authToken: token, signer })
//! ```
//!
//! With a token you already have (a Personal Access Token, a Service
//! Account token):
//!
//! ```
//! # use wiremock::{Mock, MockServer, ResponseTemplate, matchers::{method, path}};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = MockServer::start().await;
//! # Mock::given(method("GET")).and(path("/auth/pats")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": []}))).mount(&server).await;
//! # let base_url = server.uri();
//! use dfns::{Config, DfnsClient, Ed25519Signer};
//!
//! let config = Config::new(&base_url)?; // dfns::EUROPE or dfns::UAE
//! let signer = Ed25519Signer::new("cr-1a2b3-…", &[7u8; 32]); // your credential's private key
//! let client = DfnsClient::with_signer(&config, "eyJ0eXAi…", signer)?;
//! let pats = client.list_personal_access_tokens().send().await?; // a read: no signing
//! # assert!(pats.items.is_empty());
//! # Ok(()) }
//! ```
//!
//! [`KeySigner::public_key_pem`] (and the same on every signer) gives the
//! `publicKey` that `createPersonalAccessToken` and `createServiceAccount`
//! take.
//!
//! # User action signing
//!
//! Every state-changing call (POST, PUT, DELETE; not logout) needs
//! `X-DFNS-USERACTION`. With a [`Signer`] ([`KeySigner`], [`Ed25519Signer`],
//! [`P256Signer`], or your own, e.g. a KMS), the client describes the request
//! to `POST /auth/action/init`, signs the challenge's clientData
//! (`{"type":"key.get","challenge":…}`, see [`signer::client_data`]), sends
//! the assertion to `POST /auth/action` and attaches the returned user action
//! to the request. Reads are never signed. A request that cannot be signed
//! is not sent: the call returns [`Error::UserAction`] with the cause.
//!
//! # Pending approval
//!
//! When a policy requires approval, Dfns answers a state-changing call with
//! 202 and the approval: the call returns [`Error::PolicyPending`] (the
//! official SDK's `PolicyPendingError`), whose [`Error::approval`] keeps the
//! approval's `id` and every other field as sent.
//!
//! # Who is logged in
//!
//! There is no `/me` route: [`Claims::decode`] (or [`DfnsClient::claims`])
//! reads the username, user id, org or tenant id, token kind and expiry from
//! the token **without verifying its signature**. Use them to show who is
//! logged in, never to decide what a caller may do.
//!
//! Errors are [`Error`]: the server's envelope (`{"error": {"id", "status",
//! "message", "details"}}`) with its status, undecodable bodies with an
//! excerpt, transport failures, a failed signing as
//! [`Error::UserAction`], a request awaiting approval as
//! [`Error::PolicyPending`]. Tokens and user actions are [`types::Secret`]s;
//! when a server echoes one, the error's excerpts show `***` instead.
//!
//! # Redirects, body sizes, messages
//!
//! No redirect is followed: a 3xx is [`Failure::UnexpectedStatus`] with its
//! `Location`, and neither the token nor a signed request is sent again.
//! Every body is read at most [`Config::with_max_body_bytes`] (16 MiB by
//! default): reading stops at the limit with [`Failure::BodyTooLarge`].
//! `Display` shows server text bounded and with control characters escaped;
//! a transport error says what happened (timed out, connection refused, the
//! body ended early). There is no session to log in again.

mod call;
pub mod claims;
mod client;
mod config;
mod error;
#[rustfmt::skip]
#[allow(missing_docs, unreachable_patterns, unused_imports, dead_code, clippy::all, clippy::pedantic, clippy::unwrap_used)]
mod generated;
#[rustfmt::skip]
#[allow(missing_docs)]
mod generated_enums;
#[rustfmt::skip]
#[allow(clippy::all)]
mod generated_scopes;
mod hooks;
mod key_signer;
pub mod signer;
mod state;

pub use bindings_support::Failure;
pub use claims::Claims;
pub use client::DfnsClient;
pub use config::{Config, EUROPE, UAE};
pub use error::Error;
pub use generated::{ByteStream, ResponseValue};
pub use generated_scopes::requests;
pub use key_signer::{KeyAlgorithm, KeySigner};
pub use signer::{Ed25519Signer, P256Signer, Signer};

/// Request and response types, generated from `spec/dfns.yaml`.
pub mod types {
    pub use crate::generated::types::*;
    pub use crate::generated_enums::*;
    pub use bindings_support::Secret;
}
