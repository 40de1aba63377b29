//! The recording proxy's cost: `record-bench` of the `traffic` crate (a
//! release build; the dev build for `--quick`), in one process on
//! loopback: direct and proxied calls interleaved, then a large body
//! streamed directly and through the proxy while the resident set is
//! sampled.

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
    /// Direct stream: resident growth (KiB) and seconds.
    pub direct_stream: (u64, f64),
    /// Proxied stream: resident growth (KiB) and seconds.
    pub proxied_stream: (u64, f64),
    /// The cargo profile `record-bench` was built in.
    pub profile: &'static str,
}

impl ProxyCost {
    /// Microseconds the proxy adds at p50.
    pub fn added_p50_us(&self) -> f64 {
        self.proxied_us.0 - self.direct_us.0
    }
}

/// Runs `record-bench`.
pub fn measure(root: &Path, settings: &Settings) -> Result<ProxyCost> {
    println!("bench: the recording proxy");
    let mut command = crate::cargo();
    command.args(["run", "--quiet", "--locked"]);
    if !settings.quick {
        command.arg("--release");
    }
    command.args(["--package", "traffic", "--bin", "record-bench", "--"]);
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
        direct_stream: (u("/direct_stream/growth_kib"), f("/direct_stream/seconds")),
        proxied_stream: (
            u("/proxied_stream/growth_kib"),
            f("/proxied_stream/seconds"),
        ),
        profile: if settings.quick { "dev" } else { "release" },
    })
}
