//! `mock [--port P] [PATH…]`: serves recordings on 127.0.0.1 until Ctrl-C
//! (see `cargo xtask mock`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Serve recordings (files or folders; default: tests/recordings) as a mock of the API.
#[derive(Parser)]
#[command(name = "mock")]
struct Cli {
    /// Workspace root (default: the workspace holding the current folder).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// Recording files or folders.
    paths: Vec<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(workspace_tests::workspace_root);
    let paths = workspace_tests::recordings_or_default(&root, cli.paths);
    let loaded = match workspace_tests::mock::start(&root, &paths, cli.port).await {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("mock: {error}");
            return ExitCode::FAILURE;
        }
    };
    for skipped in &loaded.skipped {
        eprintln!("mock: skipped {skipped}");
    }
    println!(
        "mock: listening on {} ({} recordings); Ctrl-C stops it",
        loaded.server.uri(),
        loaded.recordings
    );
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("mock: cannot wait for Ctrl-C: {error}");
        return ExitCode::FAILURE;
    }
    println!("mock: stopped");
    ExitCode::SUCCESS
}
