//! `drift [--api NAME] [--format markdown|json] PATH…`: where recordings and
//! the spec disagree, per operation (`cargo xtask conformance --drift`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Report where recordings and the spec disagree.
#[derive(Parser)]
#[command(name = "drift")]
struct Cli {
    /// Recording files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The API (`spec/<api>.yaml`).
    #[arg(long, default_value = "defentry")]
    api: String,
    /// `markdown` (a table per operation) or `json` (every finding).
    #[arg(long, default_value = "markdown")]
    format: String,
    /// Workspace root (default: the workspace holding the current folder).
    #[arg(long)]
    root: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(workspace_tests::workspace_root);
    match traffic::drift::drift(&root, &cli.api, &cli.paths) {
        Ok((findings, read)) => {
            if cli.format == "json" {
                println!("{:#}", traffic::drift::to_json(&findings));
            } else {
                print!("{}", traffic::drift::table(&findings, read));
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("drift: {error:#}");
            ExitCode::FAILURE
        }
    }
}
