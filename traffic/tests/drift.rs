//! The drift report on recordings written to disagree with the spec, one
//! kind each, and on the workspace's own recordings (which conformance
//! passes with `--strict`: no drift).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn write(dir: &Path, name: &str, request: Value, response: Value) -> TestResult {
    let recording = json!({
        "api": "defentry",
        "description": "Written by traffic/tests/drift.rs to disagree with the spec.",
        "source": "synthesized",
        "format": "legacy",
        "request": request,
        "response": response,
    });
    std::fs::write(dir.join(name), serde_json::to_string_pretty(&recording)?)?;
    Ok(())
}

#[test]
fn every_kind_of_drift_is_found_where_it_is() -> TestResult {
    let root = workspace_tests::workspace_root();
    let dir = tempfile::tempdir()?;
    let login = json!({"method": "POST", "path": "/api/v1/crm/auth/login", "body": {"username": "u", "password": "p"}});
    write(
        dir.path(),
        "login-drift.legacy.json",
        login.clone(),
        json!({"status": 200, "body": {"token": 123, "expires_in": 3600}}),
    )?;
    write(
        dir.path(),
        "login-moved.legacy.json",
        login,
        json!({"status": 302, "headers": {"location": "/elsewhere"}}),
    )?;
    write(
        dir.path(),
        "scan-paused.legacy.json",
        json!({"method": "GET", "path": "/api/v1/delete-my-data/scan/status"}),
        json!({"status": 200, "body": {"sites": [{"is_data_found": 0, "scan_result": {"status": "SCAN_PAUSED", "data": []}}]}}),
    )?;
    write(
        dir.path(),
        "account-accepted.legacy.json",
        json!({"method": "POST", "path": "/api/v1/account", "body": {"first_name": "John"}}),
        json!({"status": 201, "body": {"data": {"id": 42}}}),
    )?;
    write(
        dir.path(),
        "nowhere.legacy.json",
        json!({"method": "GET", "path": "/api/v1/nowhere"}),
        json!({"status": 200, "body": {}}),
    )?;
    let (findings, read) = traffic::drift::drift(&root, "defentry", &[dir.path().to_path_buf()])?;
    assert_eq!(read, 5);
    let found: BTreeSet<(String, &str, String)> = findings
        .iter()
        .map(|f| (f.operation.clone(), f.kind, f.place.clone()))
        .collect();
    let expected: BTreeSet<(String, &str, String)> = [
        ("crmLogin", "type-mismatch", "response /token"),
        ("crmLogin", "unknown-field", "response /expires_in"),
        ("crmLogin", "undocumented-status", ""),
        (
            "getDeleteMyDataScanStatus",
            "unknown-enum-value",
            "response /sites/0/scan_result/status",
        ),
        ("createAccount", "spec-stricter-than-server", "request body"),
        ("-", "unmatched", ""),
    ]
    .into_iter()
    .map(|(o, k, p)| (o.to_owned(), k, p.to_owned()))
    .collect();
    assert!(
        expected.is_subset(&found),
        "missing: {:#?}\nfound: {findings:#?}",
        expected.difference(&found).collect::<Vec<_>>()
    );
    let table = traffic::drift::table(&findings, read);
    assert!(table.contains("| crmLogin | type-mismatch | 1 | legacy | `response /token` | an integer where the spec says string |"), "{table}");
    let json = traffic::drift::to_json(&findings);
    assert_eq!(json.as_array().map(Vec::len), Some(findings.len()));

    let (ours, read) = traffic::drift::drift(&root, "defentry", &[root.join("tests/recordings")])?;
    assert!(read > 40);
    assert_eq!(
        ours,
        Vec::new(),
        "the workspace's recordings pass conformance --strict"
    );
    Ok(())
}
