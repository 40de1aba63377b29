//! `generate` and `generate --check` on a temporary copy of the workspace.

use std::path::Path;

use xtask::apis::APIS;
use xtask::{generate, outputs};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Copies what `generate` reads and writes: the specs, the dist documents and
/// the generated Rust files.
fn copy_workspace(to: &Path) -> TestResult {
    let from = xtask::workspace_root()?;
    let mut files = vec![];
    for api in APIS {
        files.push(api.source_path());
    }
    for entry in std::fs::read_dir(from.join("spec/dist"))? {
        files.push(format!(
            "spec/dist/{}",
            entry?.file_name().to_string_lossy()
        ));
    }
    for entry in std::fs::read_dir(from.join("tests/src"))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with("generated_") {
            files.push(format!("tests/src/{name}"));
        }
    }
    for api in APIS {
        for entry in std::fs::read_dir(from.join(api.crate_dir).join("src"))? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if name.starts_with("generated") {
                files.push(format!("{}/src/{name}", api.crate_dir));
            }
        }
    }
    for file in files {
        let target = to.join(&file);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(from.join(&file), target)?;
    }
    Ok(())
}

fn edit(root: &Path, file: &str, from: &str, to: &str) -> TestResult {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path)?;
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(path, text.replacen(from, to, 1))?;
    Ok(())
}

fn problems(root: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let produced = generate::produce(root, APIS)?;
    Ok(outputs::check(root, &produced, &generate::owned(APIS))?)
}

#[test]
fn check_passes_on_the_committed_tree_and_fails_after_a_spec_edit() -> TestResult {
    let dir = tempfile::tempdir()?;
    copy_workspace(dir.path())?;
    generate::run(dir.path(), true)?;

    let summary = "Log in as a CRM user and get a CRM token";
    edit(
        dir.path(),
        "spec/defentry.yaml",
        summary,
        "Log in (edited without regenerating)",
    )?;
    let err = generate::run(dir.path(), true)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("out of date"), "{err}");
    let found = problems(dir.path())?;
    for file in [
        "spec/dist/defentry.2026-06-12.json",
        "spec/dist/defentry.legacy.json",
        "crates/defentry/src/generated.rs",
    ] {
        let report = found
            .iter()
            .find(|p| p.starts_with(&format!("stale: {file}")))
            .ok_or(format!("{file} not reported: {found:?}"))?;
        assert!(
            report
                .lines()
                .any(|l| l.starts_with('+') && l.contains("edited without regenerating")),
            "{report}"
        );
    }

    generate::run(dir.path(), false)?;
    generate::run(dir.path(), true)?;
    Ok(())
}

#[test]
fn output_is_byte_identical_on_every_run() -> TestResult {
    let root = xtask::workspace_root()?;
    let first = generate::produce(&root, APIS)?;
    let second = generate::produce(&root, APIS)?;
    assert_eq!(first, second);
    Ok(())
}

#[test]
fn a_failed_run_leaves_the_old_files_intact() -> TestResult {
    let dir = tempfile::tempdir()?;
    copy_workspace(dir.path())?;
    let dist = dir.path().join("spec/dist/defentry.legacy.json");
    let before = std::fs::read(&dist)?;
    // A valid edit of the first API (its outputs are produced), then a broken
    // spec of the last one: nothing may be written.
    assert_eq!(APIS.first().map(|a| a.name), Some("defentry"));
    let last = APIS.last().ok_or("no API")?.source_path();
    edit(
        dir.path(),
        "spec/defentry.yaml",
        "Log in as a CRM user and get a CRM token",
        "Changed",
    )?;
    edit(
        dir.path(),
        &last,
        "components:\n",
        "components:\n  - broken\n",
    )?;
    let err = generate::run(dir.path(), false)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains(&format!("{last}:")),
        "the error names the file and line: {err}"
    );
    assert_eq!(std::fs::read(&dist)?, before);
    Ok(())
}

#[test]
fn a_broken_limit_names_the_operation_and_pointer() -> TestResult {
    let dir = tempfile::tempdir()?;
    copy_workspace(dir.path())?;
    edit(
        dir.path(),
        "spec/defentry.yaml",
        "(for example when rotating credentials).\n      security: [{crmToken: []}]\n      responses:\n",
        "(for example when rotating credentials).\n      security: [{crmToken: []}]\n      responses:\n        default: {description: any}\n",
    )?;
    let err = generate::run(dir.path(), true)
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_default();
    assert!(
        err.contains("crmLogout: /paths/~1api~1v1~1crm~1logout/post/responses/default"),
        "{err}"
    );
    Ok(())
}
