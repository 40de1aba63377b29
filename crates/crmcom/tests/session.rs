//! The CRM.COM session over loopback HTTP: logins, envelope errors, token
//! passing, expiry renewal, release on logout.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bindings_support::jwt;
use chrono::{DateTime, TimeDelta, Utc};
use crmcom::{Clock, Config, Credentials, Error, Failure, Session};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const BASE: &str = "/crmapi/rest/v2";

/// A clock the test moves.
#[derive(Debug)]
struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    fn start() -> Arc<Self> {
        Arc::new(Self(Mutex::new(
            DateTime::from_timestamp(1_781_600_000, 0).unwrap_or_default(),
        )))
    }
    fn advance(&self, by: Duration) {
        if let Ok(mut now) = self.0.lock() {
            *now += TimeDelta::from_std(by).unwrap_or_default();
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map(|now| *now).unwrap_or_default()
    }
}

fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({"status": {"code": "OK", "message": null, "description": null}, "data": data}),
    )
}

async fn server(login_route: &str, tokens: Vec<Value>) -> MockServer {
    let server = MockServer::start().await;
    for (index, token) in tokens.iter().enumerate() {
        let mock = Mock::given(method("POST"))
            .and(path(format!("{BASE}/{login_route}")))
            .respond_with(ok(json!({"token": token})));
        if index + 1 < tokens.len() {
            mock.up_to_n_times(1).with_priority(1).mount(&server).await;
        } else {
            mock.with_priority(2).mount(&server).await;
        }
    }
    server
}

async fn requests(server: &MockServer, route: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == format!("{BASE}/{route}"))
        .collect()
}

fn config(server: &MockServer) -> Result<Config, Error> {
    Config::new(&format!("{}{BASE}", server.uri()))
}

fn password() -> Credentials {
    Credentials::Password {
        username: "mpadministrator".into(),
        password: "1234".into(),
        organisation: "CRMDEMO".into(),
        unit: Some("EE63A82C4FEBE02FF34E90DD1EBA5ABE".into()),
    }
}

#[tokio::test]
async fn a_password_login_sends_the_documented_body_and_passes_the_token_both_ways() -> TestResult {
    let server = server(
        "authentication/token",
        vec![json!("4AD9C84FA60F9FE407140E20F707726A")],
    )
    .await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/contacts/list")))
        .respond_with(ok(json!([{"id": 1}])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/contacts/create")))
        .respond_with(ok(json!({"id": 2})))
        .mount(&server)
        .await;
    let session = Session::login(&config(&server)?, password()).await?;
    let sent: Value =
        serde_json::from_slice(&requests(&server, "authentication/token").await[0].body)?;
    assert_eq!(
        sent,
        json!({"username": "mpadministrator", "password": "1234", "organisation": "CRMDEMO", "unit": "EE63A82C4FEBE02FF34E90DD1EBA5ABE"})
    );

    assert_eq!(
        session
            .get("contacts/list", &[("number_of_results", "10")])
            .await?,
        json!([{"id": 1}])
    );
    let get = &requests(&server, "contacts/list").await[0];
    let query: Vec<(String, String)> = get
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert!(
        query.contains(&("token".into(), "4AD9C84FA60F9FE407140E20F707726A".into())),
        "{query:?}"
    );
    assert!(query.contains(&("number_of_results".into(), "10".into())));

    let mut body = serde_json::Map::new();
    body.insert("name".into(), json!("Jo"));
    assert_eq!(
        session.post("contacts/create", body).await?,
        json!({"id": 2})
    );
    let posted: Value =
        serde_json::from_slice(&requests(&server, "contacts/create").await[0].body)?;
    assert_eq!(
        posted,
        json!({"name": "Jo", "token": "4AD9C84FA60F9FE407140E20F707726A"})
    );
    Ok(())
}

#[tokio::test]
async fn a_web_api_key_is_http_basic_as_in_the_docs() -> TestResult {
    let server = server(
        "authentication/web_api_key/token",
        vec![json!("1351195444")],
    )
    .await;
    let key = Credentials::WebApiKey {
        key: "EE73C0AE64524371B5DDEFF5F7BB2192".into(),
        unit: None,
    };
    Session::login(&config(&server)?, key).await?;
    let login = &requests(&server, "authentication/web_api_key/token").await[0];
    let authorization = login
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    assert_eq!(
        authorization,
        Some("Basic RUU3M0MwQUU2NDUyNDM3MUI1RERFRkY1RjdCQjIxOTI6"),
        "the docs' own example header"
    );
    assert_eq!(serde_json::from_slice::<Value>(&login.body)?, json!({}));
    Ok(())
}

#[tokio::test]
async fn a_non_ok_status_is_a_typed_error_whatever_the_http_status() -> TestResult {
    for status in [200, 401] {
        let server = MockServer::start().await;
        let failure = json!({"data": {"token": "tok-on-failure"}, "status": {"code": "COM.CRM.EXCEPTION.SECURITY.INVALIDCREDENTIALSEXCEPTION", "message": "Invalid credentials", "description": "The username or password is wrong"}});
        Mock::given(method("POST"))
            .and(path(format!("{BASE}/authentication/token")))
            .respond_with(ResponseTemplate::new(status).set_body_json(failure))
            .mount(&server)
            .await;
        match Session::login(&config(&server)?, password()).await {
            Err(Error::Api {
                status: seen,
                code,
                message,
                description,
                envelope,
            }) => {
                assert_eq!(
                    envelope["status"]["code"],
                    "COM.CRM.EXCEPTION.SECURITY.INVALIDCREDENTIALSEXCEPTION",
                    "the envelope is kept"
                );
                assert!(
                    !envelope.to_string().contains("tok-on-failure"),
                    "HTTP {status}: a token is withheld: {envelope}"
                );
                assert_eq!(seen, status);
                assert_eq!(
                    code,
                    "COM.CRM.EXCEPTION.SECURITY.INVALIDCREDENTIALSEXCEPTION"
                );
                assert_eq!(message.as_deref(), Some("Invalid credentials"));
                assert_eq!(
                    description.as_deref(),
                    Some("The username or password is wrong")
                );
            }
            other => {
                return Err(format!(
                    "HTTP {status}: expected Error::Api, got {:?}",
                    other.map(|_| ())
                )
                .into());
            }
        }
        assert_eq!(
            requests(&server, "authentication/token").await.len(),
            1,
            "no retry loop"
        );
    }
    Ok(())
}

#[tokio::test]
async fn an_http_error_without_a_failure_status_is_an_error_too() -> TestResult {
    let server = server("authentication/token", vec![json!("OPAQUE-1")]).await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/contacts/list")))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"error": "boom", "data": {"token": "leaked"}})),
        )
        .mount(&server)
        .await;
    let session = Session::login(&config(&server)?, password()).await?;
    match session.get("contacts/list", &[]).await {
        Err(Error::Api {
            status: 500,
            envelope,
            ..
        }) => assert!(
            !envelope.to_string().contains("leaked"),
            "a token is withheld: {envelope}"
        ),
        other => return Err(format!("expected Error::Api for HTTP 500, got {other:?}").into()),
    }
    Ok(())
}

#[tokio::test]
async fn an_idle_token_is_kept_alive_by_use_and_renewed_before_it_runs_out() -> TestResult {
    let server = server(
        "authentication/token",
        vec![json!("OPAQUE-1"), json!("OPAQUE-2")],
    )
    .await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/ping")))
        .respond_with(ok(json!(null)))
        .mount(&server)
        .await;
    let clock = ManualClock::start();
    let start = clock.now();
    let session = Session::login_with(
        &config(&server)?,
        password(),
        clock.clone(),
        Duration::from_secs(5 * 60),
    )
    .await?;
    assert_eq!(
        session.expires_at().await,
        Some(start + TimeDelta::hours(1))
    );

    clock.advance(Duration::from_secs(50 * 60));
    session.get("ping", &[]).await?;
    assert_eq!(
        session.expires_at().await,
        Some(start + TimeDelta::minutes(110)),
        "use extends an idle token"
    );
    assert_eq!(requests(&server, "authentication/token").await.len(), 1);

    clock.advance(Duration::from_secs(56 * 60)); // 4 minutes before the idle expiry
    session.get("ping", &[]).await?;
    assert_eq!(
        requests(&server, "authentication/token").await.len(),
        2,
        "renewed within the margin"
    );
    let pings = requests(&server, "ping").await;
    assert!(
        pings[1]
            .url
            .query()
            .unwrap_or_default()
            .contains("token=OPAQUE-2"),
        "{:?}",
        pings[1].url
    );
    Ok(())
}

#[tokio::test]
async fn a_key_token_lasts_two_hours_whatever_its_use() -> TestResult {
    let server = server(
        "authentication/web_api_key/token",
        vec![json!("KEY-1"), json!("KEY-2")],
    )
    .await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/ping")))
        .respond_with(ok(json!(null)))
        .mount(&server)
        .await;
    let clock = ManualClock::start();
    let start = clock.now();
    let key = Credentials::WebApiKey {
        key: "k".into(),
        unit: None,
    };
    let session = Session::login_with(
        &config(&server)?,
        key,
        clock.clone(),
        Duration::from_secs(60),
    )
    .await?;
    assert_eq!(
        session.expires_at().await,
        Some(start + TimeDelta::hours(2))
    );
    clock.advance(Duration::from_secs(90 * 60));
    session.get("ping", &[]).await?;
    assert_eq!(
        session.expires_at().await,
        Some(start + TimeDelta::hours(2)),
        "use does not extend it"
    );
    clock.advance(Duration::from_secs(29 * 60 + 30));
    session.get("ping", &[]).await?;
    assert_eq!(
        requests(&server, "authentication/web_api_key/token")
            .await
            .len(),
        2
    );
    Ok(())
}

#[tokio::test]
async fn a_jwt_expires_at_its_exp_even_as_a_numeric_string_and_is_not_released() -> TestResult {
    let clock = ManualClock::start();
    let exp = clock.now().timestamp() + 7200;
    let token = jwt::unsigned(
        &json!({"jti": "s1", "usr": "mpadministrator", "org": "CRMDEMO", "exp": exp.to_string(), "iat": clock.now().timestamp().to_string()}),
    );
    let server = server("authentication/token", vec![json!(token)]).await;
    let session = Session::login_with(
        &config(&server)?,
        password(),
        clock,
        Duration::from_secs(60),
    )
    .await?;
    assert_eq!(session.expires_at().await, DateTime::from_timestamp(exp, 0));
    session.logout().await?;
    assert!(
        requests(&server, "authentication/token/release")
            .await
            .is_empty(),
        "release is deprecated for R12+ tokens"
    );
    Ok(())
}

#[tokio::test]
async fn logout_releases_a_pre_r12_token_and_ends_the_session() -> TestResult {
    let server = server("authentication/token", vec![json!("OPAQUE-1")]).await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/authentication/token/release")))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": {"message": "", "description": "", "code": "OK"}, "data": {}}),
        ))
        .mount(&server)
        .await;
    let session = Session::login(&config(&server)?, password()).await?;
    session.logout().await?;
    let release: Value =
        serde_json::from_slice(&requests(&server, "authentication/token/release").await[0].body)?;
    assert_eq!(release, json!({"token": "OPAQUE-1"}));
    Ok(())
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_errors() -> TestResult {
    let server = server("authentication/token", vec![json!("TOKEN-SECRET-1")]).await;
    let credentials = Credentials::Password {
        username: "u".into(),
        password: "PASSWORD-SECRET".into(),
        organisation: "o".into(),
        unit: None,
    };
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/slow")))
        .respond_with(ok(json!(null)).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let session = Session::login(
        &config(&server)?.with_timeout(Duration::from_millis(300)),
        credentials,
    )
    .await?;
    let shown = format!("{session:?}");
    assert!(
        !shown.contains("PASSWORD-SECRET") && !shown.contains("TOKEN-SECRET-1"),
        "{shown}"
    );
    // A call whose URL carries the token times out: the error does not show it.
    let error = session
        .get("slow", &[])
        .await
        .err()
        .ok_or("expected an error")?;
    let shown = format!("{error} {error:?}");
    assert!(
        matches!(error, Error::Failure(Failure::Transport(_))),
        "{shown}"
    );
    assert!(!shown.contains("TOKEN-SECRET-1"), "{shown}");
    Ok(())
}

#[tokio::test]
async fn renewal_starts_exactly_at_the_margin_before_expiry() -> TestResult {
    let server = server(
        "authentication/web_api_key/token",
        vec![json!("KEY-1"), json!("KEY-2")],
    )
    .await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/ping")))
        .respond_with(ok(json!(null)))
        .mount(&server)
        .await;
    let clock = ManualClock::start();
    let key = Credentials::WebApiKey {
        key: "k".into(),
        unit: None,
    };
    let margin = Duration::from_secs(10 * 60);
    let session = Session::login_with(&config(&server)?, key, clock.clone(), margin).await?;
    let logins = || requests(&server, "authentication/web_api_key/token");
    // One second before the margin starts: the token is still used.
    clock.advance(Duration::from_secs(2 * 60 * 60) - margin - Duration::from_secs(1));
    session.get("ping", &[]).await?;
    assert_eq!(logins().await.len(), 1, "renewed before the margin");
    // The margin starts: the token is renewed before the call.
    clock.advance(Duration::from_secs(1));
    session.get("ping", &[]).await?;
    assert_eq!(logins().await.len(), 2, "not renewed at the margin");
    assert_eq!(
        session.expires_at().await,
        Some(clock.now() + TimeDelta::hours(2))
    );
    Ok(())
}
