//! What a Dfns token says about its holder. There is no `/me` route: the
//! claims are read from the JWT itself, **without verifying its signature**
//! (EdDSA by Dfns). Use them to show who is logged in and when the token
//! expires, never to decide what a caller may do.

use bindings_support::jwt;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

pub use bindings_support::jwt::JwtError;

/// The claims of a Dfns token.
#[derive(Clone, Debug, PartialEq)]
pub struct Claims {
    /// `https://custom/username`: the user's email.
    pub username: Option<String>,
    /// `https://custom/app_metadata.userId`.
    pub user_id: Option<String>,
    /// `https://custom/app_metadata.orgId`.
    pub org_id: Option<String>,
    /// `https://custom/app_metadata.tenantId` (instead of an org id).
    pub tenant_id: Option<String>,
    /// `https://custom/app_metadata.tokenKind`.
    pub token_kind: Option<String>,
    /// `exp`.
    pub expires_at: Option<DateTime<Utc>>,
    /// `iss`.
    pub issuer: Option<String>,
    /// `sub`.
    pub subject: Option<String>,
    /// Every claim, as sent.
    pub raw: Map<String, Value>,
}

impl Claims {
    /// Reads the claims of `token` (not verified).
    pub fn decode(token: &str) -> Result<Self, JwtError> {
        let raw = jwt::payload(token)?;
        let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
        let metadata = raw.get("https://custom/app_metadata");
        Ok(Self {
            username: text(raw.get("https://custom/username")),
            user_id: text(metadata.and_then(|m| m.get("userId"))),
            org_id: text(metadata.and_then(|m| m.get("orgId"))),
            tenant_id: text(metadata.and_then(|m| m.get("tenantId"))),
            token_kind: text(metadata.and_then(|m| m.get("tokenKind"))),
            expires_at: jwt::seconds(&raw, "exp").and_then(|s| DateTime::from_timestamp(s, 0)),
            issuer: text(raw.get("iss")),
            subject: text(raw.get("sub")),
            raw,
        })
    }

    /// The org id, or else the tenant id.
    pub fn organisation(&self) -> Option<&str> {
        self.org_id.as_deref().or(self.tenant_id.as_deref())
    }
}
