//! Reading a JWT's claims, **without verifying its signature** (the clients
//! cannot: CRM.COM signs with a server secret, Dfns with its own key). Use the
//! claims for display and expiry hints only, never for authorization.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// Why a token's claims could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtError {
    /// Not three dot-separated parts.
    NotAJwt,
    /// The payload is not base64url.
    Encoding,
    /// The payload is not a JSON object.
    Json,
}

impl std::fmt::Display for JwtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NotAJwt => "not a JWT (header.payload.signature)",
            Self::Encoding => "the JWT payload is not base64url",
            Self::Json => "the JWT payload is not a JSON object",
        })
    }
}

impl std::error::Error for JwtError {}

/// The payload of `token` as a JSON object. The signature is not checked.
pub fn payload(token: &str) -> Result<serde_json::Map<String, Value>, JwtError> {
    let mut parts = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::NotAJwt);
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| JwtError::Encoding)?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(JwtError::Json),
    }
}

/// A seconds claim such as `exp`, whether a number or a numeric string.
pub fn seconds(claims: &serde_json::Map<String, Value>, name: &str) -> Option<i64> {
    match claims.get(name)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An unsigned token with `claims`, for tests.
pub fn unsigned(claims: &Value) -> String {
    let encode = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.c2lnbmF0dXJl",
        encode(&serde_json::json!({"alg": "HS256", "typ": "JWT"})),
        encode(claims)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn claims_are_read_and_exp_may_be_a_string() -> Result<(), JwtError> {
        let token = unsigned(&json!({"usr": "admin", "exp": "1781643725", "iat": 1781636525}));
        let claims = payload(&token)?;
        assert_eq!(claims["usr"], "admin");
        assert_eq!(seconds(&claims, "exp"), Some(1_781_643_725));
        assert_eq!(seconds(&claims, "iat"), Some(1_781_636_525));
        assert_eq!(seconds(&claims, "nbf"), None);
        Ok(())
    }

    #[test]
    fn other_strings_are_errors() {
        assert_eq!(
            payload("4AD9C84FA60F9FE407140E20F707726A"),
            Err(JwtError::NotAJwt)
        );
        assert_eq!(payload("a.!!!.c"), Err(JwtError::Encoding));
        assert_eq!(
            payload(&format!("a.{}.c", URL_SAFE_NO_PAD.encode("[1]"))),
            Err(JwtError::Json)
        );
    }
}
