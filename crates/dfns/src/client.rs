//! The Dfns client.

use std::sync::Arc;

use bindings_support::Secret;

use crate::claims::{Claims, JwtError};
use crate::state::Signing;
use crate::types::{LoginChallengeRequest, LoginRequest};
use crate::{Config, Error, Signer, call, generated, signer};

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

    /// Logs in as `username` of the organization `org_id` with a key
    /// credential: `POST /auth/login/init`, the challenge signed by
    /// `signer`, `POST /auth/login`. Returns a client that sends the login
    /// token and signs state-changing requests with `signer`.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let config = dfns::Config::new(dfns::EUROPE)?;
    /// let signer = dfns::KeySigner::from_pem("cr-…", &std::fs::read_to_string("key.pem")?)?;
    /// let client = dfns::DfnsClient::login(&config, "or-…", "me@example.com", signer).await?;
    /// # Ok(()) }
    /// ```
    pub async fn login(
        config: &Config,
        org_id: &str,
        username: &str,
        signer: impl Signer + 'static,
    ) -> Result<Self, Error> {
        let anonymous = config.raw_client(None, None)?;
        let init = LoginChallengeRequest {
            org_id: org_id.to_owned(),
            username: Some(username.to_owned()),
            login_code: None,
        };
        let challenge = call::send(anonymous.create_login_challenge().body(init).send(), false)
            .await?
            .into_inner();
        let complete = LoginRequest {
            first_factor: signer::assertion(&signer, &challenge)?,
            challenge_identifier: challenge.challenge_identifier,
            second_factor: None,
        };
        let login = call::send(anonymous.complete_login().body(complete).send(), true)
            .await?
            .into_inner();
        match (login.token, login.sso_client_id) {
            (Some(token), _) => Self::with_signer(config, token, signer),
            (None, sso_client_id) => Err(Error::SsoRequired {
                sso_client_id: sso_client_id.unwrap_or_default(),
            }),
        }
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
