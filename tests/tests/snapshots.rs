//! One snapshot per recording pair of what the generated client decodes, so a
//! spec or generator change that alters what users get is a reviewable diff.
//!
//! Bless changes with `INSTA_UPDATE=always cargo test -p workspace-tests --test snapshots`
//! (or `cargo insta review`); CI runs with `INSTA_UPDATE=no`.

use std::fmt::Write;

use workspace_tests::conformance::{self, Checked, Options};
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

fn snapshot_text(legacy: &Checked, standardized: &Checked) -> String {
    let mut text = String::new();
    if let Some(matched) = &standardized.matched {
        let _ = writeln!(
            text,
            "operation: {} ({} {})",
            matched.operation_id,
            matched.method.to_uppercase(),
            matched.template
        );
    }
    let a = describe(legacy.outcome.as_ref());
    let b = describe(standardized.outcome.as_ref());
    if a == b {
        let _ = write!(text, "both formats decode to:\n{a}");
    } else {
        let _ = write!(
            text,
            "legacy decodes to:\n{a}\n\n2026-06-12 decodes to:\n{b}"
        );
    }
    text
}

#[tokio::test]
async fn decoded_values_of_every_pair() -> TestResult {
    let root = workspace_tests::workspace_root();
    let recordings = root.join("tests/recordings");
    let report =
        conformance::run(&root, std::slice::from_ref(&recordings), Options::default()).await?;
    let pairs = report.pairs();
    assert!(pairs.len() >= 15, "{} pairs", pairs.len());
    for (key, legacy, standardized) in pairs {
        let folder = key
            .dir
            .strip_prefix(&recordings)?
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        let name = format!("{folder}__{}", key.name);
        insta::assert_snapshot!(name, snapshot_text(legacy, standardized));
    }
    Ok(())
}
