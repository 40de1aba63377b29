//! Sending a request and turning its result into the crate's [`Error`].
//! Every call runs in a probe scope (see [`bindings_support::call::send`]):
//! the session records a failed login again there, for the error to report.

use std::future::Future;
use std::sync::Arc;

use bindings_support::Failure;
use bindings_support::call::CallError;

use crate::types::ApiErrorBody;
use crate::{ApiError, Error, ResponseValue};

/// Runs a generated request and maps its error. With `secret_success`, the
/// excerpt of an undecodable success body is withheld (the operation's
/// response carries a token or another secret).
pub(crate) async fn send<T>(
    request: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<ApiErrorBody>>>,
    secret_success: bool,
) -> Result<ResponseValue<T>, Error> {
    let (result, probe) = bindings_support::call::send(request, secret_success).await;
    let login_error = probe.take_failure::<Arc<Error>>();
    match (result, login_error) {
        (Ok(response), _) => Ok(response),
        (Err(CallError::Api(response)), login_error) => {
            let api = ApiError::from_response(response);
            match login_error {
                Some(cause) if api.status == 401 => Err(Error::LoginFailed(cause)),
                _ => Err(Error::Api(Box::new(api))),
            }
        }
        (Err(CallError::Failure(Failure::Transport(_))), Some(cause)) => {
            Err(Error::LoginFailed(cause))
        }
        (Err(CallError::Failure(failure)), _) => Err(failure.into()),
    }
}
