//! `BENCHMARKS.md`: the method, the machine, every figure with its ratio,
//! and the targets.

use std::fmt::Write as _;

use super::build_loop::Builds;
use super::decoding::Decode;
use super::diff_scale::DiffScale;
use super::generation::Generation;
use super::machine::Machine;
use super::proxy::ProxyCost;
use super::recordings_scale::{RecordingsScale, ScaleRow};

/// Everything one run measured.
#[derive(Debug, Clone)]
pub struct Report {
    /// A smoke run.
    pub quick: bool,
    /// Where.
    pub machine: Machine,
    /// Generation.
    pub generation: Generation,
    /// Builds and the loop.
    pub builds: Builds,
    /// Decoding.
    pub decoding: Vec<Decode>,
    /// The diff at scale.
    pub diff: DiffScale,
    /// The recording proxy.
    pub proxy: ProxyCost,
    /// `learn` and `conformance` over generated corpora.
    pub recordings: RecordingsScale,
}

/// The corpus size the recordings targets are about.
pub const RECORDINGS_TARGET: usize = 100_000;

/// How much more peak memory the largest corpus may take than the
/// smallest and still count as not growing with the count.
pub const RECORDINGS_FLAT_RATIO: f64 = 1.25;

/// Resident growth under which a proxied stream counts as flat, MiB.
pub const PROXY_FLAT_MIB: u64 = 64;

/// The size of the pair the diff targets are about.
pub const DIFF_TARGET_OPERATIONS: usize = 2000;

fn ms(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1e3)
    } else {
        format!("{seconds:.1} s")
    }
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "**not met**" }
}

impl Report {
    fn decode(&self, group: &str, name: &str) -> Option<&Decode> {
        self.decoding
            .iter()
            .find(|d| d.group == group && d.name == name)
    }

    fn ratio(&self, group: &str, a: &str, b: &str) -> Option<f64> {
        Some(self.decode(group, a)?.seconds / self.decode(group, b)?.seconds)
    }

    /// The report as Markdown: a header, then one section per measurement.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let sections: [fn(&Self, &mut String); 8] = [
            Self::header,
            Self::generation_section,
            Self::builds_section,
            Self::decoding_section,
            Self::diff_section,
            Self::proxy_section,
            Self::recordings_section,
            Self::targets_section,
        ];
        for section in sections {
            section(self, &mut out);
        }
        out
    }

    /// Title, smoke-run warning, date and machine.
    fn header(&self, out: &mut String) {
        let _ = writeln!(out, "# Benchmarks\n");
        if self.quick {
            out.push_str("**Smoke run (`--quick`): small sizes, debug builds; the figures mean nothing.**\n\n");
        }
        let _ = writeln!(
            out,
            "Written by `cargo xtask bench` on {} from one run: every ratio compares figures of that run.\n\n\
             Machine: {}.\n",
            self.machine.date,
            self.machine.summary()
        );
    }

    /// Our generation times against openapi-generator's.
    fn generation_section(&self, out: &mut String) {
        let g = &self.generation;
        out.push_str("## Generation\n\n");
        let _ = writeln!(
            out,
            "Ours: the release xtask in-process, projection + limit checks + Rust generation + formatting, \
             median of {} runs. Baseline: `openapi-generator-cli generate -g rust` ({}, pinned in `tools/`) \
             on the dist document the Rust client is generated from, median of {} runs (JVM start included: \
             it is what a user waits for).\n",
            g.runs, g.baseline_version, g.baseline_runs
        );
        out.push_str("| API | document | ours | openapi-generator rust | ratio (ours / theirs) |\n|---|---|---:|---:|---:|\n");
        let mut theirs_total = 0.0;
        for (api, dist, ours, theirs) in &g.apis {
            theirs_total += theirs;
            let _ = writeln!(
                out,
                "| {api} | `{dist}` | {} | {} | {:.4} ({:.0}× faster) |",
                ms(*ours),
                ms(*theirs),
                ours / theirs,
                theirs / ours
            );
        }
        let _ = writeln!(
            out,
            "| **all** (ours: every spec in one run, outputs not written; theirs: the sum of the medians above) | | {} | {} | {:.4} ({:.0}× faster) |\n",
            ms(g.all),
            ms(theirs_total),
            g.all / theirs_total,
            theirs_total / g.all
        );
        let _ = writeln!(
            out,
            "`generate --check` (produce everything, compare with the committed files): {} (median of {}), {:.2}× a generation.\n",
            ms(g.check),
            g.runs,
            g.check / g.all
        );
        let _ = writeln!(
            out,
            "The command users run, `cargo xtask generate --check` in the workspace (through cargo, \
             cargo's start-up included, the xtask built in the workspace's `xtask` profile: optimized \
             at `opt-level` 1, no debug info), warm: {} (median of {}), {:.1}× the release xtask's \
             `generate --check` in-process.\n",
            ms(g.command),
            g.command_runs,
            g.command / g.check
        );
    }

    /// Clean builds and the one-field-change loop.
    fn builds_section(&self, out: &mut String) {
        let b = &self.builds;
        out.push_str("## Build and the one-field-change loop (debug profile)\n\n");
        let _ = writeln!(
            out,
            "In a scratch copy of the workspace in the temporary folder, with its own empty target folder \
             (a quick run keeps its own between runs and tests the library only). The loop adds one optional property to a response schema (`ScanSite`) and runs \
             the generator (in-process, the release xtask: the work of `cargo xtask generate`, without \
             the start-up measured above), `cargo build -p defentry`, `cargo test -p defentry` (every defentry \
             test: unit, the integration test binary, doctests with the compile-fail scope checks), median of {} loops after one \
             full `cargo test -p defentry`.\n",
            b.loops
        );
        out.push_str("| step | time | ratio |\n|---|---:|---|\n");
        match b.cold {
            Some(cold) => {
                let _ = writeln!(
                    out,
                    "| clean build of `crates/defentry`, dependencies included | {} | |",
                    ms(cold)
                );
                let _ = writeln!(
                    out,
                    "| clean build of `crates/defentry` alone, dependencies built | {} | {:.2} of the above |",
                    ms(b.crate_only),
                    b.crate_only / cold
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "| clean build of `crates/defentry` alone, dependencies built | {} | |",
                    ms(b.crate_only)
                );
            }
        }
        let _ = writeln!(
            out,
            "| loop: regenerate | {} | {:.2} of the loop |",
            ms(b.regenerate),
            b.regenerate / b.total
        );
        let _ = writeln!(
            out,
            "| loop: build | {} | {:.2} of the loop |",
            ms(b.build),
            b.build / b.total
        );
        let _ = writeln!(
            out,
            "| loop: test | {} | {:.2} of the loop |",
            ms(b.test),
            b.test / b.total
        );
        let _ = writeln!(out, "| **loop total** | **{}** | |\n", ms(b.total));
    }

    /// Decoding throughput, one row per list and decoder.
    fn decoding_section(&self, out: &mut String) {
        out.push_str("## Decoding\n\n");
        let items = self.decoding.first().map_or(0, |d| d.items);
        let _ = writeln!(
            out,
            "criterion ({} profile, median), `serde_json::from_slice` of one list of {items} items. \
             **scan status**: the documented list (`GET /api/v1/delete-my-data/scan/status`), sites cycled \
             from the twin recordings, into the generated `types::ScanStatusResponse` (open enums, \
             unknown-field maps, `Flag`). **records**: alarm and leak bodies are not documented (no \
             recording has one; the SDK returns them unparsed for `read_json`), so this list measures the \
             two wire types that carry the format differences, `types::Timestamp` and `types::Flag`, in a \
             caller's record (`id`, `name`, two timestamps, two flags). The floor: plain serde structs of \
             the same shape with `bool`, chrono `DateTime<Utc>` (the borrowed string through `parse_from_rfc3339`, chrono's fastest plain parse) and closed enums, on the standardized bytes.\n",
            if self.quick { "debug" } else { "release" }
        );
        out.push_str("| list | decoder | format | median | MB/s | items/s | ratio |\n|---|---|---|---:|---:|---:|---|\n");
        for d in &self.decoding {
            self.decoding_row(d, out);
        }
        out.push('\n');
    }

    /// One row of the decoding table.
    fn decoding_row(&self, d: &Decode, out: &mut String) {
        let (decoder, format) = d.name.split_once('_').unwrap_or((&d.name, ""));
        let decoder = match decoder {
            "sdk" => "SDK types",
            "value" => "`serde_json::Value`",
            "floor" => "plain structs (floor)",
            other => other,
        };
        let ratio = match d.name.as_str() {
            "sdk_standardized" => self
                .ratio(&d.group, "sdk_standardized", "floor_standardized")
                .map(|r| format!("{r:.2}× the floor")),
            "sdk_legacy" => self
                .ratio(&d.group, "sdk_legacy", "sdk_standardized")
                .map(|r| format!("{r:.2}× standardized")),
            "value_standardized" | "value_legacy" => {
                let sdk = d.name.replace("value", "sdk");
                self.ratio(&d.group, &d.name, &sdk)
                    .map(|r| format!("{r:.2}× the SDK types"))
            }
            _ => None,
        }
        .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {decoder} | {format} | {:.2} ms | {:.0} | {:.0} | {ratio} |",
            d.group.replace('_', " "),
            d.seconds * 1e3,
            d.megabytes_per_second(),
            d.items_per_second()
        );
    }

    /// `cargo xtask diff` against `redocly diff` as the pair doubles.
    fn diff_section(&self, out: &mut String) {
        let d = &self.diff;
        out.push_str(
            "## Diff at scale

",
        );
        let _ = writeln!(
            out,
            "A synthetic pair of OpenAPI 3.0 documents (`xtask/src/bench/synthetic_spec.rs`): four operations \
             per resource, three quarters as many component schemas as operations, each referring to two \
             earlier ones, a few self-referencing; every operation's `default` response reaches the shared \
             `Error` schema and through it about a quarter of the models; the head plants the same number \
             of changes of six kinds at every size (enum value added, property removed, `maxLength` \
             narrowed, format changed, required parameter added, operation removed): one of each model \
             kind on the last model, which every operation reaches through `Error` by one path (reported \
             once per operation), the others on models that the operations of at most two resources reach, \
             so the change records, and the work, grow with the document, not with where a change lands. \
             Ours: `cargo xtask diff --format markdown BASE HEAD` as users run it \
             (through cargo, warm, the `xtask` profile). Theirs: `redocly diff BASE HEAD --fail-on none` \
             (@redocly/cli {}, pinned in `tools/`, Node.js start-up included). Wall time: median of {} runs; \
             memory: the peak resident set of the largest process of the tree (largest of the runs; for small pairs that is cargo itself).\n",
            d.redocly_version, d.runs
        );
        out.push_str(
            "| operations | schemas | base document | changes planted | change records | ours | ours, memory | redocly | redocly, memory | time (ours / theirs) | ours vs the size before |\n\
             |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
        );
        let mut before: Option<&super::diff_scale::DiffRow> = None;
        for row in &d.rows {
            let growth = before.map_or(String::new(), |prev| {
                format!(
                    "time {:.2}×, memory {:.2}×",
                    row.ours.0 / prev.ours.0,
                    row.ours.1 as f64 / prev.ours.1 as f64
                )
            });
            let _ = writeln!(
                out,
                "| {} | {} | {:.1} MB | {} | {} | {} | {} MiB | {} | {} MiB | {:.2} | {growth} |",
                row.operations,
                row.schemas,
                row.bytes as f64 / 1e6,
                row.planted,
                row.records,
                ms(row.ours.0),
                row.ours.1 / 1024,
                ms(row.redocly.0),
                row.redocly.1 / 1024,
                row.ours.0 / row.redocly.0,
            );
            before = Some(row);
        }
        out.push('\n');
    }

    /// The recording proxy against direct calls.
    fn proxy_section(&self, out: &mut String) {
        let p = &self.proxy;
        out.push_str("## Recording proxy\n\n");
        let _ = writeln!(
            out,
            "`record-bench` (`traffic/src/bench.rs`, {} build) on loopback: a simulated upstream and a \
             client with keep-alive in one process, the proxy (the `record` binary, recording every \
             exchange: matching, redaction, a file per exchange) in its own. Latency: {} calls of each \
             kind to the scan status (a small JSON answer), direct and proxied interleaved (which goes \
             first alternates) after a warm-up. The proxy writes each recording after the answer has \
             ended, so that work is not in its own call's time; it runs while the next calls do, on the \
             same 2 cores. Memory: a {} MiB body streamed to a client that discards it, directly (the \
             proxy idle: a control) and then through the proxy (which keeps its first 1 MiB for the \
             recording); the proxy process's resident set is sampled every 20 ms, and growth is its peak \
             over its resident set before ({} MiB). The proxy wrote {} recordings.\n",
            p.profile,
            p.calls,
            p.stream_bytes >> 20,
            p.resident_kib / 1024,
            p.written
        );
        out.push_str("| | direct | through the proxy | added |\n|---|---:|---:|---:|\n");
        let _ = writeln!(
            out,
            "| p50 | {:.0} µs | {:.0} µs | {:.0} µs |",
            p.direct_us.0,
            p.proxied_us.0,
            p.added_p50_us()
        );
        let _ = writeln!(
            out,
            "| p99 | {:.0} µs | {:.0} µs | {:.0} µs |",
            p.direct_us.1,
            p.proxied_us.1,
            p.proxied_us.1 - p.direct_us.1
        );
        let rate = |(_, seconds): (u64, f64)| (p.stream_bytes as f64 / 1048576.0) / seconds;
        let _ = writeln!(
            out,
            "| {} MiB stream: the proxy's resident growth | {} MiB (control) | {} MiB | |",
            p.stream_bytes >> 20,
            p.direct_stream.0 / 1024,
            p.proxied_stream.0 / 1024
        );
        let _ = writeln!(
            out,
            "| {} MiB stream: throughput | {:.0} MiB/s | {:.0} MiB/s | ratio {:.2} |\n",
            p.stream_bytes >> 20,
            rate(p.direct_stream),
            rate(p.proxied_stream),
            rate(p.proxied_stream) / rate(p.direct_stream)
        );
    }

    /// `learn` and `conformance` as the corpus doubles.
    fn recordings_section(&self, out: &mut String) {
        let r = &self.recordings;
        out.push_str("## Recordings at scale\n\n");
        let _ = writeln!(
            out,
            "Corpora of live recordings generated from the simulated upstream's shapes \
             (`simulate corpus`: `listAlarms` and `getAlarm` with their twin in the other format, \
             `createAccount`, `closeAlarm`), checked against a spec that learned those shapes (a scratch \
             copy, as `cargo xtask acceptance-learn` makes it: record, learn, generate), so every body \
             is validated against its schema, decoded by the regenerated Rust client over loopback \
             HTTP, and compared with its twin. `learn` and `conformance --strict` are the {} builds, \
             one run each; peak memory is the process's largest resident set. `learn` streams the \
             files; `conformance` holds one sibling group at a time and, beyond 10,000 recordings, \
             reads the folders once per part of about 10,000 (siblings in the same part).\n",
            r.profile
        );
        out.push_str(
            "| recordings | learn | learn: recordings/s | learn: peak | conformance --strict | conformance: recordings/s | conformance: peak |\n|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        let rate = |n: usize, seconds: f64| {
            if seconds > 0.0 {
                format!("{:.0}", n as f64 / seconds)
            } else {
                "-".to_owned()
            }
        };
        for row in &r.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.1} MiB | {} | {} | {:.1} MiB |",
                row.recordings,
                ms(row.learn.0),
                rate(row.recordings, row.learn.0),
                row.learn.1 as f64 / 1024.0,
                ms(row.conformance.0),
                rate(row.recordings, row.conformance.0),
                row.conformance.1 as f64 / 1024.0,
            );
        }
        out.push('\n');
    }

    /// Every target and whether it is met.
    fn targets_section(&self, out: &mut String) {
        out.push_str("## Targets\n\n| target | measured | |\n|---|---|---|\n");
        for target in self.targets() {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                target.name,
                target.measured,
                met(target.met)
            );
        }
    }
}

/// One target of the report.
#[derive(Debug, Clone)]
pub struct Target {
    /// What is promised.
    pub name: String,
    /// The figure measured.
    pub measured: String,
    /// Whether the figure keeps the promise.
    pub met: bool,
}

impl Report {
    /// Every target, with its figure.
    pub fn targets(&self) -> Vec<Target> {
        let g = &self.generation;
        let b = &self.builds;
        let mut out = vec![
            Target {
                name: "generation of all specs under 1 s".into(),
                measured: ms(g.all),
                met: g.all < 1.0,
            },
            Target {
                name: "warm `cargo xtask generate --check` under 0.5 s".into(),
                measured: ms(g.command),
                met: g.command < 0.5,
            },
        ];
        let slowest = g
            .apis
            .iter()
            .map(|(_, _, ours, theirs)| theirs / ours)
            .fold(f64::INFINITY, f64::min);
        out.push(Target {
            name: "at least 10× faster than openapi-generator on the same document".into(),
            measured: format!("{slowest:.0}× (the closest API)"),
            met: slowest >= 10.0,
        });
        for group in ["scan_status", "records"] {
            let name = group.replace('_', " ");
            if let Some(r) = self.ratio(group, "sdk_legacy", "sdk_standardized") {
                out.push(Target {
                    name: format!("{name}: legacy within 1.3× of standardized"),
                    measured: format!("{r:.2}×"),
                    met: r <= 1.3,
                });
            }
            if let Some(r) = self.ratio(group, "sdk_standardized", "floor_standardized") {
                out.push(Target {
                    name: format!("{name}: standardized within 1.2× of the floor"),
                    measured: format!("{r:.2}×"),
                    met: r <= 1.2,
                });
            }
        }
        out.push(Target {
            name: "one-field-change loop under 30 s".into(),
            measured: ms(b.total),
            met: b.total < 30.0,
        });
        out.extend(self.diff_targets());
        let p = &self.proxy;
        out.push(Target {
            name: "the recording proxy adds at most 1 ms at p50 on loopback".into(),
            measured: format!("{:.0} µs", p.added_p50_us()),
            met: p.added_p50_us() <= 1000.0,
        });
        out.push(Target {
            name: format!(
                "memory stays flat while a {} MiB body streams through the proxy (growth under {PROXY_FLAT_MIB} MiB)",
                p.stream_bytes >> 20
            ),
            measured: format!("{} MiB", p.proxied_stream.0 / 1024),
            met: p.proxied_stream.0 / 1024 < PROXY_FLAT_MIB,
        });
        out.extend(self.recordings_targets());
        out
    }

    /// Recordings: 100,000 checked in under 60 s; peak memory of the
    /// largest corpus within [`RECORDINGS_FLAT_RATIO`] of the smallest.
    fn recordings_targets(&self) -> Vec<Target> {
        let rows = &self.recordings.rows;
        let mut out = Vec::new();
        if let Some(row) = rows.iter().find(|r| r.recordings == RECORDINGS_TARGET) {
            out.push(Target {
                name: format!(
                    "`conformance --strict` checks {RECORDINGS_TARGET} recordings in under 60 s"
                ),
                measured: ms(row.conformance.0),
                met: row.conformance.0 < 60.0,
            });
        }
        if let (Some(first), Some(last)) = (rows.first(), rows.last())
            && last.recordings > first.recordings
        {
            let growth = |peak: fn(&ScaleRow) -> u64| peak(last) as f64 / peak(first).max(1) as f64;
            for (name, ratio) in [
                ("learn", growth(|r| r.learn.1)),
                ("conformance", growth(|r| r.conformance.1)),
            ] {
                out.push(Target {
                    name: format!(
                        "{name}: peak memory does not grow with the count ({}× the recordings, at most {RECORDINGS_FLAT_RATIO}× the memory)",
                        last.recordings / first.recordings
                    ),
                    measured: format!("{ratio:.2}×"),
                    met: ratio <= RECORDINGS_FLAT_RATIO,
                });
            }
        }
        out
    }

    /// The diff: the 2,000-operation pair under 2 s, and time and memory
    /// that grow linearly (at most 2.4× for twice the operations).
    fn diff_targets(&self) -> Vec<Target> {
        let rows = &self.diff.rows;
        let mut out = Vec::new();
        if let Some(row) = rows
            .iter()
            .find(|row| row.operations == DIFF_TARGET_OPERATIONS)
        {
            out.push(Target {
                name: format!(
                    "`cargo xtask diff` of the {DIFF_TARGET_OPERATIONS}-operation pair under 2 s"
                ),
                measured: ms(row.ours.0),
                met: row.ours.0 < 2.0,
            });
        }
        let doublings: Vec<(f64, f64)> = rows
            .windows(2)
            .filter(|pair| pair[1].operations == 2 * pair[0].operations)
            .map(|pair| {
                (
                    pair[1].ours.0 / pair[0].ours.0,
                    pair[1].ours.1 as f64 / pair[0].ours.1 as f64,
                )
            })
            .collect();
        if !doublings.is_empty() {
            let worst =
                |pick: fn(&(f64, f64)) -> f64| doublings.iter().map(pick).fold(0.0, f64::max);
            let (time, memory) = (worst(|d| d.0), worst(|d| d.1));
            out.push(Target {
                name: "diff time grows linearly: at most 2.4× for twice the operations".into(),
                measured: format!("{time:.2}× (the steepest doubling)"),
                met: time <= 2.4,
            });
            out.push(Target {
                name: "diff memory grows linearly: at most 2.4× for twice the operations".into(),
                measured: format!("{memory:.2}× (the steepest doubling)"),
                met: memory <= 2.4,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::diff_scale::DiffRow;
    use super::*;

    fn decode(group: &str, name: &str, seconds: f64) -> Decode {
        Decode {
            group: group.into(),
            name: name.into(),
            seconds,
            bytes: 2_000_000,
            items: 1000,
        }
    }

    /// A report with every kind of row; `quick` also drops the cold build.
    fn report(quick: bool) -> Report {
        let mut decoding = Vec::new();
        for group in ["scan_status", "records"] {
            for (name, seconds) in [
                ("floor_standardized", 0.001),
                ("sdk_standardized", 0.0011),
                ("sdk_legacy", 0.0016),
                ("value_standardized", 0.002),
                ("value_legacy", 0.0021),
                ("other", 0.003),
            ] {
                decoding.push(decode(group, name, seconds));
            }
        }
        Report {
            quick,
            machine: Machine {
                cpu: "CPU".into(),
                cores: 2,
                memory_gib: 7.5,
                rustc: "rustc 1.88".into(),
                os: "Linux".into(),
                date: "2026-11-26".into(),
                load: "0.5".into(),
            },
            generation: Generation {
                apis: vec![
                    ("defentry".into(), "d.json".into(), 0.05, 4.0),
                    ("crmcom".into(), "c.json".into(), 0.01, 0.05),
                ],
                all: 0.07,
                check: 0.08,
                command: 0.6,
                command_runs: 5,
                runs: 7,
                baseline_runs: 3,
                baseline_version: "7.0".into(),
            },
            builds: Builds {
                cold: (!quick).then_some(90.0),
                crate_only: 30.0,
                regenerate: 0.1,
                build: 10.0,
                test: 25.0,
                total: 35.1,
                loops: 3,
            },
            decoding,
            diff: DiffScale {
                rows: [(1000, 0.5, 90_000), (2000, 1.0, 180_000)]
                    .into_iter()
                    .map(|(operations, seconds, peak)| DiffRow {
                        operations,
                        schemas: operations * 3 / 4 + 1,
                        bytes: operations as u64 * 1400,
                        planted: 200,
                        records: operations * 30,
                        ours: (seconds, peak),
                        redocly: (seconds * 3.0, peak * 2),
                    })
                    .collect(),
                runs: 3,
                redocly_version: "2.0".into(),
            },
            proxy: ProxyCost {
                calls: 5000,
                direct_us: (100.0, 300.0),
                proxied_us: (400.0, 900.0),
                stream_bytes: 1 << 30,
                resident_kib: 20480,
                direct_stream: (0, 1.0),
                proxied_stream: (6144, 2.0),
                written: 10201,
                profile: "release",
            },
            recordings: RecordingsScale {
                rows: [
                    (25_000, 2.0, 12_000, 10.0, 50_000),
                    (100_000, 8.0, 13_000, 40.0, 55_000),
                ]
                .into_iter()
                .map(
                    |(recordings, learn, learn_peak, check, check_peak)| ScaleRow {
                        recordings,
                        learn: (learn, learn_peak),
                        conformance: (check, check_peak),
                    },
                )
                .collect(),
                profile: "release",
            },
        }
    }

    #[test]
    fn the_markdown_report_shows_every_section_and_target() {
        insta::assert_snapshot!("full", report(false).markdown());
        insta::assert_snapshot!("quick", report(true).markdown());
    }
}
