//! User action signing: a [`Signer`] holds a credential's private key; the
//! client runs init → sign → complete for every state-changing request.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bindings_support::Secret;

use crate::types::{
    CredentialAssertion, CredentialKind, KeyAssertion, UserActionChallenge,
    UserActionChallengeRequest, UserActionSignatureRequest,
};
use crate::{Error, call, generated};

/// A credential that signs user action challenges.
pub trait Signer: Send + Sync + fmt::Debug {
    /// The credential's id (`credId`), as registered with Dfns.
    fn cred_id(&self) -> &str;
    /// Signs `message` (the clientData bytes).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String>;
}

/// An Ed25519 key credential: signatures are the raw 64 bytes.
pub struct Ed25519Signer {
    cred_id: String,
    key: ed25519_dalek::SigningKey,
}

impl Ed25519Signer {
    /// A signer for `cred_id` with the 32-byte private key `secret`.
    pub fn new(cred_id: impl Into<String>, secret: &[u8; 32]) -> Self {
        Self {
            cred_id: cred_id.into(),
            key: ed25519_dalek::SigningKey::from_bytes(secret),
        }
    }

    /// The public key (to register, or to verify with).
    pub fn verifying_key(&self) -> ed25519_dalek::VerifyingKey {
        self.key.verifying_key()
    }

    /// The public key as SPKI PEM, what `createPersonalAccessToken` and
    /// `createServiceAccount` take as `publicKey`.
    pub fn public_key_pem(&self) -> Result<String, Error> {
        crate::key_signer::spki_pem(&self.key.verifying_key())
    }
}

impl Signer for Ed25519Signer {
    fn cred_id(&self) -> &str {
        &self.cred_id
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        use ed25519_dalek::Signer as _;
        Ok(self.key.sign(message).to_bytes().to_vec())
    }
}

impl fmt::Debug for Ed25519Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ed25519Signer")
            .field("cred_id", &self.cred_id)
            .field("key", &"***")
            .finish()
    }
}

/// An ECDSA P-256 key credential: signatures over SHA-256, ASN.1 DER.
pub struct P256Signer {
    cred_id: String,
    key: p256::ecdsa::SigningKey,
}

impl P256Signer {
    /// A signer for `cred_id` with the 32-byte private scalar `secret`.
    pub fn new(cred_id: impl Into<String>, secret: &[u8]) -> Result<Self, Error> {
        let key = p256::ecdsa::SigningKey::from_slice(secret)
            .map_err(|e| Error::Signing(format!("not a P-256 private key: {e}")))?;
        Ok(Self {
            cred_id: cred_id.into(),
            key,
        })
    }

    /// The public key (to register, or to verify with).
    pub fn verifying_key(&self) -> p256::ecdsa::VerifyingKey {
        *self.key.verifying_key()
    }

    /// The public key as SPKI PEM, what `createPersonalAccessToken` and
    /// `createServiceAccount` take as `publicKey`.
    pub fn public_key_pem(&self) -> Result<String, Error> {
        crate::key_signer::spki_pem(self.key.verifying_key())
    }
}

impl Signer for P256Signer {
    fn cred_id(&self) -> &str {
        &self.cred_id
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        use p256::ecdsa::signature::Signer as _;
        let signature: p256::ecdsa::DerSignature =
            self.key.try_sign(message).map_err(|e| e.to_string())?;
        Ok(signature.as_bytes().to_vec())
    }
}

impl fmt::Debug for P256Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("P256Signer")
            .field("cred_id", &self.cred_id)
            .field("key", &"***")
            .finish()
    }
}

/// The clientData of a challenge: `{"type":"key.get","challenge":…}`, the
/// exact bytes that are signed (and sent base64url).
pub fn client_data(challenge: &str) -> String {
    let quoted = serde_json::Value::String(challenge.to_owned()).to_string();
    format!(r#"{{"type":"key.get","challenge":{quoted}}}"#)
}

/// The credential assertion of `signer` for `challenge`: refuses a
/// credential the challenge does not allow (when it lists any), signs the
/// clientData bytes, and encodes both base64url. Sent as `firstFactor` of
/// a login or a user action signature.
pub(crate) fn assertion(
    signer: &dyn Signer,
    challenge: &UserActionChallenge,
) -> Result<CredentialAssertion, Error> {
    let allowed: Vec<&str> = challenge
        .allow_credentials
        .as_ref()
        .map(|a| a.key.iter().map(|k| k.id.as_str()).collect())
        .unwrap_or_default();
    if !allowed.is_empty() && !allowed.contains(&signer.cred_id()) {
        return Err(Error::Signing(format!(
            "the challenge allows credentials {allowed:?}, not {}",
            signer.cred_id()
        )));
    }
    let data = client_data(&challenge.challenge);
    let signature = signer.sign(data.as_bytes()).map_err(Error::Signing)?;
    Ok(CredentialAssertion {
        kind: CredentialKind::Key,
        credential_assertion: Some(KeyAssertion {
            cred_id: signer.cred_id().to_owned(),
            client_data: URL_SAFE_NO_PAD.encode(data.as_bytes()),
            signature: URL_SAFE_NO_PAD.encode(signature),
            algorithm: None,
        }),
    })
}

/// Runs init → sign → complete for the request described by `method`,
/// `path` and `payload` (its exact JSON body, `""` when none), with `client`
/// (the caller's token, no signer). Returns the `X-DFNS-USERACTION` value.
pub(crate) async fn user_action(
    client: &generated::Client,
    signer: &dyn Signer,
    method: &str,
    path: &str,
    payload: String,
) -> Result<Secret, Error> {
    let request = UserActionChallengeRequest {
        user_action_payload: payload,
        user_action_http_method: method.to_owned(),
        user_action_http_path: path.to_owned(),
        user_action_server_kind: "Api".to_owned(),
    };
    let challenge = call::send(
        client.create_user_action_challenge().body(request).send(),
        false,
    )
    .await?
    .into_inner();
    let signed = UserActionSignatureRequest {
        first_factor: assertion(signer, &challenge)?,
        challenge_identifier: challenge.challenge_identifier,
    };
    let response = call::send(
        client.create_user_action_signature().body(signed).send(),
        true,
    )
    .await?;
    Ok(response.into_inner().user_action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_data_is_the_documented_json_with_the_challenge_escaped() {
        assert_eq!(
            client_data("abc"),
            r#"{"type":"key.get","challenge":"abc"}"#
        );
        assert_eq!(
            client_data("a\"b"),
            r#"{"type":"key.get","challenge":"a\"b"}"#
        );
    }

    #[test]
    fn signatures_verify_with_the_public_key() -> Result<(), Box<dyn std::error::Error>> {
        // One `signature::Verifier` trait serves both key types.
        use ed25519_dalek::Verifier as _;
        let message = client_data("c1");
        let ed = Ed25519Signer::new("cr-1", &[7u8; 32]);
        let signature = ed25519_dalek::Signature::from_slice(&ed.sign(message.as_bytes())?)?;
        ed.verifying_key().verify(message.as_bytes(), &signature)?;

        let p = P256Signer::new("cr-2", &[9u8; 32])?;
        let der = p256::ecdsa::DerSignature::from_bytes(&p.sign(message.as_bytes())?)?;
        p.verifying_key().verify(message.as_bytes(), &der)?;
        assert!(
            !format!("{ed:?} {p:?}").contains("[7, 7"),
            "keys stay out of Debug"
        );
        Ok(())
    }
}
