//! The call probe: what the hooks saw during one call, kept per task.
//!
//! Progenitor drops the status of a response whose body it cannot decode, and
//! its hooks cannot return errors of their own. A crate's `send` runs each
//! call inside [`Probe::scope`]; its `exec` hook records the final status and
//! content type with [`record_response`] (in [`settle`](crate::body::settle)), and any other hook records a
//! failure of its own (a login again, a user action signature) with
//! [`record_failure`], for `send` to report. The hooks also record a body
//! stopped at the size limit ([`record_too_large`]) and the secrets the call
//! sent ([`add_secret`]), which error excerpts never show.

use std::any::Any;
use std::future::Future;
use std::sync::{Arc, Mutex};

use reqwest::header::{CONTENT_TYPE, HeaderMap};

use crate::body::TooLarge;

tokio::task_local! {
    static PROBE: Arc<Probe>;
}

/// What the hooks saw during one call.
#[derive(Default)]
pub struct Probe {
    response: Mutex<Option<(u16, Option<String>)>>,
    failure: Mutex<Option<Box<dyn Any + Send>>>,
    too_large: Mutex<Option<TooLarge>>,
    secrets: Mutex<Vec<String>>,
}

impl Probe {
    /// Runs `call` with a fresh probe; returns its output and the probe.
    pub async fn scope<F: Future>(call: F) -> (F::Output, Arc<Probe>) {
        let probe = Arc::new(Probe::default());
        let output = PROBE.scope(probe.clone(), call).await;
        (output, probe)
    }

    /// The final response's status and content type, if one arrived.
    pub fn response(&self) -> Option<(u16, Option<String>)> {
        self.response.lock().ok().and_then(|slot| slot.clone())
    }

    /// A body the hooks stopped reading at the size limit, if any.
    pub fn too_large(&self) -> Option<TooLarge> {
        self.too_large.lock().ok().and_then(|slot| slot.clone())
    }

    /// The secrets this call sent (see [`add_secret`]).
    pub fn secrets(&self) -> Vec<String> {
        self.secrets.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// `text` without the secrets this call sent (see [`add_secret`]).
    pub fn scrub(&self, text: &str) -> String {
        match self.secrets.lock() {
            Ok(secrets) => crate::scrub::scrub(text, &secrets),
            Err(_) => text.to_owned(),
        }
    }

    /// The failure a hook recorded, if it is a `T` (taken once).
    pub fn take_failure<T: 'static>(&self) -> Option<T> {
        let failure = self.failure.lock().ok().and_then(|mut slot| slot.take())?;
        failure.downcast::<T>().ok().map(|boxed| *boxed)
    }
}

/// A response's `Content-Type`, when it is readable text.
pub fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Records the final response's status and content type.
pub fn record_response(status: u16, headers: &HeaderMap) {
    let content_type = content_type(headers);
    let _ = PROBE.try_with(|probe| {
        if let Ok(mut slot) = probe.response.lock() {
            *slot = Some((status, content_type));
        }
    });
}

/// Records why a hook gave up, typically the crate's own error (for the
/// call's error to report).
pub fn record_failure<T: Send + 'static>(failure: T) {
    let _ = PROBE.try_with(|probe| {
        if let Ok(mut slot) = probe.failure.lock() {
            *slot = Some(Box::new(failure));
        }
    });
}

/// Records a body the hooks stopped reading at the size limit.
pub fn record_too_large(too_large: TooLarge) {
    let _ = PROBE.try_with(|probe| {
        if let Ok(mut slot) = probe.too_large.lock() {
            *slot = Some(too_large);
        }
    });
}

/// Whether the current call recorded a body over the size limit (the hooks
/// then stop retrying).
pub fn stopped_at_limit() -> bool {
    PROBE
        .try_with(|probe| probe.too_large().is_some())
        .unwrap_or(false)
}

/// Notes a secret the current call sends (a password, a token, a key), so
/// that error excerpts of its responses never show it. [`Secret`](crate::Secret)
/// notes itself when serialized into a request body; hooks note the
/// credentials they put in headers.
pub fn add_secret(secret: &str) {
    if secret.is_empty() {
        return;
    }
    let _ = PROBE.try_with(|probe| {
        if let Ok(mut secrets) = probe.secrets.lock()
            && !secrets.iter().any(|s| s == secret)
        {
            secrets.push(secret.to_owned());
        }
    });
}

/// The secrets the current call sent so far.
pub fn current_secrets() -> Vec<String> {
    PROBE
        .try_with(|probe| probe.secrets.lock().map(|s| s.clone()).unwrap_or_default())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn records_reach_the_probe_of_their_own_call_only() {
        let (_, probe) = Probe::scope(async {
            record_response(502, &HeaderMap::new());
            record_failure(String::from("login failed"));
            let (_, inner) = Probe::scope(async { record_response(200, &HeaderMap::new()) }).await;
            assert_eq!(inner.response(), Some((200, None)));
        })
        .await;
        assert_eq!(probe.response(), Some((502, None)));
        assert_eq!(
            probe.take_failure::<String>().as_deref(),
            Some("login failed")
        );
        assert_eq!(probe.take_failure::<String>(), None);
        record_response(1, &HeaderMap::new()); // outside any call: ignored
    }
}
