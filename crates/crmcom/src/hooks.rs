//! The hooks progenitor runs around every request: HTTP Basic with the Web
//! API key where an operation uses one, and the call probe.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use reqwest::{Request, Response};

use crate::generated;
use crate::generated_scopes::OPERATIONS;
use crate::state::ClientState;

impl ClientHooks<ClientState> for generated::Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        request
            .headers_mut()
            .remove(bindings_support::PROGENITOR_VERSION_HEADER);
        let uses_key = OPERATIONS
            .iter()
            .any(|op| op.id == info.operation_id && op.schemes.contains(&"webApiKey"));
        if let (true, Some(key)) = (uses_key, &self.inner.web_api_key) {
            // HTTP Basic: the key as the username, an empty password.
            let encoded = STANDARD.encode(format!("{}:", key.expose()));
            let mut value = HeaderValue::from_str(&format!("Basic {encoded}")).map_err(|_| {
                progenitor_client::Error::InvalidRequest(
                    "the Web API key contains characters not allowed in a header".to_owned(),
                )
            })?;
            value.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Ok(())
    }

    async fn post<E>(
        &self,
        result: &reqwest::Result<Response>,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        bindings_support::probe::record(result);
        Ok(())
    }
}
