//! Sending a generated request and mapping its error.

use std::future::Future;

use bindings_support::excerpt;
use bindings_support::excerpt::{EXCERPT_BYTES, REDACTED};
use bindings_support::probe::Probe;
use futures_util::StreamExt;

use crate::types::ErrorEnvelope;
use crate::{Error, ResponseValue};

/// Runs a generated request. With `secret_success`, excerpts of undecodable
/// success bodies are withheld (they may carry a token). A failed user action
/// signature (recorded by the hook) is reported as [`Error::UserAction`].
pub(crate) async fn send<T>(
    request: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<ErrorEnvelope>>>,
    secret_success: bool,
) -> Result<ResponseValue<T>, Error> {
    use progenitor_client::Error as P;
    let (result, probe) = Probe::scope(request).await;
    let error = match result {
        Ok(response) => return Ok(response),
        Err(P::ErrorResponse(response)) => Error::Api {
            status: response.status().as_u16(),
            body: Box::new(response.into_inner()),
        },
        Err(P::InvalidResponsePayload(bytes, reason)) => {
            let (status, content_type) = probe.response().unwrap_or((0, None));
            let hidden = secret_success && (200..300).contains(&status);
            let (excerpt, reason) = if hidden {
                (
                    REDACTED.to_owned(),
                    format!(
                        "{:?} error at line {} column {}",
                        reason.classify(),
                        reason.line(),
                        reason.column()
                    ),
                )
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
        Err(P::UnexpectedResponse(response)) => {
            let status = response.status().as_u16();
            let mut body = Vec::new();
            let mut stream = response.bytes_stream();
            while let Some(Ok(chunk)) = stream.next().await {
                body.extend_from_slice(&chunk);
                if body.len() > EXCERPT_BYTES {
                    break;
                }
            }
            Error::UnexpectedStatus {
                status,
                excerpt: excerpt(&body),
            }
        }
        Err(
            P::CommunicationError(error) | P::ResponseBodyError(error) | P::InvalidUpgrade(error),
        ) => Error::Transport(error),
        Err(P::InvalidRequest(message) | P::Custom(message)) => Error::InvalidRequest(message),
    };
    match probe.take_failure::<Error>() {
        Some(cause) => Err(Error::UserAction(Box::new(cause))),
        None => Err(error),
    }
}
