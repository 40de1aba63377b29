//! `cargo xtask conformance [--strict] [PATH…]`: runs the `conformance` binary
//! of the `tests` crate. It lives there, not here, because it links the
//! generated clients: the generator must build even when they do not.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Result, bail};

/// Runs conformance on `paths` (relative to the current folder), or on
/// `tests/recordings` when none is given.
pub fn run(root: &Path, strict: bool, paths: &[PathBuf]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let current = std::env::current_dir()?;
    let mut command = Command::new(cargo);
    command
        .args([
            "run",
            "--quiet",
            "--locked",
            "--package",
            "workspace-tests",
            "--bin",
            "conformance",
            "--",
            "--root",
        ])
        .arg(root)
        .current_dir(root);
    if strict {
        command.arg("--strict");
    }
    command.args(paths.iter().map(|p| current.join(p)));
    let status = command.status()?;
    if !status.success() {
        bail!("conformance failed ({status})");
    }
    Ok(())
}
