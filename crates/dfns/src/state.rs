//! What every generated request carries.

use std::sync::Arc;

use bindings_support::Secret;

use crate::{Signer, generated};

/// The state progenitor keeps inside the generated client.
#[derive(Clone, Debug)]
pub(crate) struct ClientState {
    /// `Authorization: Bearer <token>`.
    pub(crate) token: Option<Secret>,
    /// Signs state-changing requests (user action signing).
    pub(crate) signing: Option<Arc<Signing>>,
    /// The body size limit.
    pub(crate) max_body_bytes: usize,
}

/// A signer, and a client (the same token, no signer) for the signing routes.
#[derive(Debug)]
pub(crate) struct Signing {
    pub(crate) signer: Arc<dyn Signer>,
    pub(crate) client: generated::Client,
}
