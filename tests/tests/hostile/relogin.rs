//! Item 4: calls that hit an expired token share one login attempt, whose
//! outcome (here a failure) every one of them gets; a waiting call waits at
//! most its own timeout.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

use super::server::{Hostile, Received, Reply};
use super::{CRMCOM_BASE, FORMATS, TestResult, crmcom_config, crmcom_key, crmcom_ok};

const LOGIN: &str = "/api/v1/crm/auth/login";
const ALARM: &str = "/api/v1/account/1/alarms/2";
const CALLS: usize = 50;

/// Counts one more login; returns the count.
fn next(logins: &Mutex<usize>) -> usize {
    logins
        .lock()
        .map(|mut n| {
            *n += 1;
            *n
        })
        .unwrap_or(1)
}

/// Defentry: the first login succeeds, every call gets 401, and a login
/// again answers `again` once `calls` calls were refused (so every call saw
/// the expired token before the outcome is known).
async fn expiring_defentry(calls: usize, again: fn() -> Reply) -> std::io::Result<Hostile> {
    let logins = Arc::new(Mutex::new(0usize));
    Hostile::start(move |request: &Received| {
        if request.path == LOGIN {
            if next(&logins) == 1 {
                return Reply::json(200, &json!({"token": "first-token"}));
            }
            return Reply::WaitFor {
                path: ALARM.to_owned(),
                count: calls,
                then: Box::new(again()),
            };
        }
        Reply::json(401, &json!({"message": "Unauthenticated."}))
    })
    .await
}

async fn defentry_calls(
    crm: &defentry::CrmClient,
    calls: usize,
) -> Vec<(Duration, Result<(), defentry::Error>)> {
    let started = Instant::now();
    let tasks = (0..calls).map(|_| {
        let crm = crm.clone();
        tokio::spawn(async move {
            let result = crm
                .get_account_alarm()
                .account_id(1)
                .alarm_id(2)
                .send()
                .await;
            (started.elapsed(), result.map(drop))
        })
    });
    let mut out = Vec::new();
    for task in tasks.collect::<Vec<_>>() {
        if let Ok(outcome) = task.await {
            out.push(outcome);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn defentry_a_failed_login_again_is_one_attempt_for_all_calls() -> TestResult {
    for format in FORMATS {
        let server =
            expiring_defentry(CALLS, || Reply::body(500, "text/html", "<h1>down</h1>")).await?;
        let config = defentry::Config::new(&server.url)?.with_format(format);
        let crm = defentry::CrmClient::login(&config, "svc", "pw", false).await?;
        let outcomes = defentry_calls(&crm, CALLS).await;
        assert_eq!(outcomes.len(), CALLS);
        for (_, outcome) in &outcomes {
            match outcome {
                Err(defentry::Error::LoginFailed(cause)) => assert_eq!(cause.status(), Some(500)),
                other => return Err(format!("{format:?}: {other:?}").into()),
            }
        }
        assert_eq!(
            server.count(LOGIN),
            2,
            "{format:?}: the first login and one login again"
        );
        assert_eq!(server.count(ALARM), CALLS, "no call was repeated");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn defentry_a_stalled_login_again_bounds_every_waiting_call() -> TestResult {
    let server = expiring_defentry(5, || Reply::Stall(Duration::from_secs(10))).await?;
    let config = defentry::Config::new(&server.url)?.with_timeout(Duration::from_secs(2));
    let crm = defentry::CrmClient::login(&config, "svc", "pw", false).await?;
    let outcomes = defentry_calls(&crm, 5).await;
    assert_eq!(outcomes.len(), 5);
    for (took, outcome) in &outcomes {
        assert!(
            matches!(outcome, Err(defentry::Error::LoginFailed(_))),
            "{outcome:?}"
        );
        assert!(
            *took < Duration::from_millis(3500),
            "a call took {took:?} (timeout 2 s)"
        );
    }
    assert_eq!(server.count(LOGIN), 2);
    Ok(())
}

/// A clock the test moves.
#[derive(Debug)]
struct ManualClock(Mutex<DateTime<Utc>>);

impl crmcom::Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map(|now| *now).unwrap_or_default()
    }
}

/// CRM.COM: the first key login succeeds, the next answers `again`; calls
/// beyond authentication succeed.
async fn expiring_crmcom(again: fn() -> Reply) -> std::io::Result<Hostile> {
    let logins = Arc::new(Mutex::new(0usize));
    Hostile::start(move |request: &Received| {
        if request.path.ends_with("/web_api_key/token") {
            if next(&logins) == 1 {
                return crmcom_ok(json!({"token": "first-token"}));
            }
            // Late enough that every call found the token stale first.
            return Reply::Delayed(Duration::from_millis(500), Box::new(again()));
        }
        crmcom_ok(json!([]))
    })
    .await
}

async fn crmcom_session(
    server: &Hostile,
    timeout: Duration,
) -> Result<Arc<crmcom::Session>, Box<dyn std::error::Error>> {
    let clock = Arc::new(ManualClock(Mutex::new(
        DateTime::from_timestamp(1_781_600_000, 0).unwrap_or_default(),
    )));
    let config = crmcom_config(server)?.with_timeout(timeout);
    let session = crmcom::Session::login_with(
        &config,
        crmcom_key(),
        clock.clone(),
        Duration::from_secs(300),
    )
    .await?;
    // The key token lasts two hours: three hours later it is stale.
    if let Ok(mut now) = clock.0.lock() {
        *now += TimeDelta::hours(3);
    }
    Ok(Arc::new(session))
}

async fn crmcom_calls(
    session: &Arc<crmcom::Session>,
    calls: usize,
) -> Vec<(Duration, Result<(), crmcom::Error>)> {
    let started = Instant::now();
    let tasks: Vec<_> = (0..calls)
        .map(|_| {
            let session = session.clone();
            tokio::spawn(async move {
                let result = session.get("contacts/list", &[]).await;
                (started.elapsed(), result.map(drop))
            })
        })
        .collect();
    let mut out = Vec::new();
    for task in tasks {
        if let Ok(outcome) = task.await {
            out.push(outcome);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crmcom_a_failed_renewal_is_one_attempt_for_all_calls() -> TestResult {
    let server = expiring_crmcom(|| Reply::body(500, "text/html", "<h1>down</h1>")).await?;
    let session = crmcom_session(&server, Duration::from_secs(30)).await?;
    let outcomes = crmcom_calls(&session, CALLS).await;
    assert_eq!(outcomes.len(), CALLS);
    for (_, outcome) in &outcomes {
        match outcome {
            Err(crmcom::Error::LoginFailed(cause)) => assert_eq!(cause.status(), Some(500)),
            other => return Err(format!("{other:?}").into()),
        }
    }
    let login = format!("{CRMCOM_BASE}/authentication/web_api_key/token");
    assert_eq!(server.count(&login), 2, "the first login and one renewal");
    // A later call tries again (and here fails again): the session recovers
    // when the server does.
    assert!(session.get("contacts/list", &[]).await.is_err());
    assert_eq!(server.count(&login), 3);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crmcom_a_stalled_renewal_bounds_every_waiting_call() -> TestResult {
    let server = expiring_crmcom(|| Reply::Stall(Duration::from_secs(10))).await?;
    let session = crmcom_session(&server, Duration::from_secs(2)).await?;
    let outcomes = crmcom_calls(&session, 5).await;
    assert_eq!(outcomes.len(), 5);
    for (took, outcome) in &outcomes {
        assert!(outcome.is_err(), "{outcome:?}");
        assert!(
            *took < Duration::from_millis(3500),
            "a call took {took:?} (timeout 2 s)"
        );
    }
    let login = format!("{CRMCOM_BASE}/authentication/web_api_key/token");
    assert_eq!(server.count(&login), 2);
    Ok(())
}
