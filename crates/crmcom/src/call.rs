//! Sending a generated request: the envelope's `status.code` decides success,
//! whatever the HTTP status.

use std::future::Future;

use bindings_support::call::CallError;
use bindings_support::excerpt::REDACTED;
use serde::Serialize;
use serde_json::Value;

use crate::types::Envelope;
use crate::{Error, ResponseValue};

/// A non-`OK` status of an envelope (as JSON) as an error; the kept
/// envelope's `data.token` is withheld.
pub(crate) fn status_error(status: u16, envelope: &Value) -> Option<Error> {
    let fields = envelope.get("status")?;
    let code = fields
        .get("code")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if code == "OK" {
        return None;
    }
    let text = |key: &str| fields.get(key).and_then(Value::as_str).map(str::to_owned);
    Some(Error::Api {
        status,
        code: code.to_owned(),
        message: text("message"),
        description: text("description"),
        envelope: Box::new(without_token(envelope.clone())),
    })
}

/// The error of a response: a non-`OK` envelope, or (for an HTTP error
/// status whose envelope is `OK` or has no status) the HTTP status alone.
pub(crate) fn response_error(status: u16, envelope: Value) -> Option<Error> {
    if let Some(error) = status_error(status, &envelope) {
        return Some(error);
    }
    if (200..300).contains(&status) {
        return None;
    }
    let code = envelope
        .pointer("/status/code")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    Some(Error::Api {
        status,
        code,
        message: Some(format!("HTTP {status} without a failure in the envelope")),
        description: None,
        envelope: Box::new(without_token(envelope)),
    })
}

/// An [`Error::Api`] without `secrets` (the ones the call sent) in its texts
/// and envelope, for envelopes that arrived with a 2xx status (the hooks
/// scrub only error statuses, whose bodies are never data).
pub(crate) fn without_secrets(error: Error, secrets: &[String]) -> Error {
    let Error::Api {
        status,
        code,
        message,
        description,
        envelope,
    } = error
    else {
        return error;
    };
    let scrub = |t: &str| bindings_support::scrub::scrub(t, secrets);
    let text = |t: Option<String>| t.map(|t| scrub(&t));
    let envelope = bindings_support::scrub::scrub_json(*envelope, secrets);
    Error::Api {
        status,
        code: scrub(&code),
        message: text(message),
        description: text(description),
        envelope: Box::new(envelope),
    }
}

fn without_token(mut envelope: Value) -> Value {
    if let Some(token) = envelope.pointer_mut("/data/token") {
        *token = Value::String(REDACTED.to_owned());
    }
    envelope
}

/// Runs a generated request; a success whose envelope is not `OK` is an
/// [`Error::Api`]. With `secret_success`, excerpts of undecodable success
/// bodies are withheld (they may carry a token).
pub(crate) async fn send<T: Serialize>(
    request: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<Envelope>>>,
    secret_success: bool,
) -> Result<ResponseValue<T>, Error> {
    let (result, probe) = bindings_support::call::send(request, secret_success).await;
    match result {
        Ok(response) => {
            let envelope = serde_json::to_value(&*response).unwrap_or(Value::Null);
            match status_error(response.status().as_u16(), &envelope) {
                // A 2xx body is not scrubbed by the hook: scrub the error.
                Some(error) => Err(without_secrets(error, &probe.secrets())),
                None => Ok(response),
            }
        }
        Err(CallError::Api(response)) => {
            let status = response.status().as_u16();
            let envelope = serde_json::to_value(response.into_inner()).unwrap_or(Value::Null);
            Err(response_error(status, envelope).unwrap_or(Error::Api {
                status,
                code: "OK".to_owned(),
                message: Some(format!("HTTP {status} with an OK envelope")),
                description: None,
                envelope: Box::new(Value::Null),
            }))
        }
        Err(CallError::Failure(failure)) => Err(failure.into()),
    }
}
