//! Where and how to reach the API.

use std::time::Duration;

use crate::state::{Auth, ClientState};
use crate::{Error, Format, RetryPolicy, generated};

/// The API domain, the response format, the timeout, the body size limit and
/// the retry policy; shared by every client built from it.
///
/// The client follows no redirect: a 3xx is [`Error::UnexpectedStatus`] with
/// its `Location`, so neither a body nor a token is ever sent to another host.
///
/// ```
/// use std::time::Duration;
/// use defentry::{Config, Format, RetryPolicy};
///
/// let config = Config::new("https://api.example.com")?
///     .with_format(Format::Legacy)
///     .with_timeout(Duration::from_secs(10))
///     .with_retry(RetryPolicy::default());
/// assert_eq!(config.base_url(), "https://api.example.com");
/// # Ok::<(), defentry::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    base_url: String,
    format: Format,
    timeout: Duration,
    max_body_bytes: usize,
    retry: Option<RetryPolicy>,
}

impl Config {
    /// The partner's API domain as a URL (`https://api.example.com`); a
    /// trailing `/` is dropped. Standardized format, 30 s timeout, bodies of
    /// at most 16 MiB, no retries.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let base_url =
            bindings_support::base_url(base_url, "http(s)://host, e.g. https://api.example.com")
                .map_err(Error::Config)?;
        Ok(Self {
            base_url,
            format: Format::default(),
            timeout: Duration::from_secs(30),
            max_body_bytes: bindings_support::http::DEFAULT_MAX_BODY_BYTES,
            retry: None,
        })
    }

    /// The response format to ask for.
    pub fn with_format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Connect and request timeout; also the longest a call waits for
    /// another call's login again.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body the client reads into memory (default
    /// 16 MiB): typed success bodies, error bodies, login responses and
    /// [`read_json`](crate::read_json). Reading stops at the limit, with
    /// [`Error::BodyTooLarge`]. A [`ByteStream`](crate::ByteStream) you
    /// stream yourself is not limited.
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// The body size limit (see [`Config::with_max_body_bytes`]).
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// The timeout.
    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Retry throttled and unavailable responses of idempotent requests.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The response format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The generated client with this configuration and `auth`.
    pub(crate) fn raw_client(&self, auth: Auth) -> Result<generated::Client, Error> {
        let http = bindings_support::http::client(self.timeout).map_err(Error::Config)?;
        let state = ClientState {
            format: self.format,
            auth,
            retry: self.retry.clone(),
            max_body_bytes: self.max_body_bytes,
        };
        Ok(generated::Client::new_with_client(
            &self.base_url,
            http,
            state,
        ))
    }
}
