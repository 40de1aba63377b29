//! One error, whatever the format: the status, a stable code, the display
//! message, the per-field details and the body as it arrived.

use std::fmt;

use bindings_support::shown;
use reqwest::header::HeaderMap;

use crate::ResponseValue;
use crate::types::{ApiErrorBody, ErrorCode, ErrorDetail};

/// An error response of either format, normalized.
///
/// `Display` shows the code and message bounded, with control characters
/// escaped; the fields keep them whole.
///
/// A standardized body carries its own `code`. A legacy body has none, so the
/// code follows from the HTTP status:
///
/// | status | legacy body (any shape) | `code` |
/// |---|---|---|
/// | 400 | | `BAD_REQUEST` |
/// | 401 | `{"message": "Unauthenticated."}` | `UNAUTHENTICATED` |
/// | 403 | | `FORBIDDEN` |
/// | 404 | `{"error": "Not found"}` | `NOT_FOUND` |
/// | 409 | throttled: a `Retry-After` or `X-RateLimit-*` header, or a message with "too many" | `RATE_LIMITED` |
/// | 409 | otherwise (a conflict) | `HTTP_409` |
/// | 422 | field → messages map, or JSON:API `errors` | `VALIDATION_ERROR` |
/// | 429 | | `RATE_LIMITED` |
/// | any other, 5xx included | | `HTTP_<status>` |
///
/// The docs say legacy throttling is a 409 but not how to tell it from a
/// conflict; the 409 rule above is this crate's reading (Laravel's throttle
/// responses carry `Retry-After`). Codes of the form `HTTP_<status>` are not
/// server strings: the docs name conflict and server errors without giving
/// their codes. `details` is the standardized `details`, or one entry per
/// message of a legacy field → messages map.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Stable code: branch on it.
    pub code: ErrorCode,
    /// Display text (localized); do not branch on it.
    pub message: Option<String>,
    /// Per-field problems (validation errors).
    pub details: Vec<ErrorDetail>,
    /// The body as it arrived.
    pub body: ApiErrorBody,
    /// The response headers (request ids, `Retry-After`, rate-limit headers).
    /// Those that can carry credentials (`Set-Cookie`, `Authorization`,
    /// `WWW-Authenticate`, …) are marked sensitive: `Debug` does not print
    /// them, [`HeaderMap::get`] still reads them.
    pub headers: HeaderMap,
}

impl ApiError {
    /// Normalizes a body received with `status` and `headers`.
    pub fn new(status: u16, headers: &HeaderMap, body: ApiErrorBody) -> Self {
        let code = match body.code() {
            Some(code) => code.clone(),
            None => legacy_code(status, headers, &body),
        };
        let mut headers = headers.clone();
        bindings_support::headers::redact(&mut headers);
        Self {
            status,
            code,
            message: body.message().map(str::to_owned),
            details: body.details(),
            body,
            headers,
        }
    }

    /// Normalizes the error response of a generated operation.
    pub fn from_response(response: ResponseValue<ApiErrorBody>) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        Self::new(status, &headers, response.into_inner())
    }
}

fn legacy_code(status: u16, headers: &HeaderMap, body: &ApiErrorBody) -> ErrorCode {
    match status {
        400 => ErrorCode::BadRequest,
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 if looks_throttled(headers, body.message()) => ErrorCode::RateLimited,
        422 => ErrorCode::ValidationError,
        429 => ErrorCode::RateLimited,
        other => ErrorCode::Unknown(format!("HTTP_{other}")),
    }
}

/// Legacy throttling (a 409) as opposed to a conflict: a `Retry-After` or
/// `X-RateLimit-*` header, or a message saying "too many".
pub(crate) fn looks_throttled(headers: &HeaderMap, message: Option<&str>) -> bool {
    let throttle_header = headers.contains_key("retry-after")
        || headers
            .keys()
            .any(|name| name.as_str().starts_with("x-ratelimit-"));
    let throttle_text = message.is_some_and(|m| m.to_ascii_lowercase().contains("too many"));
    throttle_header || throttle_text
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Both come from the server: bounded and escaped.
        write!(f, "HTTP {} {}", self.status, shown(&self.code.to_string()))?;
        if let Some(message) = &self.message {
            write!(f, ": {}", shown(message))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
