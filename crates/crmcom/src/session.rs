//! A Web API session: logs in, passes the token the way the Web API wants
//! it, renews it before it runs out, and releases it on logout.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bindings_support::excerpt::{REDACTED, Undecodable};
use bindings_support::{Failure, Secret, jwt};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use crate::call::{response_error, without_secrets};
use crate::types::{KeyLogin, PasswordLogin, TokenRelease};
use crate::{Config, CrmcomClient, Error};

/// Where the session reads the time (tests use their own).
pub trait Clock: Send + Sync + fmt::Debug {
    /// Now.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// How the session logs in. `Debug` never shows the password or key.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// `POST authentication/token`.
    Password {
        /// The user's name.
        username: String,
        /// The password.
        password: Secret,
        /// The organisation logged in to.
        organisation: String,
        /// The unit; the user's default when `None`.
        unit: Option<String>,
    },
    /// `POST authentication/web_api_key/token` (recommended).
    WebApiKey {
        /// The key, sent as the HTTP Basic username.
        key: Secret,
        /// The unit; the key's default when `None`.
        unit: Option<String>,
    },
}

/// When the current token stops working.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// Before R12: one hour after the token was last used.
    Idle {
        /// The last successful call with the token.
        last_used: DateTime<Utc>,
    },
    /// A Web API key token (two hours after issue) or an R12+ JWT (its `exp`).
    At(DateTime<Utc>),
}

/// Idle lifetime of pre-R12 tokens.
pub const IDLE_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// Lifetime of Web API key tokens.
pub const KEY_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

impl Expiry {
    /// The moment the token stops working.
    pub fn expires_at(&self) -> DateTime<Utc> {
        match self {
            Self::Idle { last_used } => *last_used + delta(IDLE_LIFETIME),
            Self::At(moment) => *moment,
        }
    }
}

fn delta(duration: Duration) -> TimeDelta {
    TimeDelta::from_std(duration).unwrap_or(TimeDelta::MAX)
}

#[derive(Debug)]
struct Current {
    token: Secret,
    expiry: Expiry,
    /// R12+: expires on its own; `token/release` is deprecated for it.
    jwt: bool,
}

#[derive(Debug)]
enum State {
    Active(Active),
    LoggedOut,
}

#[derive(Debug, Default)]
struct Active {
    current: Option<Current>,
    /// Login attempts since the first, failed or not.
    attempts: u64,
    /// The attempt that failed last, and why: what every call that waited
    /// for it gets.
    failed: Option<(u64, Arc<Error>)>,
}

/// A logged-in Web API session. `Debug` never shows a secret.
#[derive(Debug)]
pub struct Session {
    client: CrmcomClient,
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    state: Mutex<State>,
    /// Held by the one call that logs in again.
    gate: Mutex<()>,
    clock: Arc<dyn Clock>,
    renew_before: Duration,
    timeout: Duration,
    max_body_bytes: usize,
}

impl Session {
    /// Logs in (system clock; renews a token 5 minutes before it expires).
    pub async fn login(config: &Config, credentials: Credentials) -> Result<Self, Error> {
        Self::login_with(
            config,
            credentials,
            Arc::new(SystemClock),
            Duration::from_secs(5 * 60),
        )
        .await
    }

    /// Logs in with the given clock, renewing a token `renew_before` its expiry.
    pub async fn login_with(
        config: &Config,
        credentials: Credentials,
        clock: Arc<dyn Clock>,
        renew_before: Duration,
    ) -> Result<Self, Error> {
        let client = match &credentials {
            Credentials::Password { .. } => CrmcomClient::new(config)?,
            Credentials::WebApiKey { key, .. } => {
                CrmcomClient::with_web_api_key(config, key.clone())?
            }
        };
        let session = Self {
            client,
            http: config.http()?,
            base_url: config.base_url().to_owned(),
            credentials,
            state: Mutex::new(State::Active(Active::default())),
            gate: Mutex::new(()),
            clock,
            renew_before,
            timeout: config.timeout(),
            max_body_bytes: config.max_body_bytes(),
        };
        let current = session.log_in().await?;
        *session.state.lock().await = State::Active(Active {
            current: Some(current),
            ..Active::default()
        });
        Ok(session)
    }

    async fn log_in(&self) -> Result<Current, Error> {
        let response = match &self.credentials {
            Credentials::Password {
                username,
                password,
                organisation,
                unit,
            } => {
                let body = PasswordLogin {
                    username: username.clone(),
                    password: password.clone(),
                    organisation: organisation.clone(),
                    unit: unit.clone(),
                };
                self.client.authenticate().body(body).send().await?
            }
            Credentials::WebApiKey { unit, .. } => {
                self.client
                    .web_api_key_token()
                    .body(KeyLogin { unit: unit.clone() })
                    .send()
                    .await?
            }
        };
        let status = response.status().as_u16();
        let token = response
            .into_inner()
            .data
            .and_then(|data| data.token)
            .ok_or_else(|| Failure::UndecodableBody {
                status,
                content_type: None,
                excerpt: REDACTED.to_owned(),
                reason: "the OK envelope has no data.token".to_owned(),
            })?;
        let now = self.clock.now();
        let exp = jwt::payload(token.expose())
            .ok()
            .and_then(|claims| jwt::seconds(&claims, "exp"));
        let expiry = match (
            exp.and_then(|s| DateTime::from_timestamp(s, 0)),
            &self.credentials,
        ) {
            (Some(moment), _) => Expiry::At(moment),
            (None, Credentials::WebApiKey { .. }) => Expiry::At(now + delta(KEY_LIFETIME)),
            (None, Credentials::Password { .. }) => Expiry::Idle { last_used: now },
        };
        Ok(Current {
            token,
            expiry,
            jwt: exp.is_some(),
        })
    }

    /// The token to use now, logging in again first when it expires within
    /// the renewal margin. Calls that find the token stale together share
    /// one login attempt and its outcome: a failure is
    /// [`Error::LoginFailed`] for each of them (a later call tries again).
    /// A call waits at most the configured timeout for another's login.
    pub async fn token(&self) -> Result<Secret, Error> {
        let seen = {
            let state = self.state.lock().await;
            let active = self.active(&state)?;
            if let Some(token) = self.fresh(active) {
                return Ok(token);
            }
            active.attempts
        };
        let _gate = tokio::time::timeout(self.timeout, self.gate.lock())
            .await
            .map_err(|_| {
                Failure::Timeout(format!(
                    "waited {:?} for another call's login",
                    self.timeout
                ))
            })?;
        {
            let state = self.state.lock().await;
            let active = self.active(&state)?;
            if let Some(token) = self.fresh(active) {
                return Ok(token);
            }
            if let Some((failed, error)) = &active.failed
                && *failed == seen
            {
                return Err(Error::LoginFailed(error.clone()));
            }
        }
        let outcome = self.log_in().await;
        let mut state = self.state.lock().await;
        let State::Active(active) = &mut *state else {
            return Err(Failure::LoggedOut.into());
        };
        active.attempts += 1;
        match outcome {
            Ok(current) => {
                let token = current.token.clone();
                active.current = Some(current);
                active.failed = None;
                Ok(token)
            }
            Err(error) => {
                let error = Arc::new(error);
                active.failed = Some((active.attempts - 1, error.clone()));
                Err(Error::LoginFailed(error))
            }
        }
    }

    fn active<'s>(&self, state: &'s State) -> Result<&'s Active, Error> {
        match state {
            State::Active(active) => Ok(active),
            State::LoggedOut => Err(Failure::LoggedOut.into()),
        }
    }

    /// The current token, unless it expires within the renewal margin.
    fn fresh(&self, active: &Active) -> Option<Secret> {
        active
            .current
            .as_ref()
            .filter(|c| self.clock.now() + delta(self.renew_before) < c.expiry.expires_at())
            .map(|c| c.token.clone())
    }

    /// When the current token expires (`None` after logout).
    pub async fn expires_at(&self) -> Option<DateTime<Utc>> {
        match &*self.state.lock().await {
            State::Active(Active {
                current: Some(current),
                ..
            }) => Some(current.expiry.expires_at()),
            _ => None,
        }
    }

    /// A successful call keeps an idle-expiring token alive.
    async fn used(&self) {
        if let State::Active(Active {
            current: Some(current),
            ..
        }) = &mut *self.state.lock().await
            && let Expiry::Idle { last_used } = &mut current.expiry
        {
            *last_used = self.clock.now();
        }
    }

    /// Calls a GET method of the Web API (`path` relative to the base URL,
    /// such as `contacts/list`, an illustrative name: only the authentication
    /// methods are documented here) with the token as the `token` query
    /// parameter; returns the envelope's `data`.
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, Error> {
        let token = self.token().await?;
        let mut parameters: Vec<(&str, &str)> = query
            .iter()
            .copied()
            .filter(|(k, _)| *k != "token")
            .collect();
        parameters.push(("token", token.expose()));
        let request = self
            .http
            .get(format!(
                "{}/{}",
                self.base_url,
                path.trim_start_matches('/')
            ))
            .query(&parameters);
        self.finish(request, &token).await
    }

    /// Calls a POST method of the Web API with the token as the top-level
    /// `token` field of the JSON body; returns the envelope's `data`.
    pub async fn post(&self, path: &str, mut body: Map<String, Value>) -> Result<Value, Error> {
        let token = self.token().await?;
        body.insert("token".to_owned(), Value::String(token.expose().to_owned()));
        let request = self
            .http
            .post(format!(
                "{}/{}",
                self.base_url,
                path.trim_start_matches('/')
            ))
            .json(&body);
        self.finish(request, &token).await
    }

    /// Sends a call that carries `token`: follows no redirect (a 3xx is
    /// [`Failure::UnexpectedStatus`](crate::Failure::UnexpectedStatus)), reads at most the body size limit, and
    /// keeps the token out of every error.
    async fn finish(
        &self,
        request: reqwest::RequestBuilder,
        token: &Secret,
    ) -> Result<Value, Error> {
        let secrets = [token.expose().to_owned()];
        let scrub = |text: &str| bindings_support::scrub::scrub(text, &secrets);

        // The URL may carry the token: errors never show it.
        let response = request
            .send()
            .await
            .map_err(|e| Failure::Transport(e.without_url()))?;
        let status = response.status().as_u16();
        if response.status().is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .map(|v| scrub(&String::from_utf8_lossy(v.as_bytes())));
            return Err(Failure::UnexpectedStatus {
                status,
                excerpt: String::new(),
                location,
            }
            .into());
        }
        let content_type = bindings_support::probe::content_type(response.headers());
        let bytes = bindings_support::body::read(response, self.max_body_bytes)
            .await
            .map_err(|e| Failure::from(e.without_url()))?;
        let envelope: Value = serde_json::from_slice(&bytes).map_err(|e| {
            Failure::from(
                Undecodable::new(&bytes, &e, Some((status, content_type)), false).without(&secrets),
            )
        })?;
        if let Some(error) = response_error(status, envelope.clone()) {
            return Err(without_secrets(error, &secrets));
        }
        self.used().await;
        Ok(envelope.get("data").cloned().unwrap_or(Value::Null))
    }

    /// Ends the session. A pre-R12 token is released first
    /// (`authentication/token/release`); an R12+ JWT is not (release is
    /// deprecated from R12, and the token expires on its own).
    pub async fn logout(self) -> Result<(), Error> {
        let mut state = self.state.lock().await;
        let previous = std::mem::replace(&mut *state, State::LoggedOut);
        match previous {
            State::Active(Active {
                current: Some(current),
                ..
            }) if !current.jwt => self
                .client
                .release_token()
                .body(TokenRelease {
                    token: current.token,
                })
                .send()
                .await
                .map(drop),
            _ => Ok(()),
        }
    }
}
