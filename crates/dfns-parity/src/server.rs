//! A loopback Dfns that checks what a client sends the way Dfns must: it
//! logs a user in only with a signature of the login challenge by the
//! user's credential, hands out a user action only for a verified signature
//! of the action challenge, and serves a state-changing request only with
//! an unused user action issued for that method, path and body. It logs
//! every request, nonces and signatures replaced, for comparing two clients.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The organization and user the server knows.
pub const ORG_ID: &str = "or-30tnh-itmjs-s235s5ohlrmc5p4o";
/// The user's name.
pub const USERNAME: &str = "ci@example.com";
/// A PAT or service account with this name is held for approval (202).
pub const NEEDS_APPROVAL: &str = "needs-approval";

/// One request as the server saw it, for comparing clients: values that
/// differ on every run (challenges, signatures, tokens) are placeholders.
#[derive(Clone, Debug, PartialEq)]
pub struct Logged {
    /// Method and path with the query.
    pub request: String,
    /// Whether it carried `Authorization: Bearer …`.
    pub bearer: bool,
    /// Whether it carried `X-DFNS-USERACTION`.
    pub user_action: bool,
    /// Its `Content-Type`.
    pub content_type: Option<String>,
    /// The JSON body (a signed payload parsed too), placeholders in.
    pub body: Value,
    /// The status the server answered.
    pub status: u16,
}

/// What a challenge was issued for.
#[derive(Clone, Debug)]
enum Purpose {
    Login,
    Action {
        method: String,
        path: String,
        payload: String,
    },
}

#[derive(Default)]
struct State {
    public_pem: String,
    cred_id: String,
    /// challengeIdentifier → (challenge, purpose).
    challenges: HashMap<String, (String, Purpose)>,
    /// user action → (method, path, payload), removed when used.
    actions: HashMap<String, (String, String, String)>,
    log: Vec<Logged>,
    serial: u64,
}

/// The running server.
pub struct DfnsServer {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl DfnsServer {
    /// A server whose user logs in with the credential `cred_id` and the
    /// public key `public_pem` (SPKI PEM).
    pub async fn start(cred_id: &str, public_pem: &str) -> Self {
        let state = Arc::new(Mutex::new(State {
            public_pem: public_pem.to_owned(),
            cred_id: cred_id.to_owned(),
            ..State::default()
        }));
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Handler {
                state: state.clone(),
            })
            .mount(&server)
            .await;
        Self { server, state }
    }

    /// The server's base URL.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Every request so far, in order.
    pub fn log(&self) -> Vec<Logged> {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .log
            .clone()
    }
}

struct Handler {
    state: Arc<Mutex<State>>,
}

impl Respond for Handler {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let (status, body) = match handle(&mut state, request) {
            Ok((status, body)) => (status, body),
            Err((status, message)) => (
                status,
                json!({"error": {"id": "e-test", "status": status, "message": message}}),
            ),
        };
        let logged = log_entry(request, status);
        state.log.push(logged);
        ResponseTemplate::new(status).set_body_json(body)
    }
}

type Answer = Result<(u16, Value), (u16, String)>;

fn handle(state: &mut State, request: &Request) -> Answer {
    let method = request.method.as_str().to_owned();
    let path = request.url.path().to_owned();
    let body: Value = if request.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&request.body).map_err(|e| (400, format!("body: {e}")))?
    };
    let bearer = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    match (method.as_str(), path.as_str()) {
        ("POST", "/auth/login/init") => {
            if body["orgId"] != ORG_ID || body["username"] != USERNAME {
                return Err((401, "unknown user".into()));
            }
            Ok((200, challenge(state, Purpose::Login)))
        }
        ("POST", "/auth/login") => {
            let purpose = verify_factor(state, &body)?;
            if !matches!(purpose, Purpose::Login) {
                return Err((401, "not a login challenge".into()));
            }
            let token = bindings_support::jwt::unsigned(&json!({
                "https://custom/username": USERNAME,
                "https://custom/app_metadata": {"userId": "us-1", "orgId": ORG_ID, "tokenKind": "Token"}
            }));
            Ok((200, json!({"token": token})))
        }
        _ if !bearer => Err((401, "Unauthorized".into())),
        ("POST", "/auth/action/init") => {
            let field = |name: &str| body[name].as_str().map(str::to_owned);
            let (Some(method), Some(path), Some(payload)) = (
                field("userActionHttpMethod"),
                field("userActionHttpPath"),
                field("userActionPayload"),
            ) else {
                return Err((400, "incomplete user action challenge request".into()));
            };
            Ok((
                200,
                challenge(
                    state,
                    Purpose::Action {
                        method,
                        path,
                        payload,
                    },
                ),
            ))
        }
        ("POST", "/auth/action") => match verify_factor(state, &body)? {
            Purpose::Action {
                method,
                path,
                payload,
            } => {
                state.serial += 1;
                let action = format!("ua-{}", state.serial);
                state
                    .actions
                    .insert(action.clone(), (method, path, payload));
                Ok((200, json!({"userAction": action})))
            }
            Purpose::Login => Err((401, "a login challenge".into())),
        },
        ("PUT", "/auth/logout") => Ok((200, json!({"message": "logged out"}))),
        ("GET", _) => route(&method, &path, &body),
        _ => {
            use_action(state, request)?;
            route(&method, &path, &body)
        }
    }
}

/// A fresh challenge for `purpose`, allowing the user's credential.
fn challenge(state: &mut State, purpose: Purpose) -> Value {
    state.serial += 1;
    let challenge = URL_SAFE_NO_PAD.encode(format!("challenge-{}", state.serial));
    let identifier = format!("ci-{}", state.serial);
    state
        .challenges
        .insert(identifier.clone(), (challenge.clone(), purpose));
    json!({
        "challenge": challenge,
        "challengeIdentifier": identifier,
        "supportedCredentialKinds": [{"kind": "Key", "factor": "first", "requiresSecondFactor": false}],
        "userVerification": "required",
        "attestation": "direct",
        "allowCredentials": {"key": [{"type": "public-key", "id": state.cred_id}], "webauthn": []},
        "externalAuthenticationUrl": ""
    })
}

/// Checks a `{challengeIdentifier, firstFactor}` body: a challenge issued
/// here (used once), the user's credential, clientData exactly
/// `{"type":"key.get","challenge":…}`, and a signature of those bytes.
fn verify_factor(state: &mut State, body: &Value) -> Result<Purpose, (u16, String)> {
    let refuse = |why: String| (401, why);
    let identifier = body["challengeIdentifier"].as_str().unwrap_or_default();
    let (challenge, purpose) = state
        .challenges
        .remove(identifier)
        .ok_or_else(|| refuse(format!("unknown challenge {identifier:?}")))?;
    let factor = &body["firstFactor"];
    let assertion = &factor["credentialAssertion"];
    if factor["kind"] != "Key" || assertion["credId"] != state.cred_id.as_str() {
        return Err(refuse(format!("not the user's key credential: {factor}")));
    }
    let decode = |name: &str| {
        URL_SAFE_NO_PAD
            .decode(assertion[name].as_str().unwrap_or_default())
            .map_err(|e| refuse(format!("{name}: {e}")))
    };
    let client_data = decode("clientData")?;
    let expected = format!(
        r#"{{"type":"key.get","challenge":{}}}"#,
        Value::String(challenge)
    );
    if client_data != expected.as_bytes() {
        return Err(refuse(format!(
            "clientData {:?}, expected {expected:?}",
            String::from_utf8_lossy(&client_data)
        )));
    }
    crate::verify::verify(&state.public_pem, &client_data, &decode("signature")?)
        .map_err(|e| refuse(format!("signature: {e}")))?;
    Ok(purpose)
}

/// Takes the request's user action: issued here, unused, for this method,
/// path (with or without its query) and exact body.
fn use_action(state: &mut State, request: &Request) -> Result<(), (u16, String)> {
    let refuse = |why: String| (403, why);
    let action = request
        .headers
        .get("x-dfns-useraction")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| refuse("User action signature is missing".into()))?;
    let (method, path, payload) = state
        .actions
        .remove(action)
        .ok_or_else(|| refuse(format!("user action {action:?} unknown or used")))?;
    let full_path = match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    };
    let body = String::from_utf8_lossy(&request.body);
    if method != request.method.as_str()
        || (path != request.url.path() && path != full_path)
        || payload != body
    {
        return Err(refuse(format!(
            "the user action is for {method} {path} {payload:?}, not {} {full_path} {body:?}",
            request.method
        )));
    }
    Ok(())
}

/// The answer of a route once its checks passed.
fn route(method: &str, path: &str, body: &Value) -> Answer {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let needs_approval = body["name"] == NEEDS_APPROVAL;
    if needs_approval {
        return Ok((202, json!({"id": "ap-1", "status": "Pending"})));
    }
    let name = body["name"].as_str().unwrap_or("ci");
    match (method, segments.as_slice()) {
        ("POST", ["auth", "pats"]) => Ok((200, pat("to-1", name, Some("pat-secret")))),
        ("GET", ["auth", "pats"]) => Ok((200, json!({"items": [pat("to-1", "ci", None)]}))),
        (_, ["auth", "pats", id, ..]) => Ok((200, pat(id, name, None))),
        ("POST", ["auth", "service-accounts"]) => Ok((200, service_account("us-2", name))),
        (_, ["auth", "service-accounts", id, ..]) => Ok((200, service_account(id, name))),
        _ => Err((404, format!("no route {method} {path}"))),
    }
}

fn pat(id: &str, name: &str, access_token: Option<&str>) -> Value {
    let mut entity = json!({
        "tokenId": id, "name": name, "kind": "Pat", "isActive": true,
        "credId": "cr-pat", "linkedUserId": "us-1", "linkedAppId": "ap-app", "orgId": ORG_ID,
        "publicKey": "-----BEGIN PUBLIC KEY-----…", "permissionAssignments": [],
        "dateCreated": "2026-06-16T21:02:05.000Z"
    });
    if let Some(token) = access_token {
        entity["accessToken"] = json!(token);
    }
    entity
}

fn service_account(id: &str, name: &str) -> Value {
    json!({
        "userInfo": {"userId": id, "username": name, "name": name, "kind": "CustomerEmployee",
            "orgId": ORG_ID, "isActive": true, "isServiceAccount": true, "isRegistered": true,
            "permissionAssignments": []},
        "accessTokens": [pat("to-2", name, Some("sa-secret"))]
    })
}

/// The log entry of `request`: the body parsed (a user action's payload
/// too), challenges, signatures and tokens replaced by placeholders.
fn log_entry(request: &Request, status: u16) -> Logged {
    let mut body: Value = if request.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&request.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&request.body).into_owned()))
    };
    if let Some(payload) = body.get("userActionPayload").and_then(Value::as_str) {
        let parsed = if payload.is_empty() {
            Value::String(String::new())
        } else {
            serde_json::from_str(payload).unwrap_or_else(|_| Value::String(payload.to_owned()))
        };
        body["userActionPayload"] = parsed;
    }
    for pointer in [
        "/challengeIdentifier",
        "/firstFactor/credentialAssertion/clientData",
        "/firstFactor/credentialAssertion/signature",
    ] {
        if let Some(value) = body.pointer_mut(pointer) {
            *value = json!("…");
        }
    }
    let query = request
        .url
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
    Logged {
        request: format!("{} {}{query}", request.method, request.url.path()),
        bearer: header("authorization").is_some_and(|v| v.starts_with("Bearer ")),
        user_action: header("x-dfns-useraction").is_some(),
        content_type: header("content-type").map(str::to_owned),
        body,
        status,
    }
}
