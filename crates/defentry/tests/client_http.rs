//! The client over real HTTP on loopback: the headers each format sends, and
//! responses of both formats decoding to the same values.

use defentry::types::{ApiErrorBody, ScanResultData, ScanResultStatus};
use defentry::{Client, Error, Format};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn std::error::Error>>;

async fn serve(method_name: &str, route: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(method_name))
        .and(path(route))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn standardized_client_sends_the_version_header_and_the_token() -> TestResult {
    let server = serve(
        "GET",
        "/api/v1/alarms",
        ResponseTemplate::new(200).set_body_json(json!({"data": []})),
    )
    .await;
    let client = Client::with_token(&server.uri(), "1|secret", Format::Standardized)?;
    client.list_alarms().send().await?;
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1);
    assert_eq!(header(&requests[0], "x-api-version"), Some("2026-06-12"));
    assert_eq!(
        header(&requests[0], "authorization"),
        Some("Bearer 1|secret")
    );
    assert_eq!(
        header(&requests[0], "api-version"),
        None,
        "progenitor's api-version header is removed"
    );
    Ok(())
}

#[tokio::test]
async fn legacy_client_sends_no_version_header() -> TestResult {
    let server = serve("GET", "/api/v1/alarms", ResponseTemplate::new(200)).await;
    let client = Client::with_token(&server.uri(), "1|secret", Format::Legacy)?;
    client.list_alarms().send().await?;
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(header(&requests[0], "x-api-version"), None);
    assert_eq!(header(&requests[0], "api-version"), None);
    assert_eq!(
        header(&requests[0], "authorization"),
        Some("Bearer 1|secret")
    );
    Ok(())
}

#[tokio::test]
async fn login_sends_the_documented_body_without_a_token() -> TestResult {
    let server = serve(
        "POST",
        "/api/v1/crm/auth/login",
        ResponseTemplate::new(200).set_body_json(json!({"token": "1|service-account-token..."})),
    )
    .await;
    let client = Client::builder(server.uri()).build()?;
    let login = client
        .crm_login()
        .body(defentry::types::CrmLoginRequest {
            username: "acme-backend-integration@partner.com".into(),
            password: "your_service_account_password".into(),
            keep_logged: Some(true),
        })
        .send()
        .await?
        .into_inner();
    assert_eq!(login.token.expose(), "1|service-account-token...");
    assert!(!format!("{login:?}").contains("service-account-token"));
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(header(&requests[0], "authorization"), None);
    let sent: Value = serde_json::from_slice(&requests[0].body)?;
    assert_eq!(
        sent,
        json!({"username": "acme-backend-integration@partner.com", "password": "your_service_account_password", "keep_logged": true})
    );
    Ok(())
}

fn scan_status(data_found: Value, found_data: Value) -> Value {
    json!({"sites": [
        {"scan_result": {"status": "SCAN_COMPLETED", "data": found_data}, "is_data_found": data_found,
         "removal_requests": [{"status": "POA_SENT_TO_SITE"}, {"status": "USER_NEW_VALUE"}], "site_name": "Broker"},
        {"scan_result": {"status": "SCAN_PAUSED", "data": []}, "is_data_found": false}
    ]})
}

#[tokio::test]
async fn legacy_and_standardized_bodies_decode_to_equal_values() -> TestResult {
    let found = json!({"firstName": "John", "lastName": "Doe", "city": "Stockholm"});
    let legacy = serve(
        "GET",
        "/api/v1/delete-my-data/scan/status",
        ResponseTemplate::new(200).set_body_json(scan_status(json!("1"), found.clone())),
    )
    .await;
    let standardized = serve(
        "GET",
        "/api/v1/delete-my-data/scan/status",
        ResponseTemplate::new(200).set_body_json(scan_status(json!(true), found)),
    )
    .await;
    let from_legacy = Client::with_token(&legacy.uri(), "t", Format::Legacy)?
        .get_delete_my_data_scan_status()
        .send()
        .await?
        .into_inner();
    let from_standardized = Client::with_token(&standardized.uri(), "t", Format::Standardized)?
        .get_delete_my_data_scan_status()
        .send()
        .await?
        .into_inner();
    assert_eq!(from_legacy, from_standardized);

    let site = &from_legacy.sites[0];
    assert_eq!(site.is_data_found.map(bool::from), Some(true));
    assert_eq!(
        site.extra.get("site_name"),
        Some(&json!("Broker")),
        "unknown fields are kept"
    );
    let result = site.scan_result.as_ref().ok_or("scan_result")?;
    assert_eq!(result.status, Some(ScanResultStatus::ScanCompleted));
    assert!(
        matches!(&result.data, Some(ScanResultData::ScanMatch(m)) if m.first_name.as_deref() == Some("John"))
    );
    assert_eq!(
        site.removal_requests[1].status.as_ref().map(|s| s.as_str()),
        Some("USER_NEW_VALUE")
    );

    let empty = from_legacy.sites[1]
        .scan_result
        .as_ref()
        .ok_or("scan_result")?;
    assert!(
        matches!(&empty.data, Some(ScanResultData::NothingFound(list)) if list.is_empty()),
        "`[]` is nothing found: {:?}",
        empty.data
    );
    assert_eq!(
        empty.status,
        Some(ScanResultStatus::Unknown("SCAN_PAUSED".into()))
    );

    // Unknown fields and enum values survive re-encoding.
    let again = serde_json::to_value(&from_standardized)?;
    assert_eq!(
        again,
        scan_status(
            json!(true),
            json!({"firstName": "John", "lastName": "Doe", "city": "Stockholm"})
        )
    );
    Ok(())
}

#[tokio::test]
async fn error_responses_of_both_formats_decode_with_their_status() -> TestResult {
    let cases = [
        (
            Format::Legacy,
            409,
            json!({"message": "Too Many Attempts.", "corr_id": "abc"}),
        ),
        (
            Format::Standardized,
            429,
            json!({"error": {"code": "RATE_LIMITED", "message": "Too many requests."}}),
        ),
        (Format::Legacy, 401, json!({"message": "Unauthenticated."})),
        (
            Format::Legacy,
            422,
            json!({"errors": {"email": ["The email field is required."]}}),
        ),
        (Format::Legacy, 404, json!({"error": "Not found"})),
        (
            Format::Standardized,
            500,
            json!({"error": {"code": "SERVER_ERROR", "message": "Oops."}}),
        ),
    ];
    for (format, status, body) in cases {
        let server = serve(
            "GET",
            "/api/v1/alarms",
            ResponseTemplate::new(status).set_body_json(body.clone()),
        )
        .await;
        let result = Client::with_token(&server.uri(), "t", format)?
            .list_alarms()
            .send()
            .await;
        match result {
            Err(Error::ErrorResponse(response)) => {
                assert_eq!(response.status().as_u16(), status);
                let decoded: &ApiErrorBody = &response;
                assert!(
                    !matches!(decoded, ApiErrorBody::Other(_)),
                    "{status}: {decoded:?}"
                );
                assert_eq!(serde_json::to_value(decoded)?, body);
            }
            Err(other) => {
                return Err(format!("{status}: expected an error response, got {other}").into());
            }
            Ok(response) => {
                return Err(
                    format!("{status}: expected an error, got {}", response.status()).into(),
                );
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn undocumented_responses_are_passed_through_even_when_empty() -> TestResult {
    let server = serve(
        "DELETE",
        "/api/v1/email-watchlist/7",
        ResponseTemplate::new(204),
    )
    .await;
    let client = Client::with_token(&server.uri(), "t", Format::Standardized)?;
    let response = client
        .delete_email_watchlist_item()
        .email_id(7)
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 204);
    let bytes = response.into_inner().into_inner();
    use futures_util::StreamExt;
    let chunks: Vec<_> = bytes.collect().await;
    assert!(
        chunks
            .iter()
            .all(|c| c.as_ref().is_ok_and(|b| b.is_empty()))
    );
    Ok(())
}
