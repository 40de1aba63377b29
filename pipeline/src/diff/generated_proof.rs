//! `cargo xtask diff-generated [--write]`: the `generated` verdicts of the
//! diff corpus, checked by compiling.
//!
//! For every case and format, the Rust client is generated with progenitor
//! (the workspace's builder interface) from both sides; a call site written
//! against the base client (`call_site`) is compiled against the base (it
//! must compile) and against the head. The head build fails exactly where
//! the diff says the change breaks generated code, or the command fails.
//! The table is committed (`xtask/tests/diff_corpus/GENERATED.md`); without
//! `--write` the command also fails when it is stale.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::call_site::call_site;
use super::change::Verdict;
use super::operations;
use super::redocly::{case_name, cases, projected};
use crate::codegen::rust_client::generate_plain;

/// The committed table.
pub const TABLE: &str = "xtask/tests/diff_corpus/GENERATED.md";

/// Dependencies of the scratch crates: what progenitor's output uses, at
/// the versions of the workspace's `Cargo.lock` (copied beside them).
const DEPENDENCIES: &str = r#"
progenitor-client = "=0.15.1"
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
regress = "0.12"
reqwest = { version = "0.13", default-features = false, features = ["json", "query"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
"#;

/// One case in one format.
#[derive(Debug)]
struct Unit {
    case: String,
    format: Option<String>,
    /// Rust module name in the scratch crates.
    module: String,
    /// Whether the diff says generated code breaks.
    claimed: bool,
    /// The generated code of each side and the call site, or why not.
    code: Result<(String, String, String), String>,
}

/// What compiling showed for one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// The call site compiles against the head client.
    Compiles,
    /// It does not (the first error).
    Breaks(String),
    /// Not comparable: no client generated, or the base does not compile.
    NotCompared(String),
}

fn module_name(case: &str, format: Option<&str>) -> String {
    let mut name = format!("c_{}", case.replace('-', "_"));
    if let Some(format) = format {
        name.push('_');
        name.extend(
            format
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
        );
    }
    name
}

fn units(root: &Path) -> Result<Vec<Unit>> {
    let mut out = Vec::new();
    for case in cases(root)? {
        let name = case_name(&case);
        let (pairs, header) = projected(&case)?;
        for (format, base, head) in pairs {
            let claimed = operations::compare_documents(
                &name,
                format.as_deref(),
                header.as_deref(),
                &base,
                &head,
            )
            .iter()
            .any(|change| change.generated == Verdict::Breaking);
            let code = generate_both(&base, &head);
            let module = module_name(&name, format.as_deref());
            if out.iter().any(|u: &Unit| u.module == module) {
                bail!("two corpus cases make the module name {module}: rename one");
            }
            out.push(Unit {
                module,
                case: name.clone(),
                format,
                claimed,
                code,
            });
        }
    }
    Ok(out)
}

fn generate_both(base: &Value, head: &Value) -> Result<(String, String, String), String> {
    let generated = |doc: &Value| generate_plain(doc).map_err(|e| format!("{e:#}"));
    let base = generated(base).map_err(|e| format!("base: {e}"))?;
    let head = generated(head).map_err(|e| format!("head: {e}"))?;
    let site = call_site(&base).map_err(|e| format!("call site: {e:#}"))?;
    Ok((base, head, site))
}

/// Writes a scratch crate at `dir` with one module per unit: `g` the
/// client of `side` (0 base, 1 head), `call_site` the base call site.
fn write_crate(root: &Path, dir: &Path, units: &[&Unit], head: bool) -> Result<()> {
    if dir.join("src").exists() {
        std::fs::remove_dir_all(dir.join("src"))?;
    }
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"diff-generated-{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]{DEPENDENCIES}",
            if head { "head" } else { "base" }
        ),
    )?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    let mut lib = String::from("#![allow(warnings, clippy::all)]\n");
    for unit in units {
        let Ok((base, head_code, site)) = &unit.code else {
            continue;
        };
        let _ = writeln!(lib, "pub mod {};", unit.module);
        let folder = dir.join("src").join(&unit.module);
        std::fs::create_dir_all(&folder)?;
        std::fs::write(
            dir.join("src").join(format!("{}.rs", unit.module)),
            "pub mod g;\npub mod call_site;\n",
        )?;
        std::fs::write(folder.join("g.rs"), if head { head_code } else { base })?;
        std::fs::write(folder.join("call_site.rs"), site)?;
    }
    std::fs::write(dir.join("src/lib.rs"), lib)?;
    Ok(())
}

/// `cargo check` of the crate at `dir`: the first error of each module
/// (by the file it points into).
fn check(dir: &Path, target: &Path) -> Result<BTreeMap<String, String>> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["check", "--quiet", "--message-format=json"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .output()
        .context("cannot run cargo check")?;
    let mut errors = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let text = message["message"]["message"].as_str().unwrap_or("?");
        let spans = message["message"]["spans"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let file = spans
            .iter()
            .find(|s| s["is_primary"] == true)
            .or(spans.first())
            .and_then(|s| s["file_name"].as_str())
            .unwrap_or("");
        // Every error must belong to a unit's module (`src/<module>.rs` or
        // `src/<module>/…`): one that does not (the crate root, a
        // dependency, no span) could hide a unit's own, so the run fails.
        let module = file
            .strip_prefix("src/")
            .and_then(|rest| rest.split(['/', '.']).next())
            .filter(|module| *module != "lib" && !module.is_empty());
        let Some(module) = module else {
            let rendered = message["message"]["rendered"].as_str().unwrap_or(text);
            bail!(
                "cargo check in {}: an error outside every unit:\n{rendered}",
                dir.display()
            );
        };
        {
            let code = message["message"]["code"]["code"].as_str().unwrap_or("");
            let place = if file.ends_with("/g.rs") {
                " (in the client)"
            } else {
                ""
            };
            errors
                .entry(module.to_owned())
                .or_insert_with(|| format!("{code} {text}{place}").trim().to_owned());
        }
    }
    if errors.is_empty() && !output.status.success() {
        bail!(
            "cargo check failed in {} without a compiler error:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(errors)
}

/// Compiles every unit: base first (units that do not compile there are
/// not compared), then the head.
fn outcomes(root: &Path, units: &[Unit]) -> Result<BTreeMap<String, Outcome>> {
    let scratch = root.join("target/diff-generated");
    let target = scratch.join("target");
    let mut out = BTreeMap::new();
    for unit in units {
        if let Err(why) = &unit.code {
            out.insert(unit.module.clone(), Outcome::NotCompared(why.clone()));
        }
    }
    let mut kept: Vec<&Unit> = units.iter().filter(|u| u.code.is_ok()).collect();
    // A base client that does not compile (or a call site that does not
    // fit it) leaves its unit out.
    for (module, error) in until_clean(root, &scratch.join("base"), &target, &mut kept, false)? {
        out.insert(
            module,
            Outcome::NotCompared(format!("the base does not compile: {error}")),
        );
    }
    // Against the head, a unit compiles only if it does in a build where
    // no other unit fails (an error in one unit could hide another's).
    for (module, error) in until_clean(root, &scratch.join("head"), &target, &mut kept, true)? {
        out.insert(module, Outcome::Breaks(error));
    }
    for unit in kept {
        out.entry(unit.module.clone()).or_insert(Outcome::Compiles);
    }
    Ok(out)
}

/// Checks the crate of `kept` units (`head`: the head clients) again and
/// again, each time without the units that failed, until a build has no
/// error; returns every failed unit's first error and leaves `kept` with
/// the units that compiled in that last, clean build.
fn until_clean(
    root: &Path,
    dir: &Path,
    target: &Path,
    kept: &mut Vec<&Unit>,
    head: bool,
) -> Result<BTreeMap<String, String>> {
    let mut failed_all = BTreeMap::new();
    for _ in 0..6 {
        write_crate(root, dir, kept, head)?;
        let failed = check(dir, target)?;
        if failed.is_empty() {
            return Ok(failed_all);
        }
        kept.retain(|u| !failed.contains_key(&u.module));
        failed_all.extend(failed);
    }
    bail!(
        "{}: still failing after 6 builds without the failed units",
        dir.display()
    )
}

/// Runs the check; `write` rewrites the committed table.
pub fn run(root: &Path, write: bool) -> Result<()> {
    let units = units(root)?;
    let outcomes = outcomes(root, &units)?;
    let (table, wrong) = table(&units, &outcomes);
    print!("{table}");
    let path: PathBuf = root.join(TABLE);
    if write {
        std::fs::write(&path, &table).with_context(|| format!("cannot write {TABLE}"))?;
        println!("wrote {TABLE}");
    } else if std::fs::read_to_string(&path).ok().as_deref() != Some(table.as_str()) {
        bail!("{TABLE} is stale: run `cargo xtask diff-generated --write` and review the change");
    }
    if !wrong.is_empty() {
        bail!(
            "the `generated` verdict is wrong for: {} (see the table)",
            wrong.join(", ")
        );
    }
    Ok(())
}

/// The Markdown table and the units whose verdict compiling contradicts.
fn table(units: &[Unit], outcomes: &BTreeMap<String, Outcome>) -> (String, Vec<String>) {
    let mut out = String::from(
        "# The `generated` verdict, checked by compiling\n\n\
         Written by `cargo xtask diff-generated --write`. For every case and format of the diff \
         corpus, the Rust client is generated with progenitor from both sides (builder interface, \
         as the workspace's crates), and a call site that uses the whole public surface of the \
         base client (every operation with every setter and its result type, every field of every \
         type, an exhaustive `match` on every enum) is compiled against the head client.\n\n\
         | case | format | diff says generated code | compiling the base call site against the head | |\n\
         |---|---|---|---|---|\n",
    );
    let mut wrong = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for unit in units {
        if !seen.insert(&unit.module) {
            continue;
        }
        let said = if unit.claimed {
            "breaks"
        } else {
            "keeps working"
        };
        let outcome = outcomes.get(&unit.module);
        let (shown, verdict) = match outcome {
            Some(Outcome::Compiles) if !unit.claimed => ("compiles".to_owned(), "agree"),
            Some(Outcome::Breaks(error)) if unit.claimed => {
                (format!("fails: {}", cell(error)), "agree")
            }
            Some(Outcome::Compiles) => ("compiles".to_owned(), "**wrong**"),
            Some(Outcome::Breaks(error)) => (format!("fails: {}", cell(error)), "**wrong**"),
            Some(Outcome::NotCompared(why)) => (format!("not compared: {}", cell(why)), "–"),
            None => ("not compared".to_owned(), "–"),
        };
        if verdict == "**wrong**" {
            wrong.push(match &unit.format {
                Some(format) => format!("{} ({format})", unit.case),
                None => unit.case.clone(),
            });
        }
        *counts.entry(verdict).or_default() += 1;
        let _ = writeln!(
            out,
            "| {} | {} | {said} | {shown} | {verdict} |",
            unit.case,
            unit.format.as_deref().unwrap_or("–"),
        );
    }
    let _ = writeln!(
        out,
        "\n{} agree, {} wrong, {} not compared.",
        counts.get("agree").unwrap_or(&0),
        counts.get("**wrong**").unwrap_or(&0),
        counts.get("–").unwrap_or(&0)
    );
    (out, wrong)
}

/// One line of a compiler message for a table cell: `|` escaped, cut.
fn cell(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let cut: String = line.chars().take(120).collect();
    cut.replace('|', "\\|").replace('`', "'")
}
