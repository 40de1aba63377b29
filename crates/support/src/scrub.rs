//! Removing the secrets a client sent from what a server echoed back.

/// What stands in for a secret found in a response.
pub const SCRUBBED: &str = "***";

/// Shorter secrets are not scrubbed: replacing every `t` or `12` would
/// garble the whole text, and no real token or password is that short.
pub const MIN_SCRUBBED_CHARS: usize = 4;

/// The forms a secret may be echoed in: as is, JSON-escaped, and
/// JSON-escaped twice (a request body quoted inside a JSON message).
fn forms(secret: &str) -> Vec<String> {
    let mut forms = vec![secret.to_owned()];
    for _ in 0..2 {
        let last = forms.last().cloned().unwrap_or_default();
        let Ok(json) = serde_json::to_string(&last) else {
            break;
        };
        let escaped = json[1..json.len() - 1].to_owned();
        if escaped == last {
            break;
        }
        forms.push(escaped);
    }
    forms
}

/// Every string (and key) of `value` scrubbed (see [`scrub`]).
pub fn scrub_json(value: serde_json::Value, secrets: &[String]) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(text) => Value::String(scrub(&text, secrets)),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| scrub_json(v, secrets)).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (scrub(&k, secrets), scrub_json(v, secrets)))
                .collect(),
        ),
        other => other,
    }
}

/// `bytes` with every occurrence of each secret (of at least
/// [`MIN_SCRUBBED_CHARS`]) replaced by [`SCRUBBED`]; longer secrets first, so
/// one containing another goes whole.
pub fn scrub_bytes(bytes: &[u8], secrets: &[String]) -> Vec<u8> {
    let mut all: Vec<String> = secrets
        .iter()
        .filter(|s| s.chars().count() >= MIN_SCRUBBED_CHARS)
        .flat_map(|s| forms(s))
        .collect();
    all.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = bytes.to_vec();
    for secret in &all {
        out = replace(&out, secret.as_bytes());
    }
    out
}

/// `text` with the secrets replaced (see [`scrub_bytes`]).
pub fn scrub(text: &str, secrets: &[String]) -> String {
    String::from_utf8_lossy(&scrub_bytes(text.as_bytes(), secrets)).into_owned()
}

fn replace(haystack: &[u8], needle: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while !rest.is_empty() {
        if rest.starts_with(needle) {
            out.extend_from_slice(SCRUBBED.as_bytes());
            rest = &rest[needle.len()..];
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_secrets_are_replaced_in_every_form() {
        let secrets = vec![
            "pa\"ss".to_owned(),
            "toke".to_owned(),
            "token-1".to_owned(),
            "t".to_owned(),
            String::new(),
        ];
        let echoed =
            r#"{"password":"pa\"ss"} raw pa"ss twice pa\\\"ss Authorization: Bearer token-1 toke"#;
        assert_eq!(
            scrub(echoed, &secrets),
            r#"{"password":"***"} raw *** twice *** Authorization: Bearer *** ***"#
        );
        let value = serde_json::json!({"m": ["x pa\"ss y"], "toke": 1});
        assert_eq!(
            scrub_json(value, &secrets),
            serde_json::json!({"m": ["x *** y"], "***": 1})
        );
        assert_eq!(scrub("nothing here", &secrets), "nothing here");
    }
}
