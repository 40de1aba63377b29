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
    let (mut passed, mut failed) = (0_usize, 0_usize);
    let emit = |checked: conformance::Checked| {
        let path = checked.path.display();
        if !checked.notes.is_empty() {
            println!("NOTE {path}: {}", checked.notes.join("; "));
        }
        if checked.problems.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {path}: {}", checked.problems.join("; "));
        }
    };
    let options = Options { strict: cli.strict };
    if let Err(error) = conformance::run_each(&root, &paths, options, emit).await {
        eprintln!("conformance: {error}");
        return ExitCode::FAILURE;
    }
    println!("conformance: {passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
