//! What every generated request carries.

use bindings_support::Secret;

/// The state progenitor keeps inside the generated client.
#[derive(Clone, Debug)]
pub(crate) struct ClientState {
    /// The Web API key, sent as the HTTP Basic username of the operations
    /// that use one.
    pub(crate) web_api_key: Option<Secret>,
    /// The body size limit.
    pub(crate) max_body_bytes: usize,
}
