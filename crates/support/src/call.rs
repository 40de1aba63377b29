//! Running one generated call inside a [`Probe`] scope, and sorting
//! progenitor's error into the API's own error answer or a [`Failure`].

use std::future::Future;
use std::sync::Arc;

use progenitor_client::ResponseValue;

use crate::Failure;
use crate::excerpt::{Undecodable, unexpected};
use crate::probe::Probe;

/// What a call failed with: the API's error answer (a documented error
/// status, its body decoded as `E`) or a [`Failure`].
#[derive(Debug)]
pub enum CallError<E> {
    /// A documented error status with its decoded body.
    Api(ResponseValue<E>),
    /// Anything else.
    Failure(Failure),
}

impl<E> From<Failure> for CallError<E> {
    fn from(failure: Failure) -> Self {
        Self::Failure(failure)
    }
}

/// Runs a generated request in a fresh [`Probe`] scope; returns its result,
/// the error classified (see [`classify`]), and the probe (for what the hooks
/// recorded: a failure of their own, the secrets the call sent). A body the
/// hooks stopped at the size limit is [`Failure::BodyTooLarge`], whatever
/// progenitor made of the emptied body. With `secret_success`, the excerpt
/// of an undecodable or undocumented 2xx body is withheld (the operation's
/// success carries a token or another secret).
pub async fn send<T, E>(
    request: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    secret_success: bool,
) -> (Result<ResponseValue<T>, CallError<E>>, Arc<Probe>) {
    let (result, probe) = Probe::scope(request).await;
    if let Some(too_large) = probe.too_large() {
        return (Err(Failure::from(too_large).into()), probe);
    }
    let result = match result {
        Ok(response) => Ok(response),
        Err(error) => Err(classify(error, &probe, secret_success).await),
    };
    (result, probe)
}

/// Sorts a progenitor error: an error response stays the API's answer;
/// an undecodable body keeps the status the probe recorded and an excerpt
/// without the call's secrets; an undocumented status (a redirect among
/// them) its excerpt and `Location`; the rest is a transport failure or an
/// invalid request.
pub async fn classify<E>(
    error: progenitor_client::Error<E>,
    probe: &Probe,
    secret_success: bool,
) -> CallError<E> {
    use progenitor_client::Error as P;
    let failure = match error {
        P::ErrorResponse(response) => return CallError::Api(response),
        P::InvalidResponsePayload(bytes, reason) => Failure::from(
            Undecodable::new(&bytes, &reason, probe.response(), secret_success).scrubbed(probe),
        ),
        P::UnexpectedResponse(response) => {
            Failure::from(unexpected(response, secret_success, probe).await)
        }
        P::CommunicationError(error) | P::ResponseBodyError(error) | P::InvalidUpgrade(error) => {
            Failure::Transport(error)
        }
        P::InvalidRequest(message) | P::Custom(message) => Failure::InvalidRequest(message),
    };
    CallError::Failure(failure)
}
