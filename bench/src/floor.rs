//! Plain serde structs of the same shapes: `bool`, `DateTime<Utc>` (parsed
//! from the borrowed string), closed enums, no unknown-field map. They read the standardized bytes only; their
//! time is the floor the generated types are measured against.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

/// The scan status response.
#[derive(Debug, Deserialize)]
pub struct ScanStatus {
    /// The sites.
    #[serde(default)]
    pub sites: Vec<Site>,
}

/// One site.
#[derive(Debug, Deserialize)]
pub struct Site {
    /// Not recovered: any JSON.
    pub comparison: Option<Value>,
    /// A flag.
    pub is_data_found: Option<bool>,
    /// Removal requests.
    #[serde(default)]
    pub removal_requests: Vec<Removal>,
    /// The scan result.
    pub scan_result: Option<ScanResult>,
}

/// One removal request.
#[derive(Debug, Deserialize)]
pub struct Removal {
    /// Its status.
    pub status: Option<String>,
}

/// A scan result.
#[derive(Debug, Deserialize)]
pub struct ScanResult {
    /// Its status.
    pub status: Option<Status>,
    /// The matched data, or `[]`.
    pub data: Option<Data>,
}

/// The scan states.
#[derive(Debug, Deserialize)]
#[allow(clippy::enum_variant_names)]
pub enum Status {
    /// Not started.
    #[serde(rename = "SCAN_NOT_STARTED")]
    NotStarted,
    /// Started.
    #[serde(rename = "SCAN_INITIATED")]
    Initiated,
    /// Failed.
    #[serde(rename = "SCAN_FAILED")]
    Failed,
    /// Done.
    #[serde(rename = "SCAN_COMPLETED")]
    Completed,
}

/// The matched data or the empty array.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Data {
    /// Matched data.
    Match(Match),
    /// Nothing found.
    Nothing(Vec<Value>),
}

/// The matched data.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// National id.
    pub ssn: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Street.
    pub street: Option<String>,
    /// Zip.
    pub zip: Option<String>,
    /// City.
    pub city: Option<String>,
}

/// A datetime read the fastest plain way: the borrowed string through
/// `DateTime::parse_from_rfc3339` (chrono's own `Deserialize` is slower, and
/// a floor the SDK could beat would measure nothing).
fn rfc3339<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = <&str>::deserialize(deserializer)?;
    DateTime::parse_from_rfc3339(text)
        .map(|parsed| parsed.with_timezone(&Utc))
        .map_err(serde::de::Error::custom)
}

/// A timestamped record.
#[derive(Debug, Deserialize)]
pub struct Record {
    /// An id.
    pub id: i64,
    /// A name.
    pub name: String,
    /// When it was created.
    #[serde(deserialize_with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(deserialize_with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
    /// A flag.
    pub is_closed: bool,
    /// Another flag.
    pub is_read: bool,
}
