//! `cargo xtask diff` on the real spec: mutations applied in a temporary git
//! repository, compared against the committed revision.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use xtask::diff::change::{Change, Kind, Verdict};
use xtask::diff::{Output, Request, changes};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const SPEC: &str = "spec/defentry.yaml";
const STANDARDIZED: &str = "2026-06-12";

fn git(dir: &Path, args: &[&str]) -> Result<(), Box<dyn std::error::Error>> {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=diff test",
            "-c",
            "user.email=diff@test.invalid",
        ])
        .args(args)
        .current_dir(dir)
        .output()?;
    if !status.status.success() {
        return Err(format!("git {args:?}: {}", String::from_utf8_lossy(&status.stderr)).into());
    }
    Ok(())
}

/// A git repository on `main` holding the real spec, committed.
fn repository() -> Result<tempfile::TempDir, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    std::fs::create_dir(dir.path().join("spec"))?;
    std::fs::copy(xtask::workspace_root()?.join(SPEC), dir.path().join(SPEC))?;
    git(dir.path(), &["init", "-q", "-b", "main"])?;
    git(dir.path(), &["add", "."])?;
    git(dir.path(), &["commit", "-q", "-m", "spec"])?;
    Ok(dir)
}

/// Applies exact text replacements to the working tree's spec.
fn mutate(dir: &Path, replacements: &[(&str, &str)]) -> TestResult {
    let path = dir.join(SPEC);
    let mut text = std::fs::read_to_string(&path)?;
    for (old, new) in replacements {
        assert_eq!(
            text.matches(old).count(),
            1,
            "not exactly once in the spec: {old}"
        );
        text = text.replacen(old, new, 1);
    }
    std::fs::write(path, text)?;
    Ok(())
}

fn working_tree_changes(dir: &Path) -> Result<Vec<Change>, Box<dyn std::error::Error>> {
    let request = Request {
        base: None,
        head: None,
        files: Vec::new(),
        output: Output::Json,
        full_report: None,
    };
    Ok(changes(dir, &request)?.0)
}

fn summary(changes: &[Change]) -> BTreeSet<(String, String, String, Verdict)> {
    changes
        .iter()
        .map(|c| {
            let kind = match c.detail {
                Some(detail) => format!("{}/{}", c.kind.name(), detail.name()),
                None => c.kind.name().to_owned(),
            };
            (
                c.format.clone().unwrap_or_default(),
                c.operation.operation_id.clone().unwrap_or_default(),
                kind,
                c.verdict,
            )
        })
        .collect()
}

fn operation_count(format: &str, changes: &[Change]) -> usize {
    changes
        .iter()
        .filter(|c| c.format.as_deref() == Some(format))
        .map(|c| &c.operation)
        .collect::<BTreeSet<_>>()
        .len()
}

#[test]
fn an_unchanged_spec_and_a_description_edit_report_nothing() -> TestResult {
    let repo = repository()?;
    assert_eq!(working_tree_changes(repo.path())?, Vec::new());
    mutate(
        repo.path(),
        &[(
            "National id number. The only CRM route that sets it; after creation",
            "The national id number. The only CRM route that sets it; after creation",
        )],
    )?;
    assert_eq!(working_tree_changes(repo.path())?, Vec::new());
    Ok(())
}

#[test]
fn a_new_required_creation_field_and_a_lost_response_field_break_both_formats() -> TestResult {
    let repo = repository()?;
    mutate(
        repo.path(),
        &[
            (
                "      required: [email]\n      properties:\n        ssn:",
                "      required: [email, middle_name]\n      properties:\n        ssn:",
            ),
            (
                "        first_name:\n          type: string\n          example: John\n",
                "        first_name:\n          type: string\n          example: John\n        middle_name:\n          type: string\n",
            ),
            (
                "      required: [id]\n      properties:\n        id: {$ref: '#/components/schemas/ResourceId'}\n        activation_date:",
                "      properties:\n        activation_date:",
            ),
        ],
    )?;
    let found = working_tree_changes(repo.path())?;
    let mut expected = BTreeSet::new();
    for format in ["legacy", STANDARDIZED] {
        for kind in ["required-property-added", "property-removed"] {
            expected.insert((
                format.to_owned(),
                "createAccount".to_owned(),
                kind.to_owned(),
                Verdict::Breaking,
            ));
        }
    }
    assert_eq!(summary(&found), expected, "{found:#?}");
    let removed = found
        .iter()
        .find(|c| c.kind == Kind::PropertyRemoved)
        .map(|c| (c.field.clone(), c.location.clone()));
    assert_eq!(
        removed,
        Some((
            Some("201 body.data.id".to_owned()),
            "/components/schemas/Account/properties/id".to_owned()
        ))
    );
    Ok(())
}

#[test]
fn a_shared_error_component_is_reported_at_every_operation_of_its_format_only() -> TestResult {
    let repo = repository()?;
    mutate(
        repo.path(),
        &[
            (
                "x-extensible-enum: [BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, VALIDATION_ERROR, RATE_LIMITED]",
                "x-extensible-enum: [BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, VALIDATION_ERROR, RATE_LIMITED, CONFLICT]",
            ),
            (
                "        message:\n          description: Localized text for display only; do not branch on it.\n          type: string\n",
                "",
            ),
            (
                "      required: [code, message]\n",
                "      required: [code]\n",
            ),
        ],
    )?;
    let found = working_tree_changes(repo.path())?;
    assert_eq!(
        operation_count("legacy", &found),
        0,
        "the legacy errors did not change"
    );
    assert_eq!(
        operation_count(STANDARDIZED, &found),
        91,
        "every operation has error responses"
    );
    let kinds: BTreeSet<(String, Verdict)> = summary(&found)
        .into_iter()
        .map(|(_, _, kind, verdict)| (kind, verdict))
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            (
                "error-shape-changed/enum-value-added".to_owned(),
                Verdict::NonBreaking
            ),
            (
                "error-shape-changed/property-removed".to_owned(),
                Verdict::Breaking
            ),
        ]),
        "an x-extensible-enum may grow; a removed field breaks"
    );
    Ok(())
}

#[test]
fn a_legacy_only_patch_changes_the_legacy_format_only() -> TestResult {
    let repo = repository()?;
    mutate(
        repo.path(),
        // The legacy Flag patch declares no type; declaring one changes the
        // legacy format only (generated types change: breaking).
        &[(
            "          type: null\n          example: 1",
            "          type: string\n          example: 1",
        )],
    )?;
    let found = working_tree_changes(repo.path())?;
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|c| c.format.as_deref() == Some("legacy")
            && c.kind == Kind::TypeChanged
            && c.verdict == Verdict::Breaking),
        "{found:#?}"
    );
    Ok(())
}

#[test]
fn a_new_api_version_is_the_same_format_under_a_new_header_value() -> TestResult {
    let repo = repository()?;
    // Every mention of the version: the format's name, its dist file, the
    // header value, the x-in-format keys.
    let path = repo.path().join(SPEC);
    let text = std::fs::read_to_string(&path)?;
    assert!(text.matches("2026-06-12").count() > 3);
    std::fs::write(&path, text.replace("2026-06-12", "2026-09-01"))?;
    let found = working_tree_changes(repo.path())?;
    assert_eq!(operation_count("2026-09-01", &found), 91);
    assert!(
        found
            .iter()
            .all(|c| c.kind == Kind::ApiVersionChanged && c.verdict == Verdict::Breaking),
        "only the header changed: {:#?}",
        found.iter().find(|c| c.kind != Kind::ApiVersionChanged)
    );
    Ok(())
}

#[test]
fn committed_revisions_compare_and_fail_on_breaking_sets_the_exit_code() -> TestResult {
    let repo = repository()?;
    mutate(
        repo.path(),
        &[(
            "operationId: createAccount",
            "operationId: createCustomerAccount",
        )],
    )?;
    git(repo.path(), &["commit", "-q", "-am", "rename"])?;
    let request = Request {
        base: Some("HEAD~1".to_owned()),
        head: Some("HEAD".to_owned()),
        files: Vec::new(),
        output: Output::Json,
        full_report: None,
    };
    let (found, base, head) = changes(repo.path(), &request)?;
    assert!(
        base.starts_with("HEAD~1") && head.starts_with("HEAD"),
        "{base} {head}"
    );
    assert_eq!(
        summary(&found),
        BTreeSet::from([
            (
                "legacy".to_owned(),
                "createCustomerAccount".to_owned(),
                "operation-id-renamed".to_owned(),
                Verdict::Breaking
            ),
            (
                STANDARDIZED.to_owned(),
                "createCustomerAccount".to_owned(),
                "operation-id-renamed".to_owned(),
                Verdict::Breaking
            ),
        ])
    );
    let run = |args: &[&str]| -> Result<(bool, String), Box<dyn std::error::Error>> {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("--root")
            .arg(repo.path())
            .args(args)
            .output()?;
        Ok((
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        ))
    };
    let (ok, markdown) = run(&[
        "diff",
        "--base",
        "HEAD~1",
        "--head",
        "HEAD",
        "--fail-on",
        "breaking",
    ])?;
    assert!(!ok, "a breaking change fails with --fail-on breaking");
    assert!(markdown.contains("operation-id-renamed"), "{markdown}");
    let (ok, _) = run(&["diff", "--base", "HEAD~1", "--head", "HEAD"])?;
    assert!(ok, "without --fail-on the report is all");
    let (ok, text) = run(&[
        "diff",
        "--base",
        "HEAD",
        "--fail-on",
        "breaking",
        "--format",
        "text",
    ])?;
    assert!(ok, "the working tree is the committed spec: {text}");
    Ok(())
}
