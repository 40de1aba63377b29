//! Building a client: base URL, token, format; and the hooks that put the
//! format header and the bearer token on every request.

use std::fmt;
use std::time::Duration;

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::generated_formats::API_VERSION_HEADER;
use crate::{Client, Error, Format, types::Secret};

/// What the generated client carries besides its HTTP client: the format and
/// the token. `Debug` never shows the token.
#[derive(Clone, Debug, Default)]
pub struct ClientState {
    format: Format,
    token: Option<Secret>,
}

impl ClientState {
    /// State for `format`, with an optional bearer token.
    pub fn new(format: Format, token: Option<Secret>) -> Self {
        Self { format, token }
    }

    /// The response format requested on every call.
    pub fn format(&self) -> Format {
        self.format
    }
}

/// A client could not be built.
#[derive(Debug)]
pub enum ConfigError {
    /// The base URL is not an absolute `http(s)` URL.
    BaseUrl(String),
    /// The HTTP client could not be built (TLS setup).
    Http(reqwest::Error),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BaseUrl(url) => write!(
                f,
                "invalid base URL `{url}`: expected e.g. https://api.example.com"
            ),
            Self::Http(error) => write!(f, "cannot build the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => Some(error),
            Self::BaseUrl(_) => None,
        }
    }
}

/// Builds a [`Client`]: `Client::builder("https://api.example.com").token(t).build()`.
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    token: Option<Secret>,
    format: Format,
    timeout: Duration,
}

impl ClientBuilder {
    /// Sends `Authorization: Bearer <token>` on every call (a CRM or app token).
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The response format (default: [`Format::Standardized`]).
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Connect and request timeout (default: 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let base_url = normalize_base_url(&self.base_url)?;
        let http = reqwest::Client::builder()
            .connect_timeout(self.timeout)
            .timeout(self.timeout)
            .build()
            .map_err(ConfigError::Http)?;
        Ok(Client::new_with_client(
            &base_url,
            http,
            ClientState::new(self.format, self.token),
        ))
    }
}

/// Checks the URL and drops a trailing `/` (operation paths start with `/api`).
fn normalize_base_url(raw: &str) -> Result<String, ConfigError> {
    let parsed = reqwest::Url::parse(raw).map_err(|_| ConfigError::BaseUrl(raw.to_owned()))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(ConfigError::BaseUrl(raw.to_owned()));
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

impl Client {
    /// Starts building a client for your API domain (`base_url`, e.g.
    /// `https://api.example.com`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            token: None,
            format: Format::default(),
            timeout: Duration::from_secs(30),
        }
    }

    /// A client for `base_url` that sends `token` and asks for `format`.
    pub fn with_token(
        base_url: &str,
        token: impl Into<Secret>,
        format: Format,
    ) -> Result<Self, ConfigError> {
        Self::builder(base_url).token(token).format(format).build()
    }

    /// The response format this client asks for.
    pub fn format(&self) -> Format {
        self.inner.format
    }
}

/// Progenitor adds `api-version: <info.version>` to every request; Defentry
/// selects the format by `X-API-Version` alone, so that header is removed.
const PROGENITOR_VERSION_HEADER: &str = "api-version";

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        let headers = request.headers_mut();
        headers.remove(PROGENITOR_VERSION_HEADER);
        let version_header =
            HeaderName::from_bytes(API_VERSION_HEADER.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!("invalid header name {API_VERSION_HEADER}"))
            })?;
        match self.inner.format.api_version() {
            Some(version) => {
                headers.insert(version_header, HeaderValue::from_static(version));
            }
            None => {
                headers.remove(version_header);
            }
        }
        if let Some(token) = &self.inner.token {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                    Error::InvalidRequest(
                        "the token contains characters not allowed in a header".to_owned(),
                    )
                })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_checked_and_trailing_slash_dropped() {
        assert_eq!(
            normalize_base_url("https://api.example.com/")
                .ok()
                .as_deref(),
            Some("https://api.example.com")
        );
        assert!(matches!(
            normalize_base_url("api.example.com"),
            Err(ConfigError::BaseUrl(_))
        ));
        assert!(matches!(
            normalize_base_url("ftp://api.example.com"),
            Err(ConfigError::BaseUrl(_))
        ));
    }
}
