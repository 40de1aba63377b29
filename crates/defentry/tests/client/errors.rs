//! Every way a call can fail is its own `Error` variant that keeps the status
//! and a body excerpt; no input makes the client panic.

use crate::common::{FORMATS, TestResult, config, serve};
use defentry::{AppClient, Config, CrmClient, Error, Failure, Format, PublicClient};
use wiremock::ResponseTemplate;

const STATUS: &str = "/api/v1/delete-my-data/scan/status";

async fn scan_status(
    response: ResponseTemplate,
    format: Format,
) -> Result<Error, Box<dyn std::error::Error>> {
    let server = serve("GET", STATUS, response).await;
    let app = AppClient::with_token(&config(&server, format)?, "t")?;
    match app.get_delete_my_data_scan_status().send().await {
        Err(error) => Ok(error),
        Ok(response) => Err(format!("expected an error, got {}", response.status()).into()),
    }
}

#[tokio::test]
async fn an_html_error_page_keeps_status_content_type_and_excerpt() -> TestResult {
    for format in FORMATS {
        let page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
        let error = scan_status(
            ResponseTemplate::new(502).set_body_raw(page, "text/html"),
            format,
        )
        .await?;
        match &error {
            Error::Failure(Failure::UndecodableBody {
                status,
                content_type,
                excerpt,
                ..
            }) => {
                assert_eq!(*status, 502);
                assert_eq!(content_type.as_deref(), Some("text/html"));
                assert!(excerpt.contains("502 Bad Gateway"), "{excerpt}");
            }
            other => return Err(format!("{format:?}: {other:?}").into()),
        }
        assert_eq!(error.status(), Some(502));
        assert!(
            error
                .to_string()
                .starts_with("HTTP 502: undecodable body (text/html)"),
            "{error}"
        );
    }
    Ok(())
}

async fn create_account(response: ResponseTemplate) -> Result<Error, Box<dyn std::error::Error>> {
    let server = serve("POST", "/api/v1/account", response).await;
    let crm = CrmClient::with_token(&config(&server, Format::Standardized)?, "t")?;
    let body = defentry::types::AccountCreate::builder()
        .first_name("John".to_owned())
        .last_name("Doe".to_owned())
        .email("john.doe@example.com")
        .country_code("SE".to_owned())
        .lang_code("SV".to_owned())
        .plan_id(1_i64)
        .type_("SINGLE".to_owned());
    match crm.create_account().body(body).send().await {
        Err(error) => Ok(error),
        Ok(response) => Err(format!("expected an error, got {}", response.status()).into()),
    }
}

#[tokio::test]
async fn truncated_json_and_empty_bodies_keep_their_status() -> TestResult {
    let cases = [
        (201, r#"{"data": {"id": 4"#, "EOF"),
        (201, "", "EOF"),
        (404, "", "EOF"),
        (500, r#"{"error": {"code": "X""#, "EOF"),
        // An id may be a number or a string, never a fraction.
        (
            201,
            r#"{"data": {"id": 4.5}}"#,
            "invalid type: floating point `4.5`",
        ),
    ];
    for (status, body, reason_part) in cases {
        let error =
            create_account(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
                .await?;
        match &error {
            Error::Failure(Failure::UndecodableBody {
                status: seen,
                excerpt,
                reason,
                ..
            }) => {
                assert_eq!(*seen, status, "{body}");
                assert_eq!(excerpt, body);
                assert!(reason.contains(reason_part), "{body}: {reason}");
            }
            other => return Err(format!("{status} {body:?}: {other:?}").into()),
        }
    }
    Ok(())
}

#[tokio::test]
async fn an_undecodable_login_response_does_not_quote_the_body() -> TestResult {
    let server = serve(
        "POST",
        "/api/v1/crm/auth/login",
        ResponseTemplate::new(200).set_body_raw(
            r#"{"token": 12345678, "secret": "s3cr3t"}"#,
            "application/json",
        ),
    )
    .await;
    let result = CrmClient::login(&config(&server, Format::Legacy)?, "svc", "pw", false).await;
    match result {
        Err(error @ Error::Failure(Failure::UndecodableBody { .. })) => {
            let shown = format!("{error} {error:?}");
            assert!(
                !shown.contains("s3cr3t") && !shown.contains("12345678"),
                "{shown}"
            );
            assert!(shown.contains("Data error at line 1 column"), "{shown}");
            assert_eq!(error.status(), Some(200));
        }
        other => {
            return Err(format!("expected UndecodableBody, got {:?}", other.map(|_| ())).into());
        }
    }
    Ok(())
}

#[tokio::test]
async fn responses_that_may_carry_a_national_id_are_not_quoted_either() -> TestResult {
    let body =
        r#"{"sites": [{"scan_result": {"data": {"ssn": "19121212-1212"}}, "is_data_found": 7}]}"#;
    let error = scan_status(
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
        Format::Standardized,
    )
    .await?;
    let shown = format!("{error} {error:?}");
    assert!(
        matches!(
            error,
            Error::Failure(Failure::UndecodableBody { status: 200, .. })
        ) && !shown.contains("19121212"),
        "{shown}"
    );
    Ok(())
}

#[tokio::test]
async fn an_undocumented_login_success_does_not_quote_the_body() -> TestResult {
    let server = serve(
        "POST",
        "/api/v1/crm/auth/login",
        ResponseTemplate::new(201)
            .set_body_raw(r#"{"token": "1|s3cr3t-token"}"#, "application/json"),
    )
    .await;
    let result = CrmClient::login(&config(&server, Format::Legacy)?, "svc", "pw", false).await;
    match result {
        Err(error @ Error::Failure(Failure::UnexpectedStatus { status: 201, .. })) => {
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("s3cr3t"), "{shown}");
        }
        other => {
            return Err(format!("expected UnexpectedStatus, got {:?}", other.map(|_| ())).into());
        }
    }
    Ok(())
}

#[tokio::test]
async fn an_undocumented_status_and_a_dead_server_are_their_own_variants() -> TestResult {
    let error = scan_status(
        ResponseTemplate::new(300).set_body_raw("choose", "text/plain"),
        Format::Legacy,
    )
    .await?;
    assert!(
        matches!(&error, Error::Failure(Failure::UnexpectedStatus { status: 300, excerpt, .. }) if excerpt == "choose"),
        "{error:?}"
    );

    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let closed = format!("http://{}", listener.local_addr()?);
    drop(listener);
    let app = AppClient::with_token(&Config::new(&closed)?, "t")?;
    let error = app
        .get_delete_my_data_scan_status()
        .send()
        .await
        .err()
        .ok_or("expected an error")?;
    assert!(
        matches!(error, Error::Failure(Failure::Transport(_))),
        "{error:?}"
    );
    assert_eq!(error.status(), None);
    Ok(())
}

#[tokio::test]
async fn a_missing_required_parameter_is_an_invalid_request() -> TestResult {
    let crm = CrmClient::with_token(&Config::new("http://127.0.0.1:9")?, "t")?;
    let error = crm
        .get_account_alarm()
        .account_id(42)
        .send()
        .await
        .err()
        .ok_or("expected an error")?;
    assert!(
        matches!(&error, Error::Failure(Failure::InvalidRequest(m)) if m.contains("alarm_id")),
        "{error:?}"
    );
    let error = Config::new("api.example.com")
        .err()
        .ok_or("expected an error")?;
    assert!(
        matches!(error, Error::Failure(Failure::Config(_))),
        "{error:?}"
    );
    Ok(())
}

#[tokio::test]
async fn no_input_makes_the_client_panic() -> TestResult {
    let mut rng = fastrand::Rng::with_seed(7);
    let statuses = [
        200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503,
    ];
    let fixed: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"null".to_vec(),
        b"[]".to_vec(),
        b"{}".to_vec(),
        b"\"text\"".to_vec(),
        b"{\"error\": null}".to_vec(),
        b"{\"errors\": 5}".to_vec(),
        b"{\"token\": []}".to_vec(),
        b"{\"sites\": {}}".to_vec(),
        vec![0xff, 0xfe, 0x00],
    ];
    let mut bodies = fixed;
    for _ in 0..20 {
        let len = rng.usize(0..64);
        bodies.push((0..len).map(|_| rng.u8(..)).collect());
    }
    let server = wiremock::MockServer::start().await;
    let app = AppClient::with_token(&config(&server, Format::Legacy)?, "t")?;
    let public = PublicClient::new(&config(&server, Format::Standardized)?)?;
    for status in statuses {
        for body in &bodies {
            server.reset().await;
            wiremock::Mock::given(wiremock::matchers::any())
                .respond_with(
                    ResponseTemplate::new(status).set_body_raw(body.clone(), "application/json"),
                )
                .mount(&server)
                .await;
            let _ = app.get_delete_my_data_scan_status().send().await;
            let _ = public
                .crm_login()
                .body(defentry::types::CrmLoginRequest {
                    username: "u".into(),
                    password: "p".into(),
                    keep_logged: None,
                })
                .send()
                .await;
        }
    }
    Ok(())
}
