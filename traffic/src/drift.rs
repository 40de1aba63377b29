//! The drift report (`cargo xtask conformance --drift`): where recordings and
//! the spec disagree, per operation, for a team to review before learning
//! or regenerating. Found per recording, against its format's document:
//!
//! - `undocumented-status`: the operation lists no response for the status;
//! - `unknown-field`: a key no schema at that place declares (the schemas
//!   of an `allOf` together), where unknown keys are not allowed by
//!   `additionalProperties`; `x-provisional` places are marked, since their
//!   unknown fields are expected;
//! - `unknown-enum-value`: a string outside an `enum` or `x-extensible-enum`;
//! - `type-mismatch`: a value of another JSON type than the schema's (a
//!   `null` where the schema is not `nullable`);
//! - `missing-required`: a required key absent;
//! - `spec-stricter-than-server`: a request body the spec refuses (any of the
//!   above in the request) that the server answered with a 2xx;
//! - `unmatched`: a path and method the spec does not have.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde_json::{Value, json};
use workspace_tests::recording::{self, Recording};
use workspace_tests::schema_walk::{Next, walk};

use crate::api_formats::{ApiFormats, FormatDoc, body_schema, resolve, response_for};

/// One disagreement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The operation (`-` when unmatched).
    pub operation: String,
    /// The kind (see the module doc).
    pub kind: &'static str,
    /// The format's name (`-` for a single-format API).
    pub format: String,
    /// The response status.
    pub status: u16,
    /// `request` or `response`, and the JSON pointer in its body.
    pub place: String,
    /// What differs.
    pub detail: String,
    /// Whether the place is `x-provisional` (unknown fields expected).
    pub provisional: bool,
    /// The recording.
    pub recording: String,
}

/// Every finding of the recordings of `api` under `paths`, and how many
/// recordings of the API were read.
pub fn drift(root: &Path, api: &str, paths: &[PathBuf]) -> Result<(Vec<Finding>, usize)> {
    let formats = ApiFormats::load(root, api)?;
    let apis = workspace_tests::spec_docs::Specs::new(root).apis();
    let mut out = Vec::new();
    let mut read = 0;
    for file in recording::collect(paths).map_err(anyhow::Error::msg)? {
        let Ok(recorded) = recording::load(&file) else {
            continue;
        };
        if recording::api_of(&file, &recorded, &apis) != api {
            continue;
        }
        read += 1;
        let shown = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        let Some(format) = formats.named(recorded.format.as_deref()) else {
            continue;
        };
        one(&format, &recorded, &shown, &mut out);
    }
    out.sort();
    Ok((out, read))
}

fn one(format: &FormatDoc, recorded: &Recording, shown: &str, out: &mut Vec<Finding>) {
    let status = recorded.response.status;
    let finding = |operation: &str, kind, place: String, detail: String, provisional| Finding {
        operation: operation.to_owned(),
        kind,
        format: format.name().unwrap_or("-").to_owned(),
        status,
        place,
        detail,
        provisional,
        recording: shown.to_owned(),
    };
    let request = &recorded.request;
    let Some(matched) = format.operation(&request.method, &request.path) else {
        out.push(finding(
            "-",
            "unmatched",
            String::new(),
            format!("{} {}", request.method, request.path),
            false,
        ));
        return;
    };
    let doc = &format.value;
    let operation = doc.pointer(&matched.pointer);
    let op = matched.operation_id.as_str();
    let response = operation
        .and_then(|o| o.get("responses"))
        .and_then(|responses| response_for(doc, responses, status));
    let Some(response) = response else {
        out.push(finding(
            op,
            "undocumented-status",
            String::new(),
            format!("{status} is not among the responses"),
            false,
        ));
        return;
    };
    if let (Some(schema), Some(body)) = (body_schema(response), &recorded.response.body) {
        for (kind, at, detail, provisional) in check(doc, schema, body) {
            out.push(finding(
                op,
                kind,
                format!("response {at}"),
                detail,
                provisional,
            ));
        }
    }
    let request_schema = operation
        .and_then(|o| o.get("requestBody"))
        .map(|b| resolve(doc, b))
        .and_then(body_schema);
    if let (Some(schema), Some(body), true) =
        (request_schema, &request.body, (200..300).contains(&status))
    {
        for (kind, at, detail, provisional) in check(doc, schema, body) {
            if kind == "unknown-field" && provisional {
                continue;
            }
            out.push(finding(
                op,
                "spec-stricter-than-server",
                place("request", &at),
                format!("{kind}: {detail}; the server answered {status}"),
                provisional,
            ));
        }
    }
}

type Found = (&'static str, String, String, bool);

/// `response /a/0/b`, or `response body` for the body itself.
fn place(side: &str, at: &str) -> String {
    if at.is_empty() {
        format!("{side} body")
    } else {
        format!("{side} {at}")
    }
}

/// What differs between `body` and `schema` (in `doc`).
fn check(doc: &Value, schema: &Value, body: &Value) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    // Per object place: the keys any schema there declares, whether one
    // allows others, whether one is provisional, and the keys present.
    let mut places: BTreeMap<String, (BTreeSet<String>, bool, bool, Vec<String>)> = BTreeMap::new();
    let mut instance = body.clone();
    walk(doc, schema, &mut instance, &mut |node, value| {
        let s = node.schema;
        let provisional = s.get("x-provisional") == Some(&Value::Bool(true));
        let nullable = s.get("nullable") == Some(&Value::Bool(true));
        if let Some(kind) = s.get("type").and_then(Value::as_str) {
            let fits = match value {
                Value::Null => nullable,
                Value::Bool(_) => kind == "boolean",
                Value::Number(n) => {
                    kind == "number" || (kind == "integer" && (n.is_i64() || n.is_u64()))
                }
                Value::String(_) => kind == "string",
                Value::Array(_) => kind == "array",
                Value::Object(_) => kind == "object",
            };
            if !fits {
                found.push((
                    "type-mismatch",
                    node.at.to_owned(),
                    format!("{} where the spec says {kind}", json_type(value)),
                    provisional,
                ));
                return Next::Stop;
            }
        }
        if let Value::String(text) = value {
            for key in ["enum", "x-extensible-enum"] {
                if let Some(listed) = s.get(key).and_then(Value::as_array)
                    && !listed.iter().any(|v| v.as_str() == Some(text))
                {
                    found.push((
                        "unknown-enum-value",
                        node.at.to_owned(),
                        format!("{text:?} is not in its {key}"),
                        provisional,
                    ));
                }
            }
        }
        if let Value::Object(map) = value {
            let place = places.entry(node.at.to_owned()).or_default();
            if let Some(properties) = s.get("properties").and_then(Value::as_object) {
                place.0.extend(properties.keys().cloned());
            }
            place.1 |= matches!(
                s.get("additionalProperties"),
                Some(Value::Bool(true)) | Some(Value::Object(_))
            );
            place.2 |= provisional;
            if place.3.is_empty() {
                place.3 = map.keys().cloned().collect();
            }
            for name in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !map.contains_key(name) {
                    found.push((
                        "missing-required",
                        node.at.to_owned(),
                        format!("`{name}` is required"),
                        provisional,
                    ));
                }
            }
        }
        Next::Descend
    });
    for (at, (declared, open, provisional, keys)) in places {
        if open || declared.is_empty() {
            continue;
        }
        for key in keys.iter().filter(|k| !declared.contains(*k)) {
            found.push((
                "unknown-field",
                format!("{at}/{key}"),
                format!("`{key}` is not declared"),
                provisional,
            ));
        }
    }
    found
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The findings as JSON (one object per finding).
pub fn to_json(findings: &[Finding]) -> Value {
    Value::Array(
        findings
            .iter()
            .map(|f| {
                json!({
                    "operation": f.operation,
                    "kind": f.kind,
                    "format": f.format,
                    "status": f.status,
                    "place": f.place,
                    "detail": f.detail,
                    "provisional": f.provisional,
                    "recording": f.recording,
                })
            })
            .collect(),
    )
}

/// A readable table: per operation and kind, how many findings and the
/// first one's place and detail.
pub fn table(findings: &[Finding], recordings: usize) -> String {
    let mut groups: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        groups
            .entry((f.operation.as_str(), f.kind))
            .or_default()
            .push(f);
    }
    let mut out = format!(
        "## Drift: {} finding(s) in {} group(s)\n\n| operation | kind | findings | formats | first: place | first: detail |\n|---|---|---:|---|---|---|\n",
        findings.len(),
        groups.len()
    );
    for ((operation, kind), group) in &groups {
        let formats: BTreeSet<&str> = group.iter().map(|f| f.format.as_str()).collect();
        let first = group[0];
        let provisional = if group.iter().all(|f| f.provisional) {
            " (provisional place: expected)"
        } else {
            ""
        };
        out.push_str(&format!(
            "| {operation} | {kind}{provisional} | {} | {} | `{}` | {} |\n",
            group.len(),
            formats.into_iter().collect::<Vec<_>>().join(", "),
            first.place,
            bindings_support::shown(&first.detail)
                .to_string()
                .replace('|', "\\|"),
        ));
    }
    if findings.is_empty() {
        out.push_str(&format!("\nNo drift in {recordings} recording(s).\n"));
    }
    out
}
