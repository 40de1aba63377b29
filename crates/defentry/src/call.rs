//! Sending a request and turning progenitor's result into the crate's
//! [`Error`]. Every call runs in a [`Probe`] scope: the `post` hook records
//! the final status there (progenitor drops it for undecodable bodies) and
//! the session a failed login again, and the hooks a body over the size
//! limit and the secrets the call sent, for the error to report (and hide).

use std::future::Future;
use std::sync::Arc;

use bindings_support::excerpt::{Undecodable, unexpected};
use bindings_support::probe::Probe;

use crate::types::ApiErrorBody;
use crate::{ApiError, Error, ResponseValue};

/// Runs a generated request and maps its error. With `secret_success`, the
/// excerpt of an undecodable success body is withheld (the operation's
/// response carries a token or another secret).
pub(crate) async fn send<T>(
    request: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<ApiErrorBody>>>,
    secret_success: bool,
) -> Result<ResponseValue<T>, Error> {
    let (result, probe) = Probe::scope(request).await;
    if let Some(too_large) = probe.too_large() {
        return Err(too_large.into());
    }
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
    let seen = probe.response();
    let login_error = probe.take_failure::<Arc<Error>>();
    match error {
        P::ErrorResponse(response) => {
            let api = ApiError::from_response(response);
            match login_error {
                Some(cause) if api.status == 401 => Error::LoginFailed(cause),
                _ => Error::Api(Box::new(api)),
            }
        }
        P::InvalidResponsePayload(bytes, reason) => {
            Error::from(Undecodable::new(&bytes, &reason, seen, secret_success).scrubbed(probe))
        }
        P::UnexpectedResponse(response) => {
            let seen = unexpected(response, secret_success, probe).await;
            Error::UnexpectedStatus {
                status: seen.status,
                excerpt: seen.excerpt,
                location: seen.location,
            }
        }
        P::CommunicationError(error) | P::ResponseBodyError(error) | P::InvalidUpgrade(error) => {
            match login_error {
                Some(cause) => Error::LoginFailed(cause),
                None => Error::Transport(error),
            }
        }
        P::InvalidRequest(message) | P::Custom(message) => Error::InvalidRequest(message),
    }
}
