//! Generation: our generator per API (in this process), `generate --check`,
//! and openapi-generator's `rust` generator on the same dist documents.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::{Settings, median};
use crate::apis::APIS;
use crate::{formats, generate, outputs, spec_source, tools};

/// Generation figures, seconds.
#[derive(Debug, Clone)]
pub struct Generation {
    /// Per API: name, the dist document openapi-generator reads, our median,
    /// openapi-generator's median.
    pub apis: Vec<(String, String, f64, f64)>,
    /// All APIs at once (`generate::produce`, what `cargo xtask generate`
    /// does before it writes), median.
    pub all: f64,
    /// `generate --check`, median.
    pub check: f64,
    /// The command users run: `cargo xtask generate --check` through cargo
    /// (the debug build, cargo's start-up included), warm, median.
    pub command: f64,
    /// Runs behind the command's median.
    pub command_runs: usize,
    /// Runs behind each of our medians.
    pub runs: usize,
    /// Runs behind each openapi-generator median.
    pub baseline_runs: usize,
    /// openapi-generator's version, as pinned in `tools/requirements.txt`.
    pub baseline_version: String,
}

/// The `openapi-generator-cli==VERSION` pin of `tools/requirements.txt`.
fn pinned_version(root: &Path) -> Result<String> {
    let pins = std::fs::read_to_string(root.join("tools/requirements.txt"))?;
    pins.lines()
        .find_map(|line| line.trim().strip_prefix("openapi-generator-cli=="))
        .map(str::to_owned)
        .context("tools/requirements.txt pins no openapi-generator-cli")
}

fn timed<T>(f: impl FnOnce() -> Result<T>) -> Result<(T, f64)> {
    let started = Instant::now();
    let value = f()?;
    Ok((value, started.elapsed().as_secs_f64()))
}

/// Measures generation.
pub fn measure(root: &Path, settings: &Settings) -> Result<Generation> {
    let python = tools::python_bin(root)?;
    let scratch = root.join("target/bench/openapi-generator");
    let mut apis = Vec::new();
    for api in APIS {
        let mut ours = Vec::new();
        for _ in 0..settings.generation_runs {
            ours.push(timed(|| generate::produce_api(root, api))?.1);
        }
        let source = spec_source::load(root, &api.source_path())?;
        let formats = formats::formats(&source.doc, api.name)?;
        let dist = formats::default_format(&formats)?.dist.clone();
        let mut theirs = Vec::new();
        for run in 0..settings.baseline_runs {
            let out = scratch.join(format!("{}-{run}", api.name));
            let _ = std::fs::remove_dir_all(&out);
            let (ran, seconds) = timed(|| {
                tools::run(
                    Command::new(python.join("openapi-generator-cli"))
                        .args(["generate", "-g", "rust", "-i"])
                        .arg(root.join("spec/dist").join(&dist))
                        .arg("-o")
                        .arg(&out),
                )
            })?;
            if !ran.ok {
                bail!("openapi-generator rust failed on {dist}: {}", ran.output);
            }
            theirs.push(seconds);
        }
        println!(
            "  generation {:<10} ours {:>8.3} s   openapi-generator rust {:>7.2} s",
            api.name,
            median(&ours),
            median(&theirs)
        );
        apis.push((api.name.to_owned(), dist, median(&ours), median(&theirs)));
    }
    let mut all = Vec::new();
    let mut check = Vec::new();
    let owned = generate::owned(APIS);
    for _ in 0..settings.generation_runs {
        all.push(timed(|| generate::produce(root, APIS))?.1);
        let (problems, seconds) = timed(|| {
            let produced = generate::produce(root, APIS)?;
            outputs::check(root, &produced, &owned)
        })?;
        if !problems.is_empty() {
            bail!("generated files are stale; run `cargo xtask generate` before benchmarking");
        }
        check.push(seconds);
    }
    let command = real_command(root, settings)?;
    println!(
        "  `cargo xtask generate --check`, warm: {:.3} s (median of {})",
        median(&command),
        command.len()
    );
    Ok(Generation {
        apis,
        all: median(&all),
        check: median(&check),
        command: median(&command),
        command_runs: command.len(),
        runs: settings.generation_runs,
        baseline_runs: settings.baseline_runs,
        baseline_version: pinned_version(root)?,
    })
}

/// `cargo xtask generate --check` as a user runs it, in the workspace: one
/// run first (it builds the debug xtask if needed), then the measured runs.
fn real_command(root: &Path, settings: &Settings) -> Result<Vec<f64>> {
    let run = || -> Result<f64> {
        let started = Instant::now();
        let output = crate::cargo()
            .args(["xtask", "generate", "--check"])
            .current_dir(root)
            .output()
            .context("cannot run cargo")?;
        let seconds = started.elapsed().as_secs_f64();
        if !output.status.success() {
            bail!(
                "`cargo xtask generate --check` failed:\n{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(seconds)
    };
    run()?;
    (0..settings.command_runs).map(|_| run()).collect()
}
