//! Which Dfns region to call.

use std::sync::Arc;

use bindings_support::{HttpConfig, Secret};

use crate::state::{ClientState, Signing};
use crate::{Error, generated};

/// The API's base URL, the timeout and the body size limit. Tokens are
/// specific to a region.
///
/// The client follows no redirect: a 3xx is an `UnexpectedStatus`
/// [`Failure`](bindings_support::Failure) with its `Location`, so neither a
/// token nor a signed request is sent elsewhere.
#[derive(Clone, Debug)]
pub struct Config {
    http: HttpConfig,
}

/// The default region (Europe).
pub const EUROPE: &str = "https://api.dfns.io";
/// The UAE region.
pub const UAE: &str = "https://api.uae.dfns.io";

impl Config {
    /// A base URL such as [`EUROPE`] or [`UAE`].
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let http = HttpConfig::new(base_url, &format!("e.g. {EUROPE}"))?;
        Ok(Self { http })
    }

    /// The default region, `https://api.dfns.io`.
    pub fn europe() -> Self {
        Self {
            http: HttpConfig::known(EUROPE),
        }
    }

    bindings_support::http_config_methods!(http);

    /// The generated client; `token` and `signing` as in [`ClientState`].
    pub(crate) fn raw_client(
        &self,
        token: Option<Secret>,
        signing: Option<Arc<Signing>>,
    ) -> Result<generated::Client, Error> {
        let state = ClientState {
            token,
            signing,
            max_body_bytes: self.max_body_bytes(),
        };
        Ok(generated::Client::new_with_client(
            self.base_url(),
            self.http.client()?,
            state,
        ))
    }
}
