//! `cargo xtask generate [--check]`: every spec into `spec/dist/` and its
//! Rust crate; `--check` writes nothing and fails with a diff when anything
//! committed is stale.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::apis::APIS;
use crate::outputs;
pub use crate::produce::{owned, produce, produce_api};

/// Runs `generate` (or `generate --check`) on the workspace at `root`.
pub fn run(root: &Path, check: bool) -> Result<()> {
    unregistered_specs(root)?;
    let started = Instant::now();
    let outputs = produce(root, APIS)?;
    let owned = owned(APIS);
    let elapsed = started.elapsed();
    if check {
        let problems = outputs::check(root, &outputs, &owned)?;
        if problems.is_empty() {
            println!(
                "generate --check: {} files up to date ({} ms)",
                outputs.len(),
                elapsed.as_millis()
            );
            return Ok(());
        }
        for problem in &problems {
            println!("{problem}");
        }
        bail!(
            "{} generated file(s) out of date with the spec: run `cargo xtask generate` and commit the result",
            problems.len()
        );
    }
    let written = outputs::write(root, &outputs, &owned)?;
    for path in &written.changed {
        println!("wrote {path}");
    }
    for path in &written.removed {
        println!("removed {path} (no longer produced)");
    }
    println!(
        "generate: {} changed, {} unchanged, {} removed ({} ms to produce)",
        written.changed.len(),
        written.unchanged,
        written.removed.len(),
        elapsed.as_millis()
    );
    Ok(())
}

/// Fails when a `spec/*.yaml` has no entry in [`APIS`]: every spec goes
/// through the same pipeline, none is silently skipped.
fn unregistered_specs(root: &Path) -> Result<()> {
    let dir = root.join("spec");
    let mut missing = Vec::new();
    for entry in
        std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?
    {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if let Some(stem) = name.strip_suffix(".yaml")
            && !APIS.iter().any(|api| api.name == stem)
        {
            missing.push(format!("spec/{name}"));
        }
    }
    if !missing.is_empty() {
        bail!(
            "no entry in pipeline/src/apis.rs for {} (every spec is generated the same way: add one)",
            missing.join(", ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::unregistered_specs;

    #[test]
    fn a_spec_without_an_entry_is_refused() -> anyhow::Result<()> {
        let root = tempfile::tempdir()?;
        std::fs::create_dir(root.path().join("spec"))?;
        std::fs::write(root.path().join("spec/defentry.yaml"), "")?;
        std::fs::write(root.path().join("spec/README.md"), "")?;
        unregistered_specs(root.path())?;
        std::fs::write(root.path().join("spec/newapi.yaml"), "")?;
        let error = unregistered_specs(root.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("spec/newapi.yaml"), "{error}");
        Ok(())
    }
}
