//! `exercise --base-url URL [--format NAME]`: one valid request per
//! operation of a format's dist document, through the public clients of that
//! format, to a validating mock (see `cargo xtask interop`).

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
    /// The format (its name in `x-formats`) whose dist document the server
    /// mocks and whose clients send the requests (default: the default).
    #[arg(long)]
    format: Option<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(workspace_tests::workspace_root);
    let format = match cli.format.as_deref().map(defentry::Format::from_name) {
        None => defentry::Format::default(),
        Some(Some(format)) => format,
        Some(None) => {
            let names: Vec<&str> = defentry::Format::ALL.iter().map(|f| f.name()).collect();
            eprintln!("exercise: unknown format (known: {})", names.join(", "));
            return ExitCode::FAILURE;
        }
    };
    let path = root.join("spec/dist").join(format.dist());
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
    let exercise = match workspace_tests::exercise::run(&doc, &cli.base_url, format).await {
        Ok(exercise) => exercise,
        Err(error) => {
            eprintln!("exercise: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut unflagged = 0;
    for (label, control) in &exercise.controls {
        if control.violations.is_none() {
            unflagged += 1;
            eprintln!(
                "exercise: the server did not flag the control request ({label}; HTTP {:?}): it does not validate requests",
                control.status
            );
        }
    }
    let results = &exercise.results;
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
    let labels: Vec<&str> = exercise.controls.iter().map(|(l, _)| l.as_str()).collect();
    println!(
        "exercise: format {}: {} operations sent, {answered} answered, {rejected} with request violations; {} of {} controls flagged ({})",
        format.name(),
        results.len(),
        exercise.controls.len() - unflagged,
        exercise.controls.len(),
        labels.join("; ")
    );
    if rejected == 0 && unflagged == 0 && answered == results.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
