//! Where the Web API is.

use std::time::Duration;

use bindings_support::Secret;

use crate::state::ClientState;
use crate::{Error, generated};

/// The Web API's base URL (`https://{server}/crmapi/rest/v2`), the timeout
/// and the body size limit.
///
/// The client follows no redirect: a 3xx is [`Error::UnexpectedStatus`] with
/// its `Location`, so credentials are never sent to another host.
#[derive(Clone, Debug)]
pub struct Config {
    base_url: String,
    timeout: Duration,
    max_body_bytes: usize,
}

impl Config {
    /// `base_url` is the Web API root, e.g. `https://crm.example.com/crmapi/rest/v2`.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let base_url = bindings_support::base_url(base_url, "http(s)://host/crmapi/rest/v2")
            .map_err(Error::Config)?;
        Ok(Self {
            base_url,
            timeout: Duration::from_secs(30),
            max_body_bytes: bindings_support::http::DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// Connect and request timeout (default 30 s); also the longest a call
    /// waits for another call's login.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body the client reads into memory (default
    /// 16 MiB), logins and [`Session::get`](crate::Session::get) /
    /// [`post`](crate::Session::post) included. Reading stops at the limit,
    /// with [`Error::BodyTooLarge`].
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// The body size limit (see [`Config::with_max_body_bytes`]).
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn http(&self) -> Result<reqwest::Client, Error> {
        bindings_support::http::client(self.timeout).map_err(Error::Config)
    }

    pub(crate) fn raw_client(
        &self,
        web_api_key: Option<Secret>,
    ) -> Result<generated::Client, Error> {
        Ok(generated::Client::new_with_client(
            &self.base_url,
            self.http()?,
            ClientState {
                web_api_key,
                max_body_bytes: self.max_body_bytes,
            },
        ))
    }
}
