//! What every generated request carries: the format, the credentials, the
//! retry policy, the body size limit.

use std::sync::Arc;

use crate::session::CrmSession;
use crate::types::Secret;
use crate::{Format, RetryPolicy};

/// The state progenitor keeps inside the generated client.
#[derive(Clone, Debug)]
pub(crate) struct ClientState {
    pub(crate) format: Format,
    pub(crate) auth: Auth,
    pub(crate) retry: Option<RetryPolicy>,
    /// The body size limit.
    pub(crate) max_body_bytes: usize,
}

/// How requests are authenticated. `Debug` never shows a token.
#[derive(Clone, Debug)]
pub(crate) enum Auth {
    /// No `Authorization` header (login, password recovery, SSO).
    None,
    /// A fixed bearer token.
    Token(Secret),
    /// A CRM session that logs in again when its token expires.
    Session(Arc<CrmSession>),
}
