//! The client of the authentication methods.

use bindings_support::Secret;

use crate::{Config, Error, generated};

/// The authentication methods of the Web API (see [`Session`](crate::Session)
/// for a token that renews itself). With a Web API key, the methods that use
/// one send it as HTTP Basic.
#[derive(Clone, Debug)]
pub struct CrmcomClient {
    raw: generated::Client,
}

impl CrmcomClient {
    /// A client without a Web API key.
    pub fn new(config: &Config) -> Result<Self, Error> {
        Ok(Self {
            raw: config.raw_client(None)?,
        })
    }

    /// A client that sends `key` to the methods that take a Web API key.
    pub fn with_web_api_key(config: &Config, key: impl Into<Secret>) -> Result<Self, Error> {
        Ok(Self {
            raw: config.raw_client(Some(key.into()))?,
        })
    }

    pub(crate) fn raw(&self) -> &generated::Client {
        &self.raw
    }
}
