//! The call probe: what the hooks saw during one call, kept per task.
//!
//! Progenitor drops the status of a response whose body it cannot decode, and
//! its hooks cannot return errors of their own. A crate's `send` runs each
//! call inside [`Probe::scope`]; its `post` hook records the final status and
//! content type with [`record_response`], and any other hook records a
//! failure of its own (a login again, a user action signature) with
//! [`record_failure`], for `send` to report.

use std::any::Any;
use std::future::Future;
use std::sync::{Arc, Mutex};

use reqwest::header::{CONTENT_TYPE, HeaderMap};

tokio::task_local! {
    static PROBE: Arc<Probe>;
}

/// What the hooks saw during one call.
#[derive(Default)]
pub struct Probe {
    response: Mutex<Option<(u16, Option<String>)>>,
    failure: Mutex<Option<Box<dyn Any + Send>>>,
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

/// Records the final response's status and content type, if one arrived:
/// the body of every crate's `post` hook.
pub fn record(result: &reqwest::Result<reqwest::Response>) {
    if let Ok(response) = result {
        record_response(response.status().as_u16(), response.headers());
    }
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
