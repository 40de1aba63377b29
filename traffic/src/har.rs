//! HAR import (`cargo xtask import-har`): the exchanges of a HAR 1.2 file
//! (browser devtools, mitmproxy, Postman and Charles export it) as
//! recordings, redacted as the proxy redacts, keeping only the requests that
//! are operations of the API; the rest is counted by reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use serde_json::Value;
use workspace_tests::recording::{RecordedRequest, RecordedResponse, Recording, Source};

use crate::api_formats::ApiFormats;
use crate::redact::Redactor;

/// What an import did.
#[derive(Debug, Default)]
pub struct Imported {
    /// Recordings written, in entry order.
    pub written: Vec<PathBuf>,
    /// Entries left out, by reason, with how many.
    pub dropped: BTreeMap<String, usize>,
}

impl Imported {
    /// How many entries were left out.
    pub fn dropped_total(&self) -> usize {
        self.dropped.values().sum()
    }
}

/// Imports `har` (a HAR 1.2 file) for `api` into `out`; `redact_keys` as for
/// the proxy.
pub fn import(
    root: &Path,
    har: &Path,
    out: &Path,
    api: &str,
    redact_keys: &[String],
) -> Result<Imported> {
    let text =
        std::fs::read_to_string(har).with_context(|| format!("cannot read {}", har.display()))?;
    let document: Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", har.display()))?;
    let Some(entries) = document.pointer("/log/entries").and_then(Value::as_array) else {
        bail!("{} is not a HAR file: no `log.entries`", har.display());
    };
    let formats = ApiFormats::load(root, api)?;
    let redactor = Redactor::new(api, redact_keys, &formats.documents());
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let stem: String = har
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("har")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut imported = Imported::default();
    for (index, entry) in entries.iter().enumerate() {
        match one(&formats, &redactor, har, index, entry) {
            Ok((recording, operation)) => {
                let name = match &recording.format {
                    Some(format) => format!("{stem}-{:06}-{operation}.{format}.json", index + 1),
                    None => format!("{stem}-{:06}-{operation}.json", index + 1),
                };
                let path = out.join(name);
                let text = serde_json::to_string_pretty(&recording)?;
                // Never over another recording (an import run twice into
                // one folder stops at the first file that exists).
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .and_then(|mut file| {
                        use std::io::Write as _;
                        file.write_all(format!("{text}\n").as_bytes())
                    })
                    .with_context(|| format!("cannot write {}", path.display()))?;
                imported.written.push(path);
            }
            Err(reason) => *imported.dropped.entry(reason).or_default() += 1,
        }
    }
    Ok(imported)
}

/// One entry as a redacted recording and its operation, or why it is left out.
fn one(
    formats: &ApiFormats,
    redactor: &Redactor,
    har: &Path,
    index: usize,
    entry: &Value,
) -> Result<(Recording, String), String> {
    let request = &entry["request"];
    let response = &entry["response"];
    let method = request["method"]
        .as_str()
        .ok_or("an entry without `request.method`")?
        .to_ascii_uppercase();
    let url = request["url"]
        .as_str()
        .ok_or("an entry without `request.url`")?;
    let url =
        reqwest::Url::parse(url).map_err(|_| "a request URL that does not parse".to_owned())?;
    let status = response["status"]
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| (100..=999).contains(s))
        .ok_or("no response (status 0: blocked, cancelled or failed)")?;
    let request_headers = headers(&request["headers"], redactor);
    let selected = formats.selected(
        formats
            .header()
            .and_then(|name| workspace_tests::recording::header(&request_headers, name)),
    );
    let path = url.path().to_owned();
    let Some(matched) = selected.operation(&method, &path) else {
        return Err(format!("not an operation of {}", formats.api));
    };
    let query = crate::proxy::query_map(url.query());
    let (request_body, request_text) =
        body(request["postData"]["text"].as_str().map(str::to_owned));
    let content = &response["content"];
    let response_text = content["text"].as_str().map(|text| {
        if content["encoding"].as_str() == Some("base64") {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_else(|_| text.to_owned())
        } else {
            text.to_owned()
        }
    });
    let (response_body, response_text) = body(response_text);
    let started = entry["startedDateTime"].as_str().map(str::to_owned);
    let mut recording = Recording {
        api: Some(formats.api.clone()),
        description: format!(
            "Imported by `cargo xtask import-har` from {} (entry {}{}).",
            har.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("a HAR file"),
            index + 1,
            started
                .as_deref()
                .map(|s| format!(", started {s}"))
                .unwrap_or_default()
        ),
        source: Source::Live,
        recorded_at: started,
        format: selected.name().map(str::to_owned),
        request: RecordedRequest {
            method,
            path,
            query,
            headers: request_headers,
            body: request_body,
            body_text: request_text,
            body_truncated: None,
        },
        response: RecordedResponse {
            status,
            headers: headers(&response["headers"], redactor),
            body: response_body,
            body_text: response_text,
            body_truncated: None,
        },
    };
    redactor.redact(&mut recording, Some((selected.as_ref(), &matched)));
    Ok((recording, matched.operation_id))
}

/// HAR headers (`[{name, value}]`) as the recording format keeps them:
/// lower-case names, each value redacted, repeated ones joined with `, `;
/// HTTP/2 pseudo-headers (`:authority`) and framing headers left out.
fn headers(list: &Value, redactor: &Redactor) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for header in list.as_array().into_iter().flatten() {
        let (Some(name), Some(value)) = (header["name"].as_str(), header["value"].as_str()) else {
            continue;
        };
        let name = name.to_ascii_lowercase();
        if name.starts_with(':') || name == "content-length" {
            continue;
        }
        let value = redactor.header_value(&name, value);
        out.entry(name)
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert_with(|| value.clone());
    }
    out
}

/// A body: JSON when it parses, else text; nothing when empty.
fn body(text: Option<String>) -> (Option<Value>, Option<String>) {
    match text {
        None => (None, None),
        Some(text) if text.is_empty() => (None, None),
        Some(text) => match serde_json::from_str(&text) {
            Ok(value) => (Some(value), None),
            Err(_) => (None, Some(text)),
        },
    }
}
