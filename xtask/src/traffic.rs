//! The commands of the `traffic` crate: `cargo xtask record` (the recording
//! reverse proxy, in the foreground until Ctrl-C or SIGTERM), `cargo xtask
//! import-har`, `cargo xtask learn` and `cargo xtask conformance --drift`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Result, bail};

/// `cargo run` of the `traffic` binary `bin`, in the workspace, with
/// `--root`; the caller adds the rest.
fn command(root: &Path, bin: &str) -> Command {
    let mut command = crate::cargo_run("traffic", "--bin", bin);
    command.arg("--root").arg(root).current_dir(root);
    command
}

/// Runs `command`; an exit other than success is an error naming `what`.
fn finish(mut command: Command, what: &str) -> Result<()> {
    let status = command.status()?;
    if !status.success() {
        bail!("{what} exited with {status}");
    }
    Ok(())
}

/// What `cargo xtask record` passes on to the `record` binary.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The real API (`https://api.example.com`).
    #[arg(long)]
    pub upstream: String,
    /// Where to listen (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:4780")]
    pub listen: String,
    /// The folder the recordings go to (relative to the current folder).
    #[arg(long)]
    pub out: PathBuf,
    /// Also record each idempotent request in every other format.
    #[arg(long)]
    pub twins: bool,
    /// The API (`spec/<api>.yaml`).
    #[arg(long, default_value = "defentry")]
    pub api: String,
    /// A key whose values are redacted too, in bodies, query and headers (repeatable).
    #[arg(long = "redact-key")]
    pub redact_keys: Vec<String>,
    /// Bytes kept of each body (the rest streams through, unrecorded).
    #[arg(long, default_value_t = 1 << 20)]
    pub max_body: usize,
    /// Seconds to wait for the upstream.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
}

/// Runs the proxy.
pub fn run(root: &Path, args: &Args) -> Result<()> {
    let out = std::env::current_dir()?.join(&args.out);
    let mut command = command(root, "record");
    command
        .args(["--upstream", &args.upstream, "--listen", &args.listen])
        .arg("--out")
        .arg(out)
        .args(["--api", &args.api])
        .args(["--max-body", &args.max_body.to_string()])
        .args(["--timeout", &args.timeout.to_string()]);
    if args.twins {
        command.arg("--twins");
    }
    for key in &args.redact_keys {
        command.args(["--redact-key", key]);
    }
    finish(command, "the recording proxy")
}

/// What `cargo xtask import-har` passes on to the `import-har` binary.
#[derive(Debug, clap::Args)]
pub struct HarArgs {
    /// The HAR 1.2 file (relative to the current folder).
    pub har: PathBuf,
    /// The folder the recordings go to (relative to the current folder).
    #[arg(long)]
    pub out: PathBuf,
    /// The API (`spec/<api>.yaml`).
    #[arg(long, default_value = "defentry")]
    pub api: String,
    /// A key whose values are redacted too, in bodies, query and headers (repeatable).
    #[arg(long = "redact-key")]
    pub redact_keys: Vec<String>,
}

/// Imports a HAR file.
pub fn import_har(root: &Path, args: &HarArgs) -> Result<()> {
    let current = std::env::current_dir()?;
    let mut command = command(root, "import-har");
    command
        .arg(current.join(&args.har))
        .arg("--out")
        .arg(current.join(&args.out))
        .args(["--api", &args.api]);
    for key in &args.redact_keys {
        command.args(["--redact-key", key]);
    }
    finish(command, "import-har")
}

/// What `cargo xtask learn` passes on to the `learn` binary.
#[derive(Debug, clap::Args)]
pub struct LearnArgs {
    /// Recording files or folders (relative to the current folder).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The API (`spec/<api>.yaml`).
    #[arg(long, default_value = "defentry")]
    pub api: String,
    /// Places seen fewer times stay open (no type).
    #[arg(long, default_value_t = 3)]
    pub min_samples: usize,
    /// Also print each learned schema and legacy patch as JSON.
    #[arg(long)]
    pub schemas: bool,
    /// Write the complete updated source spec here (`spec/<api>.yaml` to
    /// update it in place); without it, only the summary is printed.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Prints what the recordings show of the undocumented bodies; with
/// `--out`, writes the source spec with it.
pub fn learn(root: &Path, args: &LearnArgs) -> Result<()> {
    let current = std::env::current_dir()?;
    let mut command = command(root, "learn");
    command
        .args(["--api", &args.api])
        .args(["--min-samples", &args.min_samples.to_string()])
        .args(args.paths.iter().map(|p| current.join(p)));
    if args.schemas {
        command.arg("--schemas");
    }
    if let Some(out) = &args.out {
        command.arg("--out").arg(current.join(out));
    }
    finish(command, "learn")
}

/// The drift report of the recordings under `paths` (default:
/// `tests/recordings`), relative to the current folder.
pub fn drift(root: &Path, api: &str, format: &str, paths: &[PathBuf]) -> Result<()> {
    let current = std::env::current_dir()?;
    let paths: Vec<PathBuf> = if paths.is_empty() {
        vec![root.join("tests/recordings")]
    } else {
        paths.iter().map(|p| current.join(p)).collect()
    };
    let mut command = command(root, "drift");
    command
        .args(["--api", api, "--format", format])
        .args(&paths);
    finish(command, "the drift report")
}
