//! The error body type decodes all five documented shapes, keeps extra keys
//! such as `corr_id`, and never fails on other JSON.

use defentry::types::{ApiErrorBody, ErrorCode};
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn decode(value: &Value) -> Result<ApiErrorBody, serde_json::Error> {
    serde_json::from_value(value.clone())
}

#[test]
fn standardized_envelope() -> TestResult {
    let body = json!({"error": {"code": "VALIDATION_ERROR", "message": "The given data was invalid.",
                                "details": [{"field": "email", "issue": "The email field is required."}]}});
    let decoded = decode(&body)?;
    assert!(
        matches!(decoded, ApiErrorBody::Standardized(_)),
        "{decoded:?}"
    );
    assert_eq!(decoded.code(), Some(&ErrorCode::ValidationError));
    assert_eq!(decoded.message(), Some("The given data was invalid."));
    let details = decoded.details();
    assert_eq!(
        (details[0].field.as_str(), details[0].issue.as_str()),
        ("email", "The email field is required.")
    );
    assert_eq!(serde_json::to_value(&decoded)?, body);
    Ok(())
}

#[test]
fn standardized_envelope_with_an_unknown_code() -> TestResult {
    let body = json!({"error": {"code": "CONFLICT", "message": "Already exists."}});
    let decoded = decode(&body)?;
    assert_eq!(decoded.code(), Some(&ErrorCode::Unknown("CONFLICT".into())));
    assert_eq!(serde_json::to_value(&decoded)?, body);
    Ok(())
}

#[test]
fn legacy_json_api_errors() -> TestResult {
    let body = json!({"errors": [{"status": "422", "title": "Validation error", "detail": "The email field is required."}]});
    let decoded = decode(&body)?;
    assert!(matches!(decoded, ApiErrorBody::JsonApi(_)), "{decoded:?}");
    assert_eq!(decoded.message(), Some("The email field is required."));
    assert_eq!(decoded.code(), None);
    assert_eq!(serde_json::to_value(&decoded)?, body);
    Ok(())
}

#[test]
fn legacy_field_messages() -> TestResult {
    let body = json!({"errors": {"email": ["The email field is required."], "phone": ["Too short.", "Not a number."]}});
    let decoded = decode(&body)?;
    assert!(
        matches!(decoded, ApiErrorBody::FieldErrors(_)),
        "{decoded:?}"
    );
    let details: Vec<(String, String)> = decoded
        .details()
        .into_iter()
        .map(|d| (d.field, d.issue))
        .collect();
    assert_eq!(
        details,
        [
            (
                "email".to_owned(),
                "The email field is required.".to_owned()
            ),
            ("phone".to_owned(), "Too short.".to_owned()),
            ("phone".to_owned(), "Not a number.".to_owned()),
        ]
    );
    assert_eq!(serde_json::to_value(&decoded)?, body);
    Ok(())
}

#[test]
fn legacy_error_string() -> TestResult {
    let body = json!({"error": "Not found"});
    let decoded = decode(&body)?;
    assert!(
        matches!(decoded, ApiErrorBody::ErrorString(_)),
        "{decoded:?}"
    );
    assert_eq!(decoded.message(), Some("Not found"));
    assert_eq!(serde_json::to_value(&decoded)?, body);
    Ok(())
}

#[test]
fn legacy_message() -> TestResult {
    let body = json!({"message": "Unauthenticated."});
    let decoded = decode(&body)?;
    assert!(matches!(decoded, ApiErrorBody::Message(_)), "{decoded:?}");
    assert_eq!(decoded.message(), Some("Unauthenticated."));
    assert_eq!(serde_json::to_value(&decoded)?, body);
    Ok(())
}

#[test]
fn corr_id_is_kept_on_every_legacy_shape() -> TestResult {
    for body in [
        json!({"errors": [{"status": "403", "title": "Forbidden"}], "corr_id": "c-1"}),
        json!({"errors": {"email": ["Required."]}, "corr_id": "c-1"}),
        json!({"error": "Not found", "corr_id": "c-1"}),
        json!({"message": "Unauthenticated.", "corr_id": "c-1"}),
    ] {
        let decoded = decode(&body)?;
        assert!(!matches!(decoded, ApiErrorBody::Other(_)), "{body}");
        assert_eq!(decoded.corr_id(), Some(&json!("c-1")), "{body}");
        assert_eq!(serde_json::to_value(&decoded)?, body);
    }
    Ok(())
}

#[test]
fn other_json_is_kept_not_rejected() -> TestResult {
    for body in [
        json!({"status": "error"}),
        json!({"error": {"message": "no code"}}),
        json!({"errors": {"email": 5}}),
        json!([1, 2]),
        json!("Server Error"),
        json!(null),
    ] {
        let decoded = decode(&body)?;
        assert_eq!(decoded, ApiErrorBody::Other(body.clone()));
        assert_eq!(serde_json::to_value(&decoded)?, body);
    }
    Ok(())
}
