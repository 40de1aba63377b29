//! What the machine is, for the report.

use std::process::Command;

/// The machine a run measured.
#[derive(Debug, Clone)]
pub struct Machine {
    /// CPU model.
    pub cpu: String,
    /// Logical CPUs available to this process.
    pub cores: usize,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// `rustc --version`.
    pub rustc: String,
    /// Kernel.
    pub os: String,
    /// UTC date of the run.
    pub date: String,
    /// `/proc/loadavg`'s 1, 5 and 15 minute load averages when the run
    /// started: other work on the machine slows every figure.
    pub load: String,
}

impl Machine {
    /// One line.
    pub fn summary(&self) -> String {
        format!(
            "{}, {} logical CPUs, {:.1} GiB RAM, {}, {}; load average at the start {}",
            self.cpu, self.cores, self.memory_gib, self.os, self.rustc, self.load
        )
    }
}

fn first_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Reads the machine's description from `/proc` and the toolchain.
pub fn describe() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or_else(|| "unknown CPU".to_owned(), |(_, v)| v.trim().to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kib: f64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    Machine {
        cpu,
        cores: std::thread::available_parallelism().map_or(1, usize::from),
        memory_gib: memory_kib / 1024.0 / 1024.0,
        rustc: first_line("rustc", &["--version"]),
        os: format!("{} {}", std::env::consts::OS, kernel.trim()),
        date: first_line("date", &["-u", "+%Y-%m-%d"]),
        load: load_average(),
    }
}

/// The 1, 5 and 15 minute load averages, or `unknown`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|load| !load.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}
