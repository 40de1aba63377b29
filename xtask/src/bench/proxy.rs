//! The recording proxy's cost: `record-bench` of the `traffic` crate (a
//! release build; the dev build for `--quick`) on loopback, the proxy in its
//! own process: direct and proxied calls interleaved, then a large body
//! streamed directly and through the proxy while the proxy's resident set
//! is sampled.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::Settings;

/// What the proxy costs.
#[derive(Debug, Clone)]
pub struct ProxyCost {
    /// Calls of each kind.
    pub calls: u64,
    /// Direct calls: p50 and p99, microseconds.
    pub direct_us: (f64, f64),
    /// Proxied calls: p50 and p99, microseconds.
    pub proxied_us: (f64, f64),
    /// Bytes of the streamed body.
    pub stream_bytes: u64,
    /// The proxy process's resident set before the transfers, KiB.
    pub resident_kib: u64,
    /// Direct stream (the proxy idle: a control): the proxy's resident
    /// growth (KiB) and seconds.
    pub direct_stream: (u64, f64),
    /// Proxied stream: the proxy's resident growth (KiB) and seconds.
    pub proxied_stream: (u64, f64),
    /// Recordings the proxy wrote.
    pub written: u64,
    /// The cargo profile `record-bench` was built in.
    pub profile: &'static str,
}

impl ProxyCost {
    /// Microseconds the proxy adds at p50.
    pub fn added_p50_us(&self) -> f64 {
        self.proxied_us.0 - self.direct_us.0
    }
}

/// Builds the `traffic` binaries and runs `record-bench`.
pub fn measure(root: &Path, settings: &Settings) -> Result<ProxyCost> {
    println!("bench: the recording proxy");
    let mut build = crate::cargo();
    build.args(["build", "--quiet", "--locked", "--message-format=json"]);
    if !settings.quick {
        build.arg("--release");
    }
    let built = build
        .args(["--package", "traffic", "--bins"])
        .current_dir(root)
        .output()
        .context("cannot build the traffic binaries")?;
    if !built.status.success() {
        bail!(
            "building the traffic binaries failed: {}",
            String::from_utf8_lossy(&built.stderr)
        );
    }
    let bench = String::from_utf8_lossy(&built.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|m| m.get("executable")?.as_str().map(std::path::PathBuf::from))
        .find(|path| path.file_name().is_some_and(|n| n == "record-bench"))
        .context("cargo built no record-bench")?;
    let mut command = std::process::Command::new(bench);
    if settings.quick {
        command.arg("--quick");
    }
    let output = command
        .current_dir(root)
        .output()
        .context("cannot run record-bench")?;
    if !output.status.success() {
        bail!(
            "record-bench failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let last = text.lines().last().unwrap_or_default();
    let v: Value = serde_json::from_str(last).context("record-bench printed no JSON")?;
    let f = |pointer: &str| {
        v.pointer(pointer)
            .and_then(Value::as_f64)
            .unwrap_or(f64::NAN)
    };
    let u = |pointer: &str| v.pointer(pointer).and_then(Value::as_u64).unwrap_or(0);
    Ok(ProxyCost {
        calls: u("/calls"),
        direct_us: (f("/direct_us/p50"), f("/direct_us/p99")),
        proxied_us: (f("/proxied_us/p50"), f("/proxied_us/p99")),
        stream_bytes: u("/stream_bytes"),
        resident_kib: u("/proxy_resident_kib"),
        direct_stream: (u("/direct_stream/growth_kib"), f("/direct_stream/seconds")),
        proxied_stream: (
            u("/proxied_stream/growth_kib"),
            f("/proxied_stream/seconds"),
        ),
        written: u("/recordings_written"),
        profile: if settings.quick { "dev" } else { "release" },
    })
}
