//! One snapshot per recording group (`NAME.<format>.json` siblings) of what the generated client decodes, so a
//! spec or generator change that alters what users get is a reviewable diff.
//!
//! Bless changes with `INSTA_UPDATE=always cargo test -p workspace-tests --test snapshots`
//! (or `cargo insta review`); CI runs with `INSTA_UPDATE=no`.

use std::fmt::Write;

use workspace_tests::conformance::{self, Checked, Options};
use workspace_tests::recording;
use workspace_tests::replay::Outcome;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn describe(outcome: Option<&Outcome>) -> String {
    match outcome {
        Some(Outcome::Success { status, debug, .. }) => format!("status {status}\n{debug}"),
        Some(Outcome::Raw { status, bytes, .. }) => {
            format!("status {status}, unparsed body of {} bytes", bytes.len())
        }
        Some(Outcome::Empty { status, .. }) => format!("status {status}, no body"),
        // Fields one by one: the headers (a Date among them) would change every run.
        Some(Outcome::ApiError { error, .. }) => format!(
            "status {}\ncode: {:?}\nmessage: {:?}\ndetails: {:#}\nbody: {}",
            error.status, error.code, error.message, error.details, error.debug
        ),
        Some(Outcome::Failure(message)) => format!("client failure: {message}"),
        None => "not decoded".to_owned(),
    }
}

fn format_of(checked: &Checked) -> String {
    recording::group_key(&checked.path)
        .map(|k| k.format)
        .unwrap_or_default()
}

/// What every sibling decodes to: once when they agree, else per format.
fn snapshot_text(members: &[&Checked]) -> String {
    let mut text = String::new();
    if let Some(matched) = members.iter().rev().find_map(|c| c.matched.as_ref()) {
        let _ = writeln!(
            text,
            "operation: {} ({} {})",
            matched.operation_id,
            matched.method.to_uppercase(),
            matched.template
        );
    }
    let described: Vec<(String, String)> = members
        .iter()
        .map(|c| (format_of(c), describe(c.outcome.as_ref())))
        .collect();
    let first = described
        .first()
        .map(|(_, d)| d.as_str())
        .unwrap_or_default();
    if described.iter().all(|(_, d)| d == first) {
        let all = match described.len() {
            2 => "both formats".to_owned(),
            n => format!("all {n} formats"),
        };
        let _ = write!(text, "{all} decode to:\n{first}");
    } else {
        let parts: Vec<String> = described
            .iter()
            .map(|(format, d)| format!("{format} decodes to:\n{d}"))
            .collect();
        text.push_str(&parts.join("\n\n"));
    }
    text
}

#[tokio::test]
async fn decoded_values_of_every_group() -> TestResult {
    let root = workspace_tests::workspace_root();
    let recordings = root.join("tests/recordings");
    let report =
        conformance::run(&root, std::slice::from_ref(&recordings), Options::default()).await?;
    let groups = report.groups();
    assert!(groups.len() >= 15, "{} groups", groups.len());
    for (key, members) in groups {
        let folder = key
            .dir
            .strip_prefix(&recordings)?
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        let name = format!("{folder}__{}", key.name);
        insta::assert_snapshot!(name, snapshot_text(&members));
    }
    Ok(())
}
