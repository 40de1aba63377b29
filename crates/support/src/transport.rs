//! What a transport error says: what happened first, then reqwest's words.

use std::error::Error as _;
use std::io::ErrorKind;

use crate::text::shown;

/// What happened to the request: timed out, connection refused, the body
/// ended early, …, from reqwest's classification and the source chain.
pub fn what_happened(error: &reqwest::Error) -> &'static str {
    let mut io_kind = None;
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            io_kind = Some(io.kind());
        }
        source = cause.source();
    }
    match io_kind {
        _ if error.is_timeout() => "timed out",
        Some(ErrorKind::ConnectionRefused) => "connection refused",
        Some(ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted) => {
            "the connection was reset"
        }
        _ if error.is_connect() => "could not connect",
        _ if error.is_body() || error.is_decode() => "the response body ended early",
        _ if error.is_redirect() => "redirect refused",
        _ if error.is_request() => "the request failed (connection closed before an answer)",
        _ => "the request failed",
    }
}

/// The message of a transport error: [`what_happened`], then reqwest's
/// message and its innermost cause (bounded, escaped).
pub fn describe(error: &reqwest::Error) -> String {
    let mut root = None;
    let mut source = error.source();
    while let Some(cause) = source {
        root = Some(cause);
        source = cause.source();
    }
    let what = what_happened(error);
    let said = error.to_string();
    match root {
        Some(root) => format!("{what} ({}: {})", shown(&said), shown(&root.to_string())),
        None => format!("{what} ({})", shown(&said)),
    }
}
