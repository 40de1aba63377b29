//! `import-har FILE.har --out DIR [--api NAME] [--redact-key NAME]…`: a HAR
//! 1.2 file's exchanges as recordings (`cargo xtask import-har`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Turn the API's exchanges in a HAR file into redacted recordings.
#[derive(Parser)]
#[command(name = "import-har")]
struct Cli {
    /// The HAR file.
    har: PathBuf,
    /// The folder the recordings go to.
    #[arg(long)]
    out: PathBuf,
    /// The API (`spec/<api>.yaml`).
    #[arg(long, default_value = "defentry")]
    api: String,
    /// A key whose values are redacted too (repeatable).
    #[arg(long = "redact-key")]
    redact_keys: Vec<String>,
    /// Workspace root (default: the workspace holding the current folder).
    #[arg(long)]
    root: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(workspace_tests::workspace_root);
    match traffic::har::import(&root, &cli.har, &cli.out, &cli.api, &cli.redact_keys) {
        Ok(imported) => {
            println!(
                "import-har: kept {} request(s), dropped {}",
                imported.written.len(),
                imported.dropped_total()
            );
            for (reason, count) in &imported.dropped {
                println!("  dropped {count}: {reason}");
            }
            for path in &imported.written {
                println!("  wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("import-har: {error:#}");
            ExitCode::FAILURE
        }
    }
}
