//! The committed recordings: every operation is covered by a sibling group
//! (one recording per format), or uses the spec's `Undocumented` response;
//! every group is complete.

use std::collections::BTreeSet;

use serde_json::Value;
use workspace_tests::conformance::{self, Options};
use workspace_tests::recording::{self, Source};

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[tokio::test]
async fn every_operation_has_a_recording_pair_or_an_undocumented_response() -> TestResult {
    let root = workspace_tests::workspace_root();
    let report = conformance::run(
        &root,
        &[root.join("tests/recordings/defentry")],
        Options::default(),
    )
    .await?;
    let paired: BTreeSet<String> = report
        .groups()
        .into_iter()
        .filter_map(|(_, members)| {
            let first = members.first()?;
            first.matched.as_ref().map(|m| m.operation_id.clone())
        })
        .collect();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(
        root.join("spec/dist")
            .join(defentry::Format::default().dist()),
    )?)?;
    let mut uncovered = Vec::new();
    let operations = workspace_tests::operations("defentry").ok_or("no defentry operations")?;
    for id in operations {
        let undocumented = doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(_, item)| item.as_object().into_iter().flatten())
            .filter(|(_, op)| op.get("operationId").and_then(Value::as_str) == Some(*id))
            .any(|(_, op)| {
                op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .any(|(status, r)| {
                        status.starts_with('2')
                            && r.get("$ref").and_then(Value::as_str)
                                == Some("#/components/responses/Undocumented")
                    })
            });
        if !paired.contains(*id) && !undocumented {
            uncovered.push(*id);
        }
    }
    assert!(
        uncovered.is_empty(),
        "operations with a documented response but no recording pair: {uncovered:?}"
    );
    for id in ["crmLogin", "createAccount", "getDeleteMyDataScanStatus"] {
        assert!(
            paired.contains(id),
            "{id} has a documented response and a pair"
        );
    }
    Ok(())
}

#[test]
fn every_recording_has_its_twin_and_says_where_it_came_from() -> TestResult {
    let root = workspace_tests::workspace_root();
    let files = recording::collect(&[root.join("tests/recordings/defentry")])?;
    assert!(files.len() >= 30, "{} recordings", files.len());
    for file in &files {
        let key = recording::group_key(file).ok_or(format!(
            "{} is not named NAME.<format>.json for a format of x-formats",
            file.display()
        ))?;
        for format in defentry::Format::ALL {
            let sibling = key.dir.join(format!("{}.{}.json", key.name, format.name()));
            assert!(
                sibling.is_file(),
                "{} has no sibling {} in format {}",
                file.display(),
                sibling.display(),
                format.name()
            );
        }
        let recording = recording::load(file)?;
        assert!(
            !recording.description.is_empty(),
            "{}: a description",
            file.display()
        );
        assert_ne!(
            recording.source,
            Source::Live,
            "{}: no live recording is committed",
            file.display()
        );
    }
    Ok(())
}
