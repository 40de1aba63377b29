//! `exercise --base-url URL`: one valid request per operation of the
//! standardized document, through the public clients, to a validating mock
//! (see `cargo xtask interop`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Send one valid request per operation to a server that validates requests.
#[derive(Parser)]
#[command(name = "exercise")]
struct Cli {
    /// Workspace root (default: the workspace holding the current folder).
    #[arg(long)]
    root: Option<PathBuf>,
    /// The server, e.g. http://127.0.0.1:4010 (`prism mock`).
    #[arg(long)]
    base_url: String,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(workspace_tests::workspace_root);
    let path = root
        .join("spec/dist")
        .join(defentry::Format::default().dist());
    let doc = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(doc) => doc,
        Err(error) => {
            eprintln!("exercise: {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let results = match workspace_tests::exercise::run(&doc, &cli.base_url).await {
        Ok(results) => results,
        Err(error) => {
            eprintln!("exercise: {error}");
            return ExitCode::FAILURE;
        }
    };
    let Some((control, results)) = results.split_last() else {
        eprintln!("exercise: nothing was sent");
        return ExitCode::FAILURE;
    };
    if control.violations.is_none() {
        eprintln!(
            "exercise: the server did not flag the control request (no X-API-Version header): it does not validate requests"
        );
        return ExitCode::FAILURE;
    }
    let mut rejected = 0;
    for result in results {
        if let Some(violations) = &result.violations {
            rejected += 1;
            println!(
                "VIOLATION {} (HTTP {:?}): {violations}",
                result.operation_id, result.status
            );
        } else if let Some(failure) = &result.failure {
            println!(
                "note {}: the mock's response was not usable: {failure}",
                result.operation_id
            );
        }
    }
    let answered = results.iter().filter(|r| r.status.is_some()).count();
    println!(
        "exercise: {} operations sent, {answered} answered, {rejected} with request violations (the control request without X-API-Version was flagged)",
        results.len()
    );
    if rejected == 0 && answered == results.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
