//! The one error type of every call.

use std::fmt;
use std::sync::Arc;

use bindings_support::body::TooLarge;
use bindings_support::excerpt::{Undecodable, fmt_undecodable, fmt_unexpected};
use bindings_support::shown;

use crate::ApiError;
use crate::types::ErrorCode;

/// Everything a call can fail with. Every variant that got a response keeps
/// its HTTP status and, where the body could not be decoded, an excerpt of it.
///
/// `Display` shows server-provided text (messages, codes, excerpts, a
/// redirect's `Location`) bounded and with control characters escaped; the
/// fields keep it whole. Excerpts and messages never show the secrets the
/// call sent (a password, a token) when the server echoes them.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error, in either format (see [`ApiError`]
    /// for the normalization of legacy bodies). Boxed: it holds the body.
    Api(Box<ApiError>),
    /// A response whose body could not be decoded: an HTML error page,
    /// truncated JSON, an empty body where JSON was due, a value of the wrong type.
    UndecodableBody {
        /// HTTP status.
        status: u16,
        /// The response's `Content-Type`.
        content_type: Option<String>,
        /// The start of the body (at most 512 bytes, lossy UTF-8).
        excerpt: String,
        /// Why decoding failed.
        reason: String,
    },
    /// A status the spec does not document for the operation, a redirect
    /// among them: the client follows none.
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        excerpt: String,
        /// The `Location` header (of a redirect).
        location: Option<String>,
    },
    /// A body larger than [`Config::with_max_body_bytes`](crate::Config::with_max_body_bytes):
    /// reading stopped at the limit.
    BodyTooLarge {
        /// HTTP status.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The request got no (complete) answer: connection, timeout, TLS, or the
    /// body broke off while reading.
    Transport(reqwest::Error),
    /// The CRM session's token expired and logging in again failed (or the
    /// session was logged out, for a clone that outlived it); the original
    /// call was not retried. Calls that hit the expired token together share
    /// one login attempt, and so its error.
    LoginFailed(Arc<Error>),
    /// A wait inside the client ran out: a call waited the configured
    /// timeout for another call's login again.
    Timeout(String),
    /// The request could not be built (a required parameter is missing, a
    /// value does not convert).
    InvalidRequest(String),
    /// The client could not be set up (base URL, TLS).
    Config(String),
    /// A response lacked a value the client needed (the SSO token). The
    /// body is not quoted: it may hold a secret under another name.
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
            Self::UndecodableBody { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::BodyTooLarge { status, .. } => Some(*status),
            Self::Transport(error) => error.status().map(|s| s.as_u16()),
            Self::LoginFailed(cause) => cause.status(),
            Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::Timeout(_)
            | Self::MissingValue { .. } => None,
        }
    }

    /// The API error code, for [`Error::Api`].
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            Self::Api(error) => Some(&error.code),
            _ => None,
        }
    }

    /// The normalized API error, for [`Error::Api`].
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(error) => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => write!(f, "{error}"),
            Self::UndecodableBody {
                status,
                content_type,
                excerpt,
                reason,
            } => fmt_undecodable(f, *status, content_type.as_deref(), reason, excerpt),
            Self::UnexpectedStatus {
                status,
                excerpt,
                location,
            } => fmt_unexpected(f, *status, excerpt, location.as_deref()),
            Self::BodyTooLarge { status, limit } => {
                write!(
                    f,
                    "{}",
                    TooLarge {
                        status: *status,
                        limit: *limit
                    }
                )
            }
            Self::Transport(error) => write!(
                f,
                "transport error: {}",
                bindings_support::transport::describe(error)
            ),
            Self::Timeout(message) => write!(f, "timed out: {message}"),
            Self::LoginFailed(cause) => write!(
                f,
                "the session expired and logging in again failed: {cause}"
            ),
            Self::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Self::Config(message) => write!(f, "invalid client configuration: {message}"),
            Self::MissingValue { pointer, keys } => {
                write!(
                    f,
                    "the response has no string at {pointer} (its top-level keys: {})",
                    shown(&keys.join(", "))
                )
            }
        }
    }
}

impl From<Undecodable> for Error {
    fn from(body: Undecodable) -> Self {
        Self::UndecodableBody {
            status: body.status,
            content_type: body.content_type,
            excerpt: body.excerpt,
            reason: body.reason,
        }
    }
}

impl From<TooLarge> for Error {
    fn from(too_large: TooLarge) -> Self {
        Self::BodyTooLarge {
            status: too_large.status,
            limit: too_large.limit,
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Api(error) => Some(error.as_ref()),
            Self::Transport(error) => Some(error),
            Self::LoginFailed(cause) => Some(cause.as_ref()),
            _ => None,
        }
    }
}
