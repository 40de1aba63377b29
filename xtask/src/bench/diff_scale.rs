//! The diff at scale: `cargo xtask diff` as users run it (through cargo,
//! the `xtask` profile) and `redocly diff` (pinned in `tools/`) on the
//! synthetic pair (`synthetic_spec`), as the operation count doubles; wall
//! time and peak memory of each, in one run.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::synthetic_spec;
use super::{Settings, median};
use crate::tools;

/// Measures one command's wall time and the peak resident memory of its
/// process tree: Python's `resource.getrusage(RUSAGE_CHILDREN)` in a fresh
/// interpreter per run (the largest child or grandchild waited for; the
/// interpreter itself is not counted). Prints `seconds kibibytes status`.
const MEASURE: &str = "import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(done.stderr.decode(errors='replace')[-2000:])
print(seconds, peak, done.returncode)
";

/// One size of the pair.
#[derive(Debug, Clone)]
pub struct DiffRow {
    /// Operations in each document.
    pub operations: usize,
    /// Component schemas in each document.
    pub schemas: usize,
    /// Size of the base document (pretty JSON), bytes.
    pub bytes: u64,
    /// Changes planted in the head.
    pub planted: usize,
    /// Change records our diff reports (one per operation a change touches).
    pub records: usize,
    /// Our median wall time, seconds, and peak memory, KiB.
    pub ours: (f64, u64),
    /// Redocly's median wall time, seconds, and peak memory, KiB.
    pub redocly: (f64, u64),
}

/// Diff figures at every size.
#[derive(Debug, Clone)]
pub struct DiffScale {
    /// One row per size, smallest first.
    pub rows: Vec<DiffRow>,
    /// Runs behind each median.
    pub runs: usize,
    /// `@redocly/cli`'s version, as pinned in `tools/package.json`.
    pub redocly_version: String,
}

/// The `@redocly/cli` pin of `tools/package.json`.
fn pinned_redocly(root: &Path) -> Result<String> {
    let text = std::fs::read_to_string(root.join("tools/package.json"))?;
    let package: serde_json::Value = serde_json::from_str(&text)?;
    ["dependencies", "devDependencies"]
        .iter()
        .find_map(|key| package.get(key)?.get("@redocly/cli")?.as_str())
        .map(str::to_owned)
        .context("tools/package.json pins no @redocly/cli")
}

/// Runs `command` under the `MEASURE` script: (seconds, peak KiB).
pub(super) fn measured(python: &Path, command: &[&str], dir: &Path) -> Result<(f64, u64)> {
    let output = Command::new(python)
        .arg("-c")
        .arg(MEASURE)
        .args(command)
        .current_dir(dir)
        .output()
        .with_context(|| format!("cannot run {}", python.display()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [seconds, peak, status] = fields.as_slice() else {
        bail!("the measuring script printed {text:?}");
    };
    if *status != "0" {
        bail!(
            "`{}` exited with {status}:\n{}",
            command.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok((seconds.parse()?, peak.parse()?))
}

/// The median time and the largest peak of `runs` runs.
fn repeated(runs: usize, mut run: impl FnMut() -> Result<(f64, u64)>) -> Result<(f64, u64)> {
    let samples = (0..runs).map(|_| run()).collect::<Result<Vec<_>>>()?;
    let seconds: Vec<f64> = samples.iter().map(|s| s.0).collect();
    let peak = samples.iter().map(|s| s.1).max().unwrap_or(0);
    Ok((median(&seconds), peak))
}

/// Measures both tools at every size of `settings`.
pub fn measure(root: &Path, settings: &Settings) -> Result<DiffScale> {
    let python = tools::python_bin(root)?.join("python");
    let redocly = tools::node_bin(root)?.join("redocly");
    let redocly = redocly.to_string_lossy().into_owned();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let scratch = root.join("target/bench/diff");
    std::fs::create_dir_all(&scratch)?;
    let mut rows = Vec::new();
    for (index, &operations) in settings.diff_sizes.iter().enumerate() {
        let pair = synthetic_spec::pair(operations, settings.diff_changes);
        let (base, head) = (
            scratch.join(format!("base-{operations}.json")),
            scratch.join(format!("head-{operations}.json")),
        );
        std::fs::write(&base, serde_json::to_string_pretty(&pair.base)?)?;
        std::fs::write(&head, serde_json::to_string_pretty(&pair.head)?)?;
        let records =
            crate::diff::compare_sources("synthetic", Some(&pair.base), Some(&pair.head))?.len();
        let (base_arg, head_arg) = (base.to_string_lossy(), head.to_string_lossy());
        let ours_command = [
            cargo.as_str(),
            "xtask",
            "diff",
            "--format",
            "markdown",
            &base_arg,
            &head_arg,
        ];
        if index == 0 {
            // The first run builds the xtask if needed: not measured.
            measured(&python, &ours_command, root)?;
        }
        let ours = repeated(settings.diff_runs, || {
            measured(&python, &ours_command, root)
        })?;
        let redocly_command = [
            redocly.as_str(),
            "diff",
            &base_arg,
            &head_arg,
            "--fail-on",
            "none",
        ];
        let theirs = repeated(settings.diff_runs, || {
            measured(&python, &redocly_command, &scratch)
        })?;
        println!(
            "  diff, {operations} operations: ours {:.2} s {} MiB, redocly {:.2} s {} MiB",
            ours.0,
            ours.1 / 1024,
            theirs.0,
            theirs.1 / 1024
        );
        rows.push(DiffRow {
            operations,
            schemas: synthetic_spec::model_count(operations) + 1,
            bytes: std::fs::metadata(&base)?.len(),
            planted: pair.planted.len(),
            records,
            ours,
            redocly: theirs,
        });
    }
    Ok(DiffScale {
        rows,
        runs: settings.diff_runs,
        redocly_version: pinned_redocly(root)?,
    })
}
