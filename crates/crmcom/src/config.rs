//! Where the Web API is.

use bindings_support::{HttpConfig, Secret};

use crate::state::ClientState;
use crate::{Error, generated};

/// The Web API's base URL (`https://{server}/crmapi/rest/v2`), the timeout
/// (also the longest a call waits for another call's login) and the body
/// size limit (logins and [`Session::get`](crate::Session::get) /
/// [`post`](crate::Session::post) included).
///
/// The client follows no redirect: a 3xx is [`Failure::UnexpectedStatus`](crate::Failure::UnexpectedStatus)
/// with its `Location`, so credentials are never sent to another host.
#[derive(Clone, Debug)]
pub struct Config {
    http: HttpConfig,
}

impl Config {
    /// `base_url` is the Web API root, e.g. `https://crm.example.com/crmapi/rest/v2`.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let http = HttpConfig::new(base_url, "http(s)://host/crmapi/rest/v2")?;
        Ok(Self { http })
    }

    bindings_support::http_config_methods!(http);

    pub(crate) fn http(&self) -> Result<reqwest::Client, Error> {
        Ok(self.http.client()?)
    }

    pub(crate) fn raw_client(
        &self,
        web_api_key: Option<Secret>,
    ) -> Result<generated::Client, Error> {
        Ok(generated::Client::new_with_client(
            self.base_url(),
            self.http()?,
            ClientState {
                web_api_key,
                max_body_bytes: self.max_body_bytes(),
            },
        ))
    }
}
