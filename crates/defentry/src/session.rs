//! The CRM session: logs in, and logs in again when the token expires: one
//! attempt per expired token, whose outcome (the new token, or the error)
//! every call that saw that token shares.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bindings_support::Failure;
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
    /// The longest a call waits for another call's login.
    timeout: Duration,
    current: RwLock<Current>,
    /// Held by the one call that logs in again.
    gate: Mutex<()>,
}

#[derive(Debug)]
struct Current {
    /// Bumped by every login attempt, failed or not.
    generation: u64,
    /// `None` after a failed login again: the next call logs in afresh.
    token: Option<Secret>,
    /// Logged out: no more logins.
    closed: bool,
    /// The generation whose login again failed, and why: what every call that
    /// saw that generation's token gets.
    failed: Option<(u64, Arc<Error>)>,
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
            timeout: config.timeout(),
            current: RwLock::new(Current {
                generation: 0,
                token: None,
                closed: false,
                failed: None,
            }),
            gate: Mutex::new(()),
        };
        let token = session.log_in().await?;
        *session.current.write().await = Current {
            generation: 1,
            token: Some(token),
            closed: false,
            failed: None,
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

    /// Logs in again after a 401 seen with the token of `generation`. The
    /// first call to get here logs in (bounded by the HTTP timeout); calls
    /// that saw the same token wait for that one attempt, at most the
    /// configured timeout, and share its outcome, success or error.
    pub(crate) async fn refresh(&self, generation: u64) -> Result<(), Arc<Error>> {
        let _gate = tokio::time::timeout(self.timeout, self.gate.lock())
            .await
            .map_err(|_| {
                Arc::new(Error::from(Failure::Timeout(format!(
                    "waited {:?} for another call's login again",
                    self.timeout
                ))))
            })?;
        {
            let current = self.current.read().await;
            if current.closed {
                return Err(Arc::new(Failure::LoggedOut.into()));
            }
            if current.generation != generation {
                return match &current.failed {
                    Some((failed, error)) if *failed == generation => Err(error.clone()),
                    _ => Ok(()),
                };
            }
        }
        let outcome = self.log_in().await;
        let mut current = self.current.write().await;
        current.generation += 1;
        match outcome {
            Ok(token) => {
                current.token = Some(token);
                current.failed = None;
                Ok(())
            }
            Err(error) => {
                let error = Arc::new(error);
                current.token = None;
                current.failed = Some((generation, error.clone()));
                Err(error)
            }
        }
    }

    /// Ends the session: no token, no more logins.
    pub(crate) async fn close(&self) {
        let mut current = self.current.write().await;
        current.closed = true;
        current.token = None;
    }
}
