//! The diff corpus: one small spec pair per rule (and a few combined), each
//! with its expected JSON result. `INSTA_UPDATE=always` rewrites the
//! expectations (review them like any snapshot).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use strum::IntoEnumIterator;
use xtask::diff::change::{Change, Kind};
use xtask::diff::redocly::{CORPUS, cases};
use xtask::diff::{compare_sources, parse, report};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn root() -> anyhow::Result<PathBuf> {
    xtask::workspace_root()
}

fn name(case: &Path) -> String {
    case.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn changes_of(case: &Path) -> Result<Vec<Change>, Box<dyn std::error::Error>> {
    let read = |file: &str| -> Result<Value, Box<dyn std::error::Error>> {
        let path = case.join(file);
        Ok(parse(
            &path.display().to_string(),
            &std::fs::read_to_string(&path)?,
        )?)
    };
    Ok(compare_sources(
        &name(case),
        Some(&read("base.yaml")?),
        Some(&read("head.yaml")?),
    )?)
}

#[test]
fn every_case_gives_its_expected_result() -> TestResult {
    let bless = std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always");
    let mut failures = Vec::new();
    let cases = cases(&root()?)?;
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    for case in cases {
        let actual = xtask::diff::report::json(&changes_of(&case)?)? + "\n";
        let expected_path = case.join("expected.json");
        if bless {
            std::fs::write(&expected_path, &actual)?;
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!("{}:\n{actual}", name(&case)));
        }
    }
    assert!(
        failures.is_empty(),
        "results differ from expected.json (INSTA_UPDATE=always rewrites them):\n{}",
        failures.join("\n")
    );
    Ok(())
}

#[test]
fn every_kind_has_a_case_and_cases_named_after_a_kind_show_it() -> TestResult {
    let mut seen = BTreeSet::new();
    for case in cases(&root()?)? {
        let changes = changes_of(&case)?;
        let kinds: BTreeSet<Kind> = changes
            .iter()
            .flat_map(|c| [Some(c.kind), c.detail])
            .flatten()
            .collect();
        let case_name = name(&case);
        // The whole name (`parameter-removed`), else without its direction
        // prefix (`request-enum-value-removed` → `enum-value-removed`).
        let stripped = ["request-", "response-"]
            .iter()
            .find_map(|prefix| case_name.strip_prefix(prefix));
        let found = Kind::iter()
            .find(|k| k.name() == case_name)
            .map(|k| (k, case_name.clone()))
            .or_else(|| {
                stripped.and_then(|n| {
                    Kind::iter()
                        .find(|k| k.name() == n)
                        .map(|k| (k, n.to_owned()))
                })
            });
        if let Some((kind, named)) = found {
            assert!(
                kinds.contains(&kind),
                "{case_name} shows {kinds:?}, not {named}"
            );
        }
        if case_name.starts_with("no-change") {
            assert!(changes.is_empty(), "{case_name}: {changes:?}");
        } else {
            assert!(!changes.is_empty(), "{case_name} shows no change");
        }
        seen.extend(kinds);
    }
    let missing: Vec<&str> = Kind::iter()
        .filter(|k| !seen.contains(k))
        .map(Kind::name)
        .collect();
    assert!(
        missing.is_empty(),
        "kinds without a corpus case: {missing:?}"
    );
    Ok(())
}

#[test]
fn the_json_report_follows_its_documented_schema() -> TestResult {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(
        root()?.join("xtask/diff-report.schema.json"),
    )?)?;
    let validator = jsonschema::validator_for(&schema)?;
    let mut count = 0;
    for case in cases(&root()?)? {
        let report: Value = serde_json::from_str(&report::json(&changes_of(&case)?)?)?;
        count += report.as_array().map_or(0, Vec::len);
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", name(&case));
    }
    assert!(count > 50, "only {count} records were checked");
    Ok(())
}

#[test]
fn the_markdown_report_puts_breaking_changes_first_with_their_operations() -> TestResult {
    let case = root()?.join(CORPUS).join("combined-account-creation");
    let markdown = report::markdown(&changes_of(&case)?, "base", "head", None);
    insta::assert_snapshot!(markdown);
    Ok(())
}

#[test]
fn every_disagreement_with_redocly_is_explained_in_the_readme() -> TestResult {
    let table = std::fs::read_to_string(root()?.join(xtask::diff::redocly::TABLE))?;
    let readme = std::fs::read_to_string(root()?.join("README.md"))?;
    let disagreeing: Vec<&str> = table
        .lines()
        .filter(|line| line.ends_with("| **no** |"))
        .filter_map(|line| line.split('|').nth(1).map(str::trim))
        .collect();
    assert!(!disagreeing.is_empty(), "the table lists no disagreement");
    for case in disagreeing {
        assert!(
            readme.contains(&format!("| `{case}` |")),
            "README.md does not explain why `{case}` differs from redocly"
        );
    }
    Ok(())
}
