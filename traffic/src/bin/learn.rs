//! `learn [--api NAME] [--min-samples N] [--out FILE] DIR…`: what the
//! recordings show of the response bodies the spec does not document
//! (`cargo xtask learn`); with `--out`, the source spec with it written in.

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
    /// Write the complete updated source spec here (it may be the source
    /// itself); without it, only the summary is printed.
    #[arg(long)]
    out: Option<PathBuf>,
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
                        "\n{}:\n{}",
                        l.operation,
                        serde_json::to_string_pretty(&serde_json::json!({
                            "schema": l.unified.schema,
                            "legacy_patch": l.unified.legacy_patch,
                        }))
                        .unwrap_or_default()
                    );
                }
            }
            match &cli.out {
                Some(out) => match write(&root, &cli.api, out, &learned) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(error) => {
                        eprintln!("learn: {error:#}");
                        ExitCode::FAILURE
                    }
                },
                None => {
                    println!("learn: summary only; `--out FILE` writes the updated spec");
                    ExitCode::SUCCESS
                }
            }
        }
        Err(error) => {
            eprintln!("learn: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the source spec of `api` with `learned` in it to `out`.
fn write(
    root: &std::path::Path,
    api: &str,
    out: &std::path::Path,
    learned: &[traffic::learn::Learned],
) -> anyhow::Result<()> {
    let relative = format!("spec/{api}.yaml");
    let source = std::fs::read_to_string(root.join(&relative))?;
    let written = traffic::spec_write::write(&relative, &source, learned)?;
    for change in &written.changes {
        println!("learned: {change}");
    }
    for skipped in &written.skipped {
        println!("not learned: {skipped}");
    }
    std::fs::write(out, &written.text)?;
    println!(
        "learn: wrote {} ({} change(s), {} not written); review it with `cargo xtask diff`",
        out.display(),
        written.changes.len(),
        written.skipped.len()
    );
    Ok(())
}
