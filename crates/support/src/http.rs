//! The HTTP client every crate builds its calls on.

use std::time::Duration;

/// Default of each crate's `Config::with_max_body_bytes`: 16 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// A `reqwest` client that follows **no redirect** (a 3xx comes back as it
/// is, so no body or token is re-sent anywhere, least of all to another
/// host) and gives up after `timeout` (connecting, and the whole request).
pub fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout)
        .timeout(timeout)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}
