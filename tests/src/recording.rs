//! The recording format: one JSON file per HTTP exchange (a public
//! interface, documented in the README).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// One recorded exchange.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    /// The spec the exchange belongs to; when absent, the nearest enclosing
    /// folder named after a spec decides, and `defentry` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<String>,
    /// What the exchange shows.
    #[serde(default)]
    pub description: String,
    /// Where it came from.
    pub source: Source,
    /// When it was recorded (RFC 3339, UTC), for `live` recordings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<String>,
    /// The format of the response body (`legacy`, `2026-06-12`); omitted for
    /// single-format APIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// What the client sent.
    pub request: RecordedRequest,
    /// What the server answered.
    pub response: RecordedResponse,
}

/// Where a recording came from.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Taken from a documentation example.
    Docs,
    /// Built from documented facts.
    Synthesized,
    /// Recorded from a real server (redacted).
    Live,
}

/// The request side.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RecordedRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// Concrete path as sent, including the server's base path.
    pub path: String,
    /// Query parameters: a string, or a list for repeated keys.
    #[serde(default)]
    pub query: BTreeMap<String, Value>,
    /// Request headers (names in any case).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// JSON body, when there is one.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub body: Option<Value>,
    /// A non-JSON (or truncated) body, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// Set when the body was larger than the recorder keeps: `body_text`
    /// holds its first bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_truncated: Option<Truncated>,
}

/// A body recorded in part.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Truncated {
    /// Bytes kept (in `body_text`, before lossy UTF-8 decoding).
    pub kept_bytes: u64,
    /// Bytes the body had (or had when the exchange ended early).
    pub total_bytes: u64,
}

/// The response side.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RecordedResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers (names in any case).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// JSON body (`null` is a JSON body too).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub body: Option<Value>,
    /// A non-JSON body, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// Set when the body was larger than the recorder keeps: `body_text`
    /// holds its first bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_truncated: Option<Truncated>,
}

/// Keeps a present `null` apart from an absent key.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

impl RecordedResponse {
    /// A header value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// A header value, by case-insensitive name.
pub fn header<'a>(headers: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// Reads and checks one recording file.
pub fn load(path: &Path) -> Result<Recording, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let recording: Recording =
        serde_json::from_str(&text).map_err(|e| format!("not a recording: {e}"))?;
    if recording.response.body.is_some() && recording.response.body_text.is_some() {
        return Err("not a recording: response has both `body` and `body_text`".to_owned());
    }
    // The replay server would panic on these: refused here, per file.
    let status = recording.response.status;
    if !(100..=999).contains(&status) {
        return Err(format!(
            "not a recording: response status {status} is not an HTTP status"
        ));
    }
    for (name, value) in &recording.response.headers {
        if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err()
            || reqwest::header::HeaderValue::from_str(value).is_err()
        {
            return Err(format!(
                "not a recording: response header `{name}: {value}` is not valid HTTP"
            ));
        }
    }
    if let (Some(format), Some(suffix)) = (&recording.format, group_key(path).map(|k| k.format))
        && *format != suffix
    {
        return Err(format!(
            "the file name says format `{suffix}` but `format` is `{format}`"
        ));
    }
    Ok(recording)
}

/// Every `*.json` file under the given files and folders, sorted.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for_each(paths, |path| out.push(path.to_path_buf()))?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// Calls `visit` with every recording file under `paths` as the folders
/// are read, in no particular order and without holding the list (a path
/// given twice, or a file inside a folder also given, is visited twice).
pub fn for_each(paths: &[PathBuf], mut visit: impl FnMut(&Path)) -> Result<(), String> {
    fn walk_each(dir: &Path, visit: &mut dyn FnMut(&Path)) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk_each(&path, visit)?;
            } else if path.extension().is_some_and(|e| e == "json") {
                visit(&path);
            }
        }
        Ok(())
    }
    for path in paths {
        if path.is_dir() {
            walk_each(path, &mut visit).map_err(|e| format!("{}: {e}", path.display()))?;
        } else if path.is_file() {
            visit(path);
        } else {
            return Err(format!("{}: no such file or folder", path.display()));
        }
    }
    Ok(())
}

/// The API a recording belongs to: its `api` field, else the nearest
/// enclosing folder named after one of `apis`, else `defentry`.
pub fn api_of(path: &Path, recording: &Recording, apis: &[String]) -> String {
    if let Some(api) = &recording.api {
        return api.clone();
    }
    path.ancestors()
        .skip(1)
        .filter_map(|dir| dir.file_name()?.to_str())
        .find(|name| apis.iter().any(|api| api == name))
        .unwrap_or("defentry")
        .to_owned()
}

/// Where a file sits in a sibling group: `NAME.<format>.json` in a folder,
/// one file per format of the API, whose decoded values must be equal.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupKey {
    /// The folder.
    pub dir: PathBuf,
    /// `NAME`.
    pub name: String,
    /// The format suffix.
    pub format: String,
}

/// The group key of `NAME.<format>.json`, for a format of the spec's
/// `x-formats` (`defentry::Format`), if the file is named so.
pub fn group_key(path: &Path) -> Option<GroupKey> {
    let file = path.file_name()?.to_str()?.strip_suffix(".json")?;
    defentry::Format::ALL.iter().find_map(|format| {
        let name = file.strip_suffix(&format!(".{}", format.name()))?;
        Some(GroupKey {
            dir: path.parent()?.to_path_buf(),
            name: name.to_owned(),
            format: format.name().to_owned(),
        })
    })
}

/// The order of the members of a group: the format without a header
/// (legacy) first, then by name (dates in order).
pub fn format_order(format: &str) -> (bool, &str) {
    let selected_by_header =
        defentry::Format::from_name(format).is_none_or(|f| f.api_version().is_some());
    (selected_by_header, format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_keys_come_from_the_file_name() {
        for format in defentry::Format::ALL {
            let path = format!("r/defentry/auth/login.{}.json", format.name());
            assert_eq!(
                group_key(Path::new(&path)),
                Some(GroupKey {
                    dir: PathBuf::from("r/defentry/auth"),
                    name: "login".into(),
                    format: format.name().into()
                })
            );
        }
        assert_eq!(group_key(Path::new("r/login.json")), None);
        assert_eq!(group_key(Path::new("r/login.1999-01-01.json")), None);
    }

    #[test]
    fn the_headerless_format_comes_first() {
        let mut names: Vec<&str> = defentry::Format::ALL.iter().map(|f| f.name()).collect();
        names.sort_by_key(|name| format_order(name));
        let first = defentry::Format::selected_by(None).map(defentry::Format::name);
        assert_eq!(names.first().copied(), first);
    }

    #[test]
    fn the_api_comes_from_the_field_then_the_folder_then_defaults() -> Result<(), serde_json::Error>
    {
        let apis = vec!["defentry".to_owned(), "crmcom".to_owned()];
        let mut recording: Recording = serde_json::from_value(serde_json::json!({
            "source": "docs", "request": {"method": "GET", "path": "/x"}, "response": {"status": 200}
        }))?;
        assert_eq!(
            api_of(Path::new("t/crmcom/auth/x.json"), &recording, &apis),
            "crmcom"
        );
        assert_eq!(
            api_of(Path::new("mine/x.json"), &recording, &apis),
            "defentry"
        );
        recording.api = Some("dfns".into());
        assert_eq!(
            api_of(Path::new("t/crmcom/x.json"), &recording, &apis),
            "dfns"
        );
        Ok(())
    }

    #[test]
    fn null_body_is_kept_apart_from_no_body() -> Result<(), serde_json::Error> {
        let with_null: RecordedResponse = serde_json::from_str(r#"{"status": 200, "body": null}"#)?;
        let without: RecordedResponse = serde_json::from_str(r#"{"status": 204}"#)?;
        assert_eq!(with_null.body, Some(Value::Null));
        assert_eq!(without.body, None);
        Ok(())
    }
}
