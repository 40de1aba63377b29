//! The start of a response body, for error messages.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_are_cut() {
        assert_eq!(excerpt(b"short"), "short");
        let long = vec![b'a'; EXCERPT_BYTES + 10];
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_BYTES + 1);
        assert!(cut.ends_with('…'));
    }
}
