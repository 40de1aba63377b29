//! The scan status list, built from the twin recordings.

use serde_json::{Value, json};

use crate::{Format, workspace_root};

/// The recordings the sites come from (each exists in both formats).
const RECORDINGS: &[&str] = &[
    "scan-status-flags-integers",
    "scan-status-flags-digit-strings",
    "scan-status-flags-word-strings",
    "scan-status-other-states",
];

/// Every recorded site of `format`, in recording order.
pub fn recorded_sites(format: Format) -> Result<Vec<Value>, String> {
    let mut sites = Vec::new();
    for name in RECORDINGS {
        let path = workspace_root().join(format!(
            "tests/recordings/defentry/online-data/{name}.{}.json",
            format.suffix()
        ));
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let recording: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let listed = recording
            .pointer("/response/body/sites")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{}: no response.body.sites", path.display()))?;
        sites.extend(listed.iter().cloned());
    }
    Ok(sites)
}

/// A response body of `items` sites, cycling through the recorded ones.
pub fn body(format: Format, items: usize) -> Result<Vec<u8>, String> {
    let recorded = recorded_sites(format)?;
    if recorded.is_empty() {
        return Err("no recorded sites".to_owned());
    }
    let sites: Vec<&Value> = recorded.iter().cycle().take(items).collect();
    serde_json::to_vec(&json!({ "sites": sites })).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_encodings_read_their_recordings() -> Result<(), String> {
        for format in [Format::Legacy, Format::Standardized] {
            assert!(!recorded_sites(format)?.is_empty(), "{format:?}");
        }
        assert_ne!(Format::Legacy.suffix(), Format::Standardized.suffix());
        Ok(())
    }
}
