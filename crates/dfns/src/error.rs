//! The one error type of every call.

use bindings_support::{ErrorView, Failure, shown};
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::types::{ErrorEnvelope, PolicyApproval};

/// Everything a call can fail with: the server's error envelope, a
/// request held for policy approval (202), a [`Failure`] every client
/// shares (undecodable body, undocumented status, body too large, transport,
/// invalid request, configuration), a failed user action signature, or a
/// login this client cannot complete.
///
/// `Display` shows server-provided text (messages, ids, excerpts, a
/// redirect's `Location`) bounded and with control characters escaped; the
/// fields keep it whole. Excerpts never show the secrets the call sent (the
/// token, a user action) when the server echoes them.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error envelope (401 token, 403 user action
    /// or permission, 409 conflict, 422 deactivated, 429 rate limit, …).
    #[error("HTTP {status}{}", api_text(body))]
    Api {
        /// HTTP status.
        status: u16,
        /// The envelope, as sent.
        body: Box<ErrorEnvelope>,
    },
    /// HTTP 202: a policy requires approval, and the request waits for it
    /// (not carried out yet). The official SDK raises `PolicyPendingError`
    /// with the same body.
    #[error(
        "HTTP 202: the request awaits policy approval{}",
        approval_text(approval)
    )]
    PolicyPending {
        /// The approval the request awaits, as sent.
        approval: Box<PolicyApproval>,
    },
    /// A failure every client shares; see [`Failure`].
    #[error(transparent)]
    Failure(#[from] Failure),
    /// User action signing failed; the request was not sent.
    #[error("user action signing failed, the request was not sent: {0}")]
    UserAction(#[source] Box<Error>),
    /// The login answered with an SSO client instead of a token: the
    /// organization logs in through SSO, which this client does not run.
    #[error(
        "the login needs SSO (client {}), which this client does not run",
        shown(sso_client_id)
    )]
    SsoRequired {
        /// The SSO client to continue with.
        sso_client_id: String,
    },
    /// The signer could not sign, or the challenge does not allow its credential.
    #[error("cannot sign: {0}")]
    Signing(String),
}

/// The approval's id, as `Display` shows it.
fn approval_text(approval: &PolicyApproval) -> String {
    approval
        .id
        .as_deref()
        .map(|id| format!(" (approval {})", shown(id)))
        .unwrap_or_default()
}

/// The envelope's message and error id, as `Display` shows them.
fn api_text(body: &ErrorEnvelope) -> String {
    let mut text = String::new();
    if let Some(message) = &body.error.message {
        text.push_str(&format!(": {}", shown(message)));
    }
    if let Some(id) = &body.error.id {
        text.push_str(&format!(" (error id {})", shown(id)));
    }
    text
}

impl Error {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            Self::PolicyPending { .. } => Some(202),
            Self::Failure(failure) => failure.status(),
            Self::UserAction(cause) => cause.status(),
            Self::Signing(_) | Self::SsoRequired { .. } => None,
        }
    }

    /// The approval a request awaits, for [`Error::PolicyPending`].
    pub fn approval(&self) -> Option<&PolicyApproval> {
        match self {
            Self::PolicyPending { approval } => Some(approval),
            _ => None,
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

/// The envelope of [`Error::Api`] (no code: Dfns sends none; `details` is
/// the envelope's `error.details`), or the approval of
/// [`Error::PolicyPending`] as its body; no headers.
impl ErrorView for Error {
    fn status(&self) -> Option<u16> {
        Error::status(self)
    }

    fn is_api(&self) -> bool {
        matches!(self, Self::Api { .. } | Self::PolicyPending { .. })
    }

    fn code(&self) -> Option<&str> {
        None
    }

    fn message(&self) -> Option<&str> {
        Error::message(self)
    }

    fn details(&self) -> Value {
        match self {
            Self::Api { body, .. } => body.error.details.clone().unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }

    fn headers(&self) -> Option<&HeaderMap> {
        None
    }

    fn body(&self) -> Option<Value> {
        match self {
            Self::Api { body, .. } => serde_json::to_value(body).ok(),
            Self::PolicyPending { approval } => serde_json::to_value(approval).ok(),
            _ => None,
        }
    }

    fn body_debug(&self) -> Option<String> {
        match self {
            Self::Api { body, .. } => Some(format!("{body:#?}")),
            Self::PolicyPending { approval } => Some(format!("{approval:#?}")),
            _ => None,
        }
    }
}
