//! [`ErrorView`]: one read-only view of every API crate's `Error`.

use std::error::Error;

use http::HeaderMap;
use serde_json::Value;

/// What an API crate's `Error` tells about itself, read the same way for
/// every API: for code that handles the errors of several APIs (each crate
/// implements it on its `Error`). The crates' own accessors and variants keep
/// the typed detail.
///
/// Everything but [`status`](ErrorView::status) describes the API's own
/// error answer ([`is_api`](ErrorView::is_api)); any other error (a
/// [`Failure`](crate::Failure), a failed login again, …) has no code,
/// message, details, headers or body.
pub trait ErrorView: Error {
    /// The HTTP status, when a response arrived.
    fn status(&self) -> Option<u16>;
    /// Whether the server answered with the API's own error.
    fn is_api(&self) -> bool;
    /// The API's machine-readable error code, for an API that has one.
    fn code(&self) -> Option<&str>;
    /// The error's display message (localized; do not branch on it).
    fn message(&self) -> Option<&str>;
    /// Structured detail as JSON (per-field problems, a description);
    /// `Null` when there is none.
    fn details(&self) -> Value;
    /// The response headers, for a crate whose API error keeps them (those
    /// that can carry credentials are marked sensitive).
    fn headers(&self) -> Option<&HeaderMap>;
    /// The error body as the client decoded it, serialized again.
    fn body(&self) -> Option<Value>;
    /// The decoded error body, pretty-printed (`{:#?}`).
    fn body_debug(&self) -> Option<String>;
}
