//! Item 5: a server that echoes the request (body and headers) into its
//! error pages never gets the client's own secrets into an error message,
//! on any status.

use serde_json::json;

use super::server::{Hostile, Received, Reply};
use super::{FORMATS, TestResult, crmcom_config, crmcom_ok};

const PASSWORD: &str = "hunter2-Pa\"ss";
const TOKEN: &str = "tok-5f3c9a7e1b";

/// An HTML page quoting the request: body first, then the head.
fn echo(status: u16, request: &Received) -> Reply {
    let page = format!(
        "<html><pre>{}</pre><pre>{}</pre></html>",
        String::from_utf8_lossy(&request.body),
        request.head
    );
    Reply::body(status, "text/html", page)
}

fn leaks(shown: &str) -> bool {
    shown.contains("hunter2") || shown.contains(TOKEN) || shown.contains("S0VZ")
}

#[tokio::test]
async fn defentry_errors_never_show_the_password_or_token_sent() -> TestResult {
    for format in FORMATS {
        for status in [200, 401, 422, 500] {
            // The login (its password in the body), answered by an echo.
            let server = Hostile::start(move |request| echo(status, request)).await?;
            let config = defentry::Config::new(&server.url)?.with_format(format);
            let error = defentry::CrmClient::login(&config, "svc", PASSWORD, false)
                .await
                .err()
                .ok_or("login succeeded")?;
            let shown = format!("{error} {error:?}");
            assert!(!leaks(&shown), "{format:?} {status}: {shown}");
            if status != 200 {
                // Not withheld (only a login's success is): scrubbed.
                assert!(
                    shown.contains(r#"\"password\":\"***\""#),
                    "{format:?} {status}: {shown}"
                );
            }

            // A call with the bearer token, answered by an echo.
            let server = Hostile::start(move |request| echo(status, request)).await?;
            let config = defentry::Config::new(&server.url)?.with_format(format);
            let app = defentry::AppClient::with_token(&config, TOKEN)?;
            let error = app
                .get_delete_my_data_scan_status()
                .send()
                .await
                .err()
                .ok_or("no error")?;
            let shown = format!("{error} {error:?}");
            assert!(!leaks(&shown), "{format:?} {status}: {shown}");
            // (A 2xx of this operation is withheld: its success carries a secret.)
            assert!(status == 200 || shown.contains("Bearer ***"), "{shown}");
        }
        // Token minting: the SSO credentials, echoed by an error page.
        for status in [401, 500] {
            let server = Hostile::start(move |request| echo(status, request)).await?;
            let config = defentry::Config::new(&server.url)?.with_format(format);
            let mut credentials = serde_json::Map::new();
            credentials.insert("client_id".into(), json!("partner-app"));
            credentials.insert("client_secret".into(), json!(format!("{PASSWORD}-sso")));
            let error = defentry::AppClient::from_sso(&config, credentials, "/token")
                .await
                .err()
                .ok_or("minting succeeded")?;
            let shown = format!("{error} {error:?}");
            assert!(
                !leaks(&shown) && shown.contains("***"),
                "{format:?} {status}: {shown}"
            );
        }
        // A JSON error quoting the password in its message.
        let server = Hostile::start(move |request| {
            let body = String::from_utf8_lossy(&request.body).into_owned();
            Reply::json(422, &json!({"message": format!("rejected {body}")}))
        })
        .await?;
        let config = defentry::Config::new(&server.url)?.with_format(format);
        let error = defentry::CrmClient::login(&config, "svc", PASSWORD, false)
            .await
            .err()
            .ok_or("login succeeded")?;
        let shown = format!("{error} {error:?}");
        assert!(!leaks(&shown), "{format:?}: {shown}");
    }
    Ok(())
}

#[tokio::test]
async fn crmcom_errors_never_show_the_password_key_or_token_sent() -> TestResult {
    for status in [200, 500] {
        let server = Hostile::start(move |request| echo(status, request)).await?;
        let credentials = crmcom::Credentials::Password {
            username: "admin".into(),
            password: PASSWORD.into(),
            organisation: "ORG".into(),
            unit: None,
        };
        let error = crmcom::Session::login(&crmcom_config(&server)?, credentials)
            .await
            .err()
            .ok_or("login succeeded")?;
        let shown = format!("{error} {error:?}");
        assert!(!leaks(&shown), "{status}: {shown}");

        // The Web API key travels as HTTP Basic: `S0VZ` starts its base64.
        let server = Hostile::start(move |request| echo(status, request)).await?;
        let key = crmcom::Credentials::WebApiKey {
            key: "KEY-hunter2".into(),
            unit: None,
        };
        let error = crmcom::Session::login(&crmcom_config(&server)?, key)
            .await
            .err()
            .ok_or("login succeeded")?;
        let shown = format!("{error} {error:?}");
        assert!(!leaks(&shown), "{status}: {shown}");
    }
    // A non-OK envelope (HTTP 200) quoting the password.
    let server = Hostile::start(|request| {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        Reply::json(
            200,
            &json!({"status": {"code": "ERR", "message": body, "description": body}}),
        )
    })
    .await?;
    let credentials = crmcom::Credentials::Password {
        username: "admin".into(),
        password: PASSWORD.into(),
        organisation: "ORG".into(),
        unit: None,
    };
    let error = crmcom::Session::login(&crmcom_config(&server)?, credentials)
        .await
        .err()
        .ok_or("login succeeded")?;
    let shown = format!("{error} {error:?}");
    assert!(!leaks(&shown) && shown.contains("***"), "{shown}");

    // The session's token, in the query of a GET, echoed by a 500 page.
    let server = Hostile::start(|request| {
        if request.path.ends_with("/authentication/token") {
            crmcom_ok(json!({"token": TOKEN}))
        } else {
            Reply::body(500, "text/html", format!("<pre>{}</pre>", request.target))
        }
    })
    .await?;
    let credentials = crmcom::Credentials::Password {
        username: "admin".into(),
        password: "pw".into(),
        organisation: "ORG".into(),
        unit: None,
    };
    let session = crmcom::Session::login(&crmcom_config(&server)?, credentials).await?;
    let error = session
        .get("contacts/list", &[])
        .await
        .err()
        .ok_or("no error")?;
    let shown = format!("{error} {error:?}");
    assert!(!leaks(&shown), "{shown}");
    Ok(())
}

#[tokio::test]
async fn dfns_errors_never_show_the_token_sent() -> TestResult {
    for status in [200, 401, 500] {
        let server = Hostile::start(move |request| echo(status, request)).await?;
        let client = dfns::DfnsClient::with_token(&dfns::Config::new(&server.url)?, TOKEN)?;
        let error = client
            .list_personal_access_tokens()
            .send()
            .await
            .err()
            .ok_or("no error")?;
        let shown = format!("{error} {error:?}");
        assert!(!leaks(&shown), "{status}: {shown}");
    }
    Ok(())
}
