//! The hooks progenitor runs around every request: the bearer token, user
//! action signing of state-changing requests, and the body size limit
//! (every body is read here, at most `max_body_bytes`); the call probe
//! records the response as the body is read.

use std::future::Future;
use std::pin::Pin;

use bindings_support::Secret;
use bindings_support::hooks::{bearer, execute, secret_header, strip_progenitor_headers};
use bindings_support::probe::record_failure;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderName};
use reqwest::{Request, Response};

use crate::generated::Client;
use crate::generated_scopes::OPERATIONS;
use crate::state::{ClientState, Signing};
use crate::{Error, signer};

/// The header of a signed user action.
const USER_ACTION: HeaderName = HeaderName::from_static("x-dfns-useraction");

/// Signs the request `request` describes. Boxed: it sends requests of its
/// own from inside this hook, whose future would otherwise contain itself.
fn sign<'a>(
    signing: &'a Signing,
    request: &Request,
) -> Pin<Box<dyn Future<Output = Result<Secret, Error>> + Send + 'a>> {
    let method = request.method().as_str().to_owned();
    let path = match request.url().query() {
        Some(query) => format!("{}?{query}", request.url().path()),
        None => request.url().path().to_owned(),
    };
    let payload = request
        .body()
        .and_then(|b| b.as_bytes())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    Box::pin(async move {
        signer::user_action(
            &signing.client,
            signing.signer.as_ref(),
            &method,
            &path,
            payload,
        )
        .await
    })
}

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        strip_progenitor_headers(request);
        if let Some(value) = self.inner.token.as_ref().and_then(bearer) {
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Ok(())
    }

    async fn exec(&self, mut request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let needs_action = OPERATIONS
            .iter()
            .any(|op| op.id == info.operation_id && op.schemes.contains(&"userAction"));
        if let (true, Some(signing)) = (needs_action, &self.inner.signing) {
            match sign(signing, &request).await {
                Ok(action) => {
                    if let Some(value) = secret_header(action.expose()) {
                        request.headers_mut().insert(USER_ACTION, value);
                    }
                }
                // Sent unsigned: the server refuses it, and the call reports why.
                Err(error) => record_failure(error),
            }
        }
        // No Dfns operation returns an unread body: every one is read here.
        execute(self.client(), request, self.inner.max_body_bytes).await
    }
}
