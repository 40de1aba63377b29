//! A mock of the API that serves recordings over HTTP on 127.0.0.1, in the
//! format the request asks for (`cargo xtask mock`).
//!
//! A request is answered by a recording of the same method and concrete path
//! in the format the request's `X-API-Version` header selects
//! (`defentry::Format::selected_by`: the format with that value, else the one
//! without a header); failing that, by a recording of the same operation (another id
//! in the path). Successes are preferred to errors. Anything else gets a 404
//! in the request's format, and every request is logged with what answered it.
//!
//! A request with the header [`PIN_HEADER`] (a recording's path relative to
//! the workspace root, any API) is answered by that recording alone, if it
//! has the recorded method and path and selects the recorded format;
//! otherwise by a 400
//! that says what differs. Generated clients send it as a default header
//! to replay one exact recording (`cargo xtask interop`'s live decoding).

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::recording::{self, Recording};
use crate::replay::template;
use crate::spec_docs::{Specs, match_in, server_path};

/// One servable recording.
struct Entry {
    file: String,
    method: String,
    path: String,
    format: Option<String>,
    operation: Option<String>,
    recording: Recording,
}

/// A dist document reduced to what matching needs (thread-safe).
struct PathIndex {
    value: Value,
    base_path: String,
    file: String,
}

/// The request header that pins the answer to one recording.
pub const PIN_HEADER: &str = "x-mock-recording";

struct Responder {
    entries: Vec<Entry>,
    /// Every loadable recording of every API, by path relative to the root.
    pinned: HashMap<String, Recording>,
    /// By format name (`defentry::Format::name`).
    documents: HashMap<String, PathIndex>,
}

/// What a running mock serves.
pub struct Loaded {
    /// The server; it stops when dropped.
    pub server: MockServer,
    /// Recordings it serves.
    pub recordings: usize,
    /// Files it skipped, with why.
    pub skipped: Vec<String>,
}

/// Starts the mock on `127.0.0.1:port` (0: any free port) with the defentry
/// recordings under `paths`.
pub async fn start(root: &Path, paths: &[PathBuf], port: u16) -> Result<Loaded, String> {
    let mut specs = Specs::new(root);
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    let mut documents = HashMap::new();
    let mut pinned = HashMap::new();
    for file in recording::collect(paths)? {
        let shown = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        let loaded = match recording::load(&file) {
            Ok(recording) => recording,
            Err(problem) => {
                skipped.push(format!("{shown}: {problem}"));
                continue;
            }
        };
        pinned.insert(shown.clone(), loaded.clone());
        if recording::api_of(&file, &loaded, &specs.apis()) != "defentry" {
            continue;
        }
        let Some(format) = loaded.format.clone() else {
            skipped.push(format!("{shown}: no format"));
            continue;
        };
        let doc = match specs.document("defentry", Some(&format)) {
            Ok(doc) => doc,
            Err(error) => {
                skipped.push(format!("{shown}: {error}"));
                continue;
            }
        };
        let operation = match_in(
            &doc.value,
            &doc.base_path,
            &doc.file,
            &loaded.request.method,
            &loaded.request.path,
        )
        .ok()
        .map(|m| m.operation_id);
        documents
            .entry(format.clone())
            .or_insert_with(|| PathIndex {
                value: doc.value.clone(),
                base_path: server_path(
                    doc.value
                        .pointer("/servers/0/url")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                ),
                file: doc.file.clone(),
            });
        entries.push(Entry {
            file: shown,
            method: loaded.request.method.to_ascii_uppercase(),
            path: loaded
                .request
                .path
                .split('?')
                .next()
                .unwrap_or_default()
                .to_owned(),
            format: Some(format),
            operation,
            recording: loaded,
        });
    }
    // Successes first, then by file name: the order answers are chosen in.
    entries.sort_by_key(|e| {
        (
            !(200..300).contains(&e.recording.response.status),
            e.file.clone(),
        )
    });
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let server = MockServer::builder().listener(listener).start().await;
    let recordings = entries.len();
    Mock::given(any())
        .respond_with(Responder {
            entries,
            pinned,
            documents,
        })
        .mount(&server)
        .await;
    Ok(Loaded {
        server,
        recordings,
        skipped,
    })
}

impl Responder {
    /// The answer to a request pinned to `file`.
    fn pinned(&self, request: &Request, file: &str) -> ResponseTemplate {
        let method = request.method.as_str().to_ascii_uppercase();
        let path = request.url.path();
        let selected = defentry::Format::selected_by(
            request
                .headers
                .get(defentry::API_VERSION_HEADER)
                .and_then(|v| v.to_str().ok()),
        )
        .map(defentry::Format::name);
        // Recordings of the APIs with one format have no format to match.
        let format_of = |r: &Recording| {
            r.format
                .as_deref()
                .filter(|f| defentry::Format::from_name(f).is_some())
                .map(str::to_owned)
        };
        let problem = match self.pinned.get(file) {
            None => Some(format!("no recording {file}")),
            Some(r) if !r.request.method.eq_ignore_ascii_case(&method) => Some(format!(
                "{file} is a {} request, not {method}",
                r.request.method
            )),
            Some(r) if r.request.path.split('?').next() != Some(path) => {
                Some(format!("{file} is for {}, not {path}", r.request.path))
            }
            Some(r) if format_of(r).is_some_and(|f| Some(f.as_str()) != selected) => Some(format!(
                "{file} is in the {} format, the request selects {}",
                format_of(r).unwrap_or_default(),
                selected.unwrap_or("none")
            )),
            Some(_) => None,
        };
        match (problem, self.pinned.get(file)) {
            (None, Some(recorded)) => {
                println!(
                    "{} {method} {path} <- {file} (pinned)",
                    recorded.response.status
                );
                template(recorded)
            }
            (problem, _) => {
                let problem = problem.unwrap_or_default();
                println!("400 {method} {path}: {problem}");
                ResponseTemplate::new(400).set_body_json(json!({ "mock": problem }))
            }
        }
    }
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if let Some(file) = request
            .headers
            .get(PIN_HEADER)
            .and_then(|v| v.to_str().ok())
        {
            return self.pinned(request, file);
        }
        let selected = defentry::Format::selected_by(
            request
                .headers
                .get(defentry::API_VERSION_HEADER)
                .and_then(|v| v.to_str().ok()),
        );
        let format = selected.map_or("", defentry::Format::name);
        let method = request.method.as_str().to_ascii_uppercase();
        let path = request.url.path();
        let same_format = |e: &&Entry| e.format.as_deref() == Some(format);
        let exact = self
            .entries
            .iter()
            .filter(same_format)
            .find(|e| e.method == method && e.path == path);
        let operation = self
            .documents
            .get(format)
            .and_then(|doc| match_in(&doc.value, &doc.base_path, &doc.file, &method, path).ok())
            .map(|m| m.operation_id);
        let by_operation = || {
            operation.as_ref().and_then(|op| {
                self.entries
                    .iter()
                    .filter(same_format)
                    .find(|e| e.operation.as_ref() == Some(op))
            })
        };
        match exact.or_else(by_operation) {
            Some(entry) => {
                println!(
                    "{} {method} {path} [{format}] <- {}",
                    entry.recording.response.status, entry.file
                );
                template(&entry.recording)
            }
            None => {
                println!(
                    "404 {method} {path} [{format}]: no recording (operation: {})",
                    operation.as_deref().unwrap_or("none")
                );
                let message = format!("No recording for {method} {path} in the {format} format.");
                let body = if selected.and_then(defentry::Format::api_version).is_some() {
                    json!({"error": {"code": "NOT_FOUND", "message": message}})
                } else {
                    json!({"error": "Not found"})
                };
                ResponseTemplate::new(404).set_body_json(body)
            }
        }
    }
}
