//! The failures every crate's `Error` shares: what can go wrong between the
//! client and any server, whatever the API. Each crate's `Error` wraps a
//! [`Failure`] transparently (its `Display` and `source` are the failure's).

use crate::body::{ReadError, TooLarge};
use crate::excerpt::{Undecodable, Unexpected, undecodable_message, unexpected_message};

/// A failure that is not the API's own error answer.
///
/// `Display` shows server-provided text (excerpts, a redirect's `Location`)
/// bounded and with control characters escaped; the fields keep it whole.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Failure {
    /// A response whose body could not be decoded: an HTML error page,
    /// truncated JSON, an empty body where JSON was due, a value of the wrong type.
    #[error("{}", undecodable_message(*.status, .content_type.as_deref(), .reason, .excerpt))]
    UndecodableBody {
        /// HTTP status.
        status: u16,
        /// The response's `Content-Type`.
        content_type: Option<String>,
        /// The start of the body (at most 512 bytes, lossy UTF-8; withheld
        /// when it may carry a secret).
        excerpt: String,
        /// Why decoding failed.
        reason: String,
    },
    /// A status the spec does not document for the operation, a redirect
    /// among them: the clients follow none.
    #[error("{}", unexpected_message(*.status, .excerpt, .location.as_deref()))]
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        excerpt: String,
        /// The `Location` header (of a redirect).
        location: Option<String>,
    },
    /// A body larger than the crate's `Config::with_max_body_bytes`: reading
    /// stopped at the limit.
    #[error("{}", TooLarge { status: *.status, limit: *.limit })]
    BodyTooLarge {
        /// HTTP status.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The request got no (complete) answer: connection, timeout, TLS, or the
    /// body broke off while reading.
    #[error("transport error: {}", crate::transport::describe(.0))]
    Transport(#[source] reqwest::Error),
    /// A wait inside the client ran out (a call waited the configured
    /// timeout for another call's login).
    #[error("timed out: {0}")]
    Timeout(String),
    /// The session was logged out: it sends no more calls.
    #[error("the session was logged out")]
    LoggedOut,
    /// The request could not be built (a required parameter is missing, a
    /// value does not convert).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client could not be set up (base URL, TLS).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Failure {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::UndecodableBody { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::BodyTooLarge { status, .. } => Some(*status),
            Self::Transport(error) => error.status().map(|s| s.as_u16()),
            Self::Timeout(_) | Self::LoggedOut | Self::InvalidRequest(_) | Self::Config(_) => None,
        }
    }
}

impl From<Undecodable> for Failure {
    fn from(body: Undecodable) -> Self {
        Self::UndecodableBody {
            status: body.status,
            content_type: body.content_type,
            excerpt: body.excerpt,
            reason: body.reason,
        }
    }
}

impl From<Unexpected> for Failure {
    fn from(seen: Unexpected) -> Self {
        Self::UnexpectedStatus {
            status: seen.status,
            excerpt: seen.excerpt,
            location: seen.location,
        }
    }
}

impl From<TooLarge> for Failure {
    fn from(too_large: TooLarge) -> Self {
        Self::BodyTooLarge {
            status: too_large.status,
            limit: too_large.limit,
        }
    }
}

impl From<ReadError> for Failure {
    fn from(error: ReadError) -> Self {
        match error {
            ReadError::TooLarge(too_large) => too_large.into(),
            ReadError::Transport(error) => Self::Transport(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_bounded_and_escaped_and_keep_the_status() {
        let undecodable = Failure::from(Undecodable {
            status: 502,
            content_type: Some("text/html".to_owned()),
            excerpt: "<h1>Bad\u{1b}[31m gateway</h1>".to_owned(),
            reason: "expected value".to_owned(),
        });
        let shown = undecodable.to_string();
        assert!(
            shown.starts_with("HTTP 502: undecodable body (text/html)"),
            "{shown}"
        );
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert_eq!(undecodable.status(), Some(502));

        let redirect = Failure::from(Unexpected {
            status: 302,
            excerpt: String::new(),
            location: Some("https://elsewhere.example".to_owned()),
        });
        assert!(redirect.to_string().contains("not followed"), "{redirect}");
        let too_large = Failure::from(ReadError::TooLarge(TooLarge {
            status: 200,
            limit: 10,
        }));
        assert!(matches!(
            too_large,
            Failure::BodyTooLarge {
                status: 200,
                limit: 10
            }
        ));
        assert_eq!(Failure::LoggedOut.status(), None);
        assert_eq!(
            Failure::Config("x".into()).to_string(),
            "invalid client configuration: x"
        );
    }
}
