//! `learn --out`: what recordings of the simulated upstream show is written
//! into the workspace's source spec, in its style, and nothing else changes:
//! every hand-written line stays (comments included) except the replaced
//! `'2XX'` lines, documented schemas are untouched, learned ones say they
//! are provisional and inferred from live recordings, and learning again
//! from the same recordings changes nothing.

use std::path::Path;

use serde_json::Value;
use traffic::infer::Options;
use traffic::learn::learn;
use traffic::simulated::corpus_recording;
use traffic::spec_write::write;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const SPEC: &str = "spec/defentry.yaml";

fn corpus(dir: &Path, count: usize) -> TestResult {
    for index in 0..count {
        let (name, recording) = corpus_recording(index);
        std::fs::write(dir.join(name), serde_json::to_vec(&recording)?)?;
    }
    Ok(())
}

/// What `learn` makes of a corpus of `count` recordings.
fn learned_from_corpus(
    count: usize,
) -> Result<(tempfile::TempDir, Vec<traffic::learn::Learned>), Box<dyn std::error::Error>> {
    let root = workspace_tests::workspace_root();
    let dir = tempfile::tempdir()?;
    corpus(dir.path(), count)?;
    let learned = learn(
        &root,
        "defentry",
        &[dir.path().to_path_buf()],
        &Options::default(),
    )?;
    Ok((dir, learned))
}

fn parse(text: &str) -> Result<Value, Box<dyn std::error::Error>> {
    Ok(bindings_pipeline::spec_source::parse(SPEC, text)?.doc)
}

#[test]
fn learned_shapes_are_written_in_the_specs_style_and_nothing_else_changes() -> TestResult {
    let root = workspace_tests::workspace_root();
    let (dir, learned) = learned_from_corpus(60)?;
    let source = std::fs::read_to_string(root.join(SPEC))?;
    let written = write(SPEC, &source, &learned)?;
    assert_eq!(written.skipped, Vec::<String>::new());
    let changes = written.changes.join("\n");
    for expected in [
        "listAlarms: `2XX` → new schema ListAlarmsResponse (with a legacy patch) and enum(s) ListAlarmsDataItemStatus [CLOSED, OPEN], ListAlarmsDataItemType [EMAIL, IBAN, PHONE]",
        "getAlarm: `2XX` → new schema GetAlarmResponse",
        "closeAlarm: `2XX` → new schema CloseAlarmResponse",
        "createAccount: Account/properties gains `created_at`",
        "createAccount: Account/properties gains `is_verified`",
    ] {
        assert!(changes.contains(expected), "{expected}\nnot in\n{changes}");
    }

    // Every hand-written line is still there, in order, but the three
    // replaced `'2XX'` lines.
    let diff = similar::TextDiff::from_lines(&source, &written.text);
    let removed: Vec<&str> = diff
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Delete)
        .map(|c| c.value())
        .collect();
    assert_eq!(
        removed,
        vec!["        '2XX': {$ref: '#/components/responses/Undocumented'}\n"; 3],
        "lines lost"
    );

    // Documented schemas are untouched; learned ones say what they are.
    let before = parse(&source)?;
    let after = parse(&written.text)?;
    let schemas = |doc: &Value| doc["components"]["schemas"].as_object().cloned();
    let (before_schemas, after_schemas) = (
        schemas(&before).ok_or("no schemas")?,
        schemas(&after).ok_or("no schemas")?,
    );
    for (name, schema) in &before_schemas {
        if schema.get("x-provisional") != Some(&Value::Bool(true)) {
            assert_eq!(Some(schema), after_schemas.get(name), "{name} changed");
        }
    }
    let list = &after_schemas["ListAlarmsResponse"];
    assert_eq!(list["x-provisional"], true);
    let description = list["description"].as_str().unwrap_or_default();
    assert!(
        description.starts_with("**Provisional:** not documented by Defentry")
            && description.contains("inferred by `cargo xtask learn` from 20 live recordings")
            && description.contains("recorded 2026-11-27"),
        "{description}"
    );
    let item = &list["properties"]["data"]["items"]["properties"];
    assert_eq!(item["created_at"]["$ref"], "#/components/schemas/Timestamp");
    assert_eq!(item["is_read"]["$ref"], "#/components/schemas/Flag");
    assert_eq!(item["closed_at"]["nullable"], true);
    assert_eq!(item["breach_date"]["format"], "date");
    assert_eq!(item["source"]["properties"]["records"]["type"], "integer");
    assert_eq!(
        list["x-in-format"]["legacy"]["properties"]["corr_id"]["type"],
        "string"
    );
    assert_eq!(
        after_schemas["ListAlarmsDataItemType"]["x-extensible-enum"],
        serde_json::json!(["EMAIL", "IBAN", "PHONE"])
    );
    let response = &after["paths"]["/api/v1/alarms"]["get"]["responses"]["2XX"];
    assert_eq!(response["x-provisional"], true);
    // The account's declared fields are kept; the learned ones are added.
    let account = &after_schemas["Account"];
    assert_eq!(
        account["properties"]["activation_date"],
        before_schemas["Account"]["properties"]["activation_date"]
    );
    assert_eq!(
        account["properties"]["is_verified"]["allOf"][0]["$ref"],
        "#/components/schemas/Flag"
    );

    // Learning again from the same recordings, against the learned spec
    // and its projections, changes nothing.
    let again_root = tempfile::tempdir()?;
    std::fs::create_dir_all(again_root.path().join("spec/dist"))?;
    std::fs::write(again_root.path().join(SPEC), &written.text)?;
    for format in bindings_pipeline::formats::formats(&after, "defentry")? {
        let dist = bindings_pipeline::projection::project(
            &after,
            &format,
            bindings_pipeline::projection::Options {
                format_parameters: true,
            },
        )?;
        std::fs::write(
            again_root.path().join("spec/dist").join(&format.dist),
            serde_json::to_string(&dist)?,
        )?;
    }
    let relearned = learn(
        again_root.path(),
        "defentry",
        &[dir.path().to_path_buf()],
        &Options::default(),
    )?;
    let again = write(SPEC, &written.text, &relearned)?;
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    assert_eq!(again.text, written.text);
    Ok(())
}

#[test]
fn a_documented_body_is_never_written() -> TestResult {
    let root = workspace_tests::workspace_root();
    let learned = learn(
        &root,
        "defentry",
        &[root.join("tests/recordings/defentry/auth")],
        &Options::default(),
    )?;
    assert!(learned.iter().any(|l| l.operation == "crmLogin"));
    let source = std::fs::read_to_string(root.join(SPEC))?;
    let written = write(SPEC, &source, &learned)?;
    assert_eq!(written.text, source);
    Ok(())
}

#[test]
fn an_operation_that_cannot_be_written_leaves_the_others_written() -> TestResult {
    let root = workspace_tests::workspace_root();
    let (_dir, learned) = learned_from_corpus(60)?;
    // listAlarms' response written over two lines: the writer edits only
    // one-line values, after it has planned the change.
    let source = std::fs::read_to_string(root.join(SPEC))?;
    let one_line = "  /api/v1/alarms:\n    get:\n      operationId: listAlarms";
    let at = source.find(one_line).ok_or("no listAlarms")?;
    let line = "        '2XX': {$ref: '#/components/responses/Undocumented'}\n";
    let offset = at + source[at..].find(line).ok_or("no 2XX")?;
    let mut edited = source.clone();
    edited.replace_range(
        offset..offset + line.len(),
        "        '2XX': {$ref:\n          '#/components/responses/Undocumented'}\n",
    );
    assert_eq!(parse(&edited)?, parse(&source)?, "the same document");
    let written = write(SPEC, &edited, &learned)?;
    assert!(
        written
            .skipped
            .iter()
            .any(|s| s.starts_with("listAlarms: not written") && s.contains("spans several lines")),
        "{:?}",
        written.skipped
    );
    assert!(written.changes.iter().any(|c| c.starts_with("getAlarm:")));
    let after = parse(&written.text)?;
    assert!(
        after["components"]["schemas"]
            .get("ListAlarmsResponse")
            .is_none()
    );
    assert!(
        after["components"]["schemas"]
            .get("ListAlarmsDataItemType")
            .is_none()
    );
    assert!(
        after["components"]["schemas"]
            .get("GetAlarmResponse")
            .is_some()
    );
    Ok(())
}

#[test]
fn bodies_seen_only_in_the_legacy_format_are_not_guessed() -> TestResult {
    let root = workspace_tests::workspace_root();
    let dir = tempfile::tempdir()?;
    // Only the legacy member of every listAlarms twin pair.
    for index in (1..60).step_by(6) {
        let (name, recording) = corpus_recording(index);
        assert!(name.ends_with("listAlarms.legacy.json"), "{name}");
        std::fs::write(dir.path().join(name), serde_json::to_vec(&recording)?)?;
    }
    let learned = learn(
        &root,
        "defentry",
        &[dir.path().to_path_buf(), dir.path().to_path_buf()],
        &Options::default(),
    )?;
    let list = learned
        .iter()
        .find(|l| l.operation == "listAlarms")
        .ok_or("no listAlarms")?;
    assert!(list.legacy_only);
    assert_eq!(
        list.samples.get("legacy"),
        Some(&10),
        "a folder given twice counts once"
    );
    let source = std::fs::read_to_string(root.join(SPEC))?;
    let written = write(SPEC, &source, &learned)?;
    assert_eq!(written.text, source);
    assert!(
        written
            .skipped
            .iter()
            .any(|s| s.contains("only legacy bodies were recorded")),
        "{:?}",
        written.skipped
    );
    Ok(())
}
