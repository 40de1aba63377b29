//! `clients/vectors.json`: how the Rust client reads legacy flags,
//! timestamps and error bodies, as cases the Python and TypeScript helpers
//! (`clients/`) are tested against, so every language reads them alike.
//! Error cases are every error recording (by content: copies under another
//! format add nothing), plus edge cases. The file is checked here;
//! `UPDATE_VECTORS=1` rewrites it after a deliberate change.

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
        .map(|input| json!({ "output": flag_output(&input), "input": input }))
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
        .map(|input| json!({ "output": timestamp_output(&json!(input)), "input": input }))
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

/// Flag and timestamp cases: their output from their input.
fn flag_output(input: &Value) -> Value {
    json!(
        serde_json::from_value::<Flag>(input.clone())
            .ok()
            .map(|flag| *flag)
    )
}

fn timestamp_output(input: &Value) -> Value {
    json!(
        input
            .as_str()
            .and_then(|text| text.parse::<Timestamp>().ok())
            .map(|timestamp| timestamp.to_string())
    )
}

/// A case without its name (recordings are matched by content: a format
/// added with copies of the recordings adds no case).
fn content(case: &Value) -> Value {
    let mut case = case.clone();
    if let Some(map) = case.as_object_mut() {
        map.remove("name");
    }
    case
}

/// The committed file: every case is what the Rust client reads now, and
/// every flag, timestamp and error recording the sources give is a case
/// (by content). `UPDATE_VECTORS=1` rewrites it from the sources.
#[test]
fn the_shared_vectors_are_what_the_rust_client_reads() {
    let fresh = json!({
        "description": "How the Rust client reads legacy flags, timestamps and error bodies (null: refused). Written by `UPDATE_VECTORS=1 cargo test -p defentry --test client vectors`; the Python and TypeScript helpers in clients/ are tested against it.",
        "flags": flags(),
        "timestamps": timestamps(),
        "errors": errors(),
    });
    let path = root().join("clients/vectors.json");
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        let text = format!("{}\n", serde_json::to_string_pretty(&fresh).expect("JSON"));
        std::fs::write(&path, text).expect("written");
        return;
    }
    let stale = "clients/vectors.json is stale: rerun with UPDATE_VECTORS=1 and review the change";
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .expect("clients/vectors.json is JSON");
    let list = |doc: &Value, key: &str| doc[key].as_array().cloned().unwrap_or_default();
    for case in list(&committed, "flags") {
        assert_eq!(
            case["output"],
            flag_output(&case["input"]),
            "{stale}: {case}"
        );
    }
    for case in list(&committed, "timestamps") {
        assert_eq!(
            case["output"],
            timestamp_output(&case["input"]),
            "{stale}: {case}"
        );
    }
    for case in list(&committed, "errors") {
        let status = case["status"]
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .expect("a status");
        let now = error_case(
            case["name"].as_str().unwrap_or(""),
            status,
            &case["headers"],
            &case["body"],
        );
        assert_eq!(case, now, "{stale}");
    }
    for key in ["flags", "timestamps", "errors"] {
        let known: Vec<Value> = list(&committed, key).iter().map(content).collect();
        for case in list(&fresh, key) {
            assert!(
                known.contains(&content(&case)),
                "{stale}: no case for {case}"
            );
        }
    }
}
