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

/// One row of the table: status, response headers, legacy body, and the
/// expected code, message and details.
struct Row {
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: Value,
    code: &'static str,
    message: Option<&'static str>,
    details: Value,
}

fn row(status: u16, body: Value, code: &'static str, message: Option<&'static str>) -> Row {
    Row {
        status,
        headers: Vec::new(),
        body,
        code,
        message,
        details: json!([]),
    }
}

#[test]
fn legacy_rows() {
    let rows: Vec<Row> = vec![
        row(
            400,
            json!({"message": "Bad request."}),
            "BAD_REQUEST",
            Some("Bad request."),
        ),
        row(
            401,
            json!({"message": "Unauthenticated."}),
            "UNAUTHENTICATED",
            Some("Unauthenticated."),
        ),
        row(
            403,
            json!({"message": "This action is unauthorized."}),
            "FORBIDDEN",
            Some("This action is unauthorized."),
        ),
        row(
            404,
            json!({"error": "Not found"}),
            "NOT_FOUND",
            Some("Not found"),
        ),
        row(
            404,
            json!({"error": "Not found", "corr_id": "c1"}),
            "NOT_FOUND",
            Some("Not found"),
        ),
        Row {
            details: json!([
                {"field": "email", "issue": "The email field is required."},
                {"field": "email", "issue": "The email must be valid."},
                {"field": "phone", "issue": "The phone is invalid."}
            ]),
            ..row(
                422,
                json!({"errors": {
                    "email": ["The email field is required.", "The email must be valid."],
                    "phone": ["The phone is invalid."]
                }}),
                "VALIDATION_ERROR",
                Some("The email field is required."),
            )
        },
        row(
            422,
            json!({"errors": [{"status": "422", "title": "Invalid", "detail": "Bad email."}]}),
            "VALIDATION_ERROR",
            Some("Bad email."),
        ),
        row(
            422,
            json!({"errors": [{"status": "422", "title": "Invalid"}]}),
            "VALIDATION_ERROR",
            Some("Invalid"),
        ),
        Row {
            headers: vec![("retry-after", "60")],
            ..row(
                409,
                json!({"message": "Slow down."}),
                "RATE_LIMITED",
                Some("Slow down."),
            )
        },
        Row {
            headers: vec![("x-ratelimit-remaining", "0")],
            ..row(
                409,
                json!({"message": "Slow down."}),
                "RATE_LIMITED",
                Some("Slow down."),
            )
        },
        row(
            409,
            json!({"message": "Too Many Attempts."}),
            "RATE_LIMITED",
            Some("Too Many Attempts."),
        ),
        row(
            409,
            json!({"message": "The email has already been taken."}),
            "HTTP_409",
            Some("The email has already been taken."),
        ),
        row(
            429,
            json!({"message": "Too Many Attempts."}),
            "RATE_LIMITED",
            Some("Too Many Attempts."),
        ),
        row(
            500,
            json!({"message": "Server Error"}),
            "HTTP_500",
            Some("Server Error"),
        ),
        row(503, json!("Service Unavailable"), "HTTP_503", None),
    ];
    for expected in rows {
        let Row {
            status,
            headers,
            body,
            ..
        } = &expected;
        let error = normalize(*status, headers, body.clone());
        let at = format!("{status} {headers:?} {body}");
        assert_eq!(error.code, code(expected.code), "{at}");
        assert_eq!(error.status, *status, "{at}");
        assert_eq!(error.message.as_deref(), expected.message, "{at}");
        assert_eq!(
            serde_json::to_value(&error.details).ok(),
            Some(expected.details.clone()),
            "{at}"
        );
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
