//! The clients over real HTTP on loopback: the headers each format sends, and
//! responses of both formats decoding to the same values.

use crate::common::{TestResult, config, header, serve};
use defentry::types::{ApiErrorBody, ScanResultData, ScanResultStatus};
use defentry::{AppClient, CrmClient, Error, Format, PublicClient};
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::ResponseTemplate;

#[tokio::test]
async fn standardized_clients_send_the_version_header_and_the_token() -> TestResult {
    let server = serve("GET", "/api/v1/alarms", ResponseTemplate::new(200)).await;
    CrmClient::with_token(&config(&server, Format::Standardized)?, "1|secret")?
        .list_alarms()
        .send()
        .await?;
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
async fn legacy_clients_send_no_version_header() -> TestResult {
    let server = serve("GET", "/api/v1/alarms", ResponseTemplate::new(200)).await;
    AppClient::with_token(&config(&server, Format::Legacy)?, "1|secret")?
        .list_alarms()
        .send()
        .await?;
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
    let public = PublicClient::new(&config(&server, Format::Standardized)?)?;
    let login = public
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
    let route = "/api/v1/delete-my-data/scan/status";
    let legacy = serve(
        "GET",
        route,
        ResponseTemplate::new(200).set_body_json(scan_status(json!("1"), found.clone())),
    )
    .await;
    let standardized = serve(
        "GET",
        route,
        ResponseTemplate::new(200).set_body_json(scan_status(json!(true), found.clone())),
    )
    .await;
    let from_legacy = AppClient::with_token(&config(&legacy, Format::Legacy)?, "t")?
        .get_delete_my_data_scan_status()
        .send()
        .await?
        .into_inner();
    let from_standardized =
        AppClient::with_token(&config(&standardized, Format::Standardized)?, "t")?
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
    assert_eq!(
        serde_json::to_value(&from_standardized)?,
        scan_status(json!(true), found)
    );
    Ok(())
}

#[tokio::test]
async fn error_responses_of_both_formats_keep_their_status_and_shape() -> TestResult {
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
        match CrmClient::with_token(&config(&server, format)?, "t")?
            .list_alarms()
            .send()
            .await
        {
            Err(Error::Api(error)) => {
                assert_eq!(error.status, status);
                assert!(
                    !matches!(error.body, ApiErrorBody::Other(_)),
                    "{status}: {:?}",
                    error.body
                );
                assert_eq!(serde_json::to_value(&error.body)?, body);
            }
            Err(other) => {
                return Err(format!("{status}: expected an API error, got {other}").into());
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
    let client = AppClient::with_token(&config(&server, Format::Standardized)?, "t")?;
    let response = client
        .delete_email_watchlist_item()
        .email_id(7)
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 204);
    let chunks: Vec<_> = response.into_inner().into_inner().collect().await;
    assert!(
        chunks
            .iter()
            .all(|c| c.as_ref().is_ok_and(|b| b.is_empty()))
    );
    Ok(())
}
