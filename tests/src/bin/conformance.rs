//! `conformance [--strict] [PATH…]`: checks recorded exchanges against the
//! spec and the generated clients (see `cargo xtask conformance`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use workspace_tests::conformance::{self, Options};

/// Check recordings (files or folders; default: tests/recordings).
#[derive(Parser)]
#[command(name = "conformance")]
struct Cli {
    /// Workspace root (default: the workspace holding the current folder).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Also check that decoding is lossless and the spec knows every field.
    #[arg(long)]
    strict: bool,
    /// Recording files or folders.
    paths: Vec<PathBuf>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(workspace_tests::workspace_root);
    let paths = workspace_tests::recordings_or_default(&root, cli.paths);
    let report = match conformance::run(&root, &paths, Options { strict: cli.strict }).await {
        Ok(report) => report,
        Err(error) => {
            eprintln!("conformance: {error}");
            return ExitCode::FAILURE;
        }
    };
    for (path, notes) in report.notes() {
        println!("NOTE {path}: {notes}");
    }
    let failures = report.failures();
    for (path, reasons) in &failures {
        println!("FAIL {path}: {reasons}");
    }
    println!(
        "conformance: {} passed, {} failed",
        report.passed(),
        failures.len()
    );
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
