//! Recordings at scale: `learn` and `conformance --strict` over corpora of
//! live recordings generated from the simulated upstream's shapes
//! (`simulate corpus`), checked against a spec that learned those shapes
//! (the scratch copy of `acceptance-learn`), so that every body is
//! validated and decoded into the regenerated Rust types. Wall time and
//! peak memory of each run as the corpus doubles, in one run.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::Settings;
use super::diff_scale::measured;
use crate::{acceptance_learn, tools};

/// One corpus size.
#[derive(Debug, Clone)]
pub struct ScaleRow {
    /// Recordings in the corpus.
    pub recordings: usize,
    /// `learn`: seconds and peak resident memory, KiB.
    pub learn: (f64, u64),
    /// `conformance --strict`: seconds and peak resident memory, KiB.
    pub conformance: (f64, u64),
}

/// Every size, and how the binaries were built.
#[derive(Debug, Clone)]
pub struct RecordingsScale {
    /// One row per size, ascending.
    pub rows: Vec<ScaleRow>,
    /// The cargo profile of the binaries measured.
    pub profile: &'static str,
}

/// Builds `args` (a `cargo build`) in `dir` and returns the executables named `names`.
fn built(dir: &Path, args: &[&str], names: &[&str]) -> Result<Vec<PathBuf>> {
    let output = crate::cargo()
        .args(["build", "--quiet", "--locked", "--message-format=json"])
        .args(args)
        .current_dir(dir)
        .output()
        .context("cannot run cargo build")?;
    if !output.status.success() {
        bail!(
            "cargo build {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let executables: Vec<PathBuf> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|m| m.get("executable")?.as_str().map(PathBuf::from))
        .collect();
    names
        .iter()
        .map(|name| {
            executables
                .iter()
                .find(|path| path.file_name().is_some_and(|n| n == *name))
                .cloned()
                .with_context(|| format!("cargo built no {name}"))
        })
        .collect()
}

/// Measures `learn` and `conformance --strict` at every size of `settings`.
pub fn measure(root: &Path, settings: &Settings) -> Result<RecordingsScale> {
    println!("bench: recordings at scale");
    let learned = acceptance_learn::learned_copy(root, "defentry-bench-recordings")?;
    let release: &[&str] = if settings.quick { &[] } else { &["--release"] };
    let profile = if settings.quick { "dev" } else { "release" };
    let mut args = release.to_vec();
    args.extend([
        "--package",
        "traffic",
        "--bin",
        "learn",
        "--bin",
        "simulate",
    ]);
    let [learn, simulate] = <[PathBuf; 2]>::try_from(built(root, &args, &["learn", "simulate"])?)
        .map_err(|_| anyhow::anyhow!("two binaries expected"))?;
    let mut args = release.to_vec();
    args.extend(["--package", "workspace-tests", "--bin", "conformance"]);
    let built_conformance = built(&learned.copy, &args, &["conformance"])?
        .pop()
        .context("no conformance binary")?;
    // The copy's binary has the workspace's binary's name in the shared
    // target folder: kept aside before anything else is built.
    let corpus_root = root.join("target/bench/recordings");
    std::fs::create_dir_all(&corpus_root)?;
    let conformance = corpus_root.join("conformance-learned");
    std::fs::copy(&built_conformance, &conformance)?;
    let python = tools::python_bin(root)?.join("python");
    let mut rows = Vec::new();
    for &recordings in &settings.recording_sizes {
        let corpus = corpus_root.join(recordings.to_string());
        let _ = std::fs::remove_dir_all(&corpus);
        let status = std::process::Command::new(&simulate)
            .args(["corpus", "--count", &recordings.to_string(), "--out"])
            .arg(&corpus)
            .stdout(std::process::Stdio::null())
            .status()
            .context("cannot run simulate corpus")?;
        if !status.success() {
            bail!("simulate corpus failed ({status})");
        }
        let (copy, dir) = (learned.copy.to_string_lossy(), corpus.to_string_lossy());
        let learn_run = measured(
            &python,
            &[&learn.to_string_lossy(), "--root", &copy, &dir],
            root,
        )?;
        let conformance_run = measured(
            &python,
            &[
                &conformance.to_string_lossy(),
                "--root",
                &copy,
                "--strict",
                &dir,
            ],
            root,
        )?;
        println!(
            "bench: {recordings} recordings: learn {:.1} s ({} MiB), conformance --strict {:.1} s ({} MiB)",
            learn_run.0,
            learn_run.1 / 1024,
            conformance_run.0,
            conformance_run.1 / 1024
        );
        rows.push(ScaleRow {
            recordings,
            learn: learn_run,
            conformance: conformance_run,
        });
        let _ = std::fs::remove_dir_all(&corpus);
    }
    let _ = std::fs::remove_dir_all(&learned.parent);
    Ok(RecordingsScale { rows, profile })
}
