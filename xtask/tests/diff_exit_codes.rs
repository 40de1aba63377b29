//! `cargo xtask diff` exit codes, as CI scripts see them: 0 nothing breaks
//! (or no `--fail-on`), 1 breaking changes of the kind `--fail-on` names
//! (`wire`, `generated`, `breaking` = either), 2 the input could not be
//! compared.

use std::path::{Path, PathBuf};
use std::process::Command;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn diff(args: &[&str]) -> Result<i32, Box<dyn std::error::Error>> {
    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args(args)
        .current_dir(root())
        .output()?
        .status;
    status.code().ok_or_else(|| "killed by a signal".into())
}

fn case(name: &str, side: &str) -> String {
    format!("xtask/tests/diff_corpus/{name}/{side}.yaml")
}

#[test]
fn exit_codes_tell_breaking_from_refused() -> TestResult {
    let removed = [
        case("operation-removed", "base"),
        case("operation-removed", "head"),
    ];
    let same = [
        case("no-change-descriptions-only", "base"),
        case("no-change-descriptions-only", "head"),
    ];
    let fail_on = ["--fail-on", "breaking", "--format", "text"];
    let with = |files: &[String; 2], extra: &[&str]| {
        let mut args: Vec<&str> = extra.to_vec();
        args.extend(files.iter().map(String::as_str));
        diff(&args)
    };
    assert_eq!(with(&removed, &fail_on)?, 1, "breaking, --fail-on");
    assert_eq!(
        with(&removed, &["--format", "text"])?,
        0,
        "breaking, reported only"
    );
    assert_eq!(with(&same, &fail_on)?, 0, "nothing breaks");
    let renamed = [
        case("operation-id-renamed", "base"),
        case("operation-id-renamed", "head"),
    ];
    assert_eq!(
        with(&renamed, &["--fail-on", "wire"])?,
        0,
        "a rename: the wire is fine"
    );
    assert_eq!(
        with(&renamed, &["--fail-on", "generated"])?,
        1,
        "a rename breaks generated code"
    );
    assert_eq!(with(&renamed, &fail_on)?, 1, "breaking = either");
    assert_eq!(
        with(&removed, &["--fail-on", "wire"])?,
        1,
        "a removed operation breaks the wire"
    );

    let dir = tempfile::tempdir()?;
    let v31 = dir.path().join("v31.yaml");
    std::fs::write(
        &v31,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )?;
    let v31 = v31.display().to_string();
    assert_eq!(
        diff(&["--fail-on", "breaking", &removed[0], &v31])?,
        2,
        "3.1 refused"
    );
    let missing = dir.path().join("missing.yaml").display().to_string();
    assert_eq!(diff(&[&removed[0], &missing])?, 2, "unreadable input");
    Ok(())
}
