//! The opt-in retry policy over loopback HTTP: what is retried, what never
//! is, and how long the client waits.

use std::time::{Duration, Instant};

use crate::common::{FORMATS, TestResult, config, error_body, received};
use defentry::{AppClient, CrmClient, Error, Format, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ALARMS: &str = "/api/v1/account/42/alarms";

fn fast() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(2),
    }
}

/// Answers `route` with `first` `times` times, then 200.
async fn flaky(verb: &str, route: &str, first: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

async fn crm(
    server: &MockServer,
    format: Format,
    policy: Option<RetryPolicy>,
) -> Result<CrmClient, Error> {
    let config = config(server, format)?;
    CrmClient::with_token(
        &match policy {
            Some(policy) => config.with_retry(policy),
            None => config,
        },
        "t",
    )
}

#[tokio::test]
async fn throttling_of_either_format_and_503_are_retried() -> TestResult {
    let cases = [
        (
            Format::Standardized,
            ResponseTemplate::new(429).set_body_json(error_body(
                Format::Standardized,
                "RATE_LIMITED",
                "Too many requests.",
            )),
        ),
        (
            Format::Legacy,
            ResponseTemplate::new(409).set_body_json(json!({"message": "Too Many Attempts."})),
        ),
        (
            Format::Legacy,
            ResponseTemplate::new(409)
                .insert_header("retry-after", "0")
                .set_body_json(json!({"message": "Slow down"})),
        ),
        (
            Format::Legacy,
            ResponseTemplate::new(503).set_body_raw("<html>down</html>", "text/html"),
        ),
    ];
    for (format, first) in cases {
        let server = flaky("GET", ALARMS, first, 2).await;
        let response = crm(&server, format, Some(fast()))
            .await?
            .list_account_alarms()
            .account_id(42)
            .send()
            .await?;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(
            received(&server, ALARMS).await.len(),
            3,
            "{format:?}: two retries"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_conflict_is_not_throttling_and_is_not_retried() -> TestResult {
    let conflict = ResponseTemplate::new(409)
        .set_body_json(json!({"message": "The email has already been taken."}));
    let server = flaky("GET", ALARMS, conflict, 5).await;
    let error = crm(&server, Format::Legacy, Some(fast()))
        .await?
        .list_account_alarms()
        .account_id(42)
        .send()
        .await
        .err()
        .ok_or("expected an error")?;
    assert_eq!(error.code(), Some("HTTP_409"));
    assert_eq!(error.message(), Some("The email has already been taken."));
    assert_eq!(received(&server, ALARMS).await.len(), 1);
    Ok(())
}

#[tokio::test]
async fn attempts_are_bounded() -> TestResult {
    for format in FORMATS {
        let status = if format == Format::Legacy { 409 } else { 429 };
        let throttled = ResponseTemplate::new(status).set_body_json(error_body(
            format,
            "RATE_LIMITED",
            "Too Many Attempts.",
        ));
        let server = flaky("GET", ALARMS, throttled, 100).await;
        let error = crm(&server, format, Some(fast()))
            .await?
            .list_account_alarms()
            .account_id(42)
            .send()
            .await
            .err()
            .ok_or("expected an error")?;
        assert_eq!(error.code(), Some("RATE_LIMITED"), "{format:?}");
        assert_eq!(
            received(&server, ALARMS).await.len(),
            3,
            "{format:?}: max_attempts in all"
        );
    }
    Ok(())
}

#[tokio::test]
async fn post_patch_and_the_state_changing_gets_are_never_retried() -> TestResult {
    let throttled = || {
        ResponseTemplate::new(429).set_body_json(error_body(
            Format::Standardized,
            "RATE_LIMITED",
            "Too many requests.",
        ))
    };
    let server = flaky("POST", "/api/v1/account/42/email-watchlist", throttled(), 5).await;
    let crm = crm(&server, Format::Standardized, Some(fast())).await?;
    let result = crm
        .add_account_email_watchlist_item()
        .account_id(42)
        .body(defentry::types::EmailWatchlistItemCreate {
            email: "a@b.c".into(),
        })
        .send()
        .await;
    assert_eq!(result.err().and_then(|e| e.status()), Some(429));
    assert_eq!(
        received(&server, "/api/v1/account/42/email-watchlist")
            .await
            .len(),
        1,
        "POST"
    );

    let close = "/api/v1/account/42/alarms/7/close";
    let server = flaky("GET", close, throttled(), 5).await;
    let result = crm_for(&server)?
        .close_account_alarm()
        .account_id(42)
        .alarm_id(7)
        .send()
        .await;
    assert_eq!(result.err().and_then(|e| e.status()), Some(429));
    assert_eq!(
        received(&server, close).await.len(),
        1,
        "state-changing GET"
    );

    let app_close = "/api/v1/alarms/7/close";
    let server = flaky("GET", app_close, throttled(), 5).await;
    let app = AppClient::with_token(
        &config(&server, Format::Standardized)?.with_retry(fast()),
        "t",
    )?;
    let result = app.close_alarm().alarm_id(7).send().await;
    assert_eq!(result.err().and_then(|e| e.status()), Some(429));
    assert_eq!(
        received(&server, app_close).await.len(),
        1,
        "state-changing GET of the app"
    );

    let patch = "/api/v1/account/42";
    let server = flaky("PATCH", patch, throttled(), 5).await;
    let result = crm_for(&server)?
        .patch_account()
        .account_id(42)
        .body(defentry::types::AccountUpdate::builder())
        .send()
        .await;
    assert_eq!(result.err().and_then(|e| e.status()), Some(429));
    assert_eq!(received(&server, patch).await.len(), 1, "PATCH");
    Ok(())
}

fn crm_for(server: &MockServer) -> Result<CrmClient, Error> {
    CrmClient::with_token(
        &config(server, Format::Standardized)?.with_retry(fast()),
        "t",
    )
}

#[tokio::test]
async fn retry_after_is_honoured_and_bounded() -> TestResult {
    let wait = ResponseTemplate::new(429)
        .insert_header("retry-after", "1")
        .set_body_json(error_body(Format::Standardized, "RATE_LIMITED", "Wait."));
    let server = flaky("GET", ALARMS, wait, 1).await;
    let started = Instant::now();
    crm(&server, Format::Standardized, Some(fast()))
        .await?
        .list_account_alarms()
        .account_id(42)
        .send()
        .await?;
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );

    let too_long = ResponseTemplate::new(429)
        .insert_header("retry-after", "3600")
        .set_body_json(error_body(Format::Standardized, "RATE_LIMITED", "Later."));
    let server = flaky("GET", ALARMS, too_long, 1).await;
    let started = Instant::now();
    let result = crm(&server, Format::Standardized, Some(fast()))
        .await?
        .list_account_alarms()
        .account_id(42)
        .send()
        .await;
    assert_eq!(
        result.err().and_then(|e| e.status()),
        Some(429),
        "a wait beyond max_delay is not waited for"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(received(&server, ALARMS).await.len(), 1);
    Ok(())
}

#[tokio::test]
async fn retries_are_off_unless_configured() -> TestResult {
    let throttled = ResponseTemplate::new(429).set_body_json(error_body(
        Format::Standardized,
        "RATE_LIMITED",
        "Too many requests.",
    ));
    let server = flaky("GET", ALARMS, throttled, 5).await;
    let result = crm(&server, Format::Standardized, None)
        .await?
        .list_account_alarms()
        .account_id(42)
        .send()
        .await;
    assert_eq!(result.err().and_then(|e| e.status()), Some(429));
    assert_eq!(received(&server, ALARMS).await.len(), 1);
    Ok(())
}
