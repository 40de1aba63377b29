//! Response headers that can carry credentials, hidden from `Debug`.

use reqwest::header::HeaderMap;

/// Headers whose values can carry a credential or session.
pub const CREDENTIAL_HEADERS: &[&str] = &[
    "set-cookie",
    "cookie",
    "authorization",
    "proxy-authorization",
    "www-authenticate",
    "proxy-authenticate",
];

/// Marks the values of [`CREDENTIAL_HEADERS`] sensitive: `Debug` of the map
/// then prints `Sensitive` for them; the values stay readable.
pub fn redact(headers: &mut HeaderMap) {
    for name in CREDENTIAL_HEADERS {
        if let reqwest::header::Entry::Occupied(mut entry) = headers.entry(*name) {
            for value in entry.iter_mut() {
                value.set_sensitive(true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn credential_headers_are_hidden_from_debug_only() {
        let mut headers = HeaderMap::new();
        headers.append("set-cookie", HeaderValue::from_static("session=abc123"));
        headers.append("set-cookie", HeaderValue::from_static("other=def456"));
        headers.insert("x-request-id", HeaderValue::from_static("req-1"));
        redact(&mut headers);
        let debug = format!("{headers:?}");
        assert!(
            !debug.contains("abc123") && !debug.contains("def456"),
            "{debug}"
        );
        assert!(debug.contains("req-1"), "{debug}");
        assert_eq!(headers.get_all("set-cookie").iter().count(), 2);
    }
}
