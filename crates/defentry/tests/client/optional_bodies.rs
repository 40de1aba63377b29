//! Operations whose body the docs do not show take an optional undocumented
//! body: without `.body(…)` the client sends `{}`, with it the given object;
//! and ids go into paths as the server gave them.

use defentry::types::ResourceId;
use defentry::{AppClient, Config, CrmClient};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn std::error::Error>>;

async fn server(route: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

async fn sent_body(server: &MockServer) -> Result<Value, Box<dyn std::error::Error>> {
    let requests = server.received_requests().await.unwrap_or_default();
    let [request] = requests.as_slice() else {
        return Err(format!("{} requests, expected 1", requests.len()).into());
    };
    Ok(serde_json::from_slice(&request.body)?)
}

#[tokio::test]
async fn an_undocumented_optional_body_is_empty_unless_given() -> TestResult {
    let server = server("/api/v1/delete-my-data/scan").await;
    let app = AppClient::with_token(&Config::new(&server.uri())?, "t")?;
    app.start_delete_my_data_scan().send().await?;
    assert_eq!(sent_body(&server).await?, json!({}));

    let server = server_at_retry().await;
    let app = AppClient::with_token(&Config::new(&server.uri())?, "t")?;
    let mut body = serde_json::Map::new();
    body.insert("reason".into(), json!("timeout"));
    app.retry_delete_my_data_scan_site()
        .site_id("site-9")
        .body(body)
        .send()
        .await?;
    assert_eq!(sent_body(&server).await?, json!({"reason": "timeout"}));
    Ok(())
}

async fn server_at_retry() -> MockServer {
    server("/api/v1/delete-my-data/scan/site-9/retry").await
}

#[tokio::test]
async fn ids_of_either_kind_go_into_the_path_as_received() -> TestResult {
    let numeric: ResourceId = serde_json::from_str("42")?;
    let text: ResourceId = serde_json::from_str(r#""acc_7f3""#)?;
    for (id, route) in [
        (
            &numeric,
            "/api/v1/account/42/phone-watchlist/send-verification-code",
        ),
        (
            &text,
            "/api/v1/account/acc_7f3/phone-watchlist/send-verification-code",
        ),
    ] {
        let server = server(route).await;
        let crm = CrmClient::with_token(&Config::new(&server.uri())?, "t")?;
        crm.send_account_phone_verification_code()
            .account_id(id)
            .send()
            .await?;
        assert_eq!(sent_body(&server).await?, json!({}));
    }
    Ok(())
}
