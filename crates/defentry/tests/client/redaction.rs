//! Passwords, tokens and national id numbers never appear in `Debug` output,
//! yet are sent as given.

use defentry::types::{AccountCreate, CrmLoginRequest, CrmLoginResponse, ResetPasswordRequest};
use defentry::{Config, CrmClient};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const SECRETS: &[&str] = &[
    "hunter2-password",
    "1|token-secret",
    "19121212-1212",
    "emailed-reset-token",
];

fn assert_redacted(shown: &str) {
    for secret in SECRETS {
        assert!(
            !shown.contains(secret),
            "`{secret}` leaked into Debug: {shown}"
        );
    }
    assert!(shown.contains("Secret(***)"), "{shown}");
}

#[test]
fn request_and_response_types_redact_their_secrets() -> TestResult {
    let login = CrmLoginRequest {
        username: "svc@partner.com".into(),
        password: "hunter2-password".into(),
        keep_logged: None,
    };
    assert_redacted(&format!("{login:?}"));
    let token: CrmLoginResponse = serde_json::from_str(r#"{"token": "1|token-secret"}"#)?;
    assert_redacted(&format!("{token:?}"));
    let reset = ResetPasswordRequest {
        token: "emailed-reset-token".into(),
        password: "hunter2-password".into(),
        password_confirmation: "hunter2-password".into(),
    };
    assert_redacted(&format!("{reset:?}"));
    let account: AccountCreate = AccountCreate::builder()
        .ssn(defentry::types::Secret::new("19121212-1212"))
        .first_name("John".to_owned())
        .last_name("Doe".to_owned())
        .email("john.doe@example.com")
        .country_code("SE".to_owned())
        .lang_code("SV".to_owned())
        .plan_id(1_i64)
        .type_("SINGLE".to_owned())
        .try_into()?;
    assert_redacted(&format!("{account:?}"));
    // Sent as given.
    let sent = serde_json::to_value(&account)?;
    assert_eq!(sent["ssn"], "19121212-1212");
    assert_eq!(
        serde_json::to_value(&login)?["password"],
        "hunter2-password"
    );
    Ok(())
}

#[test]
fn clients_redact_their_token() -> TestResult {
    let client = CrmClient::with_token(&Config::new("https://api.example.com")?, "1|token-secret")?;
    assert_redacted(&format!("{client:?}"));
    Ok(())
}
