//! `cargo xtask bench [--quick]`: the regenerate-build-test loop,
//! response decoding, the diff at scale, the recording proxy and recordings
//! at scale (`learn`, `conformance`), measured on this machine in one run, each figure with
//! its baseline as a ratio. The full run writes `BENCHMARKS.md` and fails
//! when a target is missed; `--quick` (run by CI) exercises every step at
//! small sizes and asserts nothing.

mod build_loop;
mod decoding;
mod diff_scale;
mod generation;
mod machine;
mod proxy;
mod recordings_scale;
mod report;
pub mod synthetic_spec;

use std::path::Path;

use anyhow::{Context, Result, bail};

pub use report::{Report, Target};

/// Runs the benchmark. A full run needs a release build of the xtask (the
/// generator is measured in this process): from another build (`cargo
/// xtask` runs the `xtask` profile) it starts one and hands over.
pub fn run(root: &Path, quick: bool) -> Result<()> {
    if !quick && !is_release_build() {
        println!("bench: measuring generation needs a release xtask; building one");
        let status = crate::cargo()
            .args([
                "run",
                "--quiet",
                "--locked",
                "--release",
                "--package",
                "xtask",
                "--",
                "--root",
            ])
            .arg(root)
            .arg("bench")
            .current_dir(root)
            .status()
            .context("cannot run cargo")?;
        if !status.success() {
            bail!("the release bench failed");
        }
        return Ok(());
    }
    let settings = Settings::new(quick);
    let machine = machine::describe();
    println!("bench: {}", machine.summary());
    let generation = generation::measure(root, &settings)?;
    let builds = build_loop::measure(root, &settings)?;
    let decoding = decoding::measure(root, &settings)?;
    let diff = diff_scale::measure(root, &settings)?;
    let proxy = proxy::measure(root, &settings)?;
    let recordings = recordings_scale::measure(root, &settings)?;
    let report = Report {
        quick,
        machine,
        generation,
        builds,
        decoding,
        diff,
        proxy,
        recordings,
    };
    let markdown = report.markdown();
    if quick {
        println!("{markdown}");
        println!("bench --quick: every step ran (small sizes; the figures mean nothing)");
    } else {
        std::fs::write(root.join("BENCHMARKS.md"), &markdown)?;
        println!("{markdown}");
        println!("bench: wrote BENCHMARKS.md");
        let missed: Vec<String> = report
            .targets()
            .into_iter()
            .filter(|target| !target.met)
            .map(|target| format!("{} (measured {})", target.name, target.measured))
            .collect();
        if !missed.is_empty() {
            bail!("bench: targets missed: {}", missed.join("; "));
        }
    }
    Ok(())
}

/// This executable is cargo's `release` build (`target/release/xtask`).
fn is_release_build() -> bool {
    std::env::current_exe().ok().is_some_and(|exe| {
        exe.parent()
            .and_then(Path::file_name)
            .is_some_and(|folder| folder == "release")
    })
}

/// Sizes and repetitions of one run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Smoke run.
    pub quick: bool,
    /// Runs of our generator and of `--check` (the median is reported).
    pub generation_runs: usize,
    /// Warm runs of `cargo xtask generate --check` through cargo.
    pub command_runs: usize,
    /// Runs of openapi-generator per document.
    pub baseline_runs: usize,
    /// One-field-change loops.
    pub loops: usize,
    /// Items per decoded list.
    pub items: usize,
    /// Operations of each synthetic pair the diff is measured on.
    pub diff_sizes: Vec<usize>,
    /// Changes planted in each pair.
    pub diff_changes: usize,
    /// Runs of each diff tool per pair.
    pub diff_runs: usize,
    /// Corpus sizes `learn` and `conformance` are measured on.
    pub recording_sizes: Vec<usize>,
}

impl Settings {
    fn new(quick: bool) -> Self {
        if quick {
            Self {
                quick,
                generation_runs: 1,
                command_runs: 1,
                baseline_runs: 1,
                loops: 1,
                items: 100,
                diff_sizes: vec![100, 200],
                diff_changes: 20,
                diff_runs: 1,
                recording_sizes: vec![300, 600],
            }
        } else {
            Self {
                quick,
                generation_runs: 7,
                command_runs: 5,
                baseline_runs: 5,
                loops: 3,
                items: 10_000,
                diff_sizes: vec![500, 1000, 2000, 4000],
                diff_changes: 240,
                diff_runs: 3,
                recording_sizes: vec![25_000, 50_000, 100_000],
            }
        }
    }
}

/// The median of `samples` (in seconds); 0 when empty.
pub fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }
}
