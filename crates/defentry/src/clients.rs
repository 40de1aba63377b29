//! The scope-typed clients. Each exposes only the operations its token may
//! call (the methods are generated from the spec's `security`), so calling an
//! app route with a CRM token does not compile.

use std::sync::Arc;

use crate::session::CrmSession;
use crate::state::Auth;
use crate::types::{Secret, UndocumentedRequestBody};
use bindings_support::Failure;

use crate::{Config, Error, call, generated};

/// Operations that need no token: CRM login, password recovery, SSO tokens.
#[derive(Clone, Debug)]
pub struct PublicClient {
    raw: generated::Client,
}

/// Operations of the CRM token: the partner's service account, acting on
/// `/api/v1/account/{account_id}/…` routes and the CRM dashboards.
#[derive(Clone, Debug)]
pub struct CrmClient {
    raw: generated::Client,
    session: Option<Arc<CrmSession>>,
}

/// Operations of the app token: one end user, acting on their own watchlists,
/// alarms and Online Data.
#[derive(Clone, Debug)]
pub struct AppClient {
    raw: generated::Client,
}

impl PublicClient {
    /// A client without credentials.
    pub fn new(config: &Config) -> Result<Self, Error> {
        Ok(Self {
            raw: config.raw_client(Auth::None)?,
        })
    }

    pub(crate) fn raw(&self) -> &generated::Client {
        &self.raw
    }
}

impl CrmClient {
    /// Logs in as a CRM user (for a backend: the service account) and keeps
    /// the session: when a call returns 401, it logs in again once (one login
    /// for all calls that hit the expired token together) and repeats the
    /// call once. `keep_logged` asks for a longer session. A failed login is
    /// returned as the login's error, without retries.
    pub async fn login(
        config: &Config,
        username: &str,
        password: impl Into<Secret>,
        keep_logged: bool,
    ) -> Result<Self, Error> {
        let session =
            Arc::new(CrmSession::start(config, username, password.into(), keep_logged).await?);
        Ok(Self {
            raw: config.raw_client(Auth::Session(session.clone()))?,
            session: Some(session),
        })
    }

    /// A client for a CRM token obtained elsewhere; it does not log in again.
    pub fn with_token(config: &Config, token: impl Into<Secret>) -> Result<Self, Error> {
        Ok(Self {
            raw: config.raw_client(Auth::Token(token.into()))?,
            session: None,
        })
    }

    /// Ends the session on the server (`POST /api/v1/crm/logout`); a session
    /// made by [`CrmClient::login`] stops logging in again, also for clones.
    pub async fn logout(self) -> Result<(), Error> {
        let result = self.crm_logout().send().await;
        if let Some(session) = &self.session {
            session.close().await;
        }
        result.map(drop)
    }

    pub(crate) fn raw(&self) -> &generated::Client {
        &self.raw
    }
}

impl AppClient {
    /// A client for an app token (for instance one your SSO integration minted).
    pub fn with_token(config: &Config, token: impl Into<Secret>) -> Result<Self, Error> {
        Ok(Self {
            raw: config.raw_client(Auth::Token(token.into()))?,
        })
    }

    /// Mints an app token for one end user with `POST /api/v1/sso/token` and
    /// returns a client that uses it.
    ///
    /// The docs give neither the request nor the response of that route:
    /// `credentials` is sent as the JSON body as given (your SSO `client_id`,
    /// `client_secret` and user), and `token_at` is the JSON pointer of the
    /// token in the response (for example `/token`). Every string of
    /// `credentials` is kept out of error messages, echoed or not.
    pub async fn from_sso(
        config: &Config,
        credentials: serde_json::Map<String, serde_json::Value>,
        token_at: &str,
    ) -> Result<Self, Error> {
        let public = PublicClient::new(config)?;
        let credentials_copy = credentials.clone();
        let request = public
            .raw()
            .create_sso_token()
            .body(UndocumentedRequestBody(credentials));
        // Every string of the body may be a secret (a client secret):
        // error excerpts of this call never show one.
        let secrets = strings(&serde_json::Value::Object(credentials_copy));
        let sending = async move {
            for secret in &secrets {
                bindings_support::probe::add_secret(secret);
            }
            request.send().await
        };
        let response = call::send(sending, true).await?;
        let status = response.status().as_u16();
        let body = bindings_support::body::read_stream(
            response.into_inner().into_inner(),
            status,
            config.max_body_bytes(),
        )
        .await
        .map_err(Failure::from)?;
        let json = serde_json::from_slice::<serde_json::Value>(&body).unwrap_or_default();
        let token = json
            .pointer(token_at)
            .and_then(|t| t.as_str())
            .map(str::to_owned)
            .ok_or_else(|| Error::MissingValue {
                pointer: token_at.to_owned(),
                keys: json
                    .as_object()
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default(),
            })?;
        Self::with_token(config, token)
    }

    pub(crate) fn raw(&self) -> &generated::Client {
        &self.raw
    }
}

/// Every string in `value`, at any depth.
fn strings(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::String(text) => vec![text.clone()],
        serde_json::Value::Array(items) => items.iter().flat_map(strings).collect(),
        serde_json::Value::Object(map) => map.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}
