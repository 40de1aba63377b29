//! The conformance checks fail for the right reasons: each case is a crafted
//! recording with one thing wrong.

use std::path::Path;

use serde_json::{Value, json};
use workspace_tests::conformance::{self, Options, Report};
use workspace_tests::replay::Outcome;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn login(response: Value) -> Value {
    json!({
        "source": "synthesized",
        "format": "2026-06-12",
        "request": {"method": "POST", "path": "/api/v1/crm/auth/login",
                    "body": {"username": "u@partner.com", "password": "p"}},
        "response": response
    })
}

async fn check(
    files: &[(&str, String)],
    strict: bool,
) -> Result<Report, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    let root = workspace_tests::workspace_root();
    Ok(conformance::run(&root, &[dir.path().to_path_buf()], Options { strict }).await?)
}

fn failure_of(report: &Report, file: &str) -> String {
    report
        .failures()
        .into_iter()
        .find(|(path, _)| Path::new(path).ends_with(file))
        .map(|(_, reason)| reason)
        .unwrap_or_default()
}

#[tokio::test]
async fn a_valid_recording_passes() -> TestResult {
    let ok = login(json!({"status": 200, "body": {"token": "1|x"}}));
    let report = check(&[("ok.2026-06-12.json", ok.to_string())], true).await?;
    assert_eq!(
        (report.passed(), report.failures().len()),
        (1, 0),
        "{:?}",
        report.failures()
    );
    Ok(())
}

#[tokio::test]
async fn malformed_files_are_failures_with_the_parse_error() -> TestResult {
    let typo = login(json!({"status": 200, "body": {"token": "t"}}))
        .to_string()
        .replace("\"response\"", "\"respones\"");
    let bad_status = login(json!({"status": 1000, "body": {"token": "t"}})).to_string();
    let bad_header =
        login(json!({"status": 200, "headers": {"x bad": "v"}, "body": {"token": "t"}}))
            .to_string();
    let report = check(
        &[
            ("broken.json", "{\"source\": ".to_owned()),
            ("typo.json", typo),
            ("bad-status.json", bad_status),
            ("bad-header.json", bad_header),
        ],
        false,
    )
    .await?;
    assert!(
        failure_of(&report, "bad-status.json").contains("1000 is not an HTTP status"),
        "{:?}",
        report.failures()
    );
    assert!(
        failure_of(&report, "bad-header.json").contains("`x bad: v` is not valid HTTP"),
        "{:?}",
        report.failures()
    );
    assert!(
        failure_of(&report, "broken.json").contains("not a recording: EOF"),
        "{:?}",
        report.failures()
    );
    assert!(
        failure_of(&report, "typo.json").contains("unknown field `respones`"),
        "{:?}",
        report.failures()
    );
    Ok(())
}

#[tokio::test]
async fn unmatched_paths_and_methods_say_so() -> TestResult {
    let mut path = login(json!({"status": 200, "body": {"token": "t"}}));
    path["request"]["path"] = json!("/api/v1/crm/auth/logon");
    let mut method = login(json!({"status": 200, "body": {"token": "t"}}));
    method["request"]["method"] = json!("GET");
    let report = check(
        &[
            ("path.json", path.to_string()),
            ("method.json", method.to_string()),
        ],
        false,
    )
    .await?;
    assert!(
        failure_of(&report, "path.json")
            .contains("no path of defentry.2026-06-12.json matches `/api/v1/crm/auth/logon`")
    );
    assert!(failure_of(&report, "method.json").contains("has no GET operation (it has post)"));
    Ok(())
}

#[tokio::test]
async fn bodies_are_validated_against_the_schema() -> TestResult {
    let wrong_type = login(json!({"status": 200, "body": {"token": 7}}));
    // Answered by a 5xx: neither an expected rejection nor an acceptance.
    let mut bad_request =
        login(json!({"status": 500, "body": {"error": {"code": "SERVER_ERROR", "message": "x"}}}));
    bad_request["request"]["body"] = json!({"username": "u"});
    let undocumented = login(json!({"status": 300, "body": {"message": "Multiple Choices"}}));
    let html = login(
        json!({"status": 502, "headers": {"content-type": "text/html"}, "body_text": "<html>Bad Gateway</html>"}),
    );
    let report = check(
        &[
            ("type.json", wrong_type.to_string()),
            ("request.json", bad_request.to_string()),
            ("status.json", undocumented.to_string()),
            ("html.json", html.to_string()),
        ],
        false,
    )
    .await?;
    let reason = failure_of(&report, "type.json");
    assert!(
        reason.contains("response body at /token:") && reason.contains("the client failed"),
        "{reason}"
    );
    assert!(
        failure_of(&report, "request.json")
            .contains("request body at /: \"password\" is a required property"),
        "{:?}",
        report.failures()
    );
    let reason = failure_of(&report, "status.json");
    assert!(
        reason.contains("status 300 is not documented for crmLogin")
            && reason.contains("HTTP 300 is not documented for this operation"),
        "{reason}"
    );
    assert!(
        failure_of(&report, "html.json")
            .contains("content type `text/html` is not documented for status 502")
    );
    Ok(())
}

#[tokio::test]
async fn twins_must_decode_to_equal_values() -> TestResult {
    let legacy = json!({"source": "synthesized", "format": "legacy",
        "request": {"method": "GET", "path": "/api/v1/delete-my-data/scan/status"},
        "response": {"status": 200, "body": {"sites": [{"is_data_found": "1"}]}}});
    let mut standardized = legacy.clone();
    standardized["format"] = json!("2026-06-12");
    standardized["response"]["body"] = json!({"sites": [{"is_data_found": false}]});
    let report = check(
        &[
            ("s.legacy.json", legacy.to_string()),
            ("s.2026-06-12.json", standardized.to_string()),
        ],
        false,
    )
    .await?;
    let reason = failure_of(&report, "s.legacy.json");
    assert!(
        reason.contains(
            "the twins decode differently: at /sites/0/is_data_found: true becomes false"
        ),
        "{reason}"
    );
    assert_eq!(reason, failure_of(&report, "s.2026-06-12.json"));
    Ok(())
}

#[tokio::test]
async fn error_twins_compare_code_and_details() -> TestResult {
    let legacy = json!({"source": "synthesized", "format": "legacy",
        "request": {"method": "GET", "path": "/api/v1/alarms"},
        "response": {"status": 404, "body": {"error": "Not found"}}});
    let mut standardized = legacy.clone();
    standardized["format"] = json!("2026-06-12");
    standardized["response"]["body"] =
        json!({"error": {"code": "FORBIDDEN", "message": "Not found"}});
    let report = check(
        &[
            ("e.legacy.json", legacy.to_string()),
            ("e.2026-06-12.json", standardized.to_string()),
        ],
        false,
    )
    .await?;
    assert!(
        failure_of(&report, "e.legacy.json").contains("different codes: NOT_FOUND vs FORBIDDEN"),
        "{:?}",
        report.failures()
    );
    Ok(())
}

#[tokio::test]
async fn strict_mode_names_fields_the_spec_lacks_and_tolerates_lost_nulls() -> TestResult {
    let body = json!({"sites": [{"scan_result": {"status": "SCAN_COMPLETED", "data": {"firstName": "J", "nickname": "Jo"}}}]});
    let unknown = json!({"source": "live", "format": "2026-06-12",
        "request": {"method": "GET", "path": "/api/v1/delete-my-data/scan/status"},
        "response": {"status": 200, "body": body}});
    let provisional = json!({"source": "live", "format": "2026-06-12",
        "request": {"method": "POST", "path": "/api/v1/account", "body": {"first_name": "J", "last_name": "D", "email": "e", "country_code": "SE", "lang_code": "SV", "plan_id": 1, "type": "SINGLE"}},
        "response": {"status": 201, "body": {"data": {"id": 1, "undocumented_but_provisional": true}}}});
    let null = json!({"source": "live", "format": "2026-06-12",
        "request": {"method": "GET", "path": "/api/v1/delete-my-data/scan/status"},
        "response": {"status": 200, "body": {"sites": [{"scan_result": {"status": null}}]}}});
    let files = [
        ("unknown.json", unknown.to_string()),
        ("provisional.json", provisional.to_string()),
        ("null.json", null.to_string()),
    ];
    let relaxed = check(&files, false).await?;
    assert_eq!(
        relaxed.failures().len(),
        1,
        "only the null breaks the schema: {:?}",
        relaxed.failures()
    );
    let strict = check(&files, true).await?;
    let reason = failure_of(&strict, "unknown.json");
    assert!(
        reason
            .contains("lossless: the spec lacks the field `nickname` at /sites/0/scan_result/data"),
        "{reason}"
    );
    assert_eq!(
        failure_of(&strict, "provisional.json"),
        "",
        "provisional schemas may carry more fields"
    );
    // The schema rejects the null; re-encoding drops it, which loses nothing
    // (an absent optional field and a null read the same), so the lossless
    // check stays quiet. `json_diff` tests the losses it does report.
    let reason = failure_of(&strict, "null.json");
    assert!(reason.contains("/sites/0/scan_result/status"), "{reason}");
    assert!(!reason.contains("lossless"), "{reason}");
    Ok(())
}

#[tokio::test]
async fn the_file_name_and_the_format_must_agree() -> TestResult {
    let recording = login(json!({"status": 200, "body": {"token": "t"}}));
    let report = check(&[("x.legacy.json", recording.to_string())], false).await?;
    assert!(
        failure_of(&report, "x.legacy.json")
            .contains("the file name says format `legacy` but `format` is `2026-06-12`")
    );
    Ok(())
}

fn note_of(report: &Report, file: &str) -> String {
    report
        .notes()
        .into_iter()
        .find(|(path, _)| Path::new(path).ends_with(file))
        .map(|(_, note)| note)
        .unwrap_or_default()
}

#[tokio::test]
async fn a_forbidden_request_rejected_with_a_documented_4xx_is_an_expected_rejection() -> TestResult
{
    let mut rejected = login(json!({"status": 422, "body": {"error": {
        "code": "VALIDATION_ERROR", "message": "m",
        "details": [{"field": "password", "issue": "required"}]}}}));
    rejected["request"]["body"] = json!({"username": "u"});
    let report = check(&[("rejected.2026-06-12.json", rejected.to_string())], true).await?;
    assert_eq!(report.failures(), Vec::new());
    let note = note_of(&report, "rejected.2026-06-12.json");
    assert!(
        note.contains("expected rejection")
            && note.contains("\"password\" is a required property")
            && note.contains("documented 422"),
        "{note}"
    );
    // The rejection is still decoded as the client decodes errors.
    let decoded = report.checked[0].outcome.as_ref().and_then(Outcome::status);
    assert_eq!(decoded, Some(422));
    Ok(())
}

#[tokio::test]
async fn the_docs_rejection_of_a_create_without_email_passes_strict() -> TestResult {
    let root = workspace_tests::workspace_root();
    let dir = root.join("tests/recordings/defentry/accounts");
    let files: Vec<_> = ["legacy", "2026-06-12"]
        .iter()
        .map(|f| dir.join(format!("create-account-without-email.{f}.json")))
        .collect();
    let report = conformance::run(&root, &files, Options { strict: true }).await?;
    assert_eq!((report.passed(), report.failures()), (2, Vec::new()));
    for (_, note) in report.notes() {
        assert!(
            note.contains("expected rejection")
                && note.contains("\"email\" is a required property"),
            "{note}"
        );
    }
    assert_eq!(report.notes().len(), 2);
    Ok(())
}

#[tokio::test]
async fn a_forbidden_request_the_server_accepts_is_a_finding_that_fails_strict() -> TestResult {
    let root = workspace_tests::workspace_root();
    let findings = root.join("tests/fixtures/findings/defentry");
    let strict = conformance::run(
        &root,
        std::slice::from_ref(&findings),
        Options { strict: true },
    )
    .await?;
    let failures = strict.failures();
    assert_eq!(failures.len(), 2, "{failures:?}");
    for (_, reason) in &failures {
        assert!(
            reason
                .contains("the server accepted what the spec forbids: the spec may be too strict")
                && reason.contains("status 201")
                && reason.contains("\"email\" is a required property"),
            "{reason}"
        );
    }
    let lenient = conformance::run(&root, &[findings], Options { strict: false }).await?;
    assert_eq!((lenient.passed(), lenient.failures()), (2, Vec::new()));
    assert!(
        lenient
            .notes()
            .iter()
            .all(|(_, note)| note.contains("the server accepted what the spec forbids")),
        "{:?}",
        lenient.notes()
    );
    Ok(())
}

#[tokio::test]
async fn a_forbidden_request_answered_otherwise_fails() -> TestResult {
    // A 3xx is neither a rejection nor an acceptance: the request is at fault.
    let mut moved = login(json!({"status": 301}));
    moved["request"]["body"] = json!({"username": "u"});
    let report = check(&[("moved.json", moved.to_string())], false).await?;
    let reason = failure_of(&report, "moved.json");
    assert!(
        reason.contains("request body at /: \"password\" is a required property"),
        "{reason}"
    );
    assert_eq!(note_of(&report, "moved.json"), "");
    Ok(())
}

#[tokio::test]
async fn the_client_must_send_the_recorded_body() -> TestResult {
    // `captcha` is not a field of the login request: the generated request
    // type drops it, so the client sends another body than the recording's.
    let mut recording = login(json!({"status": 200, "body": {"token": "t"}}));
    recording["request"]["body"]["captcha"] = json!("abc");
    let report = check(&[("body.2026-06-12.json", recording.to_string())], false).await?;
    let reason = failure_of(&report, "body.2026-06-12.json");
    assert!(
        reason.contains("the client sent a different body: at /captcha: \"abc\" is lost"),
        "{reason}"
    );
    Ok(())
}

/// The requests a loopback server received for one login request, sent with
/// `version` as `X-API-Version` when given.
async fn sent_login(
    version: Option<&str>,
) -> Result<Vec<wiremock::Request>, Box<dyn std::error::Error>> {
    let server = wiremock::MockServer::start().await;
    let mut request = reqwest::Client::new()
        .post(format!("{}/api/v1/crm/auth/login", server.uri()))
        .json(&json!({"username": "u@partner.com", "password": "p"}));
    if let Some(version) = version {
        request = request.header("x-api-version", version);
    }
    request.send().await?;
    Ok(server.received_requests().await.unwrap_or_default())
}

#[tokio::test]
async fn the_format_header_must_match_the_recording() -> TestResult {
    // A generated client cannot be made to send the wrong header, so the
    // check is given the requests a hand-made client sent.
    let mut legacy: workspace_tests::recording::Recording =
        serde_json::from_value(login(json!({"status": 200, "body": {"token": "t"}})))?;
    legacy.format = Some("legacy".to_owned());
    let standardized: workspace_tests::recording::Recording =
        serde_json::from_value(login(json!({"status": 200, "body": {"token": "t"}})))?;
    let with_header = sent_login(Some("2026-06-12")).await?;
    let without = sent_login(None).await?;
    assert_eq!(
        conformance::check_sent(&with_header, &legacy),
        ["a legacy client sent X-API-Version: 2026-06-12"]
    );
    assert_eq!(
        conformance::check_sent(&without, &standardized),
        ["the client sent X-API-Version None, the recording's format is 2026-06-12"]
    );
    assert!(conformance::check_sent(&without, &legacy).is_empty());
    assert!(conformance::check_sent(&with_header, &standardized).is_empty());
    Ok(())
}

#[tokio::test]
async fn strict_mode_fails_a_standardized_body_that_does_not_survive_re_encoding() -> TestResult {
    // The client reads a legacy flag (`"1"`) in any format and writes `true`:
    // a standardized recording carrying it is not what the format sends.
    let recording = json!({"source": "live", "format": "2026-06-12",
        "request": {"method": "GET", "path": "/api/v1/delete-my-data/scan/status"},
        "response": {"status": 200, "body": {"sites": [{"is_data_found": "1"}]}}});
    let files = [("flag.2026-06-12.json", recording.to_string())];
    let strict = check(&files, true).await?;
    let reason = failure_of(&strict, "flag.2026-06-12.json");
    assert!(
        reason.contains(
            "lossless: re-encoding the decoded value changes the body: at /sites/0/is_data_found: \"1\" becomes true"
        ),
        "{reason}"
    );
    let relaxed = check(&files, false).await?;
    assert!(
        !failure_of(&relaxed, "flag.2026-06-12.json").contains("lossless"),
        "only strict mode re-encodes"
    );
    Ok(())
}

#[tokio::test]
async fn error_twins_with_the_same_code_compare_details() -> TestResult {
    let root = workspace_tests::workspace_root().join("tests/recordings/defentry/errors");
    let legacy = std::fs::read_to_string(root.join("validation-field-messages.legacy.json"))?;
    let mut standardized: Value = serde_json::from_str(&std::fs::read_to_string(
        root.join("validation-field-messages.2026-06-12.json"),
    )?)?;
    let unchanged = check(
        &[
            ("v.legacy.json", legacy.clone()),
            ("v.2026-06-12.json", standardized.to_string()),
        ],
        false,
    )
    .await?;
    assert!(
        unchanged.failures().is_empty(),
        "{:?}",
        unchanged.failures()
    );
    standardized["response"]["body"]["error"]["details"][0]["field"] = json!("phone");
    let report = check(
        &[
            ("v.legacy.json", legacy),
            ("v.2026-06-12.json", standardized.to_string()),
        ],
        false,
    )
    .await?;
    let reason = failure_of(&report, "v.legacy.json");
    assert!(
        reason.contains("the twins have different details")
            && reason.contains("String(\"email\")")
            && reason.contains("String(\"phone\")"),
        "{reason}"
    );
    Ok(())
}

/// Checked in parts (to hold few paths at once), the workspace's
/// recordings give the same results, each file once, siblings still
/// compared: a twin made to differ fails in both parts' runs.
#[tokio::test]
async fn checking_in_parts_gives_the_same_results() -> TestResult {
    let root = workspace_tests::workspace_root();
    let dir = tempfile::tempdir()?;
    let recordings = root.join("tests/recordings");
    let mut count = 0;
    workspace_tests::recording::for_each(std::slice::from_ref(&recordings), |path| {
        if let Ok(relative) = path.strip_prefix(&recordings) {
            let target = dir.path().join(relative);
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::copy(path, &target);
            count += 1;
        }
    })?;
    // One twin of the scan status says another status.
    let changed = dir
        .path()
        .join("defentry/online-data/scan-status-flags-integers.2026-06-12.json");
    let text = std::fs::read_to_string(&changed)?;
    assert!(text.contains("SCAN_COMPLETED"), "the fixture changed");
    std::fs::write(&changed, text.replacen("SCAN_COMPLETED", "SCAN_FAILED", 1))?;
    let paths = [dir.path().to_path_buf()];
    let results = |part: usize| {
        let root = root.clone();
        let paths = paths.clone();
        async move {
            let mut seen = Vec::new();
            conformance::run_in_parts(&root, &paths, Options { strict: true }, part, |c| {
                seen.push((c.path.clone(), c.problems.clone()));
            })
            .await
            .map(|()| {
                seen.sort();
                seen
            })
        }
    };
    let whole = results(conformance::PART).await?;
    let parts = results(7).await?;
    assert_eq!(whole.len(), count);
    assert_eq!(parts, whole);
    let failing: Vec<_> = whole.iter().filter(|(_, p)| !p.is_empty()).collect();
    assert_eq!(failing.len(), 2, "{failing:?}");
    Ok(())
}
