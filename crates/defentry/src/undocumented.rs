//! Reading the bodies of responses the spec does not describe.

use bindings_support::Failure;
use bindings_support::body::read_stream;
use bindings_support::excerpt::Undecodable;
use bindings_support::http::DEFAULT_MAX_BODY_BYTES;

use crate::{ByteStream, Error, ResponseValue};

/// Reads an unparsed response body (operations whose response the docs do not
/// describe return [`ByteStream`]) as JSON: `None` for an empty body,
/// [`Failure::UndecodableBody`](crate::Failure::UndecodableBody) for anything that is not JSON, and
/// [`Failure::BodyTooLarge`](crate::Failure::BodyTooLarge) past 16 MiB (the default of
/// [`Config::with_max_body_bytes`](crate::Config::with_max_body_bytes); see
/// [`read_json_limited`] for another limit).
pub async fn read_json(
    response: ResponseValue<ByteStream>,
) -> Result<Option<serde_json::Value>, Error> {
    read_json_limited(response, DEFAULT_MAX_BODY_BYTES).await
}

/// [`read_json`], reading at most `max_body_bytes` (pass
/// [`Config::max_body_bytes`](crate::Config::max_body_bytes) to apply your
/// configured limit); reading stops there with [`Failure::BodyTooLarge`](crate::Failure::BodyTooLarge).
pub async fn read_json_limited(
    response: ResponseValue<ByteStream>,
    max_body_bytes: usize,
) -> Result<Option<serde_json::Value>, Error> {
    let status = response.status().as_u16();
    let content_type = bindings_support::probe::content_type(response.headers());
    let body = read_stream(response.into_inner().into_inner(), status, max_body_bytes)
        .await
        .map_err(Failure::from)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(&body).map(Some).map_err(|e| {
        Failure::from(Undecodable::new(
            &body,
            &e,
            Some((status, content_type)),
            false,
        ))
        .into()
    })
}
