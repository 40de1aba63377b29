//! Learning through the proxy: a simulated upstream with a shape the spec
//! does not document (a nested object, a nullable timestamp, a date, a flag,
//! a timestamp, a legacy-only key), recorded with twins, then learned: the
//! formats unify into `Timestamp` and `Flag`, the legacy-only key goes to
//! the legacy patch, and documented bodies are left alone.

use serde_json::{Value, json};
use traffic::infer::Options;
use traffic::learn::{Described, learn};
use traffic::proxy::{Config, start};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// One alarm as each format writes it (`closed` decides `closed_at`).
fn alarm(id: u64, legacy: bool, closed: bool) -> Value {
    let at = |text: &str| {
        if legacy {
            json!(text.replace('T', " ").trim_end_matches('Z'))
        } else {
            json!(text)
        }
    };
    json!({
        "id": id,
        "type": if id.is_multiple_of(2) { "EMAIL" } else { "PHONE" },
        "created_at": at("2026-06-16T21:02:05Z"),
        "closed_at": if closed { at("2026-06-18T08:00:00Z") } else { Value::Null },
        "breach_date": "2024-06-15",
        "is_read": if legacy { json!(if closed { 1 } else { 0 }) } else { json!(closed) },
        "source": {"name": "breach-db", "records": 1200 + id},
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recorded_twins_learn_into_one_shape_and_a_legacy_patch() -> TestResult {
    let upstream = MockServer::start().await;
    let standardized: Vec<Value> = (1..=3).map(|i| alarm(i, false, i == 2)).collect();
    let legacy: Vec<Value> = (1..=3).map(|i| alarm(i, true, i == 2)).collect();
    Mock::given(method("GET"))
        .and(path("/api/v1/alarms"))
        .and(header("x-api-version", "2026-06-12"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": standardized})))
        .with_priority(1)
        .mount(&upstream)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/alarms"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": legacy, "corr_id": "9f1c2d7e"})),
        )
        .with_priority(2)
        .mount(&upstream)
        .await;
    let out = tempfile::tempdir()?;
    let root = workspace_tests::workspace_root();
    let proxy = start(Config::local(upstream.uri().parse()?, out.path(), &root)).await?;
    let base = proxy.base_url();
    let client = reqwest::Client::new();
    for _ in 0..3 {
        client
            .get(format!("{base}/api/v1/alarms"))
            .send()
            .await?
            .bytes()
            .await?;
    }
    proxy.stop().await?;

    let learned = learn(
        &root,
        "defentry",
        &[out.path().to_path_buf()],
        &Options::default(),
    )?;
    assert_eq!(learned.len(), 1, "{learned:#?}");
    let alarms = &learned[0];
    assert_eq!(
        (alarms.operation.as_str(), alarms.statuses.as_slice()),
        ("listAlarms", [200].as_slice())
    );
    assert_eq!(alarms.described, Described::Undocumented);
    assert_eq!(alarms.samples.get("legacy"), Some(&3));
    assert_eq!(alarms.samples.get("2026-06-12"), Some(&3));
    assert!(alarms.recorded.is_some());
    let item = &alarms.unified.schema["properties"]["data"]["items"];
    let field = |name: &str| item["properties"][name].clone();
    assert_eq!(
        field("created_at"),
        json!({"$ref": "#/components/schemas/Timestamp"})
    );
    assert_eq!(
        field("closed_at"),
        json!({"allOf": [{"$ref": "#/components/schemas/Timestamp"}], "nullable": true})
    );
    assert_eq!(
        field("is_read"),
        json!({"$ref": "#/components/schemas/Flag"})
    );
    assert_eq!(
        field("breach_date"),
        json!({"type": "string", "format": "date"})
    );
    assert_eq!(
        field("type")["x-extensible-enum"],
        json!(["EMAIL", "PHONE"])
    );
    assert_eq!(
        field("source")["properties"]["records"],
        json!({"type": "integer"})
    );
    assert_eq!(item["required"].as_array().map(Vec::len), Some(7));
    assert!(alarms.unified.schema["properties"].get("corr_id").is_none());
    assert_eq!(
        alarms.unified.legacy_patch,
        Some(json!({"properties": {"corr_id": {"type": "string"}}})),
        "one value seen again and again is no enum"
    );
    // The workspace's own recordings: documented bodies are not learned.
    let ours = learn(
        &root,
        "defentry",
        &[root.join("tests/recordings/defentry")],
        &Options::default(),
    )?;
    let login = ours
        .iter()
        .find(|l| l.operation == "crmLogin")
        .ok_or("no login")?;
    assert_eq!(login.described, Described::Documented);
    let scan = ours
        .iter()
        .find(|l| l.operation == "getDeleteMyDataScanStatus")
        .ok_or("no scan status")?;
    assert_eq!(
        scan.described,
        Described::Provisional,
        "the sites' own fields were not recovered"
    );
    let account = ours
        .iter()
        .find(|l| l.operation == "createAccount")
        .ok_or("no account")?;
    assert_eq!(account.described, Described::Provisional);
    Ok(())
}
