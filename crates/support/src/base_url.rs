//! Checking the base URL a client is configured with.

/// The base URL without its trailing `/`, if it is an absolute `http(s)` URL
/// with a host; otherwise a message that names it and shows `example`.
pub fn base_url(base_url: &str, example: &str) -> Result<String, String> {
    let parsed =
        reqwest::Url::parse(base_url).map_err(|e| format!("base URL `{base_url}`: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!("base URL `{base_url}`: expected {example}"));
    }
    Ok(base_url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_http_urls_and_drops_the_trailing_slash() {
        assert_eq!(
            base_url("https://api.example.com/", "x").as_deref(),
            Ok("https://api.example.com")
        );
        assert_eq!(
            base_url("http://127.0.0.1:8080/v2", "x").as_deref(),
            Ok("http://127.0.0.1:8080/v2")
        );
        assert!(base_url("api.example.com", "x").is_err());
        let message = base_url("ftp://example.com", "https://host").expect_err("ftp is refused");
        assert!(message.contains("ftp://example.com") && message.contains("https://host"));
    }
}
