//! `cargo xtask ci`: everything CI runs, in order, with one summary.

use std::path::Path;
use std::time::Instant;

use anyhow::{Result, bail};

use crate::{
    acceptance, acceptance_learn, bench, client_helpers, conformance, diff, docs, generate,
    interop, lint, mock,
};

/// What a stage runs.
enum Action {
    /// `generate --check`, in this process.
    GenerateCheck,
    /// A cargo command with these arguments and environment variables.
    Cargo(
        &'static [&'static str],
        &'static [(&'static str, &'static str)],
    ),
    /// `conformance --strict` on `tests/recordings`.
    Conformance,
    /// `acceptance-format`: a new format is the spec and recordings only.
    AcceptanceFormat,
    /// `acceptance-learn`: record → learn → regenerate, end to end.
    AcceptanceLearn,
    /// The quickstart example against the mock, in both formats.
    Quickstart,
    /// `bench --quick`: every benchmark step at small sizes.
    BenchQuick,
    /// `lint`.
    Lint,
    /// `docs --check-in-browser`: the reference pages, checked in Chromium.
    Docs,
    /// `diff-redocly`: the committed comparison table is current.
    DiffRedocly,
    /// `diff-generated`: the `generated` verdicts hold when compiled.
    DiffGenerated,
    /// `interop`.
    Interop,
    /// `client-helpers`: the Python and TypeScript helpers' tests.
    ClientHelpers,
}

/// The stages, in order.
const STAGES: &[(&str, Action)] = &[
    ("generate --check", Action::GenerateCheck),
    (
        "fmt --check",
        Action::Cargo(&["fmt", "--all", "--", "--check"], &[]),
    ),
    (
        "clippy -D warnings",
        Action::Cargo(
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--locked",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        ),
    ),
    // An unreviewed or changed snapshot fails instead of being written.
    (
        "test --workspace",
        Action::Cargo(
            &["test", "--workspace", "--locked"],
            &[("INSTA_UPDATE", "no")],
        ),
    ),
    ("conformance --strict", Action::Conformance),
    ("acceptance-format", Action::AcceptanceFormat),
    ("acceptance-learn", Action::AcceptanceLearn),
    ("quickstart vs mock", Action::Quickstart),
    ("bench --quick", Action::BenchQuick),
    ("lint", Action::Lint),
    ("diff vs redocly", Action::DiffRedocly),
    ("diff: generated verdicts compiled", Action::DiffGenerated),
    ("docs + browser test", Action::Docs),
    ("interop", Action::Interop),
    ("client helpers (Python, TypeScript)", Action::ClientHelpers),
];

fn run_action(root: &Path, action: &Action) -> Result<()> {
    match action {
        Action::GenerateCheck => generate::run(root, true),
        Action::Conformance => conformance::run(root, true, &[]),
        Action::AcceptanceFormat => acceptance::run(root),
        Action::AcceptanceLearn => acceptance_learn::run(root),
        Action::Quickstart => mock::quickstart(root),
        Action::BenchQuick => bench::run(root, true),
        Action::Lint => lint::run(root),
        Action::Docs => docs::run(root, true),
        Action::DiffRedocly => diff::redocly::run(root, false),
        Action::DiffGenerated => diff::generated_proof::run(root, false),
        Action::Interop => interop::run(root),
        Action::ClientHelpers => client_helpers::run(root),
        Action::Cargo(args, envs) => {
            let shown_env: Vec<String> = envs.iter().map(|(k, v)| format!("{k}={v} ")).collect();
            println!("$ {}cargo {}", shown_env.concat(), args.join(" "));
            let status = crate::cargo()
                .args(*args)
                .envs(envs.iter().copied())
                .current_dir(root)
                .status()?;
            if !status.success() {
                bail!("cargo {} exited with {status}", args.join(" "));
            }
            Ok(())
        }
    }
}

/// Runs every stage (a failure does not stop the later ones) and prints a summary.
pub fn run(root: &Path) -> Result<()> {
    let started = Instant::now();
    let mut rows = Vec::new();
    for (name, action) in STAGES {
        println!("\n==> {name}");
        let begun = Instant::now();
        let result = run_action(root, action);
        if let Err(error) = &result {
            println!("{name} failed: {error:#}");
        }
        rows.push((name, result.is_ok(), begun.elapsed().as_secs_f64()));
    }
    println!("\nci summary");
    for (name, ok, seconds) in &rows {
        println!(
            "  {name:<22} {:<4} {seconds:>7.1} s",
            if *ok { "ok" } else { "FAIL" }
        );
    }
    let failed = rows.iter().filter(|(_, ok, _)| !ok).count();
    let verdict = if failed == 0 { "ok" } else { "FAIL" };
    println!(
        "  {:<22} {verdict:<4} {:>7.1} s",
        "total",
        started.elapsed().as_secs_f64()
    );
    if failed > 0 {
        bail!("{failed} ci stage(s) failed");
    }
    Ok(())
}
