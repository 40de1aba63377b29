//! The current time for a recording's `recorded_at`.

/// Now, in UTC, as RFC 3339 with seconds (`2026-11-27T11:05:36Z`).
pub fn now_rfc3339() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Now, in UTC, compact for file names (`20261127T110536`).
pub fn now_compact() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%S").to_string()
}
