//! The one error type of every call.

use std::fmt;
use std::sync::Arc;

use bindings_support::body::{ReadError, TooLarge};
use bindings_support::excerpt::{Undecodable, fmt_undecodable, fmt_unexpected};
use bindings_support::shown;

/// Everything a call can fail with.
///
/// `Display` shows server-provided text (codes, messages, excerpts, a
/// redirect's `Location`) bounded and with control characters escaped; the
/// fields keep it whole. Excerpts and messages never show the secrets the
/// call sent (password, key, token) when the server echoes them.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The envelope's `status.code` is not `OK` (whatever the HTTP status,
    /// most likely 200).
    Api {
        /// HTTP status.
        http_status: u16,
        /// `status.code`, e.g. `COM.CRM.EXCEPTION.…EXCEPTION`.
        code: String,
        /// `status.message`.
        message: Option<String>,
        /// `status.description`.
        description: Option<String>,
        /// The whole envelope as received, unknown keys included (a
        /// `data.token` is withheld).
        envelope: Box<serde_json::Value>,
    },
    /// A response whose body could not be decoded.
    UndecodableBody {
        /// HTTP status.
        status: u16,
        /// The response's `Content-Type`.
        content_type: Option<String>,
        /// The start of the body (withheld when it may carry a token).
        excerpt: String,
        /// Why decoding failed.
        reason: String,
    },
    /// A status the spec does not document, a redirect among them: the
    /// client follows none.
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
    /// The session's token ran out and logging in again failed. Calls that
    /// needed a new token together share one login attempt, and so its error.
    LoginFailed(Arc<Error>),
    /// A call waited the configured timeout for another call's login.
    Timeout(String),
    /// The request got no (complete) answer.
    Transport(reqwest::Error),
    /// The request could not be built.
    InvalidRequest(String),
    /// The client could not be set up.
    Config(String),
    /// The session was logged out.
    LoggedOut,
}

impl Error {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { http_status, .. } => Some(*http_status),
            Self::UndecodableBody { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::BodyTooLarge { status, .. } => Some(*status),
            Self::Transport(error) => error.status().map(|s| s.as_u16()),
            Self::LoginFailed(cause) => cause.status(),
            Self::InvalidRequest(_) | Self::Config(_) | Self::LoggedOut | Self::Timeout(_) => None,
        }
    }

    /// The envelope's failure code, for [`Error::Api`].
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } => Some(code),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api {
                http_status,
                code,
                message,
                description,
                ..
            } => {
                write!(f, "{} (HTTP {http_status})", shown(code))?;
                for text in [message, description]
                    .into_iter()
                    .flatten()
                    .filter(|t| !t.is_empty())
                {
                    write!(f, ": {}", shown(text))?;
                }
                Ok(())
            }
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
            Self::LoginFailed(cause) => write!(
                f,
                "the session's token ran out and logging in again failed: {cause}"
            ),
            Self::Timeout(message) => write!(f, "timed out: {message}"),
            Self::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Self::Config(message) => write!(f, "invalid client configuration: {message}"),
            Self::LoggedOut => f.write_str("the session was logged out"),
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

impl From<ReadError> for Error {
    fn from(error: ReadError) -> Self {
        match error {
            ReadError::TooLarge(too_large) => too_large.into(),
            ReadError::Transport(error) => Self::Transport(error.without_url()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(error) => Some(error),
            Self::LoginFailed(cause) => Some(cause.as_ref()),
            _ => None,
        }
    }
}
