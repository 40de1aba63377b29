//! The hooks progenitor runs around every request: the format header, the
//! bearer token, a loop that carries out the steps [`next_step`] decides
//! (one login again on a 401, the opt-in retries), and the body size limit
//! (every body the client decodes is read here, at most `max_body_bytes`;
//! credential headers are hidden from `Debug`).

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use reqwest::{Request, Response, StatusCode};

use crate::attempt::{AttemptState, Outcome, Step, next_step};
use crate::generated;
use crate::generated::Client;
use crate::generated_formats::API_VERSION_HEADER;
use crate::generated_scopes::OPERATIONS;
use crate::retry::{is_idempotent, is_retryable, retry_after};
use crate::state::{Auth, ClientState};

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
        match token.as_ref().and_then(bindings_support::hooks::bearer) {
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
        bindings_support::hooks::strip_progenitor_headers(request);
        let headers = request.headers_mut();
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
        let streamed_success = meta.is_some_and(|op| op.streamed_success);
        let limit = self.inner.max_body_bytes;
        let settle = |response: Response| {
            let streamed = streamed_success && response.status().is_success();
            bindings_support::body::settle(response, limit, streamed)
        };
        let mut state = AttemptState {
            attempt: 1,
            logged_in_again: false,
            can_resend: false,
            has_session: matches!(self.inner.auth, Auth::Session(_)),
            idempotent: meta.is_some_and(|op| is_idempotent(op.method, op.state_changing)),
            retry: self.inner.retry.as_ref(),
        };
        let mut next = request;
        loop {
            let spare = next.try_clone();
            state.can_resend = spare.is_some();
            let mut request = next;
            let generation = self.authorize(&mut request).await;
            let response = self.client().execute(request).await?;

            if response.status() == StatusCode::UNAUTHORIZED {
                let step = next_step(&state, &Outcome::Unauthorized);
                if let (Step::Relogin, Auth::Session(session), Some(spare)) =
                    (step, &self.inner.auth, spare)
                {
                    state.logged_in_again = true;
                    match session.refresh(generation).await {
                        Ok(()) => {
                            next = spare;
                            continue;
                        }
                        Err(error) => bindings_support::probe::record_failure(error),
                    }
                }
                return settle(response).await;
            }

            let response = settle(response).await?;
            let (response, retryable) = is_retryable(response).await;
            let outcome = Outcome::Answered {
                too_large: bindings_support::probe::stopped_at_limit(),
                retryable,
                retry_after: retry_after(response.headers()),
                jitter: fastrand::f64(),
            };
            match (next_step(&state, &outcome), spare) {
                (Step::Retry { after }, Some(spare)) => {
                    tokio::time::sleep(after).await;
                    state.attempt += 1;
                    next = spare;
                }
                _ => return Ok(response),
            }
        }
    }
}
