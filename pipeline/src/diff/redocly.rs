//! `cargo xtask diff-redocly [--write]`: our classification next to
//! `redocly diff` (pinned in `tools/`) on every pair of the diff corpus.
//!
//! The table is committed (`xtask/tests/diff_corpus/REDOCLY.md`); without
//! `--write` the command fails when it is stale, so what the README says
//! about the disagreements stays true.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::change::{Kind, Verdict};
use super::{format_pairs, operations, parse, selecting_header};
use crate::tools;

/// The corpus of spec pairs, one folder per case.
pub const CORPUS: &str = "xtask/tests/diff_corpus";
/// The committed comparison table.
pub const TABLE: &str = "xtask/tests/diff_corpus/REDOCLY.md";

/// How many redocly processes run at once (each is a Node.js process).
const PARALLEL: usize = 4;

/// One corpus case in one format, classified by both tools.
#[derive(Debug)]
pub struct Row {
    /// Corpus folder name.
    pub case: String,
    /// Format, for multi-format cases.
    pub format: Option<String>,
    /// Our distinct (kind, wire verdict) pairs: redocly judges what
    /// breaks on the wire, not generated code.
    pub ours: BTreeSet<(Kind, Verdict)>,
    /// Redocly's (rule or change kind, impact) pairs.
    pub redocly: BTreeSet<(String, String)>,
}

impl Row {
    /// Whether both call the change breaking (redocly: `major`), or neither.
    pub fn agree(&self) -> bool {
        let ours = self.ours.iter().any(|(_, v)| *v == Verdict::Breaking);
        let theirs = self.redocly.iter().any(|(_, impact)| impact == "major");
        ours == theirs
    }
}

/// The corpus case folders, sorted.
pub fn cases(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root.join(CORPUS))
        .with_context(|| format!("cannot list {CORPUS}"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("base.yaml").exists())
        .collect();
    out.sort();
    Ok(out)
}

/// A corpus case's name: its folder's.
pub fn case_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Projected documents per format: (format, base, head).
pub type FormatPairs = Vec<(Option<String>, Value, Value)>;

/// The projected documents of one case, and the header that selects a
/// format.
pub fn projected(case: &Path) -> Result<(FormatPairs, Option<String>)> {
    let read = |name: &str| -> Result<Value> {
        let path = case.join(name);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        parse(&path.display().to_string(), &text)
    };
    let (base, head) = (read("base.yaml")?, read("head.yaml")?);
    let name = case_name(case);
    let header = selecting_header(&name, Some(&base), Some(&head));
    Ok((format_pairs(&name, Some(&base), Some(&head))?, header))
}

/// Redocly's changes as (rule or kind, impact).
fn redocly_changes(output: &str) -> Result<BTreeSet<(String, String)>> {
    let start = output
        .find("{\n")
        .with_context(|| format!("no JSON in redocly's output: {output}"))?;
    let mut stream = serde_json::Deserializer::from_str(&output[start..]).into_iter::<Value>();
    let report = stream
        .next()
        .and_then(Result::ok)
        .with_context(|| format!("unreadable redocly output: {output}"))?;
    let mut out = BTreeSet::new();
    for change in report["changes"].as_array().into_iter().flatten() {
        let impact = change["impact"].as_str().unwrap_or("?").to_owned();
        let rules: Vec<&str> = change["verdicts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v["ruleId"].as_str())
            .collect();
        if rules.is_empty() {
            let what = format!(
                "{} {}",
                change["typeName"].as_str().unwrap_or("?"),
                change["kind"].as_str().unwrap_or("?")
            );
            out.insert((what, impact));
        } else {
            for rule in rules {
                out.insert((rule.to_owned(), impact.clone()));
            }
        }
    }
    Ok(out)
}

/// Classifies every corpus case with both tools.
pub fn compare(root: &Path) -> Result<Vec<Row>> {
    let node = tools::node_bin(root)?;
    let scratch = root.join("target/diff-redocly");
    let mut jobs = Vec::new();
    for case in cases(root)? {
        let name = case_name(&case);
        let (pairs, header) = projected(&case)?;
        for (format, base, head) in pairs {
            let dir = scratch
                .join(&name)
                .join(format.as_deref().unwrap_or("single"));
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join("base.json"), serde_json::to_string_pretty(&base)?)?;
            std::fs::write(dir.join("head.json"), serde_json::to_string_pretty(&head)?)?;
            let ours: BTreeSet<(Kind, Verdict)> = operations::compare_documents(
                &name,
                format.as_deref(),
                header.as_deref(),
                &base,
                &head,
            )
            .into_iter()
            .map(|c| (c.kind, c.wire))
            .collect();
            jobs.push((name.clone(), format, dir, ours));
        }
    }
    let mut rows = Vec::new();
    for chunk in jobs.chunks(PARALLEL) {
        let mut running = Vec::new();
        for (_, _, dir, _) in chunk {
            let child = Command::new(node.join("redocly"))
                .args([
                    "diff",
                    "base.json",
                    "head.json",
                    "--format",
                    "json",
                    "--fail-on",
                    "none",
                ])
                .env("REDOCLY_TELEMETRY", "off")
                .current_dir(dir)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .context("cannot run redocly")?;
            running.push(child);
        }
        for ((case, format, _, ours), child) in chunk.iter().zip(running) {
            let output = child.wait_with_output()?;
            if !output.status.success() {
                bail!(
                    "redocly diff failed on {case}: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            let redocly = redocly_changes(&String::from_utf8_lossy(&output.stdout))?;
            rows.push(Row {
                case: case.clone(),
                format: format.clone(),
                ours: ours.clone(),
                redocly,
            });
        }
    }
    Ok(rows)
}

/// The committed Markdown table.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "# `cargo xtask diff` next to `redocly diff`\n\n\
         Generated by `cargo xtask diff-redocly --write` (redocly pinned in `tools/`);\n\
         `cargo xtask ci` fails when it is stale. Each corpus pair is projected per\n\
         format and given to both tools. \"Ours\" is our `wire` verdict (redocly judges\n\
         the wire, not generated code). \"Agree\": both call it breaking (redocly:\n\
         `major`) or neither does. The README explains every disagreement.\n\n\
         | case | format | ours | redocly | agree |\n|---|---|---|---|---|\n",
    );
    for row in rows {
        let ours: Vec<String> = row
            .ours
            .iter()
            .map(|(kind, verdict)| {
                let verdict = match verdict {
                    Verdict::Breaking => "breaking",
                    Verdict::NonBreaking => "non-breaking",
                };
                format!("{} ({verdict})", kind.name())
            })
            .collect();
        let redocly: Vec<String> = row
            .redocly
            .iter()
            .map(|(rule, impact)| format!("{rule} ({impact})"))
            .collect();
        let shown = |list: Vec<String>| {
            if list.is_empty() {
                "—".to_owned()
            } else {
                list.join("<br>")
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            row.case,
            row.format.as_deref().unwrap_or("—"),
            shown(ours),
            shown(redocly),
            if row.agree() { "yes" } else { "**no**" }
        );
    }
    let agreed = rows.iter().filter(|r| r.agree()).count();
    let _ = writeln!(
        out,
        "\n{agreed} of {} rows agree on breaking or not.",
        rows.len()
    );
    out
}

/// Runs the comparison; writes the table with `write`, else checks it.
pub fn run(root: &Path, write: bool) -> Result<()> {
    let rows = compare(root)?;
    let rendered = table(&rows);
    let path = root.join(TABLE);
    if write {
        std::fs::write(&path, &rendered)?;
        println!("wrote {TABLE}");
    } else {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != rendered {
            bail!("{TABLE} is stale: run `cargo xtask diff-redocly --write` and review the change");
        }
    }
    let disagree: Vec<&Row> = rows.iter().filter(|r| !r.agree()).collect();
    println!(
        "diff-redocly: {} rows, {} disagree: {}",
        rows.len(),
        disagree.len(),
        disagree
            .iter()
            .map(|r| r.case.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
