//! The recording proxy end to end, against a simulated upstream (wiremock)
//! that answers in both formats: what is recorded, what is redacted, which
//! requests get twins, and what reaches the upstream.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use traffic::proxy::{Config, Running, start};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::recording;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const PASSWORD: &str = "hunter2-very-secret";
const TOKEN: &str = "1|service-account-token-abcdef";
const SSN: &str = "199001011234";
const EMAIL: &str = "john.doe@example.com";

fn site(found: Value) -> Value {
    json!({"is_data_found": found, "scan_result": {"status": "SCAN_COMPLETED", "data": []}})
}

/// The simulated upstream: both formats of the scan status, a login, a
/// state-changing GET, a large body, a redirect, an account creation.
async fn upstream() -> MockServer {
    let server = MockServer::start().await;
    let status = "/api/v1/delete-my-data/scan/status";
    Mock::given(method("GET"))
        .and(path(status))
        .and(header("x-api-version", "2026-06-12"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"sites": [site(json!(true)), site(json!(false))]})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(status))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"sites": [site(json!(1)), site(json!("0"))]})),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/crm/auth/login"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"token": TOKEN}))
                .append_header("set-cookie", "sid=cookie-one-secret; Path=/")
                .append_header("set-cookie", "csrf=cookie-two-secret; Path=/; HttpOnly"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/legacy/form-login"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/alarms/7/close"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"id": 7}})))
        .mount(&server)
        .await;
    let big: Vec<Value> = (0..2000)
        .map(|i| json!({"id": i, "type": "EMAIL"}))
        .collect();
    Mock::given(method("GET"))
        .and(path("/api/v1/alarms"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": big})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/alarms/statistic"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("location", "http://elsewhere.invalid/steal"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/account"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"data": {"id": 42, "email": EMAIL}})),
        )
        .mount(&server)
        .await;
    server
}

/// Starts the proxy in front of `upstream`, recording into `out`.
async fn proxy(upstream: &MockServer, out: &Path) -> Result<Running, Box<dyn std::error::Error>> {
    let root = workspace_tests::workspace_root();
    Ok(start(Config {
        redact_keys: vec!["email".to_owned()],
        max_body: 1024,
        ..Config::local(upstream.uri().parse()?, out, &root)
    })
    .await?)
}

fn files(out: &Path) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(out)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.sort();
    Ok(files)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_redacts_and_twins_through_the_proxy() -> TestResult {
    let upstream = upstream().await;
    let out = tempfile::tempdir()?;
    let proxy = proxy(&upstream, out.path()).await?;
    let base = proxy.base_url();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;

    let login = client
        .post(format!("{base}/api/v1/crm/auth/login"))
        .json(&json!({"username": "acme@partner.com", "password": PASSWORD}))
        .send()
        .await?;
    assert_eq!(
        login.json::<Value>().await?["token"],
        TOKEN,
        "the client gets the real answer"
    );
    let bearer = format!("Bearer {TOKEN}");
    let scan = client
        .get(format!("{base}/api/v1/delete-my-data/scan/status"))
        .header("authorization", &bearer)
        .send()
        .await?;
    assert_eq!(
        scan.json::<Value>().await?["sites"][1]["is_data_found"],
        "0"
    );
    for _ in 0..2 {
        let closed = client
            .get(format!("{base}/api/v1/alarms/7/close"))
            .header("authorization", &bearer)
            .send()
            .await?;
        assert_eq!(closed.status(), 200);
    }
    let big = client.get(format!("{base}/api/v1/alarms")).send().await?;
    let whole = big.bytes().await?;
    assert!(
        whole.len() > 50_000,
        "the client gets the whole body: {}",
        whole.len()
    );
    let redirect = client
        .get(format!("{base}/api/v1/alarms/statistic"))
        .send()
        .await?;
    assert_eq!(redirect.status(), 302, "a redirect goes back to the client");
    let created = client
        .post(format!("{base}/api/v1/account"))
        .header("cookie", "session=abc123; theme=dark")
        .json(&json!({"email": EMAIL, "ssn": SSN, "first_name": "John"}))
        .send()
        .await?;
    assert_eq!(created.status(), 201);

    // A path the spec does not know, with a form body: the password is
    // redacted by its key, which the spec gives a secret type elsewhere.
    let form = client
        .post(format!("{base}/legacy/form-login?token={TOKEN}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("username=u&password={PASSWORD}"))
        .send()
        .await?;
    assert_eq!(form.status(), 200);

    let stats = proxy.stop().await?;
    assert_eq!(stats.exchanges, 8);

    // What reached the upstream: the state-changing GET exactly as often as
    // the client called it, every other GET once more (its twin), nothing
    // of the redirect's target.
    let received = upstream.received_requests().await.unwrap_or_default();
    let count = |p: &str| received.iter().filter(|r| r.url.path() == p).count();
    assert_eq!(count("/api/v1/alarms/7/close"), 2);
    assert_eq!(count("/api/v1/delete-my-data/scan/status"), 2);
    assert_eq!(count("/api/v1/alarms"), 2);
    assert_eq!(count("/api/v1/alarms/statistic"), 2);
    assert_eq!(count("/api/v1/crm/auth/login"), 1, "a POST gets no twin");
    assert_eq!(count("/api/v1/account"), 1, "a POST gets no twin");
    assert_eq!(received.len(), 11);
    assert!(received.iter().all(|r| r.url.path() != "/steal"));

    let files = files(out.path())?;
    assert_eq!(files.len(), 11, "{files:#?}");
    assert_eq!(stats.written, 11);
    let mut loaded = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        for secret in [
            PASSWORD,
            TOKEN,
            SSN,
            EMAIL,
            "abc123",
            "service-account-token",
        ] {
            assert!(!text.contains(secret), "{secret} in {}", file.display());
        }
        let recorded = recording::load(file)?;
        assert_eq!(recorded.source, recording::Source::Live);
        assert!(recorded.recorded_at.is_some());
        loaded.push((
            file.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_owned(),
            recorded,
        ));
    }
    let find = |operation: &str, format: &str| {
        loaded
            .iter()
            .filter(|(name, _)| name.contains(&format!("-{operation}.{format}.json")))
            .map(|(_, r)| r)
            .collect::<Vec<_>>()
    };
    // The login: password (a `Password`) and token (a `SecretToken`) redacted.
    let login = find("crmLogin", "legacy");
    assert_eq!(login.len(), 1);
    let password = login[0]
        .request
        .body
        .as_ref()
        .map(|b| b["password"].clone());
    let token = login[0].response.body.as_ref().map(|b| b["token"].clone());
    assert!(
        password
            .as_ref()
            .and_then(Value::as_str)
            .is_some_and(|p| p.starts_with("redacted-"))
    );
    let token = token
        .and_then(|t| t.as_str().map(str::to_owned))
        .unwrap_or_default();
    assert!(token.starts_with("redacted-"), "{token}");
    // The scan status and its twin: one sibling group, the token's
    // placeholder in both Authorization headers.
    let legacy = find("getDeleteMyDataScanStatus", "legacy");
    let standardized = find("getDeleteMyDataScanStatus", "2026-06-12");
    assert_eq!((legacy.len(), standardized.len()), (1, 1));
    for r in [legacy[0], standardized[0]] {
        assert_eq!(
            recording::header(&r.request.headers, "authorization"),
            Some(format!("Bearer {token}").as_str())
        );
    }
    assert_eq!(
        standardized[0]
            .request
            .headers
            .get("x-api-version")
            .map(String::as_str),
        Some("2026-06-12")
    );
    assert_eq!(
        standardized[0]
            .response
            .body
            .as_ref()
            .map(|b| b["sites"][1]["is_data_found"].clone()),
        Some(json!(false))
    );
    let stem = |r: &recording::Recording| {
        loaded
            .iter()
            .find(|(_, x)| std::ptr::eq(x, r))
            .and_then(|(name, _)| name.split('.').next().map(str::to_owned))
    };
    assert_eq!(stem(legacy[0]), stem(standardized[0]), "twins share a name");
    // The state-changing GET: recorded twice, no twin.
    assert_eq!(find("closeAlarm", "legacy").len(), 2);
    assert!(find("closeAlarm", "2026-06-12").is_empty());
    // The large body: truncated with a marker.
    let alarms = find("listAlarms", "legacy");
    let marker = alarms[0]
        .response
        .body_truncated
        .ok_or("no truncation marker")?;
    assert_eq!(marker.kept_bytes, 1024);
    assert_eq!(marker.total_bytes, whole.len() as u64);
    // The account: ssn (a `NationalId`) and email (named on the command
    // line) redacted in the request, email in the response too, with one
    // placeholder; the cookie values, not their names.
    let account = find("createAccount", "legacy");
    let request = account[0].request.body.clone().unwrap_or_default();
    let response = account[0].response.body.clone().unwrap_or_default();
    assert!(
        request["ssn"]
            .as_str()
            .is_some_and(|s| s.starts_with("redacted-"))
    );
    assert_eq!(request["email"], response["data"]["email"]);
    assert_eq!(request["first_name"], "John");
    let cookie = recording::header(&account[0].request.headers, "cookie").unwrap_or_default();
    assert!(
        cookie.starts_with("session=redacted-") && cookie.contains("; theme=redacted-"),
        "{cookie}"
    );

    // The recordings of documented shapes pass conformance --strict (the
    // twins included); the truncated one says why it cannot be checked.
    let report = workspace_tests::conformance::run(
        &workspace_tests::workspace_root(),
        &[out.path().to_path_buf()],
        workspace_tests::conformance::Options { strict: true },
    )
    .await?;
    let failures = report.failures();
    for operation in ["crmLogin", "getDeleteMyDataScanStatus"] {
        assert!(
            !failures.iter().any(|(file, _)| file.contains(operation)),
            "{operation}: {failures:#?}"
        );
    }
    assert!(
        failures
            .iter()
            .any(|(file, why)| file.contains("listAlarms") && why.contains("recorded in part")),
        "{failures:#?}"
    );
    Ok(())
}
