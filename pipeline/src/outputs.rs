//! Generated files: written atomically, or compared with what is committed.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use similar::TextDiff;

/// One generated file.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// Path relative to the workspace root, with `/` separators.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

impl Output {
    /// A file at `path` (relative to the workspace root).
    pub fn new(path: impl Into<String>, contents: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// A folder the generator owns: every file in it matching the pattern is
/// generated, so one the spec no longer produces is stale.
#[derive(Debug, Clone)]
pub struct Owned {
    /// Folder relative to the workspace root.
    pub dir: String,
    /// File name prefix.
    pub prefix: &'static str,
    /// File name suffix.
    pub suffix: &'static str,
}

impl Owned {
    fn existing(&self, root: &Path) -> Result<BTreeSet<String>> {
        let mut found = BTreeSet::new();
        let dir = root.join(&self.dir);
        if !dir.is_dir() {
            return Ok(found);
        }
        for entry in std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", self.dir))? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if name.starts_with(self.prefix) && name.ends_with(self.suffix) {
                found.insert(format!("{}/{name}", self.dir));
            }
        }
        Ok(found)
    }
}

/// What `write` changed.
#[derive(Debug, Default)]
pub struct Written {
    /// Files created or rewritten.
    pub changed: Vec<String>,
    /// Files left as they were.
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: Vec<String>,
}

/// Writes every output whose contents changed, each through a temporary file
/// renamed into place, and removes owned files the spec no longer produces.
/// Call it only once every output has been produced, so a failed run leaves
/// the old files intact.
pub fn write(root: &Path, outputs: &[Output], owned: &[Owned]) -> Result<Written> {
    let mut written = Written::default();
    for output in outputs {
        let path = root.join(&output.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(output.contents.as_str()) {
            written.unchanged += 1;
            continue;
        }
        let dir = path
            .parent()
            .with_context(|| format!("{} has no parent folder", output.path))?;
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder of {}", output.path))?;
        let mut file = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("cannot create a temporary file beside {}", output.path))?;
        file.write_all(output.contents.as_bytes())?;
        file.as_file().sync_all()?;
        file.persist(&path)
            .with_context(|| format!("cannot move the new {} into place", output.path))?;
        written.changed.push(output.path.clone());
    }
    for stale in stale_files(root, outputs, owned)? {
        std::fs::remove_file(root.join(&stale))
            .with_context(|| format!("cannot remove stale {stale}"))?;
        written.removed.push(stale);
    }
    Ok(written)
}

/// Owned files that no output produces.
fn stale_files(root: &Path, outputs: &[Output], owned: &[Owned]) -> Result<Vec<String>> {
    let produced: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    let mut stale = Vec::new();
    for folder in owned {
        stale.extend(
            folder
                .existing(root)?
                .into_iter()
                .filter(|p| !produced.contains(p.as_str())),
        );
    }
    Ok(stale)
}

/// Most diff lines shown per file.
const DIFF_LINES: usize = 120;

/// Compares outputs with the files on disk; returns one report per file that
/// differs (with a unified diff), is missing, or is no longer produced.
pub fn check(root: &Path, outputs: &[Output], owned: &[Owned]) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for output in outputs {
        match std::fs::read_to_string(root.join(&output.path)) {
            Err(_) => problems.push(format!("missing: {} (not generated yet)", output.path)),
            Ok(committed) if committed == output.contents => {}
            Ok(committed) => {
                let diff = TextDiff::from_lines(&committed, &output.contents)
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("a/{}", output.path), &format!("b/{}", output.path))
                    .to_string();
                let lines: Vec<&str> = diff.lines().collect();
                let mut report = format!("stale: {}\n", output.path);
                for line in lines.iter().take(DIFF_LINES) {
                    report.push_str(line);
                    report.push('\n');
                }
                if lines.len() > DIFF_LINES {
                    report.push_str(&format!("… {} more diff lines\n", lines.len() - DIFF_LINES));
                }
                problems.push(report);
            }
        }
    }
    for stale in stale_files(root, outputs, owned)? {
        problems.push(format!("not produced by the spec any more: {stale}"));
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned() -> Vec<Owned> {
        vec![Owned {
            dir: "dist".into(),
            prefix: "",
            suffix: ".json",
        }]
    }

    #[test]
    fn write_then_check_is_clean_and_an_edit_is_reported_with_a_diff() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let outputs = vec![Output::new("dist/a.json", "{\n  \"a\": 1\n}\n")];
        let written = write(dir.path(), &outputs, &owned())?;
        assert_eq!(written.changed, ["dist/a.json"]);
        assert!(check(dir.path(), &outputs, &owned())?.is_empty());
        assert_eq!(write(dir.path(), &outputs, &owned())?.unchanged, 1);

        let newer = vec![Output::new("dist/a.json", "{\n  \"a\": 2\n}\n")];
        let problems = check(dir.path(), &newer, &owned())?;
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("stale: dist/a.json")
                && problems[0].contains("-  \"a\": 1")
                && problems[0].contains("+  \"a\": 2"),
            "{}",
            problems[0]
        );
        // check wrote nothing
        assert_eq!(
            std::fs::read_to_string(dir.path().join("dist/a.json"))?,
            "{\n  \"a\": 1\n}\n"
        );
        Ok(())
    }

    #[test]
    fn files_no_longer_produced_are_reported_and_removed() -> Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("dist"))?;
        std::fs::write(dir.path().join("dist/old.json"), "{}")?;
        std::fs::write(dir.path().join("dist/notes.txt"), "kept")?;
        let outputs = vec![Output::new("dist/a.json", "{}\n")];
        let problems = check(dir.path(), &outputs, &owned())?;
        assert!(
            problems.iter().any(|p| p.contains("missing: dist/a.json")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("not produced by the spec any more: dist/old.json")),
            "{problems:?}"
        );
        let written = write(dir.path(), &outputs, &owned())?;
        assert_eq!(written.removed, ["dist/old.json"]);
        assert!(dir.path().join("dist/notes.txt").exists());
        Ok(())
    }
}
