//! The hooks progenitor runs around every request: the format header, the
//! bearer token, one login again on a 401, the opt-in retries, and the body
//! size limit (every body the client decodes is read here, at most
//! `max_body_bytes`; credential headers are hidden from `Debug`).

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use reqwest::{Request, Response, StatusCode};

use crate::generated;
use crate::generated::Client;
use crate::generated_formats::API_VERSION_HEADER;
use crate::generated_scopes::OPERATIONS;
use crate::retry::{is_idempotent, is_retryable, retry_after};
use crate::state::{Auth, ClientState};
use crate::types::Secret;

fn bearer(token: &Secret) -> Option<HeaderValue> {
    bindings_support::probe::add_secret(token.expose());
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose())).ok()?;
    value.set_sensitive(true);
    Some(value)
}

impl Client {
    /// Puts the current credentials on `request`; returns the session
    /// generation they belong to.
    async fn authorize(&self, request: &mut Request) -> u64 {
        let (generation, token) = match &self.inner.auth {
            Auth::None => (0, None),
            Auth::Token(token) => (0, Some(token.clone())),
            Auth::Session(session) => session.token().await,
        };
        let headers = request.headers_mut();
        match token.as_ref().and_then(bearer) {
            Some(value) => {
                headers.insert(AUTHORIZATION, value);
            }
            None => {
                headers.remove(AUTHORIZATION);
            }
        }
        generation
    }
}

impl ClientHooks<ClientState> for generated::Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let headers = request.headers_mut();
        headers.remove(bindings_support::PROGENITOR_VERSION_HEADER);
        let name = HeaderName::from_bytes(API_VERSION_HEADER.as_bytes()).map_err(|_| {
            progenitor_client::Error::InvalidRequest(format!(
                "invalid header name {API_VERSION_HEADER}"
            ))
        })?;
        match self.inner.format.api_version() {
            Some(version) => {
                headers.insert(name, HeaderValue::from_static(version));
            }
            None => {
                headers.remove(name);
            }
        }
        Ok(())
    }

    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let meta = OPERATIONS.iter().find(|op| op.id == info.operation_id);
        let idempotent = meta.is_some_and(|op| is_idempotent(op.method, op.state_changing));
        let streamed_success = meta.is_some_and(|op| op.streamed_success);
        let limit = self.inner.max_body_bytes;
        let settle = |response: Response| {
            let streamed = streamed_success && response.status().is_success();
            bindings_support::body::settle(response, limit, streamed)
        };
        let mut next = request;
        let mut attempt = 1;
        let mut logged_in_again = false;
        loop {
            let spare = next.try_clone();
            let mut request = next;
            let generation = self.authorize(&mut request).await;
            let response = self.client().execute(request).await?;

            if response.status() == StatusCode::UNAUTHORIZED && !logged_in_again {
                if let (Auth::Session(session), Some(spare)) = (&self.inner.auth, spare) {
                    logged_in_again = true;
                    match session.refresh(generation).await {
                        Ok(()) => {
                            next = spare;
                            continue;
                        }
                        Err(error) => {
                            bindings_support::probe::record_failure(error);
                            return settle(response).await;
                        }
                    }
                }
                return settle(response).await;
            }
            let response = settle(response).await?;
            if bindings_support::probe::stopped_at_limit() {
                return Ok(response);
            }

            let Some(policy) = self
                .inner
                .retry
                .as_ref()
                .filter(|p| idempotent && attempt < p.max_attempts)
            else {
                return Ok(response);
            };
            let Some(spare) = spare else {
                return Ok(response);
            };
            let (response, retryable) = is_retryable(response).await;
            if !retryable {
                return Ok(response);
            }
            let Some(wait) = policy.delay(attempt, retry_after(response.headers())) else {
                return Ok(response);
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
            next = spare;
        }
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
