//! The loopback server refuses what Dfns refuses: a wrong signature, and a
//! user action used for another method, path or body, or used twice; and
//! the log comparison reports a difference.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use dfns::{KeySigner, Signer as _};
use dfns_parity::server::{DfnsServer, ORG_ID, USERNAME};
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn key(kind: &str) -> Result<String, std::io::Error> {
    std::fs::read_to_string(format!(
        "{}/../dfns/tests/keys/ed25519.{kind}.pem",
        env!("CARGO_MANIFEST_DIR")
    ))
}

async fn post(
    client: &reqwest::Client,
    url: String,
    token: Option<&str>,
    body: &Value,
) -> Result<(u16, Value), reqwest::Error> {
    let mut request = client.post(url).json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await?;
    Ok((response.status().as_u16(), response.json().await?))
}

/// The signed `firstFactor` for a challenge answer.
fn factor(signer: &KeySigner, challenge: &Value) -> Result<Value, String> {
    let data = dfns::signer::client_data(challenge["challenge"].as_str().unwrap_or_default());
    let signature = signer.sign(data.as_bytes())?;
    Ok(
        json!({"challengeIdentifier": challenge["challengeIdentifier"], "firstFactor": {"kind": "Key",
        "credentialAssertion": {"credId": "cr-1", "clientData": URL_SAFE_NO_PAD.encode(&data), "signature": URL_SAFE_NO_PAD.encode(signature)}}}),
    )
}

#[tokio::test]
async fn signatures_and_user_actions_are_checked() -> TestResult {
    let server = DfnsServer::start("cr-1", &key("public")?).await;
    let signer = KeySigner::from_pem("cr-1", &key("pkcs8")?)?;
    let other = KeySigner::from_pem(
        "cr-1",
        &std::fs::read_to_string(format!(
            "{}/../dfns/tests/keys/p256.pkcs8.pem",
            env!("CARGO_MANIFEST_DIR")
        ))?,
    )?;
    let http = reqwest::Client::new();
    let base = server.uri();
    let login = json!({"orgId": ORG_ID, "username": USERNAME});

    // Another key's signature of the login challenge is refused.
    let (_, challenge) = post(&http, format!("{base}/auth/login/init"), None, &login).await?;
    let (status, _) = post(
        &http,
        format!("{base}/auth/login"),
        None,
        &factor(&other, &challenge)?,
    )
    .await?;
    assert_eq!(status, 401, "a signature by another key");
    let (_, challenge) = post(&http, format!("{base}/auth/login/init"), None, &login).await?;
    let (status, answer) = post(
        &http,
        format!("{base}/auth/login"),
        None,
        &factor(&signer, &challenge)?,
    )
    .await?;
    assert_eq!(status, 200, "{answer}");
    let token = answer["token"].as_str().unwrap_or_default().to_owned();

    // A user action for PUT /auth/pats/to-1 with one body.
    let action = |payload: &str| {
        json!({"userActionPayload": payload, "userActionHttpMethod": "PUT",
        "userActionHttpPath": "/auth/pats/to-1", "userActionServerKind": "Api"})
    };
    let mut actions = Vec::new();
    for _ in 0..4 {
        let (_, challenge) = post(
            &http,
            format!("{base}/auth/action/init"),
            Some(&token),
            &action(r#"{"name":"a"}"#),
        )
        .await?;
        let (status, signed) = post(
            &http,
            format!("{base}/auth/action"),
            Some(&token),
            &factor(&signer, &challenge)?,
        )
        .await?;
        assert_eq!(status, 200, "{signed}");
        actions.push(signed["userAction"].as_str().unwrap_or_default().to_owned());
    }
    let send = |method: reqwest::Method, path: &str, body: &'static str, action: &str| {
        http.request(method, format!("{base}{path}"))
            .bearer_auth(&token)
            .header("x-dfns-useraction", action)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let status = |r: reqwest::Response| r.status().as_u16();
    assert_eq!(
        status(
            send(
                reqwest::Method::DELETE,
                "/auth/pats/to-1",
                r#"{"name":"a"}"#,
                &actions[0]
            )
            .await?
        ),
        403,
        "another method"
    );
    assert_eq!(
        status(
            send(
                reqwest::Method::PUT,
                "/auth/pats/to-2",
                r#"{"name":"a"}"#,
                &actions[1]
            )
            .await?
        ),
        403,
        "another path"
    );
    assert_eq!(
        status(
            send(
                reqwest::Method::PUT,
                "/auth/pats/to-1",
                r#"{"name":"b"}"#,
                &actions[2]
            )
            .await?
        ),
        403,
        "another body"
    );
    assert_eq!(
        status(
            send(
                reqwest::Method::PUT,
                "/auth/pats/to-1",
                r#"{"name":"a"}"#,
                &actions[3]
            )
            .await?
        ),
        200,
        "the request it was issued for"
    );
    assert_eq!(
        status(
            send(
                reqwest::Method::PUT,
                "/auth/pats/to-1",
                r#"{"name":"a"}"#,
                &actions[3]
            )
            .await?
        ),
        403,
        "used twice"
    );
    assert_eq!(
        status(
            http.put(format!("{base}/auth/pats/to-1"))
                .bearer_auth(&token)
                .send()
                .await?
        ),
        403,
        "none"
    );
    Ok(())
}

#[tokio::test]
async fn the_log_comparison_reports_the_first_difference() -> TestResult {
    let server = DfnsServer::start("cr-1", &key("public")?).await;
    let http = reqwest::Client::new();
    http.put(format!("{}/auth/logout", server.uri()))
        .bearer_auth("t")
        .json(&json!({"allSessions": true}))
        .send()
        .await?;
    let first = server.log();
    http.put(format!("{}/auth/logout", server.uri()))
        .bearer_auth("t")
        .json(&json!({"allSessions": false}))
        .send()
        .await?;
    let log = server.log();
    assert_eq!(dfns_parity::compare_logs(&first, &log[..1]), None);
    let difference = dfns_parity::compare_logs(&log[..1], &log[1..]).unwrap_or_default();
    assert!(difference.contains("request 1 differs"), "{difference}");
    assert!(
        dfns_parity::compare_logs(&first, &log).is_some(),
        "a request more"
    );
    Ok(())
}
