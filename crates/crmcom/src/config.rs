//! Where the Web API is.

use std::time::Duration;

use bindings_support::Secret;

use crate::state::ClientState;
use crate::{Error, generated};

/// The Web API's base URL (`https://{server}/crmapi/rest/v2`) and the timeout.
#[derive(Clone, Debug)]
pub struct Config {
    base_url: String,
    timeout: Duration,
}

impl Config {
    /// `base_url` is the Web API root, e.g. `https://crm.example.com/crmapi/rest/v2`.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let base_url = bindings_support::base_url(base_url, "http(s)://host/crmapi/rest/v2")
            .map_err(Error::Config)?;
        Ok(Self {
            base_url,
            timeout: Duration::from_secs(30),
        })
    }

    /// Connect and request timeout (default 30 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn http(&self) -> Result<reqwest::Client, Error> {
        reqwest::Client::builder()
            .connect_timeout(self.timeout)
            .timeout(self.timeout)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
    }

    pub(crate) fn raw_client(
        &self,
        web_api_key: Option<Secret>,
    ) -> Result<generated::Client, Error> {
        Ok(generated::Client::new_with_client(
            &self.base_url,
            self.http()?,
            ClientState { web_api_key },
        ))
    }
}
