//! The one error type of every call.

use std::fmt;

use bindings_support::body::TooLarge;
use bindings_support::excerpt::{Undecodable, fmt_undecodable, fmt_unexpected};
use bindings_support::shown;

use crate::types::ErrorEnvelope;

/// Everything a call can fail with.
///
/// `Display` shows server-provided text (messages, ids, excerpts, a
/// redirect's `Location`) bounded and with control characters escaped; the
/// fields keep it whole. Excerpts never show the secrets the call sent (the
/// token, a user action) when the server echoes them.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error envelope (401 token, 403 user action
    /// or permission, 409 conflict, 422 deactivated, 429 rate limit, …).
    Api {
        /// HTTP status.
        status: u16,
        /// The envelope, as sent.
        body: Box<ErrorEnvelope>,
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
    /// The request got no (complete) answer.
    Transport(reqwest::Error),
    /// User action signing failed (the request was then sent without
    /// `X-DFNS-USERACTION`, and refused).
    UserAction(Box<Error>),
    /// The signer could not sign, or the challenge does not allow its credential.
    Signing(String),
    /// The request could not be built.
    InvalidRequest(String),
    /// The client could not be set up.
    Config(String),
}

impl Error {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. }
            | Self::UndecodableBody { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::BodyTooLarge { status, .. } => Some(*status),
            Self::Transport(error) => error.status().map(|s| s.as_u16()),
            Self::UserAction(cause) => cause.status(),
            Self::Signing(_) | Self::InvalidRequest(_) | Self::Config(_) => None,
        }
    }

    /// The envelope's message, for [`Error::Api`].
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Api { body, .. } => body.error.message.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { status, body } => {
                write!(f, "HTTP {status}")?;
                if let Some(message) = &body.error.message {
                    write!(f, ": {}", shown(message))?;
                }
                if let Some(id) = &body.error.id {
                    write!(f, " (error id {})", shown(id))?;
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
            Self::UserAction(cause) => write!(f, "user action signing failed: {cause}"),
            Self::Signing(message) => write!(f, "cannot sign: {message}"),
            Self::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Self::Config(message) => write!(f, "invalid client configuration: {message}"),
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
            Self::Transport(error) => Some(error),
            Self::UserAction(cause) => Some(cause.as_ref()),
            _ => None,
        }
    }
}
