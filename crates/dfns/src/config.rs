//! Which Dfns region to call.

use std::time::Duration;

use std::sync::Arc;

use bindings_support::Secret;

use crate::state::{ClientState, Signing};
use crate::{Error, generated};

/// The API's base URL, the timeout and the body size limit. Tokens are
/// specific to a region.
///
/// The client follows no redirect: a 3xx is [`Error::UnexpectedStatus`] with
/// its `Location`, so neither a token nor a signed request is sent elsewhere.
#[derive(Clone, Debug)]
pub struct Config {
    base_url: String,
    timeout: Duration,
    max_body_bytes: usize,
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
            max_body_bytes: bindings_support::http::DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The default region, `https://api.dfns.io`.
    pub fn europe() -> Self {
        Self {
            base_url: EUROPE.to_owned(),
            timeout: Duration::from_secs(30),
            max_body_bytes: bindings_support::http::DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// Connect and request timeout (default 30 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body the client reads into memory (default
    /// 16 MiB). Reading stops at the limit, with [`Error::BodyTooLarge`].
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// The body size limit (see [`Config::with_max_body_bytes`]).
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The generated client; `token` and `signing` as in [`ClientState`].
    pub(crate) fn raw_client(
        &self,
        token: Option<Secret>,
        signing: Option<Arc<Signing>>,
    ) -> Result<generated::Client, Error> {
        let http = bindings_support::http::client(self.timeout).map_err(Error::Config)?;
        let state = ClientState {
            token,
            signing,
            max_body_bytes: self.max_body_bytes,
        };
        Ok(generated::Client::new_with_client(
            &self.base_url,
            http,
            state,
        ))
    }
}
