//! The dist documents of the Defentry spec: valid OpenAPI 3.0, free of
//! projection annotations, covering every documented endpoint with its scope,
//! and differing between formats only where the formats differ.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Every format's dist document, as the spec's `x-formats` lists them.
fn every_format() -> Vec<&'static str> {
    defentry::Format::ALL.iter().map(|f| f.dist()).collect()
}

/// The formats selected by a header, with the value that selects them.
fn dated_formats() -> Vec<(&'static str, &'static str)> {
    defentry::Format::ALL
        .iter()
        .filter_map(|f| Some((f.dist(), f.api_version()?)))
        .collect()
}

/// The format the server answers in without a header.
fn legacy_dist() -> Result<&'static str, String> {
    defentry::Format::selected_by(None)
        .map(defentry::Format::dist)
        .ok_or_else(|| "no format without a header".to_owned())
}

/// The default format's dist document.
fn default_dist() -> &'static str {
    defentry::Format::default().dist()
}
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn dist(name: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(root().join("spec/dist").join(name))?;
    Ok(serde_json::from_str(&text)?)
}

/// (METHOD, path) → operation object.
fn operations(doc: &Value) -> BTreeMap<(String, String), &Value> {
    let mut out = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                out.insert((method.to_uppercase(), path.clone()), op);
            }
        }
    }
    out
}

#[test]
fn both_documents_are_openapi_3_0_for_openapiv3() -> TestResult {
    for name in every_format() {
        let text = std::fs::read_to_string(root().join("spec/dist").join(name))?;
        let doc: openapiv3::OpenAPI =
            serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
        assert_eq!(doc.openapi, "3.0.3", "{name}");
        let typed: usize = doc
            .paths
            .paths
            .values()
            .filter_map(|item| item.as_item())
            .map(|item| item.iter().count())
            .sum();
        assert_eq!(typed, 91, "{name}: openapiv3 sees every operation");
    }
    Ok(())
}

fn find_keys(value: &Value, keys: &[&str], at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                if keys.contains(&key.as_str()) {
                    out.push(here.clone());
                }
                find_keys(child, keys, here, out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                find_keys(child, keys, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn no_projection_annotation_is_left() -> TestResult {
    for name in every_format() {
        let mut found = Vec::new();
        find_keys(
            &dist(name)?,
            &["x-formats", "x-in-format", "x-status-in-format"],
            String::new(),
            &mut found,
        );
        assert!(found.is_empty(), "{name}: {found:?}");
    }
    Ok(())
}

#[test]
fn every_documented_endpoint_is_there_with_its_scope() -> TestResult {
    let fixture = std::fs::read_to_string(root().join("tests/fixtures/reference-endpoints.txt"))?;
    let mut expected: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for line in fixture
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [method, path, scope] = parts.as_slice() else {
            return Err(format!("bad fixture line: {line}").into());
        };
        let scopes = match *scope {
            "none" => BTreeSet::new(),
            "crm" => BTreeSet::from(["crmToken".to_owned()]),
            "app" => BTreeSet::from(["appToken".to_owned()]),
            "app+crm" => BTreeSet::from(["appToken".to_owned(), "crmToken".to_owned()]),
            other => return Err(format!("bad scope {other}").into()),
        };
        expected.insert((method.to_string(), path.to_string()), scopes);
    }
    assert_eq!(
        expected.len(),
        91,
        "the reference documents 91 method+path pairs"
    );
    for name in every_format() {
        let doc = dist(name)?;
        let ops = operations(&doc);
        let missing: Vec<_> = expected.keys().filter(|k| !ops.contains_key(*k)).collect();
        let extra: Vec<_> = ops.keys().filter(|k| !expected.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: missing {missing:?}, not in the reference {extra:?}"
        );
        for (key, scopes) in &expected {
            let security = ops[key]
                .get("security")
                .and_then(Value::as_array)
                .ok_or(format!("{name} {key:?}: no explicit security"))?;
            let named: BTreeSet<String> = security
                .iter()
                .flat_map(|req| {
                    req.as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, _)| k.clone())
                })
                .collect();
            assert_eq!(&named, scopes, "{name} {key:?}");
            if scopes.len() > 1 {
                assert_eq!(
                    security.len(),
                    scopes.len(),
                    "{name} {key:?}: each scope is an alternative"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn every_operation_is_complete() -> TestResult {
    let doc = dist(default_dist())?;
    let mut ids = BTreeSet::new();
    for (key, op) in operations(&doc) {
        let id = op["operationId"]
            .as_str()
            .ok_or(format!("{key:?}: no operationId"))?;
        assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
        assert!(
            id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "{id} is not camelCase"
        );
        assert_eq!(
            op["tags"].as_array().map(Vec::len),
            Some(1),
            "{id}: one tag"
        );
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{id}: summary"
        );
        let responses = op["responses"]
            .as_object()
            .ok_or(format!("{id}: responses"))?;
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{id}: a success response"
        );
        assert!(
            responses.keys().any(|s| s == "4XX") && responses.keys().any(|s| s == "5XX"),
            "{id}: 4XX and 5XX"
        );
        assert!(
            !responses.contains_key("default"),
            "{id}: no default response"
        );
    }
    Ok(())
}

#[test]
fn formats_differ_only_where_the_formats_differ() -> TestResult {
    let legacy = dist(legacy_dist()?)?;
    assert!(!dated_formats().is_empty());
    for (name, value) in dated_formats() {
        differs_only_where_the_formats_differ(&dist(name)?, &legacy, value)?;
    }
    Ok(())
}

fn differs_only_where_the_formats_differ(
    standardized: &Value,
    legacy: &Value,
    value: &str,
) -> TestResult {
    let std_ops = operations(standardized);
    let legacy_ops = operations(legacy);
    assert_eq!(
        std_ops.keys().collect::<Vec<_>>(),
        legacy_ops.keys().collect::<Vec<_>>()
    );
    let version_ref = serde_json::json!({"$ref": "#/components/parameters/ApiVersion"});
    assert_eq!(
        standardized["components"]["parameters"]["ApiVersion"]["name"],
        defentry::API_VERSION_HEADER
    );
    assert_eq!(
        standardized["components"]["parameters"]["ApiVersion"]["required"],
        true
    );
    assert_eq!(
        standardized["components"]["parameters"]["ApiVersion"]["schema"]["enum"],
        serde_json::json!([value])
    );
    assert!(
        legacy["components"]["parameters"]
            .get("ApiVersion")
            .is_none()
    );
    for (key, std_op) in &std_ops {
        let legacy_op = legacy_ops[key];
        // Same request: the standardized one adds the version header first.
        let std_params = std_op["parameters"]
            .as_array()
            .ok_or(format!("{key:?}: parameters"))?;
        assert_eq!(std_params.first(), Some(&version_ref), "{key:?}");
        let legacy_params = legacy_op
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        assert_eq!(&std_params[1..], legacy_params.as_slice(), "{key:?}");
        assert_eq!(
            std_op.get("requestBody"),
            legacy_op.get("requestBody"),
            "{key:?}: request bodies are the same in both formats"
        );
        assert_eq!(std_op["operationId"], legacy_op["operationId"]);
        assert_eq!(std_op["security"], legacy_op["security"]);
        // Throttling: 429 in the standardized format, 409 in the legacy one.
        let statuses = |op: &Value| -> BTreeSet<String> {
            op["responses"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        let mut expected = statuses(std_op);
        assert!(expected.remove("429"), "{key:?}: 429");
        expected.insert("409".to_owned());
        assert_eq!(statuses(legacy_op), expected, "{key:?}");
    }
    Ok(())
}

#[test]
fn legacy_components_carry_the_legacy_encodings() -> TestResult {
    let legacy = dist(legacy_dist()?)?;
    for (name, _) in dated_formats() {
        carries_the_legacy_encodings(&dist(name)?, &legacy);
    }
    Ok(())
}

fn carries_the_legacy_encodings(standardized: &Value, legacy: &Value) {
    let s = &standardized["components"]["schemas"];
    let l = &legacy["components"]["schemas"];
    assert_eq!(s["Timestamp"]["format"], "date-time");
    assert_eq!(s["Timestamp"]["example"], "2026-06-16T21:02:05Z");
    assert!(l["Timestamp"].get("format").is_none());
    assert_eq!(l["Timestamp"]["example"], "2026-06-16 21:02:05");
    assert_eq!(s["Flag"]["type"], "boolean");
    // The legacy flag declares no type, so generators hand it over as sent;
    // its description names the encodings and the parsers.
    assert!(l["Flag"].get("type").is_none() && l["Flag"].get("oneOf").is_none());
    let described = l["Flag"]["description"].as_str().unwrap_or("");
    assert!(described.contains("`\"1\"`/`\"0\"`") && described.contains("parse_flag"));
    assert!(s.get("ErrorEnvelope").is_some() && l.get("ErrorEnvelope").is_none());
    assert!(s.get("LegacyError").is_none() && l.get("LegacyError").is_some());
    let content = &legacy["components"]["responses"]["ClientError"]["content"];
    assert!(content.get("application/vnd.api+json").is_some());
    assert_eq!(
        content["application/json"]["schema"]["$ref"],
        "#/components/schemas/LegacyError"
    );
}

#[test]
fn provisional_nodes_say_what_is_unknown() -> TestResult {
    for name in every_format() {
        let doc = dist(name)?;
        let mut marked = Vec::new();
        find_keys(&doc, &["x-provisional"], String::new(), &mut marked);
        assert!(!marked.is_empty());
        for at in marked {
            let node_at = at.trim_end_matches("/x-provisional");
            let node = doc.pointer(node_at).ok_or(format!("{name}{at}"))?;
            assert_eq!(node["x-provisional"], true, "{name}{at}");
            let description = node["description"].as_str().unwrap_or_default();
            assert!(
                description.contains("Provisional"),
                "{name}{node_at}: a provisional node explains what is unknown"
            );
        }
    }
    Ok(())
}

#[test]
fn the_state_changing_gets_are_marked() -> TestResult {
    let doc = dist(default_dist())?;
    let marked: BTreeSet<String> = operations(&doc)
        .into_iter()
        .filter(|(_, op)| op.get("x-state-changing") == Some(&Value::Bool(true)))
        .map(|((method, path), _)| format!("{method} {path}"))
        .collect();
    assert_eq!(
        marked,
        BTreeSet::from([
            "GET /api/v1/account/{account_id}/alarms/{alarmId}/close".to_owned(),
            "GET /api/v1/alarms/{alarmId}/close".to_owned()
        ])
    );
    Ok(())
}
