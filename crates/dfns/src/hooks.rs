//! The hooks progenitor runs around every request: the bearer token and
//! user action signing of state-changing requests (before sending: a request
//! that cannot be signed is not sent), the body size limit (every body is
//! read here, at most `max_body_bytes`), and a 202's approval, recorded for
//! the call to report; the call probe records the response as the body is
//! read.

use std::future::Future;
use std::pin::Pin;

use bindings_support::Secret;
use bindings_support::body::rebuild;
use bindings_support::hooks::{bearer, execute, secret_header, strip_progenitor_headers};
use bindings_support::probe::record_failure;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderName};
use reqwest::{Request, Response, StatusCode};

use crate::generated::Client;
use crate::generated_scopes::OPERATIONS;
use crate::state::{ClientState, Signing};
use crate::types::PolicyApproval;
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
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        strip_progenitor_headers(request);
        if let Some(value) = self.inner.token.as_ref().and_then(bearer) {
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        let needs_action = OPERATIONS
            .iter()
            .any(|op| op.id == info.operation_id && op.schemes.contains(&"userAction"));
        if let (true, Some(signing)) = (needs_action, &self.inner.signing) {
            match sign(signing, request).await {
                Ok(action) => {
                    if let Some(value) = secret_header(action.expose()) {
                        request.headers_mut().insert(USER_ACTION, value);
                    }
                }
                Err(error) => {
                    record_failure(error);
                    return Err(progenitor_client::Error::Custom(
                        "user action signing failed: the request was not sent".to_owned(),
                    ));
                }
            }
        }
        Ok(())
    }

    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        // No Dfns operation returns an unread body: every one is read here.
        let response = execute(self.client(), request, self.inner.max_body_bytes).await?;
        if response.status() == StatusCode::ACCEPTED {
            return pending(response).await;
        }
        Ok(response)
    }
}

/// Records a 202's approval for the call to report as
/// [`Error::PolicyPending`], and gives the response back unchanged (its
/// body is already read, within the size limit). A body that is not an
/// approval is left to the call's undocumented-status report.
async fn pending(response: Response) -> reqwest::Result<Response> {
    let status = response.status();
    let headers = response.headers().clone();
    let version = response.version();
    let body = response.bytes().await?;
    if let Ok(approval) = serde_json::from_slice::<PolicyApproval>(&body) {
        record_failure(Error::PolicyPending {
            approval: Box::new(approval),
        });
    }
    Ok(rebuild(status, headers, version, body))
}
