//! Sending a generated request and mapping its error.

use std::future::Future;

use bindings_support::excerpt::{Undecodable, unexpected};
use bindings_support::probe::Probe;

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
    if let Some(too_large) = probe.too_large() {
        return Err(too_large.into());
    }
    let error = match result {
        Ok(response) => return Ok(response),
        Err(P::ErrorResponse(response)) => Error::Api {
            status: response.status().as_u16(),
            body: Box::new(response.into_inner()),
        },
        Err(P::InvalidResponsePayload(bytes, reason)) => Error::from(
            Undecodable::new(&bytes, &reason, probe.response(), secret_success).scrubbed(&probe),
        ),
        Err(P::UnexpectedResponse(response)) => {
            let seen = unexpected(response, secret_success, &probe).await;
            Error::UnexpectedStatus {
                status: seen.status,
                excerpt: seen.excerpt,
                location: seen.location,
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
