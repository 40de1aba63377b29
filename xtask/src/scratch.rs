//! Scratch copies of the workspace, for commands that edit a copy and
//! never the working tree (the build-loop benchmark, `acceptance-format`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Folders never copied into a scratch workspace.
pub const SKIPPED: &[&str] = &["target", ".git", "node_modules", ".venv"];

/// Copies the workspace at `from` to `to`, without [`SKIPPED`] folders,
/// keeping modification times.
pub fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))?
    {
        let entry = entry?;
        let name = entry.file_name();
        if SKIPPED.iter().any(|s| name == *s) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            // The source's time: cargo then finds a member of an earlier
            // copy's build fresh when its files did not change.
            let modified = entry.metadata()?.modified()?;
            std::fs::File::options()
                .write(true)
                .open(&target)?
                .set_modified(modified)?;
        }
    }
    Ok(())
}

/// Every file under `root`, relative to it, without [`SKIPPED`] folders, sorted.
pub fn files(root: &Path) -> Result<Vec<PathBuf>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        for entry in
            std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?
        {
            let entry = entry?;
            if SKIPPED.iter().any(|s| entry.file_name() == *s) {
                continue;
            }
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(root, &path, out)?;
            } else if let Ok(relative) = path.strip_prefix(root) {
                out.push(relative.to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(root, root, &mut out)?;
    out.sort();
    Ok(out)
}
