//! Reading a spec as it was at a git revision, or in the working tree.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Where one side of a comparison comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    /// The files on disk, uncommitted changes included.
    WorkingTree,
    /// A git revision (commit, branch, tag).
    Git(String),
}

impl Revision {
    /// How reports name it: `working tree` or `main (1a2b3c4)`.
    pub fn label(&self, root: &Path) -> String {
        match self {
            Self::WorkingTree => "working tree".to_owned(),
            Self::Git(rev) => match git(root, &["rev-parse", "--short", rev]) {
                Ok(short) if rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit()) => short,
                Ok(short) if short != *rev => format!("{rev} ({short})"),
                _ => rev.clone(),
            },
        }
    }
}

fn git(root: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The default base: the merge base of `HEAD` with `main` (or `origin/main`).
pub fn default_base(root: &Path) -> Result<Revision> {
    for main in ["main", "origin/main"] {
        if let Ok(commit) = git(root, &["merge-base", "HEAD", main]) {
            return Ok(Revision::Git(commit));
        }
    }
    bail!("no merge base with `main` or `origin/main`: pass --base REV")
}

/// The text of `relative` (a path from the workspace root) at `revision`;
/// `None` when the file does not exist there.
pub fn read(root: &Path, revision: &Revision, relative: &str) -> Result<Option<String>> {
    match revision {
        Revision::WorkingTree => {
            let path = root.join(relative);
            if !path.exists() {
                return Ok(None);
            }
            std::fs::read_to_string(&path)
                .map(Some)
                .with_context(|| format!("cannot read {relative}"))
        }
        Revision::Git(rev) => {
            let commit = git(
                root,
                &["rev-parse", "--verify", &format!("{rev}^{{commit}}")],
            )
            .with_context(|| format!("`{rev}` is not a revision of this repository"))?;
            let listed = git(root, &["ls-tree", "--name-only", &commit, "--", relative])?;
            if listed.is_empty() {
                return Ok(None);
            }
            git(root, &["show", &format!("{commit}:{relative}")]).map(Some)
        }
    }
}
