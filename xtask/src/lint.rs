//! `cargo xtask lint`: the pinned external linters on every source and dist
//! document. Any error or warning fails (a warning is fixed, or switched off
//! in `redocly.yaml` / `.spectral.yaml` with its reason).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Result, bail};
use serde_json::Value;

use crate::apis::APIS;
use crate::tools::{self, Ran};

/// The project's own Spectral rules; each must fire on the violations fixture.
const PROJECT_RULES: &[&str] = &[
    "operation-summary",
    "operation-security-explicit",
    "operation-error-response",
    "provisional-explained",
    "provisional-flagged",
    "flag-prefix-means-boolean",
    "boolean-has-flag-prefix",
];

/// The documents to lint: every source spec, then every dist document.
pub fn documents(root: &Path) -> Result<Vec<PathBuf>> {
    let mut documents: Vec<PathBuf> = APIS
        .iter()
        .map(|api| PathBuf::from(api.source_path()))
        .collect();
    let mut dist: Vec<PathBuf> = std::fs::read_dir(root.join("spec/dist"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    dist.sort();
    documents.extend(dist);
    Ok(documents)
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Redocly's problems (errors and warnings) of one document, as text.
fn redocly_problems(ran: &Ran) -> Result<Vec<String>, String> {
    let start = ran.output.find('{').ok_or_else(|| ran.output.clone())?;
    let mut stream = serde_json::Deserializer::from_str(&ran.output[start..]).into_iter::<Value>();
    let report = stream
        .next()
        .and_then(Result::ok)
        .ok_or_else(|| ran.output.clone())?;
    Ok(report["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            format!(
                "{} {}: {} at {}",
                p["severity"].as_str().unwrap_or("?"),
                p["ruleId"].as_str().unwrap_or("?"),
                p["message"].as_str().unwrap_or("?"),
                p["location"][0]["pointer"].as_str().unwrap_or("?")
            )
        })
        .collect())
}

/// Where the pinned tools are installed.
struct Bins {
    python: PathBuf,
    node: PathBuf,
}

/// One linter run on one document.
type Linter = fn(&Bins, &Path, &Path) -> Result<Ran>;

/// The linters of every document, with the name the table gives each.
const LINTERS: &[(&str, Linter)] = &[
    ("openapi-spec-validator", spec_validator),
    ("redocly lint (recommended, examples as errors)", redocly),
    ("spectral lint (spectral:oas + project rules)", spectral),
];

/// Runs every linter; prints one line per tool and document.
pub fn run(root: &Path) -> Result<()> {
    let bins = Bins {
        python: tools::python_bin(root)?,
        node: tools::node_bin(root)?,
    };
    let mut table = Vec::new();
    println!("lint: tool, document, result, seconds");
    for document in documents(root)? {
        let doc = name(&document);
        for (tool, linter) in LINTERS {
            let ran = linter(&bins, root, &document)?;
            tools::report(&mut table, tool, &doc, &ran);
        }
    }
    let ran = project_rules_fire(&bins, root)?;
    tools::report(
        &mut table,
        "spectral project rules fire on their fixture",
        "violations.yaml",
        &ran,
    );
    let failed = table.iter().filter(|(_, _, ok, _)| !ok).count();
    println!("lint: {} checks, {failed} failed", table.len());
    if failed > 0 {
        bail!("{failed} lint check(s) failed");
    }
    Ok(())
}

fn spec_validator(bins: &Bins, root: &Path, document: &Path) -> Result<Ran> {
    tools::run(
        Command::new(bins.python.join("openapi-spec-validator"))
            .arg(document)
            .current_dir(root),
    )
}

/// Redocly fails on any problem it lists (it exits 0 on warnings).
fn redocly(bins: &Bins, root: &Path, document: &Path) -> Result<Ran> {
    let mut ran = tools::run(
        Command::new(bins.node.join("redocly"))
            .args(["lint", "--config", "redocly.yaml", "--format=json"])
            .arg(document)
            .env("REDOCLY_TELEMETRY", "off")
            .current_dir(root),
    )?;
    match redocly_problems(&ran) {
        Ok(problems) if problems.is_empty() => {}
        Ok(problems) => {
            ran.ok = false;
            ran.output = problems.join("\n");
        }
        Err(output) => {
            ran.ok = false;
            ran.output = output;
        }
    }
    Ok(ran)
}

fn spectral(bins: &Bins, root: &Path, document: &Path) -> Result<Ran> {
    tools::run(
        Command::new(bins.node.join("spectral"))
            .args([
                "lint",
                "--ruleset",
                ".spectral.yaml",
                "--fail-severity=warn",
                "--quiet",
            ])
            .arg(document)
            .current_dir(root),
    )
}

/// Spectral on the violations fixture: fails unless every project rule fires.
fn project_rules_fire(bins: &Bins, root: &Path) -> Result<Ran> {
    let mut ran = tools::run(
        Command::new(bins.node.join("spectral"))
            .args([
                "lint",
                "--ruleset",
                ".spectral.yaml",
                "--format=json",
                "tools/lint-fixtures/violations.yaml",
            ])
            .current_dir(root),
    )?;
    let fired: BTreeSet<String> = ran
        .output
        .find('[')
        .and_then(|start| serde_json::from_str::<Value>(&ran.output[start..]).ok())
        .and_then(|v| {
            v.as_array().map(|a| {
                a.iter()
                    .filter_map(|p| p["code"].as_str().map(str::to_owned))
                    .collect()
            })
        })
        .unwrap_or_default();
    let silent: Vec<&str> = PROJECT_RULES
        .iter()
        .copied()
        .filter(|r| !fired.contains(*r))
        .collect();
    ran.ok = silent.is_empty();
    if !ran.ok {
        ran.output = format!(
            "these project rules did not fire on the fixture: {}\n{}",
            silent.join(", "),
            ran.output
        );
    }
    Ok(ran)
}
