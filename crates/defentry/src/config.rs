//! Where and how to reach the API.

use bindings_support::HttpConfig;

use crate::state::{Auth, ClientState};
use crate::{Error, Format, RetryPolicy, generated};

/// The API domain, the response format, the timeout (also the longest a
/// call waits for another call's login again), the body size limit (typed
/// success bodies, error bodies, login responses and
/// [`read_json`](crate::read_json); a [`ByteStream`](crate::ByteStream) you
/// stream yourself is not limited) and the retry policy; shared by every
/// client built from it.
///
/// The client follows no redirect: a 3xx is [`Failure::UnexpectedStatus`](crate::Failure::UnexpectedStatus) with
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
    http: HttpConfig,
    format: Format,
    retry: Option<RetryPolicy>,
}

impl Config {
    /// The partner's API domain as a URL (`https://api.example.com`); a
    /// trailing `/` is dropped. Standardized format, 30 s timeout, bodies of
    /// at most 16 MiB, no retries.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let http = HttpConfig::new(base_url, "http(s)://host, e.g. https://api.example.com")?;
        Ok(Self {
            http,
            format: Format::default(),
            retry: None,
        })
    }

    /// The response format to ask for.
    pub fn with_format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    bindings_support::http_config_methods!(http);

    /// Retry throttled and unavailable responses of idempotent requests.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The response format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The generated client with this configuration and `auth`.
    pub(crate) fn raw_client(&self, auth: Auth) -> Result<generated::Client, Error> {
        let state = ClientState {
            format: self.format,
            auth,
            retry: self.retry.clone(),
            max_body_bytes: self.max_body_bytes(),
        };
        Ok(generated::Client::new_with_client(
            self.base_url(),
            self.http.client()?,
            state,
        ))
    }
}
