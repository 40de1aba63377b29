//! The start of a response body, for error messages: what the crates'
//! `UndecodableBody` and `UnexpectedStatus` errors keep. Their messages
//! show it through [`shown`] (bounded, control characters escaped).

use crate::text::shown;

/// Longest body excerpt kept in an error.
pub const EXCERPT_BYTES: usize = 512;

/// What stands in for the excerpt of a body that may carry a secret.
pub const REDACTED: &str = "[not shown: this response may carry a secret]";

/// The first [`EXCERPT_BYTES`] of a body as text (lossy UTF-8), with `…` when cut.
pub fn excerpt(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(EXCERPT_BYTES)];
    let mut text = String::from_utf8_lossy(cut).into_owned();
    if bytes.len() > EXCERPT_BYTES {
        text.push('…');
    }
    text
}

/// What an error keeps of a response body the client could not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undecodable {
    /// HTTP status (0 when no response was recorded).
    pub status: u16,
    /// The response's `Content-Type`.
    pub content_type: Option<String>,
    /// The start of the body, or [`REDACTED`].
    pub excerpt: String,
    /// Why decoding failed.
    pub reason: String,
}

impl Undecodable {
    /// The same, with the secrets the call sent removed from the excerpt and
    /// the reason.
    pub fn scrubbed(self, probe: &crate::probe::Probe) -> Self {
        self.without(&probe.secrets())
    }

    /// The same, with `secrets` removed from the excerpt and the reason.
    pub fn without(mut self, secrets: &[String]) -> Self {
        self.excerpt = crate::scrub::scrub(&self.excerpt, secrets);
        self.reason = crate::scrub::scrub(&self.reason, secrets);
        self
    }

    /// From the body and the decoding error; `seen` is the status and
    /// content type the call's probe recorded. With `secret_success`, a 2xx
    /// body may carry a secret: its excerpt is withheld, and so is serde's
    /// message (it quotes the offending value), keeping only where it failed.
    pub fn new(
        bytes: &[u8],
        reason: &serde_json::Error,
        seen: Option<(u16, Option<String>)>,
        secret_success: bool,
    ) -> Self {
        let (status, content_type) = seen.unwrap_or((0, None));
        let hidden = secret_success && (200..300).contains(&status);
        let (excerpt, reason) = if hidden {
            let reason = format!(
                "{:?} error at line {} column {}",
                reason.classify(),
                reason.line(),
                reason.column()
            );
            (REDACTED.to_owned(), reason)
        } else {
            (excerpt(bytes), reason.to_string())
        };
        Self {
            status,
            content_type,
            excerpt,
            reason,
        }
    }
}

/// What an error keeps of a response with an undocumented status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unexpected {
    /// HTTP status.
    pub status: u16,
    /// The start of the body, or [`REDACTED`].
    pub excerpt: String,
    /// The `Location` header of a redirect (the client follows none).
    pub location: Option<String>,
}

/// The status, body excerpt and `Location` of a response with an
/// undocumented status (a redirect among them: the clients follow none).
/// Reads no more of the body than the excerpt needs; a body that breaks off
/// keeps what arrived. With `secret_success`, a 2xx body (an undocumented
/// success of an operation whose success carries a secret) is withheld;
/// otherwise the secrets the call sent are scrubbed from the excerpt.
pub async fn unexpected(
    mut response: reqwest::Response,
    secret_success: bool,
    probe: &crate::probe::Probe,
) -> Unexpected {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|v| probe.scrub(&String::from_utf8_lossy(v.as_bytes())));
    if secret_success && (200..300).contains(&status) {
        return Unexpected {
            status,
            excerpt: REDACTED.to_owned(),
            location,
        };
    }
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        body.extend_from_slice(&chunk);
        if body.len() > EXCERPT_BYTES {
            break;
        }
    }
    Unexpected {
        status,
        excerpt: probe.scrub(&excerpt(&body)),
        location,
    }
}

/// The message of an `UnexpectedStatus` failure.
pub fn unexpected_message(status: u16, excerpt: &str, location: Option<&str>) -> String {
    use std::fmt::Write as _;
    let mut message = format!("HTTP {status} is not documented for this operation");
    if let Some(location) = location {
        let _ = write!(
            message,
            " (a redirect to \"{}\", not followed)",
            shown(location)
        );
    }
    let _ = write!(message, "; body starts: \"{}\"", shown(excerpt));
    message
}

/// The message of an `UndecodableBody` failure.
pub fn undecodable_message(
    status: u16,
    content_type: Option<&str>,
    reason: &str,
    excerpt: &str,
) -> String {
    let content_type = content_type.unwrap_or("no content type");
    format!(
        "HTTP {status}: undecodable body ({}): {}; body starts: \"{}\"",
        shown(content_type),
        shown(reason),
        shown(excerpt)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_success_bodies_are_withheld_with_serde_message() {
        let body = br#"{"token": 12345}"#;
        let reason = serde_json::from_slice::<String>(body).expect_err("an object is not a string");
        let seen = Some((200, Some("application/json".to_owned())));
        let hidden = Undecodable::new(body, &reason, seen.clone(), true);
        assert_eq!(hidden.excerpt, REDACTED);
        assert!(!hidden.reason.contains("12345") && hidden.reason.contains("line 1"));
        let shown = Undecodable::new(body, &reason, seen, false);
        assert_eq!(shown.excerpt, r#"{"token": 12345}"#);
        let error_status = Undecodable::new(body, &reason, Some((500, None)), true);
        assert_eq!(error_status.excerpt, r#"{"token": 12345}"#);
        assert_eq!(Undecodable::new(b"", &reason, None, true).status, 0);
    }

    #[test]
    fn long_bodies_are_cut() {
        assert_eq!(excerpt(b"short"), "short");
        let long = vec![b'a'; EXCERPT_BYTES + 10];
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_BYTES + 1);
        assert!(cut.ends_with('…'));
    }
}
