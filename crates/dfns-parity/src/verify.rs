//! Verifying a key credential's signature the way Dfns must: the public key
//! as SPKI PEM, RustCrypto's verifiers, ECDSA over SHA-256 in DER (high-S
//! accepted: Node's signer makes them), RSA PKCS#1 v1.5 over SHA-256,
//! Ed25519 over the message itself.

use signature::Verifier as _;
use spki::DecodePublicKey as _;

/// Checks `signature` over `message` with the public key in `public_pem`;
/// the key's type decides the algorithm.
pub fn verify(public_pem: &str, message: &[u8], signature: &[u8]) -> Result<(), String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    if let Ok(key) = ed25519_dalek::VerifyingKey::from_public_key_pem(public_pem) {
        let signature = ed25519_dalek::Signature::from_slice(signature).map_err(|e| text(&e))?;
        return key.verify(message, &signature).map_err(|e| text(&e));
    }
    if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_pem(public_pem) {
        let signature = p256::ecdsa::Signature::from_der(signature).map_err(|e| text(&e))?;
        let signature = signature.normalize_s();
        return key.verify(message, &signature).map_err(|e| text(&e));
    }
    if let Ok(key) = k256::ecdsa::VerifyingKey::from_public_key_pem(public_pem) {
        let signature = k256::ecdsa::Signature::from_der(signature).map_err(|e| text(&e))?;
        let signature = signature.normalize_s();
        return key.verify(message, &signature).map_err(|e| text(&e));
    }
    if let Ok(key) = rsa::PublicKey::from_public_key_pem(public_pem) {
        let key = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key);
        let signature = rsa::pkcs1v15::Signature::try_from(signature).map_err(|e| text(&e))?;
        return key.verify(message, &signature).map_err(|e| text(&e));
    }
    Err("not an Ed25519, P-256, secp256k1 or RSA public key".to_owned())
}
