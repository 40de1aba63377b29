//! [`KeySigner`]: a credential's private key read from PEM, as Dfns's docs
//! generate it with openssl and as the official key signer takes it, for
//! the four key types Dfns supports.

use std::fmt;

use pkcs8::DecodePrivateKey;
use pkcs8::der::pem::LineEnding;
use rsa::pkcs1::DecodeRsaPrivateKey;
use spki::EncodePublicKey;

use crate::{Error, Signer};

/// The algorithm of a [`KeySigner`]'s key, with how it signs (the same as
/// Dfns's official key signer, `@dfns/sdk-keysigner`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyAlgorithm {
    /// Ed25519 over the message itself; 64 raw bytes.
    Ed25519,
    /// ECDSA P-256 over SHA-256; ASN.1 DER.
    EcdsaP256,
    /// ECDSA secp256k1 over SHA-256; ASN.1 DER.
    EcdsaSecp256k1,
    /// RSA PKCS#1 v1.5 over SHA-256.
    Rsa,
}

enum Key {
    Ed25519(ed25519_dalek::SigningKey),
    P256(p256::ecdsa::SigningKey),
    Secp256k1(k256::ecdsa::SigningKey),
    Rsa(Box<rsa::pkcs1v15::SigningKey<sha2::Sha256>>),
}

/// A key credential read from a PEM private key: PKCS#8 (`BEGIN PRIVATE
/// KEY`) for every type, SEC1 (`BEGIN EC PRIVATE KEY`) for the two curves,
/// PKCS#1 (`BEGIN RSA PRIVATE KEY`) for RSA.
///
/// ```
/// # fn main() -> Result<(), dfns::Error> {
/// let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g\n-----END PRIVATE KEY-----\n";
/// let signer = dfns::KeySigner::from_pem("cr-1a2b3-…", pem)?;
/// assert_eq!(signer.algorithm(), dfns::KeyAlgorithm::Ed25519);
/// let public_key = signer.public_key_pem()?; // `publicKey` of a new PAT or service account
/// assert!(public_key.starts_with("-----BEGIN PUBLIC KEY-----"));
/// # Ok(()) }
/// ```
pub struct KeySigner {
    cred_id: String,
    key: Key,
}

impl KeySigner {
    /// A signer for `cred_id` with the private key in `pem`. Encrypted keys
    /// are refused (decrypt them first, e.g. `openssl pkcs8 -in k.pem`).
    pub fn from_pem(cred_id: impl Into<String>, pem: &str) -> Result<Self, Error> {
        Ok(Self {
            cred_id: cred_id.into(),
            key: parse(pem)?,
        })
    }

    /// The key's algorithm.
    pub fn algorithm(&self) -> KeyAlgorithm {
        match &self.key {
            Key::Ed25519(_) => KeyAlgorithm::Ed25519,
            Key::P256(_) => KeyAlgorithm::EcdsaP256,
            Key::Secp256k1(_) => KeyAlgorithm::EcdsaSecp256k1,
            Key::Rsa(_) => KeyAlgorithm::Rsa,
        }
    }

    /// The public key as SPKI PEM (`BEGIN PUBLIC KEY`), what
    /// `createPersonalAccessToken` and `createServiceAccount` take as
    /// `publicKey`.
    pub fn public_key_pem(&self) -> Result<String, Error> {
        match &self.key {
            Key::Ed25519(key) => spki_pem(&key.verifying_key()),
            Key::P256(key) => spki_pem(key.verifying_key()),
            Key::Secp256k1(key) => spki_pem(key.verifying_key()),
            Key::Rsa(key) => spki_pem(&rsa::PublicKey::from(AsRef::<rsa::PrivateKey>::as_ref(
                key.as_ref(),
            ))),
        }
    }
}

impl Signer for KeySigner {
    fn cred_id(&self) -> &str {
        &self.cred_id
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        use signature::{SignatureEncoding as _, Signer as _};
        Ok(match &self.key {
            Key::Ed25519(key) => key.sign(message).to_bytes().to_vec(),
            Key::P256(key) => {
                let signature: p256::ecdsa::DerSignature =
                    key.try_sign(message).map_err(|e| e.to_string())?;
                signature.to_vec()
            }
            Key::Secp256k1(key) => {
                let signature: k256::ecdsa::DerSignature =
                    key.try_sign(message).map_err(|e| e.to_string())?;
                signature.to_vec()
            }
            Key::Rsa(key) => key.try_sign(message).map_err(|e| e.to_string())?.to_vec(),
        })
    }
}

impl fmt::Debug for KeySigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySigner")
            .field("cred_id", &self.cred_id)
            .field("algorithm", &self.algorithm())
            .field("key", &"***")
            .finish()
    }
}

/// A public key as SPKI PEM.
pub(crate) fn spki_pem(key: &impl EncodePublicKey) -> Result<String, Error> {
    key.to_public_key_pem(LineEnding::LF)
        .map_err(|e| Error::Signing(format!("cannot encode the public key: {e}")))
}

/// The private key of the first PEM block that holds one (a SEC1 key may
/// follow an `EC PARAMETERS` block).
fn parse(pem: &str) -> Result<Key, Error> {
    let refuse = |why: String| Error::Signing(format!("not a usable private key: {why}"));
    let block = private_key_block(pem).ok_or_else(|| {
        refuse(
            "no `BEGIN PRIVATE KEY`, `BEGIN EC PRIVATE KEY` or `BEGIN RSA PRIVATE KEY` block"
                .to_owned(),
        )
    })?;
    let block = block.as_str();
    let label = pkcs8::der::pem::decode_label(block.as_bytes())
        .map_err(|e| refuse(format!("bad PEM: {e}")))?;
    match label {
        "PRIVATE KEY" => pkcs8_key(block).ok_or_else(|| {
            refuse("a PKCS#8 key, but not Ed25519, ECDSA P-256, ECDSA secp256k1 or RSA".to_owned())
        }),
        "EC PRIVATE KEY" => {
            if let Ok(key) = p256::SecretKey::from_sec1_pem(block) {
                Ok(Key::P256(key.into()))
            } else if let Ok(key) = k256::SecretKey::from_sec1_pem(block) {
                Ok(Key::Secp256k1(key.into()))
            } else {
                Err(refuse(
                    "a SEC1 key, but not on P-256 or secp256k1".to_owned(),
                ))
            }
        }
        "RSA PRIVATE KEY" => rsa::PrivateKey::from_pkcs1_pem(block)
            .map(|key| Key::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(key))))
            .map_err(|e| refuse(format!("a PKCS#1 RSA key that does not decode: {e}"))),
        "ENCRYPTED PRIVATE KEY" => Err(refuse(
            "it is encrypted: decrypt it first (openssl pkcs8 -in key.pem)".to_owned(),
        )),
        other => Err(refuse(format!("a `{other}` block"))),
    }
}

/// The PKCS#8 decoders, in turn: each checks the key's algorithm OID.
fn pkcs8_key(block: &str) -> Option<Key> {
    if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_pem(block) {
        return Some(Key::Ed25519(key));
    }
    if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_pem(block) {
        return Some(Key::P256(key));
    }
    if let Ok(key) = k256::ecdsa::SigningKey::from_pkcs8_pem(block) {
        return Some(Key::Secp256k1(key));
    }
    rsa::PrivateKey::from_pkcs8_pem(block)
        .ok()
        .map(|key| Key::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(key))))
}

/// The text of the first `-----BEGIN … PRIVATE KEY-----` block through its
/// `END` line, line endings normalized.
fn private_key_block(pem: &str) -> Option<String> {
    let text = pem.replace("\r\n", "\n");
    let start = text
        .match_indices("-----BEGIN ")
        .map(|(at, _)| at)
        .find(|&at| {
            text[at..]
                .lines()
                .next()
                .is_some_and(|line| line.trim_end().ends_with("PRIVATE KEY-----"))
        })?;
    let rest = &text[start..];
    let end_marker = rest.find("-----END ")?;
    let end = rest[end_marker..]
        .find('\n')
        .map_or(rest.len(), |n| end_marker + n + 1);
    let mut block = rest[..end].to_owned();
    if !block.ends_with('\n') {
        block.push('\n');
    }
    Some(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_private_key_block_is_taken_past_ec_parameters() {
        let pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\r\n-----BEGIN EC PRIVATE KEY-----\r\nAAAA\r\n-----END EC PRIVATE KEY-----";
        assert_eq!(
            private_key_block(pem).as_deref(),
            Some("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n")
        );
        assert_eq!(
            private_key_block("-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----\n"),
            None
        );
    }

    #[test]
    fn encrypted_and_public_keys_are_refused_by_name() {
        let encrypted =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        let error = KeySigner::from_pem("cr", encrypted)
            .err()
            .map(|e| e.to_string());
        assert!(
            error.as_deref().is_some_and(|e| e.contains("encrypted")),
            "{error:?}"
        );
        let public = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        let error = KeySigner::from_pem("cr", public)
            .err()
            .map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("no `BEGIN PRIVATE KEY`")),
            "{error:?}"
        );
    }
}
