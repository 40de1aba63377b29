//! Which Dfns region to call.

use std::time::Duration;

use crate::state::ClientState;
use crate::{Error, generated};

/// The API's base URL and the timeout. Tokens are specific to a region.
#[derive(Clone, Debug)]
pub struct Config {
    base_url: String,
    timeout: Duration,
}

/// The default region (Europe).
pub const EUROPE: &str = "https://api.dfns.io";
/// The UAE region.
pub const UAE: &str = "https://api.uae.dfns.io";

impl Config {
    /// A base URL such as [`EUROPE`] or [`UAE`].
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let base_url = bindings_support::base_url(base_url, &format!("e.g. {EUROPE}"))
            .map_err(Error::Config)?;
        Ok(Self {
            base_url,
            timeout: Duration::from_secs(30),
        })
    }

    /// The default region, `https://api.dfns.io`.
    pub fn europe() -> Self {
        Self {
            base_url: EUROPE.to_owned(),
            timeout: Duration::from_secs(30),
        }
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

    pub(crate) fn raw_client(&self, state: ClientState) -> Result<generated::Client, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(self.timeout)
            .timeout(self.timeout)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(generated::Client::new_with_client(
            &self.base_url,
            http,
            state,
        ))
    }
}
