//! The one error type of every call.

use std::sync::Arc;

use bindings_support::{ErrorView, Failure, shown};
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::ApiError;
use crate::types::ApiErrorBody;

/// Everything a call can fail with: the server's error answer, a
/// [`Failure`] every client shares (undecodable body, undocumented status,
/// body too large, transport, timeout, logged out, invalid request,
/// configuration), a failed login again, or a missing value. Every variant
/// that got a response keeps its HTTP status ([`Error::status`]).
///
/// `Display` shows server-provided text (messages, codes, excerpts, a
/// redirect's `Location`) bounded and with control characters escaped; the
/// fields keep it whole. Excerpts and messages never show the secrets the
/// call sent (a password, a token) when the server echoes them.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error, in either format (see [`ApiError`]
    /// for the normalization of legacy bodies). Boxed: it holds the body.
    #[error("{0}")]
    Api(#[source] Box<ApiError>),
    /// A failure every client shares; see [`Failure`].
    #[error(transparent)]
    Failure(#[from] Failure),
    /// The CRM session's token expired and logging in again failed (or the
    /// session was logged out, for a clone that outlived it); the original
    /// call was not retried. Calls that hit the expired token together share
    /// one login attempt, and so its error.
    #[error("the session expired and logging in again failed: {0}")]
    LoginFailed(#[source] Arc<Error>),
    /// A response lacked a value the client needed (the SSO token). The
    /// body is not quoted: it may hold a secret under another name.
    #[error("the response has no string at {pointer} (its top-level keys: {})", shown(&keys.join(", ")))]
    MissingValue {
        /// Where the value was looked for (a JSON pointer).
        pointer: String,
        /// The top-level keys the JSON body has.
        keys: Vec<String>,
    },
}

impl Error {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(error) => Some(error.status),
            Self::Failure(failure) => failure.status(),
            Self::LoginFailed(cause) => cause.status(),
            Self::MissingValue { .. } => None,
        }
    }

    /// The API error code as sent (or as normalized from a legacy body),
    /// for [`Error::Api`]; [`Error::api`] has it typed.
    pub fn code(&self) -> Option<&str> {
        self.api().map(|error| error.code.as_str())
    }

    /// The error's display message (localized; do not branch on it), for
    /// [`Error::Api`].
    pub fn message(&self) -> Option<&str> {
        self.api().and_then(|error| error.message.as_deref())
    }

    /// The error an error response received outside a call decodes to (a
    /// recorded or logged response, either format): `None` when `body` is
    /// not an error body.
    pub fn from_error_response(status: u16, headers: &HeaderMap, body: Value) -> Option<Self> {
        let body: ApiErrorBody = serde_json::from_value(body).ok()?;
        Some(Self::Api(Box::new(ApiError::new(status, headers, body))))
    }

    /// The normalized API error, for [`Error::Api`].
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(error) => Some(error),
            _ => None,
        }
    }
}

/// The [`ApiError`] of [`Error::Api`]: its normalized code, `details` as
/// JSON, and the response headers.
impl ErrorView for Error {
    fn status(&self) -> Option<u16> {
        Error::status(self)
    }

    fn is_api(&self) -> bool {
        self.api().is_some()
    }

    fn code(&self) -> Option<&str> {
        Error::code(self)
    }

    fn message(&self) -> Option<&str> {
        Error::message(self)
    }

    fn details(&self) -> Value {
        self.api()
            .and_then(|error| serde_json::to_value(&error.details).ok())
            .unwrap_or(Value::Null)
    }

    fn headers(&self) -> Option<&HeaderMap> {
        self.api().map(|error| &error.headers)
    }

    fn body(&self) -> Option<Value> {
        self.api()
            .and_then(|error| serde_json::to_value(&error.body).ok())
    }

    fn body_debug(&self) -> Option<String> {
        self.api().map(|error| format!("{:#?}", error.body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_lead_to_the_cause() {
        let failure = Error::from(Failure::Timeout("waited".to_owned()));
        let login = Error::LoginFailed(Arc::new(failure));
        let source = std::error::Error::source(&login).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("timed out: waited"));
        assert_eq!(login.status(), None);
        assert_eq!(login.code(), None);
        assert_eq!(login.message(), None);
    }
}
