//! The workspace root, found at run time from the current folder (never the
//! folder the xtask was compiled in: checkouts sharing one `CARGO_TARGET_DIR`
//! share one xtask binary).

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// The file beside the root manifest that marks this workspace.
const MARKER: &str = "xtask/Cargo.toml";

/// The root of the workspace holding the current folder.
pub fn workspace_root() -> Result<PathBuf> {
    find_workspace_root(&std::env::current_dir()?)
}

/// The nearest folder at or above `start` whose `Cargo.toml` declares
/// `[workspace]` and that holds `xtask/Cargo.toml`.
pub fn find_workspace_root(start: &Path) -> Result<PathBuf> {
    for folder in start.ancestors() {
        if is_workspace_root(folder) {
            return Ok(folder.to_path_buf());
        }
    }
    bail!(
        "{} is not inside this workspace (no Cargo.toml with [workspace] and {MARKER} above it); \
         run from the checkout or pass --root",
        start.display()
    )
}

fn is_workspace_root(folder: &Path) -> bool {
    folder.join(MARKER).is_file()
        && std::fs::read_to_string(folder.join("Cargo.toml"))
            .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) -> Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
        Ok(())
    }

    #[test]
    fn the_nearest_workspace_with_the_marker_wins() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let outer = dir.path();
        // An unrelated workspace around the checkout, and member manifests inside.
        write(&outer.join("Cargo.toml"), "[workspace]\nmembers = []\n")?;
        let checkout = outer.join("checkout");
        write(
            &checkout.join("Cargo.toml"),
            "[workspace]\nmembers = [\"xtask\"]\n",
        )?;
        write(&checkout.join(MARKER), "[package]\nname = \"xtask\"\n")?;
        write(&checkout.join("spec/nested/keep"), "")?;
        assert_eq!(
            find_workspace_root(&checkout.join("spec/nested"))?,
            checkout
        );
        assert_eq!(find_workspace_root(&checkout.join("xtask"))?, checkout);
        assert_eq!(find_workspace_root(&checkout)?, checkout);
        Ok(())
    }

    #[test]
    fn outside_the_workspace_is_a_clear_error() -> Result<()> {
        let dir = tempfile::tempdir()?;
        // A workspace without the marker, and a marker without `[workspace]`.
        write(&dir.path().join("Cargo.toml"), "[workspace]\n")?;
        write(&dir.path().join("other/Cargo.toml"), "[package]\n")?;
        write(&dir.path().join("other/xtask/Cargo.toml"), "[package]\n")?;
        let message = find_workspace_root(&dir.path().join("other/xtask"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("is not inside this workspace"),
            "{message}"
        );
        Ok(())
    }
}
