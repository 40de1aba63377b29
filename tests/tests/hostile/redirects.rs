//! Item 1: no redirect is followed; the other host receives nothing, and the
//! 3xx is `UnexpectedStatus` with its `Location`.

use super::server::{Hostile, Reply};
use super::{CRMCOM_BASE, FORMATS, TestResult, crmcom_config, crmcom_key, crmcom_ok};

/// A server that answers everything with a redirect to `other`.
async fn redirecting(status: u16, other: &Hostile) -> std::io::Result<Hostile> {
    let target = format!("{}/stolen", other.url);
    Hostile::start(move |_| Reply::redirect(status, &target)).await
}

#[tokio::test]
async fn defentry_follows_no_redirect_with_a_password_or_a_token() -> TestResult {
    for format in FORMATS {
        let other =
            Hostile::start(|_| Reply::json(200, &serde_json::json!({"token": "evil"}))).await?;
        let api = redirecting(307, &other).await?;
        let config = defentry::Config::new(&api.url)?.with_format(format);

        let login = defentry::CrmClient::login(&config, "svc", "hunter2-password", false).await;
        match login {
            Err(defentry::Error::Failure(defentry::Failure::UnexpectedStatus {
                status: 307,
                location: Some(location),
                ..
            })) => assert!(location.starts_with(&other.url), "{location}"),
            other => return Err(format!("{format:?}: login: {:?}", other.map(|_| ())).into()),
        }

        let crm = defentry::CrmClient::with_token(&config, "crm-token-secret")?;
        let created = crm
            .create_account()
            .body(
                defentry::types::AccountCreate::builder()
                    .first_name("John".to_owned())
                    .last_name("Doe".to_owned())
                    .email("john@example.com")
                    .country_code("SE".to_owned())
                    .lang_code("SV".to_owned())
                    .plan_id(1)
                    .type_("SINGLE".to_owned()),
            )
            .send()
            .await;
        let error = created
            .err()
            .ok_or("a redirected create_account succeeded")?;
        assert_eq!(error.status(), Some(307), "{error:?}");
        let shown = error.to_string();
        assert!(
            shown.contains("/stolen") && shown.contains("not followed"),
            "{shown}"
        );

        assert_eq!(
            other.received().len(),
            0,
            "{format:?}: the other host got a request"
        );
        assert_eq!(api.received().len(), 2);
    }
    Ok(())
}

#[tokio::test]
async fn crmcom_follows_no_redirect_with_a_key_or_a_token() -> TestResult {
    let other = Hostile::start(|_| crmcom_ok(serde_json::json!({"token": "evil"}))).await?;
    let api = redirecting(302, &other).await?;
    let login = crmcom::Session::login(&crmcom_config(&api)?, crmcom_key()).await;
    match login {
        Err(crmcom::Error::Failure(crmcom::Failure::UnexpectedStatus {
            status: 302,
            location: Some(location),
            ..
        })) => assert!(location.starts_with(&other.url), "{location}"),
        other => return Err(format!("login: {:?}", other.map(|_| ())).into()),
    }

    // A session whose calls beyond authentication are redirected.
    let target = format!("{}/stolen", other.url);
    let api = Hostile::start(move |request| {
        if request.path.ends_with("/web_api_key/token") {
            crmcom_ok(serde_json::json!({"token": "session-token-secret"}))
        } else {
            Reply::redirect(308, &target)
        }
    })
    .await?;
    let session = crmcom::Session::login(&crmcom_config(&api)?, crmcom_key()).await?;
    let error = session
        .get("contacts/list", &[])
        .await
        .err()
        .ok_or("a redirected get succeeded")?;
    assert!(
        matches!(
            &error,
            crmcom::Error::Failure(crmcom::Failure::UnexpectedStatus {
                status: 308,
                location: Some(_),
                ..
            })
        ),
        "{error:?}"
    );
    let posted = session
        .post("contacts/update", serde_json::Map::new())
        .await;
    assert_eq!(posted.err().and_then(|e| e.status()), Some(308));
    assert_eq!(other.received().len(), 0, "the other host got a request");
    assert_eq!(api.count(&format!("{CRMCOM_BASE}/contacts/list")), 1);
    Ok(())
}

#[tokio::test]
async fn dfns_follows_no_redirect_with_a_token() -> TestResult {
    let other = Hostile::start(|_| Reply::json(200, &serde_json::json!({"items": []}))).await?;
    let api = redirecting(307, &other).await?;
    let client = dfns::DfnsClient::with_token(&dfns::Config::new(&api.url)?, "dfns-token-secret")?;
    let error = client
        .list_personal_access_tokens()
        .send()
        .await
        .err()
        .ok_or("a redirected call succeeded")?;
    assert!(
        matches!(&error, dfns::Error::Failure(dfns::Failure::UnexpectedStatus { status: 307, location: Some(l), .. }) if l.starts_with(&other.url)),
        "{error:?}"
    );
    assert_eq!(other.received().len(), 0, "the other host got a request");
    Ok(())
}
