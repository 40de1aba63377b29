//! The diff on the synthetic pair the benchmark measures
//! (`bench::synthetic_spec`): every planted change is reported, nothing
//! of another kind is, and a document against itself gives nothing.

use std::collections::BTreeSet;

use xtask::bench::synthetic_spec;
use xtask::diff::change::{Change, Kind};

fn changes(base: &serde_json::Value, head: &serde_json::Value) -> Vec<Change> {
    xtask::diff::compare_sources("synthetic", Some(base), Some(head))
        .expect("the synthetic pair is comparable")
}

#[test]
fn every_planted_change_is_reported_and_nothing_else() {
    let pair = synthetic_spec::pair(400, 60);
    assert!(pair.planted.len() >= 40, "{} planted", pair.planted.len());
    let found = changes(&pair.base, &pair.head);
    // A change below the error response is reported as an error-shape
    // change whose detail is the schema change.
    let kind_of = |c: &Change| match (c.kind, c.detail) {
        (Kind::ErrorShapeChanged, Some(detail)) => detail,
        (kind, _) => kind,
    };
    for planted in &pair.planted {
        assert!(
            found
                .iter()
                .any(|c| kind_of(c).name() == planted.kind
                    && c.location.contains(&planted.pointer_part)),
            "not reported: {planted:?}"
        );
    }
    let planted_kinds: BTreeSet<&str> = pair.planted.iter().map(|p| p.kind).collect();
    let reported_kinds: BTreeSet<&str> = found.iter().map(|c| kind_of(c).name()).collect();
    assert_eq!(reported_kinds, planted_kinds);
    // The shared error schema reaches changed models: every operation
    // that still exists reports them.
    let operations: BTreeSet<(&str, &str)> = found
        .iter()
        .filter(|c| c.kind == Kind::ErrorShapeChanged)
        .map(|c| (c.operation.method.as_str(), c.operation.path.as_str()))
        .collect();
    assert!(operations.len() > 350, "{} operations", operations.len());
}

#[test]
fn a_document_against_itself_has_no_change() {
    let pair = synthetic_spec::pair(200, 0);
    assert!(pair.planted.is_empty());
    assert_eq!(changes(&pair.base, &pair.head), Vec::new());
}

/// A pair too large for one comment: the printed Markdown is cut and names
/// the full report, which holds every change group the printed one left out.
#[test]
fn a_cut_report_names_the_full_report_written_beside_it() {
    let pair = synthetic_spec::pair(400, 300);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (base, head, full) = (
        dir.path().join("base.json"),
        dir.path().join("head.json"),
        dir.path().join("full.md"),
    );
    std::fs::write(&base, pair.base.to_string()).expect("written");
    std::fs::write(&head, pair.head.to_string()).expect("written");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .arg("--full-report")
        .arg(&full)
        .arg(&base)
        .arg(&head)
        .current_dir(root)
        .output()
        .expect("the xtask runs");
    assert!(output.status.success(), "{output:?}");
    let printed = String::from_utf8_lossy(&output.stdout);
    let whole = std::fs::read_to_string(&full).expect("the full report is written");
    assert!(printed.len() <= xtask::diff::report::MARKDOWN_LIMIT + 1);
    assert!(
        printed.contains(&format!("the full report is `{}`", full.display())),
        "{}",
        &printed[printed.len().saturating_sub(400)..]
    );
    assert!(!whole.contains("do not fit"));
    // Change groups are numbered items: `12. **kind** — message`.
    let groups = |text: &str| {
        text.lines()
            .filter(|line| {
                line.split_once(". **")
                    .is_some_and(|(n, _)| n.parse::<usize>().is_ok())
            })
            .count()
    };
    let (shown, all) = (groups(&printed), groups(&whole));
    assert!(
        shown > 0 && all > shown,
        "{shown} printed, {all} in the full report"
    );
    let left_out = format!("**{} more changes", all - shown);
    assert!(printed.contains(&left_out), "no {left_out:?}");
}
