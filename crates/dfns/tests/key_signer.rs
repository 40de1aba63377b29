//! `KeySigner`: PEM keys of the four types Dfns supports, as OpenSSL writes
//! them (`tests/keys/`), sign clientData the way Dfns's official key signer
//! does, and give the public key OpenSSL gives.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use dfns::signer::client_data;
use dfns::{Ed25519Signer, KeyAlgorithm, KeySigner, P256Signer, Signer};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn key(name: &str) -> Result<String, std::io::Error> {
    std::fs::read_to_string(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR")))
}

/// Checks `signature` over `message` with the public key in `public_pem`,
/// with RustCrypto's verifiers for `algorithm`. ECDSA: SHA-256, DER; a
/// high-S signature (the official signer makes them) is accepted.
fn verify(
    algorithm: KeyAlgorithm,
    public_pem: &str,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Box<dyn std::error::Error>> {
    use signature::Verifier as _;
    use spki::DecodePublicKey as _;
    match algorithm {
        KeyAlgorithm::Ed25519 => {
            let key = ed25519_dalek::VerifyingKey::from_public_key_pem(public_pem)?;
            key.verify(message, &ed25519_dalek::Signature::from_slice(signature)?)?;
        }
        KeyAlgorithm::EcdsaP256 => {
            let key = p256::ecdsa::VerifyingKey::from_public_key_pem(public_pem)?;
            let signature = p256::ecdsa::Signature::from_der(signature)?;
            let signature = signature.normalize_s();
            key.verify(message, &signature)?;
        }
        KeyAlgorithm::EcdsaSecp256k1 => {
            let key = k256::ecdsa::VerifyingKey::from_public_key_pem(public_pem)?;
            let signature = k256::ecdsa::Signature::from_der(signature)?;
            let signature = signature.normalize_s();
            key.verify(message, &signature)?;
        }
        KeyAlgorithm::Rsa => {
            let key = rsa::PublicKey::from_public_key_pem(public_pem)?;
            let key = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key);
            key.verify(message, &rsa::pkcs1v15::Signature::try_from(signature)?)?;
        }
        other => return Err(format!("no verifier for {other:?}").into()),
    }
    Ok(())
}

#[test]
fn every_key_type_loads_signs_and_gives_openssls_public_key() -> TestResult {
    let cases = [
        ("ed25519", KeyAlgorithm::Ed25519),
        ("p256", KeyAlgorithm::EcdsaP256),
        ("secp256k1", KeyAlgorithm::EcdsaSecp256k1),
        ("rsa", KeyAlgorithm::Rsa),
    ];
    let message = client_data("Y2hhbGxlbmdlLTE");
    for (name, algorithm) in cases {
        let signer = KeySigner::from_pem("cr-1", &key(&format!("{name}.pkcs8.pem"))?)?;
        assert_eq!(signer.algorithm(), algorithm, "{name}");
        let public = key(&format!("{name}.public.pem"))?;
        assert_eq!(
            signer.public_key_pem()?,
            public,
            "{name}: OpenSSL's SPKI PEM"
        );
        let signature = signer.sign(message.as_bytes())?;
        verify(algorithm, &public, message.as_bytes(), &signature)
            .map_err(|e| format!("{name}: {e}"))?;
        assert!(
            !format!("{signer:?}").contains("BEGIN"),
            "the key stays out of Debug"
        );
    }
    Ok(())
}

#[test]
fn sec1_and_pkcs1_keys_load_as_the_same_keys() -> TestResult {
    let sec1 = KeySigner::from_pem("cr", &key("p256.sec1.pem")?)?;
    assert_eq!(sec1.algorithm(), KeyAlgorithm::EcdsaP256);
    assert_eq!(sec1.public_key_pem()?, key("p256.public.pem")?);
    let pkcs1 = KeySigner::from_pem("cr", &key("rsa.pkcs1.pem")?)?;
    assert_eq!(pkcs1.public_key_pem()?, key("rsa.public.pem")?);
    let with_params = KeySigner::from_pem("cr", &key("secp256k1.sec1-with-params.pem")?)?;
    assert_eq!(with_params.algorithm(), KeyAlgorithm::EcdsaSecp256k1);
    let crlf = key("ed25519.pkcs8.pem")?.replace('\n', "\r\n");
    assert_eq!(
        KeySigner::from_pem("cr", &crlf)?.public_key_pem()?,
        key("ed25519.public.pem")?
    );
    Ok(())
}

#[test]
fn encrypted_keys_are_refused_with_what_to_do() -> TestResult {
    let error = KeySigner::from_pem("cr", &key("ed25519.encrypted.pem")?)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        error.contains("encrypted") && error.contains("openssl pkcs8"),
        "{error}"
    );
    Ok(())
}

/// What `@dfns/sdk-keysigner` 0.8.3 (`AsymmetricKeySigner`, Node 20.20.2,
/// OpenSSL 3.0.19) returned for this key and challenge: Ed25519 is
/// deterministic, so the bytes must match exactly. `cargo xtask interop`
/// runs the official signer itself against all four key types.
#[test]
fn ed25519_matches_the_official_key_signer_byte_for_byte() -> TestResult {
    let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g\n-----END PRIVATE KEY-----\n";
    let data = client_data("Y2hhbGxlbmdlLXZlY3Rvcg");
    assert_eq!(
        URL_SAFE_NO_PAD.encode(&data),
        "eyJ0eXBlIjoia2V5LmdldCIsImNoYWxsZW5nZSI6IlkyaGhiR3hsYm1kbExYWmxZM1J2Y2cifQ"
    );
    let official =
        "JX08RWxgPAYJr45u0aS4aNx3fFuE7AIDBxyfmoYAMASPAz0vlLL4-z10wuh2Iz5TfG-qomzlFCdm8tsA_CAhCA";
    let from_pem = KeySigner::from_pem("cr-vector", pem)?;
    assert_eq!(
        URL_SAFE_NO_PAD.encode(from_pem.sign(data.as_bytes())?),
        official
    );
    let seed: [u8; 32] = std::array::from_fn(|i| (i + 1) as u8);
    let from_seed = Ed25519Signer::new("cr-vector", &seed);
    assert_eq!(
        URL_SAFE_NO_PAD.encode(from_seed.sign(data.as_bytes())?),
        official
    );
    assert_eq!(from_seed.public_key_pem()?, from_pem.public_key_pem()?);
    Ok(())
}

#[test]
fn the_seed_constructors_give_their_public_keys_as_pem() -> TestResult {
    let p256 = P256Signer::new("cr", &[9u8; 32])?;
    let pem = p256.public_key_pem()?;
    let message = client_data("c");
    verify(
        KeyAlgorithm::EcdsaP256,
        &pem,
        message.as_bytes(),
        &p256.sign(message.as_bytes())?,
    )?;
    Ok(())
}
