//! Opt-in retries of throttled and unavailable responses.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Response, StatusCode};

use crate::api_error::looks_throttled;
use crate::types::ApiErrorBody;

/// When and how often to retry, set on [`Config`](crate::Config). Off unless set.
///
/// Retried: `429`, `503`, and legacy throttling (a `409` with `Retry-After`,
/// `X-RateLimit-*` headers or a "too many" message). Only idempotent requests
/// are retried (`GET`, `HEAD`, `OPTIONS`, `PUT`, `DELETE`), never `POST` or
/// `PATCH`, and never the state-changing `GET …/alarms/{alarmId}/close`. A
/// `Retry-After` (seconds or HTTP date) is waited for; when it asks for more
/// than `max_delay`, the response is returned instead. Otherwise the wait
/// grows exponentially from `base_delay`, with jitter (50–100 % of it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// Wait before the second attempt, without `Retry-After`.
    pub base_delay: Duration,
    /// Longest wait; a longer `Retry-After` ends the retries.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 500 ms then 1 s (with jitter), waits of at most 30 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// How long to wait before attempt `attempt + 1`, given the server's
    /// `Retry-After`; `None` when the server asks for longer than `max_delay`.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        self.delay_with_jitter(attempt, retry_after, fastrand::f64())
    }

    /// [`RetryPolicy::delay`] with the jitter drawn (`jitter` in `0..1`
    /// keeps 50 % to 100 % of the exponential wait).
    pub(crate) fn delay_with_jitter(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Option<Duration> {
        if let Some(wait) = retry_after {
            return (wait <= self.max_delay).then_some(wait);
        }
        let exponent = attempt.saturating_sub(1).min(16);
        let full = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        Some(full.mul_f64(0.5 + jitter.clamp(0.0, 1.0) * 0.5))
    }
}

/// The wait a `Retry-After` header asks for (seconds or an HTTP date).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Whether `response` is worth retrying. A `409` is read to tell throttling
/// from a conflict, so the response comes back rebuilt.
pub(crate) async fn is_retryable(response: Response) -> (Response, bool) {
    match response.status() {
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => (response, true),
        StatusCode::CONFLICT => {
            if looks_throttled(response.headers(), None) {
                return (response, true);
            }
            let status = response.status();
            let headers = response.headers().clone();
            let version = response.version();
            let body: Bytes = match response.bytes().await {
                Ok(body) => body,
                Err(_) => Bytes::new(),
            };
            let parsed = serde_json::from_slice::<ApiErrorBody>(&body).ok();
            let throttled =
                looks_throttled(&headers, parsed.as_ref().and_then(ApiErrorBody::message));
            let mut rebuilt = http::Response::new(body);
            *rebuilt.status_mut() = status;
            *rebuilt.headers_mut() = headers;
            *rebuilt.version_mut() = version;
            (Response::from(rebuilt), throttled)
        }
        _ => (response, false),
    }
}

/// Whether a request may be sent again without changing the outcome.
pub(crate) fn is_idempotent(method: &str, state_changing: bool) -> bool {
    !state_changing && matches!(method, "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE")
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_grows_with_jitter_and_honours_retry_after() {
        let policy = RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
        };
        for attempt in 1..=6 {
            let full =
                Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_secs(1));
            let delay = policy.delay(attempt, None).unwrap_or_default();
            assert!(
                delay >= full / 2 && delay <= full,
                "attempt {attempt}: {delay:?} not within 50-100% of {full:?}"
            );
        }
        assert_eq!(
            policy.delay(1, Some(Duration::from_millis(700))),
            Some(Duration::from_millis(700))
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(5))),
            None,
            "longer than max_delay: give up"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(
            retry_after(&headers),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn only_idempotent_requests_are_retried() {
        for method in ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"] {
            assert!(is_idempotent(method, false), "{method}");
        }
        assert!(!is_idempotent("POST", false));
        assert!(!is_idempotent("PATCH", false));
        assert!(!is_idempotent("GET", true), "state-changing GET");
    }
}
