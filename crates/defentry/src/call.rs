//! Sending a request and turning progenitor's result into the crate's
//! [`Error`].
//!
//! Progenitor drops the status of a response whose body it cannot decode, and
//! its hooks cannot return errors of their own. So every call runs with a
//! task-local probe: the `post` hook records the final status and content
//! type there, and the session records a failed re-login, for `send` to use.

use std::future::Future;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

use crate::error::excerpt;
use crate::types::ApiErrorBody;
use crate::{ApiError, Error, ResponseValue};

tokio::task_local! {
    static PROBE: Arc<Probe>;
}

/// What the hooks saw during one call.
#[derive(Default)]
pub(crate) struct Probe {
    response: Mutex<Option<(u16, Option<String>)>>,
    login_error: Mutex<Option<Error>>,
}

/// Records the final response's status and content type (the `post` hook).
pub(crate) fn record_response(status: u16, headers: &HeaderMap) {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let _ = PROBE.try_with(|probe| {
        if let Ok(mut slot) = probe.response.lock() {
            *slot = Some((status, content_type));
        }
    });
}

/// Records that logging in again after a 401 failed (the session).
pub(crate) fn record_login_error(error: Error) {
    let _ = PROBE.try_with(|probe| {
        if let Ok(mut slot) = probe.login_error.lock() {
            *slot = Some(error);
        }
    });
}

/// Runs a generated request and maps its error. With `secret_success`, the
/// excerpt of an undecodable success body is withheld (the operation's
/// response carries a token or another secret).
pub(crate) async fn send<T>(
    request: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<ApiErrorBody>>>,
    secret_success: bool,
) -> Result<ResponseValue<T>, Error> {
    let probe = Arc::new(Probe::default());
    let result = PROBE.scope(probe.clone(), request).await;
    match result {
        Ok(response) => Ok(response),
        Err(error) => Err(map_error(error, &probe, secret_success).await),
    }
}

async fn map_error(
    error: progenitor_client::Error<ApiErrorBody>,
    probe: &Probe,
    secret_success: bool,
) -> Error {
    use progenitor_client::Error as P;
    let seen = probe.response.lock().ok().and_then(|slot| slot.clone());
    let login_error = probe
        .login_error
        .lock()
        .ok()
        .and_then(|mut slot| slot.take());
    match error {
        P::ErrorResponse(response) => {
            let api = ApiError::from_response(response);
            match login_error {
                Some(cause) if api.status == 401 => Error::LoginFailed(Box::new(cause)),
                _ => Error::Api(Box::new(api)),
            }
        }
        P::InvalidResponsePayload(bytes, reason) => {
            let (status, content_type) = seen.unwrap_or((0, None));
            // serde's message quotes the offending value: withheld too.
            let hidden = secret_success && (200..300).contains(&status);
            let (excerpt, reason) = if hidden {
                let reason = format!(
                    "{:?} error at line {} column {}",
                    reason.classify(),
                    reason.line(),
                    reason.column()
                );
                (crate::error::REDACTED.to_owned(), reason)
            } else {
                (excerpt(&bytes), reason.to_string())
            };
            Error::UndecodableBody {
                status,
                content_type,
                excerpt,
                reason,
            }
        }
        P::UnexpectedResponse(response) => {
            let status = response.status().as_u16();
            let mut body = Vec::new();
            let mut stream = response.bytes_stream();
            while let Some(Ok(chunk)) = stream.next().await {
                body.extend_from_slice(&chunk);
                if body.len() > crate::error::EXCERPT_BYTES {
                    break;
                }
            }
            Error::UnexpectedStatus {
                status,
                excerpt: excerpt(&body),
            }
        }
        P::CommunicationError(error) | P::ResponseBodyError(error) | P::InvalidUpgrade(error) => {
            match login_error {
                Some(cause) => Error::LoginFailed(Box::new(cause)),
                None => Error::Transport(error),
            }
        }
        P::InvalidRequest(message) | P::Custom(message) => Error::InvalidRequest(message),
    }
}
