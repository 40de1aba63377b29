//! The one error type of every call.

use std::fmt;

use bindings_support::excerpt::{Undecodable, fmt_undecodable};

/// Everything a call can fail with.
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
    /// A status the spec does not document.
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        excerpt: String,
    },
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
            Self::UndecodableBody { status, .. } | Self::UnexpectedStatus { status, .. } => {
                Some(*status)
            }
            Self::Transport(error) => error.status().map(|s| s.as_u16()),
            Self::InvalidRequest(_) | Self::Config(_) | Self::LoggedOut => None,
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
                write!(f, "{code} (HTTP {http_status})")?;
                for text in [message, description]
                    .into_iter()
                    .flatten()
                    .filter(|t| !t.is_empty())
                {
                    write!(f, ": {text}")?;
                }
                Ok(())
            }
            Self::UndecodableBody {
                status,
                content_type,
                excerpt,
                reason,
            } => fmt_undecodable(f, *status, content_type.as_deref(), reason, excerpt),
            Self::UnexpectedStatus { status, excerpt } => write!(
                f,
                "HTTP {status} is not documented; body starts: {excerpt:?}"
            ),
            Self::Transport(error) => write!(f, "transport error: {error}"),
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

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(error) => Some(error),
            _ => None,
        }
    }
}
