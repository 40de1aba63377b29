//! Where and how to reach the API.

use std::time::Duration;

use crate::state::{Auth, ClientState};
use crate::{Error, Format, RetryPolicy, generated};

/// The API domain, the response format, the timeout and the retry policy;
/// shared by every client built from it.
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
    retry: Option<RetryPolicy>,
}

impl Config {
    /// The partner's API domain as a URL (`https://api.example.com`); a
    /// trailing `/` is dropped. Standardized format, 30 s timeout, no retries.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let base_url =
            bindings_support::base_url(base_url, "http(s)://host, e.g. https://api.example.com")
                .map_err(Error::Config)?;
        Ok(Self {
            base_url,
            format: Format::default(),
            timeout: Duration::from_secs(30),
            retry: None,
        })
    }

    /// The response format to ask for.
    pub fn with_format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Connect and request timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
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
        let http = reqwest::Client::builder()
            .connect_timeout(self.timeout)
            .timeout(self.timeout)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        let state = ClientState {
            format: self.format,
            auth,
            retry: self.retry.clone(),
        };
        Ok(generated::Client::new_with_client(
            &self.base_url,
            http,
            state,
        ))
    }
}
