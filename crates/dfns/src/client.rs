//! The Dfns client.

use std::sync::Arc;

use bindings_support::Secret;

use crate::claims::{Claims, JwtError};
use crate::state::Signing;
use crate::{Config, Error, Signer, generated};

/// Every authentication route of Dfns. With a [`Signer`], state-changing
/// requests (POST, PUT, DELETE of the routes that need it) get their
/// `X-DFNS-USERACTION` automatically; reads never trigger signing.
#[derive(Clone, Debug)]
pub struct DfnsClient {
    raw: generated::Client,
    token: Option<Secret>,
}

impl DfnsClient {
    /// A client without a token (login).
    pub fn new(config: &Config) -> Result<Self, Error> {
        Ok(Self {
            raw: config.raw_client(None, None)?,
            token: None,
        })
    }

    /// A client that sends `token` (a login token, Personal Access Token or
    /// Service Account token); state-changing requests need a signer.
    pub fn with_token(config: &Config, token: impl Into<Secret>) -> Result<Self, Error> {
        let token = token.into();
        Ok(Self {
            raw: config.raw_client(Some(token.clone()), None)?,
            token: Some(token),
        })
    }

    /// A client that sends `token` and signs state-changing requests with `signer`.
    pub fn with_signer(
        config: &Config,
        token: impl Into<Secret>,
        signer: impl Signer + 'static,
    ) -> Result<Self, Error> {
        let token = token.into();
        let unsigned = config.raw_client(Some(token.clone()), None)?;
        let signing = Arc::new(Signing {
            signer: Arc::new(signer),
            client: unsigned,
        });
        Ok(Self {
            raw: config.raw_client(Some(token.clone()), Some(signing))?,
            token: Some(token),
        })
    }

    /// The claims of this client's token (read, not verified: there is no
    /// `/me` route); `None` without a token.
    pub fn claims(&self) -> Option<Result<Claims, JwtError>> {
        self.token.as_ref().map(|t| Claims::decode(t.expose()))
    }

    pub(crate) fn raw(&self) -> &generated::Client {
        &self.raw
    }
}
