//! `cargo xtask conformance [--strict] [PATH…]`: runs the `conformance` binary
//! of the `tests` crate. It lives there, not here, because it links the
//! generated clients: the generator must build even when they do not.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// Runs conformance on `paths` (relative to the current folder), or on
/// `tests/recordings` when none is given.
pub fn run(root: &Path, strict: bool, paths: &[PathBuf]) -> Result<()> {
    run_built(root, strict, false, paths)
}

/// [`run`], the checker built in the `release` profile when asked.
pub fn run_built(root: &Path, strict: bool, release: bool, paths: &[PathBuf]) -> Result<()> {
    let current = std::env::current_dir()?;
    let mut command = crate::cargo();
    command.args(["run", "--quiet", "--locked"]);
    if release {
        command.arg("--release");
    }
    command.args(["--package", "workspace-tests", "--bin", "conformance", "--"]);
    command.arg("--root").arg(root).current_dir(root);
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
