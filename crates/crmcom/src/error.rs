//! The one error type of every call.

use std::sync::Arc;

use bindings_support::{ErrorView, Failure, shown};
use reqwest::header::HeaderMap;
use serde_json::Value;

/// Everything a call can fail with: a non-`OK` envelope, a [`Failure`]
/// every client shares (undecodable body, undocumented status, body too
/// large, transport, timeout, logged out, invalid request, configuration),
/// or a failed login again.
///
/// `Display` shows server-provided text (codes, messages, excerpts, a
/// redirect's `Location`) bounded and with control characters escaped; the
/// fields keep it whole. Excerpts and messages never show the secrets the
/// call sent (password, key, token) when the server echoes them.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The envelope's `status.code` is not `OK` (whatever the HTTP status,
    /// most likely 200).
    #[error("{} (HTTP {status}){}", shown(code), api_text(message, description))]
    Api {
        /// HTTP status.
        status: u16,
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
    /// A failure every client shares; see [`Failure`].
    #[error(transparent)]
    Failure(#[from] Failure),
    /// The session's token ran out and logging in again failed. Calls that
    /// needed a new token together share one login attempt, and so its error.
    #[error("the session's token ran out and logging in again failed: {0}")]
    LoginFailed(#[source] Arc<Error>),
}

/// The envelope's non-empty message and description, as `Display` shows them.
fn api_text(message: &Option<String>, description: &Option<String>) -> String {
    [message, description]
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .map(|t| format!(": {}", shown(t)))
        .collect()
}

impl Error {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            Self::Failure(failure) => failure.status(),
            Self::LoginFailed(cause) => cause.status(),
        }
    }

    /// The envelope's failure code, for [`Error::Api`].
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The envelope's `status.message`, for [`Error::Api`].
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Api { message, .. } => message.as_deref(),
            _ => None,
        }
    }
}

/// The envelope's `status` of [`Error::Api`]: `details` is
/// `{"description": …}`, the body the whole envelope; no headers.
impl ErrorView for Error {
    fn status(&self) -> Option<u16> {
        Error::status(self)
    }

    fn is_api(&self) -> bool {
        matches!(self, Self::Api { .. })
    }

    fn code(&self) -> Option<&str> {
        Error::code(self)
    }

    fn message(&self) -> Option<&str> {
        Error::message(self)
    }

    fn details(&self) -> Value {
        match self {
            Self::Api { description, .. } => serde_json::json!({ "description": description }),
            _ => Value::Null,
        }
    }

    fn headers(&self) -> Option<&HeaderMap> {
        None
    }

    fn body(&self) -> Option<Value> {
        match self {
            Self::Api { envelope, .. } => Some(envelope.as_ref().clone()),
            _ => None,
        }
    }

    fn body_debug(&self) -> Option<String> {
        match self {
            Self::Api {
                code,
                message,
                description,
                ..
            } => Some(format!(
                "code: {code:?}\nmessage: {message:?}\ndescription: {description:?}"
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_read_the_envelope_and_the_failure() {
        let api = Error::Api {
            status: 200,
            code: "COM.CRM.EXCEPTION.X".to_owned(),
            message: Some("Invalid\ncredentials".to_owned()),
            description: None,
            envelope: Box::new(serde_json::Value::Null),
        };
        assert_eq!(
            (api.status(), api.code(), api.message()),
            (
                Some(200),
                Some("COM.CRM.EXCEPTION.X"),
                Some("Invalid\ncredentials")
            )
        );
        assert_eq!(
            api.to_string(),
            "COM.CRM.EXCEPTION.X (HTTP 200): Invalid\\ncredentials"
        );
        let logged_out = Error::LoginFailed(Arc::new(Failure::LoggedOut.into()));
        assert_eq!(
            (logged_out.status(), logged_out.code(), logged_out.message()),
            (None, None, None)
        );
    }
}
