//! `learn [--api NAME] [--min-samples N] DIR…`: what the recordings show of
//! the response bodies the spec does not document (`cargo xtask learn`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use traffic::infer::Options;

/// Infer the undocumented response bodies from recordings.
#[derive(Parser)]
#[command(name = "learn")]
struct Cli {
    /// Recording files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The API (`spec/<api>.yaml`).
    #[arg(long, default_value = "defentry")]
    api: String,
    /// Places seen fewer times stay open (no type).
    #[arg(long, default_value_t = 3)]
    min_samples: usize,
    /// Also print each learned schema and legacy patch as JSON.
    #[arg(long)]
    schemas: bool,
    /// Workspace root (default: the workspace holding the current folder).
    #[arg(long)]
    root: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(workspace_tests::workspace_root);
    let options = Options {
        min_samples: cli.min_samples,
        ..Options::default()
    };
    match traffic::learn::learn(&root, &cli.api, &cli.paths, &options) {
        Ok(learned) => {
            print!("{}", traffic::learn::summary(&learned));
            if cli.schemas {
                for l in learned
                    .iter()
                    .filter(|l| l.described != traffic::learn::Described::Documented)
                {
                    println!(
                        "\n{} {}:\n{}",
                        l.operation,
                        l.status,
                        serde_json::to_string_pretty(&serde_json::json!({
                            "schema": l.unified.schema,
                            "legacy_patch": l.unified.legacy_patch,
                        }))
                        .unwrap_or_default()
                    );
                }
            }
            println!(
                "learn: printed only; writing the learned shapes into the spec is not built yet"
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("learn: {error:#}");
            ExitCode::FAILURE
        }
    }
}
