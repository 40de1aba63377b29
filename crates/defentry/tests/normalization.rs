//! The legacy → code normalization table of `ApiError`, row by row.

use defentry::ApiError;
use defentry::types::{ApiErrorBody, ErrorCode};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{Value, json};

fn normalize(status: u16, headers: &[(&'static str, &'static str)], body: Value) -> ApiError {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.insert(*name, HeaderValue::from_static(value));
    }
    ApiError::new(status, &map, ApiErrorBody::from_value(body))
}

fn code(s: &str) -> ErrorCode {
    ErrorCode::from(s)
}

/// One row of the table: status, response headers, legacy body, expected code.
type Row = (u16, Vec<(&'static str, &'static str)>, Value, &'static str);

#[test]
fn legacy_rows() {
    let rows: Vec<Row> = vec![
        (
            400,
            vec![],
            json!({"message": "Bad request."}),
            "BAD_REQUEST",
        ),
        (
            401,
            vec![],
            json!({"message": "Unauthenticated."}),
            "UNAUTHENTICATED",
        ),
        (
            403,
            vec![],
            json!({"message": "This action is unauthorized."}),
            "FORBIDDEN",
        ),
        (404, vec![], json!({"error": "Not found"}), "NOT_FOUND"),
        (
            404,
            vec![],
            json!({"error": "Not found", "corr_id": "c1"}),
            "NOT_FOUND",
        ),
        (
            422,
            vec![],
            json!({"errors": {"email": ["The email field is required."]}}),
            "VALIDATION_ERROR",
        ),
        (
            422,
            vec![],
            json!({"errors": [{"status": "422", "title": "Invalid", "detail": "Bad email."}]}),
            "VALIDATION_ERROR",
        ),
        (
            409,
            vec![("retry-after", "60")],
            json!({"message": "Slow down."}),
            "RATE_LIMITED",
        ),
        (
            409,
            vec![("x-ratelimit-remaining", "0")],
            json!({"message": "Slow down."}),
            "RATE_LIMITED",
        ),
        (
            409,
            vec![],
            json!({"message": "Too Many Attempts."}),
            "RATE_LIMITED",
        ),
        (
            409,
            vec![],
            json!({"message": "The email has already been taken."}),
            "HTTP_409",
        ),
        (
            429,
            vec![],
            json!({"message": "Too Many Attempts."}),
            "RATE_LIMITED",
        ),
        (500, vec![], json!({"message": "Server Error"}), "HTTP_500"),
        (503, vec![], json!("Service Unavailable"), "HTTP_503"),
    ];
    for (status, headers, body, expected) in rows {
        let error = normalize(status, &headers, body.clone());
        assert_eq!(error.code, code(expected), "{status} {headers:?} {body}");
        assert_eq!(error.status, status);
    }
}

#[test]
fn standardized_bodies_keep_their_own_code_whatever_the_status() {
    let error = normalize(
        409,
        &[],
        json!({"error": {"code": "SOME_CONFLICT", "message": "Taken."}}),
    );
    assert_eq!(error.code, code("SOME_CONFLICT"));
    let error = normalize(
        429,
        &[],
        json!({"error": {"code": "RATE_LIMITED", "message": "Too many requests."}}),
    );
    assert_eq!(error.code, ErrorCode::RateLimited);
    assert_eq!(error.message.as_deref(), Some("Too many requests."));
}

#[test]
fn details_are_the_same_from_both_formats() {
    let legacy = normalize(
        422,
        &[],
        json!({"errors": {"email": ["The email field is required."]}}),
    );
    let standardized = normalize(
        422,
        &[],
        json!({"error": {"code": "VALIDATION_ERROR", "message": "The given data was invalid.",
                         "details": [{"field": "email", "issue": "The email field is required."}]}}),
    );
    assert_eq!(legacy.code, standardized.code);
    assert_eq!(legacy.details, standardized.details);
    assert_eq!(
        legacy.to_string(),
        "HTTP 422 VALIDATION_ERROR: The email field is required."
    );
}
