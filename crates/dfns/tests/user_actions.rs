//! User action signing end to end against a test server that verifies the
//! signature with the credential's public key; claims decoding.

use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bindings_support::jwt;
use dfns::types::TokenKind;
use dfns::{Claims, Config, DfnsClient, Ed25519Signer, Error, P256Signer};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const CHALLENGE: &str = "Y2hhbGxlbmdlLTE";
const USER_ACTION: &str = "ua-signed-once";

#[derive(Clone)]
enum PublicKey {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
}

/// `POST /auth/action`: checks the assertion like Dfns would.
struct Verifier {
    cred_id: &'static str,
    key: PublicKey,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Verifier {
    fn check(&self, request: &Request) -> Result<(), String> {
        let body: Value = serde_json::from_slice(&request.body).map_err(|e| e.to_string())?;
        if body["challengeIdentifier"] != "ci-jwt-1" {
            return Err(format!(
                "challengeIdentifier {}",
                body["challengeIdentifier"]
            ));
        }
        let factor = &body["firstFactor"];
        if factor["kind"] != "Key" || factor["credentialAssertion"]["credId"] != self.cred_id {
            return Err(format!("factor {factor}"));
        }
        let decode = |field: &str| {
            URL_SAFE_NO_PAD
                .decode(
                    factor["credentialAssertion"][field]
                        .as_str()
                        .unwrap_or_default(),
                )
                .map_err(|e| e.to_string())
        };
        let client_data = decode("clientData")?;
        let parsed: Value = serde_json::from_slice(&client_data).map_err(|e| e.to_string())?;
        if parsed != json!({"type": "key.get", "challenge": CHALLENGE}) {
            return Err(format!("clientData {parsed}"));
        }
        if !client_data.starts_with(br#"{"type":"key.get","challenge":"#) {
            return Err("clientData is not in the documented order".into());
        }
        let signature = decode("signature")?;
        match &self.key {
            PublicKey::Ed25519(key) => {
                use ed25519_dalek::Verifier as _;
                let signature =
                    ed25519_dalek::Signature::from_slice(&signature).map_err(|e| e.to_string())?;
                key.verify(&client_data, &signature)
                    .map_err(|e| e.to_string())
            }
            PublicKey::P256(key) => {
                use p256::ecdsa::signature::Verifier as _;
                let signature =
                    p256::ecdsa::DerSignature::from_bytes(&signature).map_err(|e| e.to_string())?;
                key.verify(&client_data, &signature)
                    .map_err(|e| e.to_string())
            }
        }
    }
}

impl Respond for Verifier {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.check(request) {
            Ok(()) => {
                if let Ok(mut seen) = self.seen.lock() {
                    seen.push("verified".into());
                }
                ResponseTemplate::new(200).set_body_json(json!({"userAction": USER_ACTION}))
            }
            Err(reason) => ResponseTemplate::new(401)
                .set_body_json(json!({"error": {"id": "e1", "status": 401, "message": reason}})),
        }
    }
}

/// `POST route` answers the challenge `CHALLENGE`, allowing `cred_id`.
async fn mount_challenge(server: &MockServer, route: &str, cred_id: &str) {
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "challenge": CHALLENGE, "challengeIdentifier": "ci-jwt-1",
            "supportedCredentialKinds": [{"kind": "Key", "factor": "first", "requiresSecondFactor": false}],
            "allowCredentials": {"key": [{"type": "public-key", "id": cred_id}], "webauthn": []}
        })))
        .mount(server)
        .await;
}

/// A server that issues a challenge allowing `cred_id`, verifies the
/// signature, and serves `route` only with the user action.
async fn server(
    cred_id: &'static str,
    key: PublicKey,
    verb: &str,
    route: &str,
    answer: Value,
) -> (MockServer, Arc<Mutex<Vec<String>>>) {
    let server = MockServer::start().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    mount_challenge(&server, "/auth/action/init", cred_id).await;
    Mock::given(method("POST"))
        .and(path("/auth/action"))
        .respond_with(Verifier {
            cred_id,
            key,
            seen: seen.clone(),
        })
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .and(header("x-dfns-useraction", USER_ACTION))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {"id": "e2", "status": 403, "message": "User action signature is missing"}})))
        .with_priority(2)
        .mount(&server)
        .await;
    (server, seen)
}

async fn received(server: &MockServer, route: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == route)
        .collect()
}

#[tokio::test]
async fn an_ed25519_signer_signs_a_state_changing_request_end_to_end() -> TestResult {
    let signer = Ed25519Signer::new("cr-ed", &[7u8; 32]);
    let key = PublicKey::Ed25519(signer.verifying_key());
    let entity = json!({"tokenId": "to-1", "kind": "Pat", "name": "ci", "isActive": true, "accessToken": "pat-secret", "dateCreated": "2026-06-16T21:02:05.000Z"});
    let (server, seen) = server("cr-ed", key, "POST", "/auth/pats", entity).await;
    let client = DfnsClient::with_signer(&Config::new(&server.uri())?, "login-token", signer)?;
    let body = dfns::types::CreatePersonalAccessTokenRequest {
        name: "ci".into(),
        public_key: "-----BEGIN PUBLIC KEY-----…".into(),
        permission_id: None,
        external_id: None,
        days_valid: Some(30),
        seconds_valid: None,
    };
    let created = client
        .create_personal_access_token()
        .body(body)
        .send()
        .await?
        .into_inner();
    assert_eq!(created.kind, Some(TokenKind::Pat));
    assert_eq!(
        created.access_token.as_ref().map(|t| t.expose()),
        Some("pat-secret")
    );
    assert_eq!(
        seen.lock().map(|s| s.len()).unwrap_or_default(),
        1,
        "the server verified one signature"
    );

    let init: Value =
        serde_json::from_slice(&received(&server, "/auth/action/init").await[0].body)?;
    let sent = &received(&server, "/auth/pats").await[0];
    assert_eq!(
        init["userActionPayload"],
        Value::String(String::from_utf8(sent.body.clone())?),
        "the exact body"
    );
    assert_eq!(
        (
            init["userActionHttpMethod"].as_str(),
            init["userActionHttpPath"].as_str()
        ),
        (Some("POST"), Some("/auth/pats"))
    );
    assert_eq!(init["userActionServerKind"], "Api");
    for request in [&received(&server, "/auth/action/init").await[0], sent] {
        assert_eq!(
            request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok()),
            Some("Bearer login-token")
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_p256_signer_signs_a_delete_with_the_empty_body_the_official_sdk_sends() -> TestResult {
    let signer = P256Signer::new("cr-p256", &[9u8; 32])?;
    let key = PublicKey::P256(signer.verifying_key());
    let (server, seen) = server(
        "cr-p256",
        key,
        "DELETE",
        "/auth/service-accounts/us-1",
        json!({"userInfo": {"userId": "us-1", "isActive": false}}),
    )
    .await;
    let client = DfnsClient::with_signer(&Config::new(&server.uri())?, "token", signer)?;
    let deleted = client
        .delete_service_account()
        .service_account_id("us-1")
        .send()
        .await?
        .into_inner();
    assert_eq!(deleted.user_info.and_then(|u| u.is_active), Some(false));
    assert_eq!(seen.lock().map(|s| s.len()).unwrap_or_default(), 1);
    let init: Value =
        serde_json::from_slice(&received(&server, "/auth/action/init").await[0].body)?;
    assert_eq!(
        init["userActionPayload"], "{}",
        "the empty body, signed as sent"
    );
    let sent = &received(&server, "/auth/service-accounts/us-1").await[0];
    assert_eq!(sent.body, b"{}");
    assert_eq!(init["userActionHttpMethod"], "DELETE");
    Ok(())
}

#[tokio::test]
async fn reads_are_never_signed() -> TestResult {
    let signer = Ed25519Signer::new("cr-ed", &[7u8; 32]);
    let key = PublicKey::Ed25519(signer.verifying_key());
    let (server, _) = server("cr-ed", key, "PUT", "/auth/pats/to-1", json!({})).await;
    Mock::given(method("GET"))
        .and(path("/auth/pats"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": []})))
        .mount(&server)
        .await;
    let client = DfnsClient::with_signer(&Config::new(&server.uri())?, "token", signer)?;
    client.list_personal_access_tokens().send().await?;
    assert!(received(&server, "/auth/action/init").await.is_empty());
    assert!(
        received(&server, "/auth/pats").await[0]
            .headers
            .get("x-dfns-useraction")
            .is_none()
    );
    Ok(())
}

#[tokio::test]
async fn a_credential_the_challenge_does_not_allow_is_reported() -> TestResult {
    let signer = Ed25519Signer::new("cr-other", &[7u8; 32]);
    let key = PublicKey::Ed25519(signer.verifying_key());
    let (server, _) = server("cr-ed", key, "PUT", "/auth/pats/to-1/activate", json!({})).await;
    let client = DfnsClient::with_signer(&Config::new(&server.uri())?, "token", signer)?;
    match client
        .activate_personal_access_token()
        .token_id("to-1")
        .send()
        .await
    {
        Err(Error::UserAction(cause)) => assert!(
            matches!(*cause, Error::Signing(ref m) if m.contains("cr-other")),
            "{cause}"
        ),
        other => {
            return Err(format!("expected Error::UserAction, got {:?}", other.map(|_| ())).into());
        }
    }
    assert!(
        received(&server, "/auth/action").await.is_empty(),
        "nothing was signed"
    );
    assert!(
        received(&server, "/auth/pats/to-1/activate")
            .await
            .is_empty(),
        "a request that cannot be signed is not sent"
    );
    Ok(())
}

#[tokio::test]
async fn logout_is_not_signed() -> TestResult {
    let signer = Ed25519Signer::new("cr-ed", &[7u8; 32]);
    let key = PublicKey::Ed25519(signer.verifying_key());
    let (server, seen) = server("cr-ed", key, "PUT", "/auth/pats/to-1", json!({})).await;
    Mock::given(method("PUT"))
        .and(path("/auth/logout"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message": "logged out"})))
        .mount(&server)
        .await;
    let client = DfnsClient::with_signer(&Config::new(&server.uri())?, "token", signer)?;
    let body = dfns::types::LogoutRequest {
        all_sessions: Some(true),
    };
    let answer = client.logout().body(body).send().await?.into_inner();
    assert_eq!(answer.message.as_deref(), Some("logged out"));
    assert!(received(&server, "/auth/action/init").await.is_empty());
    assert_eq!(seen.lock().map(|s| s.len()).unwrap_or_default(), 0);
    let sent = &received(&server, "/auth/logout").await[0];
    assert!(sent.headers.get("x-dfns-useraction").is_none());
    assert_eq!(
        sent.headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer token")
    );
    Ok(())
}

#[tokio::test]
async fn a_202_is_the_approval_the_request_awaits() -> TestResult {
    let signer = Ed25519Signer::new("cr-ed", &[7u8; 32]);
    let key = PublicKey::Ed25519(signer.verifying_key());
    let (server, _) = server("cr-ed", key, "PUT", "/auth/unused", json!({})).await;
    let approval =
        json!({"id": "ap-3ab1-9", "status": "Pending", "activity": {"kind": "Permissions:Assign"}});
    Mock::given(method("POST"))
        .and(path("/auth/service-accounts"))
        .and(header("x-dfns-useraction", USER_ACTION))
        .respond_with(ResponseTemplate::new(202).set_body_json(approval.clone()))
        .mount(&server)
        .await;
    let client = DfnsClient::with_signer(&Config::new(&server.uri())?, "token", signer)?;
    let body = dfns::types::CreateServiceAccountRequest {
        name: "ci".into(),
        public_key: "-----BEGIN PUBLIC KEY-----…".into(),
        permission_id: None,
        external_id: None,
        days_valid: None,
    };
    let error = client
        .create_service_account()
        .body(body)
        .send()
        .await
        .err()
        .ok_or("a 202 is not the service account")?;
    assert_eq!(error.status(), Some(202));
    let pending = error
        .approval()
        .ok_or(format!("not PolicyPending: {error:?}"))?;
    assert_eq!(pending.id.as_deref(), Some("ap-3ab1-9"));
    assert_eq!(serde_json::to_value(pending)?, approval, "every field kept");
    assert!(error.to_string().contains("approval ap-3ab1-9"), "{error}");
    Ok(())
}

/// `POST /auth/login/init` issues a challenge for `cred_id`; `POST
/// /auth/login` verifies the signed challenge like `/auth/action` and
/// answers `answer`.
async fn login_server(cred_id: &'static str, key: PublicKey, answer: Value) -> MockServer {
    let server = MockServer::start().await;
    mount_challenge(&server, "/auth/login/init", cred_id).await;
    let verifier = Verifier {
        cred_id,
        key,
        seen: Arc::new(Mutex::new(Vec::new())),
    };
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(move |request: &Request| match verifier.check(request) {
            Ok(()) => ResponseTemplate::new(200).set_body_json(answer.clone()),
            Err(reason) => ResponseTemplate::new(401)
                .set_body_json(json!({"error": {"id": "e1", "status": 401, "message": reason}})),
        })
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn login_with_a_key_credential_gives_a_signing_client() -> TestResult {
    let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g\n-----END PRIVATE KEY-----\n";
    let seed: [u8; 32] = std::array::from_fn(|i| (i + 1) as u8);
    let key = PublicKey::Ed25519(Ed25519Signer::new("cr-ed", &seed).verifying_key());
    let token = jwt::unsigned(&json!({"https://custom/username": "jane@acme.com"}));
    let server = login_server("cr-ed", key, json!({"token": token})).await;
    let signer = dfns::KeySigner::from_pem("cr-ed", pem)?;
    let client = DfnsClient::login(
        &Config::new(&server.uri())?,
        "or-1",
        "jane@acme.com",
        signer,
    )
    .await?;
    assert_eq!(
        client.claims().transpose()?.and_then(|c| c.username),
        Some("jane@acme.com".into())
    );
    let init: Value = serde_json::from_slice(&received(&server, "/auth/login/init").await[0].body)?;
    assert_eq!(init, json!({"orgId": "or-1", "username": "jane@acme.com"}));
    for route in ["/auth/login/init", "/auth/login"] {
        assert!(
            received(&server, route).await[0]
                .headers
                .get("authorization")
                .is_none(),
            "{route}: a login sends no token"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_login_that_needs_sso_says_so() -> TestResult {
    let signer = Ed25519Signer::new("cr-ed", &[7u8; 32]);
    let key = PublicKey::Ed25519(signer.verifying_key());
    let server = login_server("cr-ed", key, json!({"ssoClientId": "sso-1"})).await;
    match DfnsClient::login(&Config::new(&server.uri())?, "or-1", "jane", signer).await {
        Err(Error::SsoRequired { sso_client_id }) => assert_eq!(sso_client_id, "sso-1"),
        other => return Err(format!("expected SsoRequired, got {:?}", other.map(|_| ())).into()),
    }
    Ok(())
}

#[tokio::test]
async fn without_a_signer_the_server_refuses_and_says_why() -> TestResult {
    let signer = Ed25519Signer::new("cr-ed", &[7u8; 32]);
    let (server, _) = server(
        "cr-ed",
        PublicKey::Ed25519(signer.verifying_key()),
        "PUT",
        "/auth/pats/to-1/deactivate",
        json!({}),
    )
    .await;
    let client = DfnsClient::with_token(&Config::new(&server.uri())?, "token")?;
    let error = client
        .deactivate_personal_access_token()
        .token_id("to-1")
        .send()
        .await
        .err()
        .ok_or("expected an error")?;
    assert_eq!(error.status(), Some(403));
    assert_eq!(error.message(), Some("User action signature is missing"));
    Ok(())
}

#[test]
fn claims_are_read_without_verifying_the_signature() -> Result<(), Box<dyn std::error::Error>> {
    let token = jwt::unsigned(&json!({
        "iss": "auth.dfns.io", "aud": "dfns:auth:user", "sub": "or-1|us-1",
        "https://custom/username": "jane@acme.com",
        "https://custom/app_metadata": {"userId": "us-1", "orgId": "or-1", "tokenKind": "Pat"},
        "exp": 1781643725
    }));
    let claims = Claims::decode(&token)?;
    assert_eq!(claims.username.as_deref(), Some("jane@acme.com"));
    assert_eq!(
        (claims.user_id.as_deref(), claims.organisation()),
        (Some("us-1"), Some("or-1"))
    );
    assert_eq!(claims.token_kind.as_deref(), Some("Pat"));
    assert_eq!(
        claims.expires_at.map(|t| t.timestamp()),
        Some(1_781_643_725)
    );
    assert_eq!(claims.issuer.as_deref(), Some("auth.dfns.io"));

    let tenant = jwt::unsigned(
        &json!({"https://custom/app_metadata": {"userId": "us-2", "tenantId": "tn-9", "tokenKind": "ServiceAccount"}}),
    );
    let claims = Claims::decode(&tenant)?;
    assert_eq!(
        (claims.org_id.as_deref(), claims.organisation()),
        (None, Some("tn-9"))
    );
    let client = DfnsClient::with_token(&Config::europe(), token)?;
    assert_eq!(
        client.claims().transpose()?.and_then(|c| c.username),
        Some("jane@acme.com".into())
    );
    assert!(Claims::decode("not-a-jwt").is_err());
    Ok(())
}
