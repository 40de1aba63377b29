//! What every generated request carries.

use bindings_support::Secret;

/// The state progenitor keeps inside the generated client.
#[derive(Clone, Debug, Default)]
pub(crate) struct ClientState {
    /// The Web API key, sent as the HTTP Basic username of the operations
    /// that use one.
    pub(crate) web_api_key: Option<Secret>,
}
