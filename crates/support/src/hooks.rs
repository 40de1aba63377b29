//! What every crate's progenitor hooks do alike: strip progenitor's version
//! header, put credentials in headers hidden from `Debug` and from error
//! excerpts, and send a request whose body is read here, at most the limit.

use reqwest::header::HeaderValue;
use reqwest::{Request, Response};

use crate::Secret;

/// The `api-version: <info.version>` header progenitor adds to every
/// request; none of the APIs reads it, so the crates' `pre` hooks remove it.
pub const PROGENITOR_VERSION_HEADER: &str = "api-version";

/// Removes the headers progenitor adds that no API reads
/// ([`PROGENITOR_VERSION_HEADER`]).
pub fn strip_progenitor_headers(request: &mut Request) {
    request.headers_mut().remove(PROGENITOR_VERSION_HEADER);
}

/// A header value hidden from `Debug` (a credential). `None` when the value
/// has characters a header cannot carry.
pub fn sensitive(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// A [`sensitive`] header value that is itself the secret: noted in the
/// call's probe too, so that its error excerpts never show it.
pub fn secret_header(value: &str) -> Option<HeaderValue> {
    crate::probe::add_secret(value);
    sensitive(value)
}

/// `Bearer <token>`, [`sensitive`]; the token is noted in the call's probe
/// (an echoed header then shows as `Bearer ***`).
pub fn bearer(token: &Secret) -> Option<HeaderValue> {
    crate::probe::add_secret(token.expose());
    sensitive(&format!("Bearer {}", token.expose()))
}

/// Sends `request` and reads the whole body, at most `limit` bytes (see
/// [`settle`](crate::body::settle)): the `exec` hook of a crate whose
/// operations all return bodies the client decodes.
pub async fn execute(
    client: &reqwest::Client,
    request: Request,
    limit: usize,
) -> reqwest::Result<Response> {
    let response = client.execute(request).await?;
    crate::body::settle(response, limit, false).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::Probe;

    #[tokio::test]
    async fn secret_headers_are_hidden_and_noted() -> Result<(), &'static str> {
        let (value, probe) = Probe::scope(async { bearer(&Secret::from("tok-123")) }).await;
        let value = value.ok_or("a valid header")?;
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("tok-123"));
        assert_eq!(probe.secrets(), ["tok-123"]);
        let (value, probe) = Probe::scope(async { secret_header("Basic a2V5Og==") }).await;
        assert!(value.ok_or("a valid header")?.is_sensitive());
        assert_eq!(probe.secrets(), ["Basic a2V5Og=="]);
        assert_eq!(secret_header("line\nbreak"), None);
        Ok(())
    }
}
