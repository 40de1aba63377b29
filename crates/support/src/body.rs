//! Reading response bodies into memory, never past a size limit: the limit
//! is checked chunk by chunk, so a huge or endless body costs at most the
//! limit (plus one chunk) before the read stops.

use std::fmt;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use reqwest::Response;

use crate::probe;

/// A body larger than the configured limit; reading stopped there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// HTTP status of the response.
    pub status: u16,
    /// The limit, in bytes (`Config::with_max_body_bytes`).
    pub limit: usize,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {}: the response body is larger than the limit of {} bytes \
             (Config::with_max_body_bytes); reading stopped there",
            self.status, self.limit
        )
    }
}

impl std::error::Error for TooLarge {}

/// Why a capped read failed.
#[derive(Debug)]
pub enum ReadError {
    /// The body is larger than the limit.
    TooLarge(TooLarge),
    /// The body broke off.
    Transport(reqwest::Error),
}

/// Reads a stream of chunks into memory, stopping with
/// [`ReadError::TooLarge`] as soon as more than `limit` bytes arrived.
pub async fn read_stream<S>(mut stream: S, status: u16, limit: usize) -> Result<Vec<u8>, ReadError>
where
    S: Stream<Item = reqwest::Result<Bytes>> + Unpin,
{
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(ReadError::Transport)?;
        if body.len() + chunk.len() > limit {
            return Err(ReadError::TooLarge(TooLarge { status, limit }));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads a response's body into memory, at most `limit` bytes.
pub async fn read(response: Response, limit: usize) -> Result<Vec<u8>, ReadError> {
    let status = response.status().as_u16();
    read_stream(response.bytes_stream(), status, limit).await
}

/// What every crate's `exec` hook does with the final response before
/// progenitor sees it: records its status and content type in the call's
/// probe ([`record_response`](probe::record_response)), hides credential headers from `Debug`
/// ([`redact`](crate::headers::redact)), and, unless the caller streams the
/// body (`streamed`: an undocumented success body, a `ByteStream`), reads
/// the body into memory at most `limit` bytes. An error body is scrubbed of
/// the secrets the call sent. A body over the limit is recorded in the call's
/// probe ([`record_too_large`](probe::record_too_large)) and replaced by an
/// empty one, which no typed body decodes: the call reports the limit.
pub async fn settle(
    mut response: Response,
    limit: usize,
    streamed: bool,
) -> reqwest::Result<Response> {
    crate::headers::redact(response.headers_mut());
    probe::record_response(response.status().as_u16(), response.headers());
    if streamed {
        return Ok(response);
    }
    let status = response.status();
    let headers = response.headers().clone();
    let version = response.version();
    let body = match read(response, limit).await {
        Ok(body) if status.is_success() => body,
        Ok(body) => crate::scrub::scrub_bytes(&body, &probe::current_secrets()),
        Err(ReadError::Transport(error)) => return Err(error),
        Err(ReadError::TooLarge(too_large)) => {
            probe::record_too_large(too_large);
            Vec::new()
        }
    };
    Ok(rebuild(status, headers, version, Bytes::from(body)))
}

/// A response around a body already read: `status`, `headers` and
/// `version` of the one it was read from.
pub fn rebuild(
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    version: reqwest::Version,
    body: Bytes,
) -> Response {
    let mut rebuilt = ::http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    *rebuilt.version_mut() = version;
    Response::from(rebuilt)
}

impl ReadError {
    /// The same, without the request URL in a transport error (a URL that
    /// may carry a token).
    pub fn without_url(self) -> Self {
        match self {
            Self::Transport(error) => Self::Transport(error.without_url()),
            too_large => too_large,
        }
    }
}
