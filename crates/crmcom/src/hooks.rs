//! The hooks progenitor runs around every request: HTTP Basic with the Web
//! API key where an operation uses one, the body size limit (every body is
//! read here, at most `max_body_bytes`, the call probe recording the
//! response).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bindings_support::hooks::{execute, sensitive, strip_progenitor_headers};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::AUTHORIZATION;
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
        strip_progenitor_headers(request);
        let uses_key = OPERATIONS
            .iter()
            .any(|op| op.id == info.operation_id && op.schemes.contains(&"webApiKey"));
        if let (true, Some(key)) = (uses_key, &self.inner.web_api_key) {
            // HTTP Basic: the key as the username, an empty password.
            let encoded = STANDARD.encode(format!("{}:", key.expose()));
            bindings_support::probe::add_secret(key.expose());
            bindings_support::probe::add_secret(&encoded);
            let value = sensitive(&format!("Basic {encoded}")).ok_or_else(|| {
                progenitor_client::Error::InvalidRequest(
                    "the Web API key contains characters not allowed in a header".to_owned(),
                )
            })?;
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Ok(())
    }

    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        // No crmcom operation returns an unread body: every one is read here.
        execute(self.client(), request, self.inner.max_body_bytes).await
    }
}
