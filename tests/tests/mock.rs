//! The replay mock picks recordings by method, path and format, and answers
//! what it has no recording for with a 404 in the request's format; a pin
//! header selects one exact recording of any API.

use serde_json::{Value, json};
use workspace_tests::mock;

type TestResult = Result<(), Box<dyn std::error::Error>>;

async fn get(url: &str, version: Option<&str>) -> Result<(u16, Value), reqwest::Error> {
    let client = reqwest::Client::new();
    let mut request = client.get(url);
    if let Some(version) = version {
        request = request.header(defentry::API_VERSION_HEADER, version);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let text = response.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

#[tokio::test]
async fn the_format_header_chooses_the_recording() -> TestResult {
    let root = workspace_tests::workspace_root();
    let loaded = mock::start(
        &root,
        &[root.join("tests/recordings/defentry/online-data")],
        0,
    )
    .await?;
    let url = format!("{}/api/v1/delete-my-data/scan/status", loaded.server.uri());
    let (status, standardized) = get(&url, Some(defentry::API_VERSION)).await?;
    assert_eq!(status, 200);
    assert_eq!(standardized["sites"][0]["is_data_found"], json!(true));
    let (_, legacy) = get(&url, None).await?;
    assert!(
        !legacy["sites"][0]["is_data_found"].is_boolean(),
        "legacy flags: {legacy}"
    );
    let (_, other) = get(&url, Some("2025-01-01")).await?;
    assert_eq!(
        other, legacy,
        "an unknown version is legacy, as on the server"
    );
    Ok(())
}

#[tokio::test]
async fn successes_win_and_other_ids_fall_back_to_the_operation() -> TestResult {
    let root = workspace_tests::workspace_root();
    let loaded = mock::start(&root, &[root.join("tests/recordings")], 0).await?;
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{}/api/v1/crm/auth/login", loaded.server.uri()))
        .json(&json!({"username": "u", "password": "p"}))
        .send()
        .await?;
    assert_eq!(
        login.status().as_u16(),
        200,
        "the success, not the throttled recording"
    );
    let (status, _) = get(
        &format!("{}/api/v1/account/99/alarms", loaded.server.uri()),
        None,
    )
    .await?;
    assert_eq!(
        status, 200,
        "account 99 is answered by the recording of account 42"
    );
    Ok(())
}

#[tokio::test]
async fn unmatched_requests_get_a_404_in_their_format() -> TestResult {
    let root = workspace_tests::workspace_root();
    let loaded = mock::start(&root, &[root.join("tests/recordings/defentry/auth")], 0).await?;
    let url = format!("{}/api/v1/nothing/here", loaded.server.uri());
    assert_eq!(get(&url, None).await?, (404, json!({"error": "Not found"})));
    let (status, body) = get(&url, Some(defentry::API_VERSION)).await?;
    assert_eq!((status, &body["error"]["code"]), (404, &json!("NOT_FOUND")));
    assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
    Ok(())
}

#[tokio::test]
async fn the_pin_header_answers_with_that_recording_only() -> TestResult {
    let root = workspace_tests::workspace_root();
    let loaded = mock::start(&root, &[root.join("tests/recordings")], 0).await?;
    let client = reqwest::Client::new();
    let send = |path: &str, pin: &str, version: Option<&str>| {
        let mut request = client
            .post(format!("{}{path}", loaded.server.uri()))
            .header(mock::PIN_HEADER, pin)
            .json(&json!({"username": "u", "password": "p"}));
        if let Some(version) = version {
            request = request.header(defentry::API_VERSION_HEADER, version);
        }
        request.send()
    };
    let throttled = "tests/recordings/defentry/errors/throttled.legacy.json";
    let answer = send("/api/v1/crm/auth/login", throttled, None).await?;
    assert_eq!(
        answer.status().as_u16(),
        409,
        "the pinned error, not the success"
    );
    for (path, pin, version, why) in [
        ("/api/v1/crm/auth/logout", throttled, None, "another path"),
        (
            "/api/v1/crm/auth/login",
            throttled,
            Some(defentry::API_VERSION),
            "another format",
        ),
        (
            "/api/v1/crm/auth/login",
            "tests/recordings/none.json",
            None,
            "no such recording",
        ),
    ] {
        let answer = send(path, pin, version).await?;
        assert_eq!(answer.status().as_u16(), 400, "{why}");
        let body: Value = answer.json().await?;
        assert!(
            body["mock"].as_str().is_some_and(|m| !m.is_empty()),
            "{why}: {body}"
        );
    }
    let dfns = "tests/recordings/dfns/list-pats.json";
    let answer = client
        .get(format!("{}/auth/pats", loaded.server.uri()))
        .header(mock::PIN_HEADER, dfns)
        .send()
        .await?;
    assert_eq!(
        answer.status().as_u16(),
        200,
        "any API's recording can be pinned"
    );
    Ok(())
}

#[tokio::test]
async fn a_recorded_content_length_of_other_bytes_does_not_break_the_answer() -> TestResult {
    let root = workspace_tests::workspace_root();
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("login.legacy.json");
    std::fs::write(
        &file,
        serde_json::to_string(&json!({
            "description": "A live recording whose body was redacted after its content-length was taken.",
            "source": "live",
            "format": "legacy",
            "request": {"method": "POST", "path": "/api/v1/crm/auth/login"},
            "response": {
                "status": 200,
                "headers": {"content-length": "999", "content-type": "application/json"},
                "body": {"token": "redacted-1"}
            }
        }))?,
    )?;
    let loaded = mock::start(&root, &[dir.path().to_path_buf()], 0).await?;
    let answer = reqwest::Client::new()
        .post(format!("{}/api/v1/crm/auth/login", loaded.server.uri()))
        .send()
        .await?;
    assert_eq!(answer.status().as_u16(), 200);
    let body: Value = answer.json().await?;
    assert_eq!(body["token"], "redacted-1");
    Ok(())
}
