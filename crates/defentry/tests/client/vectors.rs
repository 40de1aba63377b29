//! `clients/vectors.json`: how the Rust client reads legacy flags,
//! timestamps and error bodies, as cases the Python and TypeScript helpers
//! (`clients/`) are tested against, so every language reads them alike.
//! Error cases are every error recording, plus edge cases. The file is
//! checked here; `UPDATE_VECTORS=1` rewrites it after a deliberate change.

use std::path::{Path, PathBuf};

use defentry::ApiError;
use defentry::types::{ApiErrorBody, Flag, Timestamp};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn flags() -> Vec<Value> {
    let inputs = [
        json!(true),
        json!(false),
        json!(1),
        json!(0),
        json!("1"),
        json!("0"),
        json!("true"),
        json!("false"),
        json!(2),
        json!(-1),
        json!(1.5),
        json!("yes"),
        json!("TRUE"),
        json!(""),
        json!(null),
    ];
    inputs
        .into_iter()
        .map(|input| {
            let output = serde_json::from_value::<Flag>(input.clone())
                .ok()
                .map(|flag| *flag);
            json!({ "input": input, "output": output })
        })
        .collect()
}

fn timestamps() -> Vec<Value> {
    let inputs = [
        "2026-06-16 21:02:05",
        "2026-06-16T21:02:05Z",
        "2026-06-16T23:02:05+02:00",
        "2026-06-16T18:32:05-02:30",
        "2026-06-16T21:02:05.250Z",
        "2026-06-16t21:02:05z",
        "2026-12-31 23:59:59",
        "2026-6-16 21:02:05",
        "2026-06-16 21:02",
        "2026-06-16T21:02:05",
        "2026-02-30 10:00:00",
        "2026-06-16",
        "",
    ];
    inputs
        .into_iter()
        .map(|input| {
            let output = input
                .parse::<Timestamp>()
                .ok()
                .map(|timestamp| timestamp.to_string());
            json!({ "input": input, "output": output })
        })
        .collect()
}

/// One error case: status, headers, body, and what the Rust client makes
/// of them.
fn error_case(name: &str, status: u16, headers: &Value, body: &Value) -> Value {
    let mut map = HeaderMap::new();
    for (key, value) in headers.as_object().into_iter().flatten() {
        if let (Ok(key), Some(Ok(value))) = (
            HeaderName::from_bytes(key.as_bytes()),
            value.as_str().map(HeaderValue::from_str),
        ) {
            map.insert(key, value);
        }
    }
    let error = ApiError::new(status, &map, ApiErrorBody::from_value(body.clone()));
    let details: Vec<Value> = error
        .details
        .iter()
        .map(|d| json!({ "field": d.field, "issue": d.issue }))
        .collect();
    json!({
        "name": name,
        "status": status,
        "headers": headers,
        "body": body,
        "output": { "code": error.code.to_string(), "message": error.message, "details": details },
    })
}

fn errors() -> Vec<Value> {
    let mut out = Vec::new();
    let folder = root().join("tests/recordings/defentry/errors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("the error recordings")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a recording");
        let recording: Value = serde_json::from_str(&text).expect("JSON");
        let response = &recording["response"];
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let status = response["status"]
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .expect("a status");
        out.push(error_case(
            &format!("recording {name}"),
            status,
            &response["headers"],
            &response["body"],
        ));
    }
    let none = json!({});
    let edge = [
        (
            "409 without a throttling sign",
            409,
            none.clone(),
            json!({ "message": "Conflict." }),
        ),
        (
            "409 with an X-RateLimit header",
            409,
            json!({ "X-RateLimit-Remaining": "0" }),
            json!({ "message": "Slow down." }),
        ),
        (
            "field errors in the server's order",
            422,
            none.clone(),
            json!({ "errors": { "password": ["Too short.", "No digit."], "email": "Taken." } }),
        ),
        (
            "JSON:API title without detail",
            422,
            none.clone(),
            json!({ "errors": [{ "status": "422", "title": "Invalid" }] }),
        ),
        (
            "JSON:API status as a number",
            422,
            none.clone(),
            json!({ "errors": [{ "status": 422, "title": "Invalid" }] }),
        ),
        (
            "error null and a message",
            500,
            none.clone(),
            json!({ "error": null, "message": "Server Error" }),
        ),
        (
            "standardized without message",
            400,
            none.clone(),
            json!({ "error": { "code": "BAD_REQUEST" } }),
        ),
        (
            "standardized with details",
            422,
            none.clone(),
            json!({ "error": { "code": "VALIDATION_ERROR", "message": "Invalid.", "details": [{ "field": "email", "issue": "taken" }] } }),
        ),
        ("an array", 500, none.clone(), json!([1, 2])),
        ("a string", 502, none.clone(), json!("Bad Gateway")),
        (
            "an unknown status",
            418,
            none.clone(),
            json!({ "message": "I'm a teapot" }),
        ),
    ];
    for (name, status, headers, body) in edge {
        out.push(error_case(name, status, &headers, &body));
    }
    out
}

#[test]
fn the_shared_vectors_are_what_the_rust_client_reads() {
    let vectors = json!({
        "description": "How the Rust client reads legacy flags, timestamps and error bodies (null: refused). Written by `UPDATE_VECTORS=1 cargo test -p defentry --test client vectors`; the Python and TypeScript helpers in clients/ are tested against it.",
        "flags": flags(),
        "timestamps": timestamps(),
        "errors": errors(),
    });
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(&vectors).expect("JSON")
    );
    let path = root().join("clients/vectors.json");
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        std::fs::write(&path, &text).expect("written");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "clients/vectors.json is stale: rerun with UPDATE_VECTORS=1 and review the change"
    );
}
