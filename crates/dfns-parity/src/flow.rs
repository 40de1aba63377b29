//! The flow both clients run against [`DfnsServer`](crate::server::DfnsServer):
//! log in with a key, create a PAT, update, deactivate, activate and archive
//! it, list PATs, create a service account, a creation held for approval
//! (202), log out. `tools/interop/dfns/flow.js` is the same flow with the
//! official SDK; each prints one line per step.

use dfns::types::{
    CreatePersonalAccessTokenRequest, CreateServiceAccountRequest, LogoutRequest, UpdateRequest,
};
use dfns::{Config, DfnsClient, Error, KeySigner};

use crate::server::{NEEDS_APPROVAL, ORG_ID, USERNAME};

/// The public key the flow registers with its PAT and service account.
pub const PUBLIC_KEY: &str =
    "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----";

/// Runs the flow with the Rust client; one line per step.
pub async fn run(base_url: &str, cred_id: &str, pem: &str) -> Result<Vec<String>, Error> {
    let signer = KeySigner::from_pem(cred_id, pem)?;
    let client = DfnsClient::login(&Config::new(base_url)?, ORG_ID, USERNAME, signer).await?;
    let mut steps = vec!["login: token".to_owned()];
    let created = client
        .create_personal_access_token()
        .body(pat_request("ci"))
        .send()
        .await?
        .into_inner();
    let id = created.token_id.clone().unwrap_or_default();
    steps.push(format!("createPersonalAccessToken: {id}"));
    let updated = client
        .update_personal_access_token()
        .token_id(&id)
        .body(UpdateRequest {
            name: Some("ci-2".into()),
            external_id: None,
        })
        .send()
        .await?
        .into_inner();
    steps.push(format!(
        "updatePersonalAccessToken: {}",
        updated.name.unwrap_or_default()
    ));
    client
        .deactivate_personal_access_token()
        .token_id(&id)
        .send()
        .await?;
    steps.push("deactivatePersonalAccessToken".into());
    client
        .activate_personal_access_token()
        .token_id(&id)
        .send()
        .await?;
    steps.push("activatePersonalAccessToken".into());
    client
        .delete_personal_access_token()
        .token_id(&id)
        .send()
        .await?;
    steps.push("archivePersonalAccessToken".into());
    let list = client
        .list_personal_access_tokens()
        .send()
        .await?
        .into_inner();
    steps.push(format!("listPersonalAccessTokens: {}", list.items.len()));
    let account = client
        .create_service_account()
        .body(CreateServiceAccountRequest {
            name: "machine".into(),
            public_key: PUBLIC_KEY.into(),
            permission_id: None,
            external_id: None,
            days_valid: None,
        })
        .send()
        .await?
        .into_inner();
    steps.push(format!(
        "createServiceAccount: {}",
        account
            .user_info
            .and_then(|u| u.user_id)
            .unwrap_or_default()
    ));
    match client
        .create_personal_access_token()
        .body(pat_request(NEEDS_APPROVAL))
        .send()
        .await
    {
        Err(Error::PolicyPending { approval }) => steps.push(format!(
            "pending approval: {}",
            approval.id.as_deref().unwrap_or_default()
        )),
        Err(other) => return Err(other),
        Ok(_) => steps.push("pending approval: none (carried out)".into()),
    }
    client
        .logout()
        .body(LogoutRequest {
            all_sessions: Some(true),
        })
        .send()
        .await?;
    steps.push("logout".into());
    Ok(steps)
}

fn pat_request(name: &str) -> CreatePersonalAccessTokenRequest {
    CreatePersonalAccessTokenRequest {
        name: name.into(),
        public_key: PUBLIC_KEY.into(),
        permission_id: None,
        external_id: None,
        days_valid: Some(30),
        seconds_valid: None,
    }
}
