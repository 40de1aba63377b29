//! Reading the bodies of responses the spec does not describe.

use futures_util::StreamExt;

use crate::{ByteStream, Error, ResponseValue};
use bindings_support::excerpt::Undecodable;

/// Reads an unparsed response body (operations whose response the docs do not
/// describe return [`ByteStream`]) as JSON: `None` for an empty body,
/// [`Error::UndecodableBody`] for anything that is not JSON.
pub async fn read_json(
    response: ResponseValue<ByteStream>,
) -> Result<Option<serde_json::Value>, Error> {
    let status = response.status().as_u16();
    let content_type = bindings_support::probe::content_type(response.headers());
    let mut body = Vec::new();
    let mut stream = response.into_inner().into_inner();
    while let Some(chunk) = stream.next().await {
        body.extend_from_slice(&chunk.map_err(Error::Transport)?);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(&body)
        .map(Some)
        .map_err(|e| Undecodable::new(&body, &e, Some((status, content_type)), false).into())
}
