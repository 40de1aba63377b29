//! Decoding: runs the criterion benchmark `bench/benches/decode.rs` and
//! reads its estimates.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::Settings;

/// One benchmark: a list, a decoder, a format.
#[derive(Debug, Clone)]
pub struct Decode {
    /// `scan_status` or `records`.
    pub group: String,
    /// `sdk_standardized`, `floor_standardized`, …
    pub name: String,
    /// Median time per decode, seconds.
    pub seconds: f64,
    /// Bytes decoded.
    pub bytes: u64,
    /// Items in the list.
    pub items: usize,
}

impl Decode {
    /// MB/s (10^6 bytes).
    pub fn megabytes_per_second(&self) -> f64 {
        self.bytes as f64 / self.seconds / 1e6
    }

    /// Items per second.
    pub fn items_per_second(&self) -> f64 {
        self.items as f64 / self.seconds
    }
}

/// Every benchmark of the decode bench, by group.
pub const BENCHES: &[(&str, &[&str])] = &[
    (
        "scan_status",
        &[
            "sdk_standardized",
            "sdk_legacy",
            "value_standardized",
            "value_legacy",
            "floor_standardized",
        ],
    ),
    (
        "records",
        &[
            "sdk_standardized",
            "sdk_legacy",
            "value_standardized",
            "value_legacy",
            "floor_standardized",
        ],
    ),
];

/// Runs the benchmark and reads the results.
pub fn measure(root: &Path, settings: &Settings) -> Result<Vec<Decode>> {
    let home = root.join("target/bench/criterion");
    let _ = std::fs::remove_dir_all(&home);
    let mut command = crate::cargo();
    command.args([
        "bench",
        "--quiet",
        "-p",
        "workspace-bench",
        "--bench",
        "decode",
    ]);
    if settings.quick {
        // The debug profile: dependencies are built already.
        command.args([
            "--profile",
            "dev",
            "--",
            "--warm-up-time",
            "0.1",
            "--measurement-time",
            "0.2",
            "--sample-size",
            "10",
        ]);
    }
    let output = command
        .env("BENCH_ITEMS", settings.items.to_string())
        .env("CRITERION_HOME", &home)
        .current_dir(root)
        .output()
        .context("cannot run cargo bench")?;
    if !output.status.success() {
        bail!(
            "cargo bench failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut out = Vec::new();
    for (group, names) in BENCHES {
        for name in *names {
            let dir = home.join(group).join(name).join("new");
            let read = |file: &str| -> Result<Value> {
                let path = dir.join(file);
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("criterion wrote no {}", path.display()))?;
                Ok(serde_json::from_str(&text)?)
            };
            let estimates = read("estimates.json")?;
            let benchmark = read("benchmark.json")?;
            let nanos = estimates["median"]["point_estimate"]
                .as_f64()
                .context("no median in estimates.json")?;
            let bytes = benchmark["throughput"]["Bytes"]
                .as_u64()
                .context("no byte throughput in benchmark.json")?;
            let decode = Decode {
                group: (*group).to_owned(),
                name: (*name).to_owned(),
                seconds: nanos / 1e9,
                bytes,
                items: settings.items,
            };
            println!(
                "  decode {group}/{name}: {:.2} ms, {:.0} MB/s",
                decode.seconds * 1e3,
                decode.megabytes_per_second()
            );
            out.push(decode);
        }
    }
    Ok(out)
}
