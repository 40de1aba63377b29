//! CRM and app sessions over loopback HTTP, in both formats.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::common::{FORMATS, TestResult, config, error_body, header, received};
use defentry::types::ErrorCode;
use defentry::{AppClient, CrmClient, Error, Format};
use serde_json::json;
use wiremock::matchers::{header as has_header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const LOGIN: &str = "/api/v1/crm/auth/login";
const ALARMS: &str = "/api/v1/account/42/alarms";

/// Answers logins with the next token of a list (the last one repeats), or
/// with a failure once the list is used up, counting them.
struct Logins {
    served: Arc<AtomicUsize>,
    tokens: Vec<&'static str>,
    then_fail: Option<ResponseTemplate>,
}

impl Respond for Logins {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.served.fetch_add(1, Ordering::SeqCst);
        match (self.tokens.get(n), &self.then_fail) {
            (Some(token), _) => ResponseTemplate::new(200)
                .set_body_json(json!({"token": token}))
                .set_delay(Duration::from_millis(100)),
            (None, Some(failure)) => failure.clone(),
            (None, None) => ResponseTemplate::new(200)
                .set_body_json(json!({"token": self.tokens.last().copied().unwrap_or("t")})),
        }
    }
}

/// A server whose alarms accept only `Bearer fresh` (401 otherwise, in `format`).
async fn server(format: Format, logins: Logins) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(LOGIN))
        .respond_with(logins)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ALARMS))
        .and(has_header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ALARMS))
        .respond_with(ResponseTemplate::new(401).set_body_json(error_body(
            format,
            "UNAUTHENTICATED",
            "Unauthenticated.",
        )))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn logins(tokens: Vec<&'static str>) -> (Arc<AtomicUsize>, Logins) {
    let served = Arc::new(AtomicUsize::new(0));
    (
        served.clone(),
        Logins {
            served,
            tokens,
            then_fail: None,
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_calls_with_an_expired_token_cause_one_login() -> TestResult {
    for format in FORMATS {
        let (served, responder) = logins(vec!["stale", "fresh"]);
        let server = server(format, responder).await;
        let crm =
            CrmClient::login(&config(&server, format)?, "svc@partner.com", "pw", true).await?;
        assert_eq!(served.load(Ordering::SeqCst), 1, "the first login");
        let calls: Vec<_> = (0..50)
            .map(|_| {
                let crm = crm.clone();
                tokio::spawn(async move {
                    crm.list_account_alarms()
                        .account_id(42)
                        .send()
                        .await
                        .map(|r| r.status().as_u16())
                })
            })
            .collect();
        for call in calls {
            assert_eq!(call.await??, 200, "{format:?}: every call succeeds");
        }
        assert_eq!(
            served.load(Ordering::SeqCst),
            2,
            "{format:?}: exactly one login again for all 50 calls"
        );
        let alarms = received(&server, ALARMS).await;
        let stale = alarms
            .iter()
            .filter(|r| header(r, "authorization") == Some("Bearer stale"))
            .count();
        let fresh = alarms
            .iter()
            .filter(|r| header(r, "authorization") == Some("Bearer fresh"))
            .count();
        assert_eq!(
            (stale, fresh),
            (50, 50),
            "{format:?}: each call hit the expired token once, then used the new one"
        );
        let login_body: serde_json::Value =
            serde_json::from_slice(&received(&server, LOGIN).await[0].body)?;
        assert_eq!(
            login_body,
            json!({"username": "svc@partner.com", "password": "pw", "keep_logged": true})
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_failed_login_is_a_typed_error_and_is_not_retried() -> TestResult {
    for format in FORMATS {
        let server = MockServer::start().await;
        let served = Arc::new(AtomicUsize::new(0));
        let failure = ResponseTemplate::new(401).set_body_json(error_body(
            format,
            "UNAUTHENTICATED",
            "These credentials do not match our records.",
        ));
        Mock::given(method("POST"))
            .and(path(LOGIN))
            .respond_with(Logins {
                served: served.clone(),
                tokens: vec![],
                then_fail: Some(failure),
            })
            .mount(&server)
            .await;
        let result =
            CrmClient::login(&config(&server, format)?, "svc@partner.com", "wrong", false).await;
        match result {
            Err(Error::Api(error)) => {
                assert_eq!(error.code, ErrorCode::Unauthenticated, "{format:?}")
            }
            other => {
                return Err(format!(
                    "{format:?}: expected an API error, got {:?}",
                    other.map(|_| ())
                )
                .into());
            }
        }
        assert_eq!(
            served.load(Ordering::SeqCst),
            1,
            "{format:?}: one login request, no retry loop"
        );
        let sent: serde_json::Value =
            serde_json::from_slice(&received(&server, LOGIN).await[0].body)?;
        assert!(
            sent.get("keep_logged").is_none(),
            "keep_logged is only sent when asked for"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_401_logs_in_again_once_and_repeats_the_call_once() -> TestResult {
    for format in FORMATS {
        let (served, responder) = logins(vec!["stale", "still-stale"]);
        let server = server(format, responder).await;
        let crm = CrmClient::login(
            &config(&server, format)?,
            "svc@partner.com",
            "hunter2-password",
            false,
        )
        .await?;
        let shown = format!("{crm:?}");
        assert!(
            !shown.contains("hunter2-password") && !shown.contains("stale"),
            "Debug shows a secret: {shown}"
        );
        let result = crm.list_account_alarms().account_id(42).send().await;
        assert!(
            matches!(&result, Err(Error::Api(e)) if e.status == 401),
            "{format:?}: {:?}",
            result.as_ref().err()
        );
        assert_eq!(
            served.load(Ordering::SeqCst),
            2,
            "{format:?}: one login again, no loop"
        );
        assert_eq!(
            received(&server, ALARMS).await.len(),
            2,
            "{format:?}: the call was repeated once"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_failed_login_again_is_reported_as_such() -> TestResult {
    for format in FORMATS {
        let server = MockServer::start().await;
        let served = Arc::new(AtomicUsize::new(0));
        let failure = ResponseTemplate::new(500).set_body_json(error_body(
            format,
            "SERVER_ERROR",
            "Server Error",
        ));
        Mock::given(method("POST"))
            .and(path(LOGIN))
            .respond_with(Logins {
                served: served.clone(),
                tokens: vec!["stale"],
                then_fail: Some(failure),
            })
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(ALARMS))
            .respond_with(ResponseTemplate::new(401).set_body_json(error_body(
                format,
                "UNAUTHENTICATED",
                "Unauthenticated.",
            )))
            .mount(&server)
            .await;
        let crm =
            CrmClient::login(&config(&server, format)?, "svc@partner.com", "pw", false).await?;
        match crm.list_account_alarms().account_id(42).send().await {
            Err(Error::LoginFailed(cause)) => assert_eq!(cause.status(), Some(500), "{format:?}"),
            other => {
                return Err(format!(
                    "{format:?}: expected LoginFailed, got {:?}",
                    other.map(|_| ())
                )
                .into());
            }
        }
        assert_eq!(served.load(Ordering::SeqCst), 2);
    }
    Ok(())
}

#[tokio::test]
async fn logout_ends_the_session_for_every_clone() -> TestResult {
    let (served, responder) = logins(vec!["fresh"]);
    let server = server(Format::Standardized, responder).await;
    Mock::given(method("POST"))
        .and(path("/api/v1/crm/logout"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let crm = CrmClient::login(
        &config(&server, Format::Standardized)?,
        "svc@partner.com",
        "pw",
        false,
    )
    .await?;
    let clone = crm.clone();
    crm.logout().await?;
    let logout = received(&server, "/api/v1/crm/logout").await;
    assert_eq!(header(&logout[0], "authorization"), Some("Bearer fresh"));
    let after = clone.list_account_alarms().account_id(42).send().await;
    assert!(
        matches!(&after, Err(Error::LoginFailed(_))),
        "{:?}",
        after.as_ref().err()
    );
    assert_eq!(served.load(Ordering::SeqCst), 1, "no login after logout");
    assert_eq!(
        header(&received(&server, ALARMS).await[0], "authorization"),
        None,
        "no token after logout"
    );
    Ok(())
}

#[tokio::test]
async fn an_app_session_comes_from_an_sso_token() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/sso/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"token": "app-token-1", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/alarms"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let config = config(&server, Format::Legacy)?;
    let mut credentials = serde_json::Map::new();
    credentials.insert("client_id".into(), json!("partner"));
    credentials.insert("client_secret".into(), json!("sso-secret"));
    let app = AppClient::from_sso(&config, credentials.clone(), "/token").await?;
    app.list_alarms().send().await?;
    assert_eq!(
        header(
            &received(&server, "/api/v1/alarms").await[0],
            "authorization"
        ),
        Some("Bearer app-token-1")
    );
    let sent: serde_json::Value =
        serde_json::from_slice(&received(&server, "/api/v1/sso/token").await[0].body)?;
    assert_eq!(sent, serde_json::Value::Object(credentials.clone()));
    assert!(!format!("{app:?}").contains("app-token-1"));

    let missing = AppClient::from_sso(&config, credentials, "/access_token").await;
    match missing {
        Err(error @ Error::MissingValue { .. }) => {
            let shown = format!("{error} {error:?}");
            assert!(
                shown.contains("/access_token") && shown.contains("expires_in, token"),
                "{shown}"
            );
            assert!(
                !shown.contains("app-token-1"),
                "the body is not quoted: {shown}"
            );
        }
        other => return Err(format!("expected MissingValue, got {:?}", other.map(|_| ())).into()),
    }
    Ok(())
}
