//! HAR import: a fixture HAR written by hand from documented examples
//! imports to the expected recordings (insta snapshots), redacted, with
//! what it drops counted by reason; the imported recordings pass
//! conformance --strict.

use std::collections::BTreeMap;

use serde_json::Value;

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[tokio::test]
async fn a_documented_session_imports_to_the_expected_recordings() -> TestResult {
    let root = workspace_tests::workspace_root();
    let har = root.join("traffic/tests/fixtures/defentry-session.har");
    let out = tempfile::tempdir()?;
    let imported = traffic::har::import(&root, &har, out.path(), "defentry", &[])?;
    let dropped: BTreeMap<&str, usize> = imported
        .dropped
        .iter()
        .map(|(reason, n)| (reason.as_str(), *n))
        .collect();
    assert_eq!(
        dropped,
        BTreeMap::from([
            ("no response (status 0: blocked, cancelled or failed)", 1),
            ("not an operation of defentry", 2),
        ])
    );
    let names: Vec<String> = imported
        .written
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_owned))
        .collect();
    assert_eq!(
        names,
        [
            "defentry-session-000001-crmLogin.legacy.json",
            "defentry-session-000003-getDeleteMyDataScanStatus.2026-06-12.json",
            "defentry-session-000004-getDeleteMyDataScanStatus.legacy.json",
            "defentry-session-000007-getAlarm.legacy.json",
        ]
    );
    for path in &imported.written {
        let text = std::fs::read_to_string(path)?;
        for secret in [
            "your_service_account_password",
            "service-account-token",
            "eyJpdiI6IjEyMyJ9",
        ] {
            assert!(!text.contains(secret), "{secret} in {}", path.display());
        }
        let recording: Value = serde_json::from_str(&text)?;
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        insta::assert_json_snapshot!(name, recording);
    }
    let report = workspace_tests::conformance::run(
        &root,
        &[out.path().to_path_buf()],
        workspace_tests::conformance::Options { strict: true },
    )
    .await?;
    assert_eq!(report.failures(), Vec::<(String, String)>::new());
    Ok(())
}
