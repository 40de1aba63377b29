//! The CRM session: logs in, and logs in again (once, shared by concurrent
//! requests) when the token expires.

use std::future::Future;
use std::pin::Pin;

use tokio::sync::{Mutex, RwLock};

use crate::state::Auth;
use crate::types::{CrmLoginRequest, Secret};
use crate::{Config, Error, call, generated};

/// A logged-in CRM user. `Debug` never shows the password or the token.
#[derive(Debug)]
pub(crate) struct CrmSession {
    login: generated::Client,
    username: String,
    password: Secret,
    keep_logged: bool,
    current: RwLock<Current>,
    gate: Mutex<()>,
}

#[derive(Debug)]
struct Current {
    /// Bumped by every login.
    generation: u64,
    token: Option<Secret>,
    /// Logged out: no more logins.
    closed: bool,
}

impl CrmSession {
    /// Logs in once; a failure is returned as is.
    pub(crate) async fn start(
        config: &Config,
        username: &str,
        password: Secret,
        keep_logged: bool,
    ) -> Result<Self, Error> {
        let session = Self {
            login: config.raw_client(Auth::None)?,
            username: username.to_owned(),
            password,
            keep_logged,
            current: RwLock::new(Current {
                generation: 0,
                token: None,
                closed: false,
            }),
            gate: Mutex::new(()),
        };
        let token = session.log_in().await?;
        *session.current.write().await = Current {
            generation: 1,
            token: Some(token),
            closed: false,
        };
        Ok(session)
    }

    /// The login request. Its future is boxed: a login runs inside the hook
    /// of the request that hit the expired token, and the hook's future would
    /// otherwise contain itself.
    fn log_in(&self) -> Pin<Box<dyn Future<Output = Result<Secret, Error>> + Send + '_>> {
        let body = CrmLoginRequest {
            username: self.username.clone(),
            password: self.password.clone(),
            keep_logged: self.keep_logged.then_some(true),
        };
        Box::pin(async move {
            let response = call::send(self.login.crm_login().body(body).send(), true).await?;
            Ok(response.into_inner().token)
        })
    }

    /// The token to send, with the generation it belongs to.
    pub(crate) async fn token(&self) -> (u64, Option<Secret>) {
        let current = self.current.read().await;
        (current.generation, current.token.clone())
    }

    /// Logs in again after a 401 seen with the token of `generation`. Calls
    /// that saw the same expired token wait for one login and share it.
    pub(crate) async fn refresh(&self, generation: u64) -> Result<(), Error> {
        let _gate = self.gate.lock().await;
        {
            let current = self.current.read().await;
            if current.closed {
                return Err(Error::InvalidRequest(
                    "the CRM session was logged out".to_owned(),
                ));
            }
            if current.generation != generation {
                return Ok(());
            }
        }
        let token = self.log_in().await?;
        let mut current = self.current.write().await;
        current.generation += 1;
        current.token = Some(token);
        Ok(())
    }

    /// Ends the session: no token, no more logins.
    pub(crate) async fn close(&self) {
        let mut current = self.current.write().await;
        current.closed = true;
        current.token = None;
    }
}
