//! Item 3: server text reaches `Display` escaped and bounded; the error's
//! fields keep it whole.

use serde_json::json;

use super::server::{Hostile, Reply};
use super::{FORMATS, TestResult, crmcom_config, crmcom_key, crmcom_ok};

/// A message that forges a log line and clears the terminal.
const FORGED: &str = "bad\n2026-01-01T00:00:00Z INFO admin login ok\u{1b}[2J";

/// Display text must show the forgery escaped, and stay short.
fn check(shown: &str, long: bool) -> Result<(), String> {
    if shown.contains('\n') || shown.contains('\u{1b}') {
        return Err(format!("raw control characters: {shown:?}"));
    }
    if !long && !shown.contains(r"bad\n2026-01-01T00:00:00Z INFO admin login ok\u{1b}[2J") {
        return Err(format!("the message is not shown escaped: {shown}"));
    }
    if shown.len() > 4096 {
        return Err(format!("{} bytes of Display", shown.len()));
    }
    Ok(())
}

#[tokio::test]
async fn defentry_display_escapes_and_bounds_server_text() -> TestResult {
    let long = "x".repeat(1 << 20) + FORGED;
    for format in FORMATS {
        for message in [FORGED.to_owned(), long.clone()] {
            let body = match format {
                defentry::Format::Legacy => json!({"error": message}),
                _ => json!({"error": {"code": "NOT\nFOUND\u{1b}[2J", "message": message}}),
            };
            let server = Hostile::start(move |_| Reply::json(404, &body)).await?;
            let config = defentry::Config::new(&server.url)?.with_format(format);
            let app = defentry::AppClient::with_token(&config, "t")?;
            let error = app
                .get_delete_my_data_scan_status()
                .send()
                .await
                .err()
                .ok_or("no error")?;
            check(&error.to_string(), message.len() > FORGED.len())
                .map_err(|e| format!("{format:?}: {e}"))?;
            let api = error.api().ok_or("not an ApiError")?;
            assert_eq!(api.message.as_deref(), Some(message.as_str()), "kept whole");
        }
    }
    Ok(())
}

#[tokio::test]
async fn crmcom_display_escapes_and_bounds_server_text() -> TestResult {
    let long = "x".repeat(1 << 20) + FORGED;
    for message in [FORGED.to_owned(), long] {
        let envelope = json!({"status": {"code": "COM.CRM\nFORGED", "message": message, "description": message}});
        let server = Hostile::start(move |request| {
            if request.path.ends_with("/web_api_key/token") {
                crmcom_ok(json!({"token": "tok"}))
            } else {
                Reply::json(200, &envelope)
            }
        })
        .await?;
        let session = crmcom::Session::login(&crmcom_config(&server)?, crmcom_key()).await?;
        let error = session
            .get("contacts/list", &[])
            .await
            .err()
            .ok_or("no error")?;
        check(&error.to_string(), message.len() > FORGED.len())?;
        assert!(
            matches!(&error, crmcom::Error::Api { message: Some(m), .. } if *m == message),
            "kept whole"
        );
    }
    Ok(())
}

#[tokio::test]
async fn dfns_display_escapes_and_bounds_server_text() -> TestResult {
    let long = "x".repeat(1 << 20) + FORGED;
    for message in [FORGED.to_owned(), long] {
        let body = json!({"error": {"message": message, "id": "id\n\u{1b}[2J", "status": 400}});
        let server = Hostile::start(move |_| Reply::json(400, &body)).await?;
        let client = dfns::DfnsClient::with_token(&dfns::Config::new(&server.url)?, "t")?;
        let error = client
            .list_personal_access_tokens()
            .send()
            .await
            .err()
            .ok_or("no error")?;
        check(&error.to_string(), message.len() > FORGED.len())?;
        assert_eq!(error.message(), Some(message.as_str()), "kept whole");
    }
    Ok(())
}

#[tokio::test]
async fn excerpts_escape_control_characters() -> TestResult {
    let server =
        Hostile::start(|_| Reply::body(502, "text/html", format!("<html>{FORGED}</html>"))).await?;
    let app = defentry::AppClient::with_token(&defentry::Config::new(&server.url)?, "t")?;
    let error = app
        .get_delete_my_data_scan_status()
        .send()
        .await
        .err()
        .ok_or("no error")?;
    check(&error.to_string(), false)?;
    Ok(())
}
