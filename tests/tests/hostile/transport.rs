//! Item 7: a transport error's `Display` says what happened: timed out,
//! connection refused, the body ended early.

use std::time::Duration;

use super::server::{Hostile, Reply};
use super::{TestResult, crmcom_key};

/// A loopback address nothing listens on.
fn refused() -> std::io::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    drop(listener);
    Ok(url)
}

fn truncated() -> Reply {
    Reply::Truncated {
        announced: 100,
        body: br#"{"sites": [{"#.to_vec(),
    }
}

/// The three failures, in order: timeout, refused, truncated body.
async fn servers() -> std::io::Result<(Hostile, String, Hostile)> {
    Ok((
        Hostile::start(|_| Reply::Stall(Duration::from_secs(5))).await?,
        refused()?,
        Hostile::start(|_| truncated()).await?,
    ))
}

const SAID: [&str; 3] = [
    "timed out",
    "connection refused",
    "the response body ended early",
];

#[tokio::test]
async fn defentry_transport_errors_say_what_happened() -> TestResult {
    let (stall, closed, cut) = servers().await?;
    for (url, said) in [&stall.url, &closed, &cut.url].into_iter().zip(SAID) {
        let config = defentry::Config::new(url)?.with_timeout(Duration::from_millis(500));
        let app = defentry::AppClient::with_token(&config, "t")?;
        let error = app
            .get_delete_my_data_scan_status()
            .send()
            .await
            .err()
            .ok_or("no error")?;
        assert!(
            matches!(
                error,
                defentry::Error::Failure(defentry::Failure::Transport(_))
            ),
            "{error:?}"
        );
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!("transport error: {said}")),
            "{shown}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn crmcom_transport_errors_say_what_happened() -> TestResult {
    let (stall, closed, cut) = servers().await?;
    for (server_url, said) in [&stall.url, &closed, &cut.url].into_iter().zip(SAID) {
        let config = crmcom::Config::new(&format!("{server_url}/crmapi/rest/v2"))?
            .with_timeout(Duration::from_millis(500));
        let error = crmcom::Session::login(&config, crmcom_key())
            .await
            .err()
            .ok_or("no error")?;
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!("transport error: {said}")),
            "{shown}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn dfns_transport_errors_say_what_happened() -> TestResult {
    let (stall, closed, cut) = servers().await?;
    for (url, said) in [&stall.url, &closed, &cut.url].into_iter().zip(SAID) {
        let config = dfns::Config::new(url)?.with_timeout(Duration::from_millis(500));
        let client = dfns::DfnsClient::with_token(&config, "t")?;
        let error = client
            .list_personal_access_tokens()
            .send()
            .await
            .err()
            .ok_or("no error")?;
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!("transport error: {said}")),
            "{shown}"
        );
    }
    Ok(())
}
