//! The HTTP settings every crate's `Config` holds, and the client built
//! from them.

use std::time::Duration;

use crate::Failure;

/// Default of each crate's `Config::with_max_body_bytes`: 16 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Default of each crate's `Config::with_timeout`: 30 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The base URL, the timeout and the body size limit of a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpConfig {
    base_url: String,
    timeout: Duration,
    max_body_bytes: usize,
}

impl HttpConfig {
    /// Checks `base_url` (an absolute `http(s)` URL with a host, see
    /// [`base_url`](crate::base_url); `example` shows the expected form in
    /// the error) and drops its trailing `/`. 30 s timeout, 16 MiB bodies.
    pub fn new(base_url: &str, example: &str) -> Result<Self, Failure> {
        let base_url = crate::base_url(base_url, example).map_err(Failure::Config)?;
        Ok(Self::known(base_url))
    }

    /// A base URL known to be valid (a crate's own constant), unchecked.
    pub fn known(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            timeout: DEFAULT_TIMEOUT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// The same with another connect and request timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The same with another body size limit.
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The connect and request timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The largest body the client reads into memory, in bytes.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// The HTTP client: see [`client`]. For a plain `http://` base URL it
    /// loads no root certificates: it never speaks TLS (it follows no
    /// redirect), and loading them is most of the cost of building a client
    /// (measured: conformance replays each recording with a new client).
    pub fn client(&self) -> Result<reqwest::Client, Failure> {
        let plain = self.base_url.starts_with("http://");
        client(self.timeout, plain).map_err(Failure::Config)
    }
}

/// A `reqwest` client that follows **no redirect** (a 3xx comes back as it
/// is, so no body or token is re-sent anywhere, least of all to another
/// host) and gives up after `timeout` (connecting, and the whole request).
/// `plain_http`: a client that only ever calls `http://` URLs trusts no
/// certificate (a TLS connection would fail) and skips loading the roots.
pub fn client(timeout: Duration, plain_http: bool) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout)
        .timeout(timeout);
    if plain_http {
        builder = builder.tls_certs_only(Vec::new());
    }
    builder
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

/// The builder methods and getters of a crate's `Config` that hold an
/// [`HttpConfig`] in the field `$field`: `with_timeout`,
/// `with_max_body_bytes`, `max_body_bytes`, `base_url`, and the crate-private
/// `timeout`.
#[macro_export]
macro_rules! http_config_methods {
    ($field:ident) => {
        /// Connect and request timeout (default 30 s); also the longest a
        /// call waits for another call's login again, where there is one.
        pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.with_timeout(timeout);
            self
        }

        /// The largest response body the client reads into memory (default
        /// 16 MiB). Reading stops at the limit, with a `BodyTooLarge` failure.
        pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
            self.$field = self.$field.with_max_body_bytes(max_body_bytes);
            self
        }

        /// The body size limit (see [`Self::with_max_body_bytes`]).
        pub fn max_body_bytes(&self) -> usize {
            self.$field.max_body_bytes()
        }

        /// The base URL.
        pub fn base_url(&self) -> &str {
            self.$field.base_url()
        }

        /// The timeout.
        #[allow(dead_code)]
        pub(crate) fn timeout(&self) -> ::std::time::Duration {
            self.$field.timeout()
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_base_url_is_a_config_failure() {
        let failure = HttpConfig::new("ftp://example.com", "https://host").expect_err("ftp");
        assert!(matches!(failure, Failure::Config(ref m) if m.contains("https://host")));
        let config =
            HttpConfig::new("https://api.example.com/", "x").map(|c| c.with_max_body_bytes(7));
        assert_eq!(
            config.as_ref().ok().map(HttpConfig::base_url),
            Some("https://api.example.com")
        );
        assert_eq!(config.map(|c| c.max_body_bytes()).ok(), Some(7));
    }
}
