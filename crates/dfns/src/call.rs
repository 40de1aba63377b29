//! Sending a generated request and mapping its error.

use std::future::Future;

use bindings_support::Failure;
use bindings_support::call::CallError;

use crate::types::ErrorEnvelope;
use crate::{Error, ResponseValue};

/// Runs a generated request. With `secret_success`, excerpts of undecodable
/// success bodies are withheld (they may carry a token). What the hooks
/// recorded comes first: a 202's approval as [`Error::PolicyPending`], a
/// failed user action signature (the request was not sent) as
/// [`Error::UserAction`].
pub(crate) async fn send<T>(
    request: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<ErrorEnvelope>>>,
    secret_success: bool,
) -> Result<ResponseValue<T>, Error> {
    let (result, probe) = bindings_support::call::send(request, secret_success).await;
    let error = match result {
        Ok(response) => return Ok(response),
        Err(CallError::Api(response)) => Error::Api {
            status: response.status().as_u16(),
            body: Box::new(response.into_inner()),
        },
        // A body over the limit is reported as such, signed or not.
        Err(CallError::Failure(failure @ Failure::BodyTooLarge { .. })) => {
            return Err(failure.into());
        }
        Err(CallError::Failure(failure)) => failure.into(),
    };
    match probe.take_failure::<Error>() {
        Some(pending @ Error::PolicyPending { .. }) => Err(pending),
        Some(cause) => Err(Error::UserAction(Box::new(cause))),
        None => Err(error),
    }
}
