//! Timestamped records: the wire types of both formats in a caller's type.

use defentry::types::{Flag, Timestamp};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::Format;

/// A caller's record type for an undocumented list body, built on the SDK's
/// wire types (reads either format).
#[derive(Debug, Deserialize)]
pub struct SdkRecord {
    /// An id.
    pub id: i64,
    /// A name.
    pub name: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// A flag.
    pub is_closed: Flag,
    /// Another flag.
    pub is_read: Flag,
}

/// The documented example instant in each format.
fn timestamp(format: Format, second: usize) -> String {
    match format {
        Format::Legacy => format!("2026-06-16 21:02:{:02}", second % 60),
        Format::Standardized => format!("2026-06-16T21:02:{:02}Z", second % 60),
    }
}

fn flag(format: Format, value: bool) -> Value {
    match format {
        Format::Legacy => json!(u8::from(value)),
        Format::Standardized => json!(value),
    }
}

/// A JSON array of `items` records in `format`.
pub fn body(format: Format, items: usize) -> Result<Vec<u8>, String> {
    let records: Vec<Value> = (0..items)
        .map(|i| {
            json!({
                "id": i,
                "name": format!("record {i}"),
                "created_at": timestamp(format, i),
                "updated_at": timestamp(format, i + 7),
                "is_closed": flag(format, i % 2 == 0),
                "is_read": flag(format, i % 3 == 0),
            })
        })
        .collect();
    serde_json::to_vec(&records).map_err(|e| e.to_string())
}
