//! openapi-typescript in the decoding check. Its output is types only (a
//! client `JSON.parse`s a body as is), so what can be wrong is the type:
//! every recorded body is written as a constant typed by its operation's
//! response type (`operations[id]["responses"][status]["content"][media]`),
//! one line per recording, and the file is compiled with `tsc --strict
//! --noEmit`. A compiler error on a recording's line is a `(type)`
//! difference carrying the compiler's message; the value compared with the
//! Rust client's is the body as sent.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

/// Lines before the first recording's constant in the generated file.
const HEADER_LINES: usize = 2;

/// Every recorded case of `document` (probe `recorded`) with its result in
/// the decoding scripts' shape: `outcome: "decoded"`, the body as `value`,
/// and `type_mismatch` when tsc rejects the body as its type.
pub(crate) fn check<'a>(
    node: &Path,
    out: &Path,
    document: &str,
    cases: &[&'a Value],
) -> Result<Vec<(&'a Value, Value)>> {
    let stem = document.trim_end_matches(".json");
    let types = out.join("openapi-typescript");
    if !types.join(format!("{stem}.ts")).exists() {
        bail!("interop generated no openapi-typescript types for {document}");
    }
    let typed: Vec<&Value> = cases
        .iter()
        .copied()
        .filter(|c| c["probe"] == "recorded" && c["response_key"].is_string())
        .collect();
    let mut source = format!(
        "// Written by cargo xtask interop: recorded bodies typed by {document}.\n\
         import type {{ operations }} from \"./{stem}\";\n"
    );
    for (index, case) in typed.iter().enumerate() {
        let step = |v: &Value| serde_json::to_string(v.as_str().unwrap_or_default());
        source.push_str(&format!(
            "export const case{index}: operations[{}][\"responses\"][{}][\"content\"][{}] = {};\n",
            step(&case["operation"])?,
            step(&case["response_key"])?,
            step(&case["media"])?,
            serde_json::to_string(&case["body"])?,
        ));
    }
    let file = types.join(format!("recorded-{stem}.ts"));
    std::fs::write(&file, source)?;
    let ran = Command::new(node.join("tsc"))
        .args([
            "--strict", "--noEmit", "--target", "es2020", "--module", "commonjs",
        ])
        .arg(&file)
        .output()
        .context("cannot run tsc")?;
    let mut mismatches: Vec<Option<String>> = vec![None; typed.len()];
    let output = String::from_utf8_lossy(&ran.stdout);
    let name = format!("recorded-{stem}.ts(");
    let mut current: Option<usize> = None;
    for line in output.lines() {
        if let Some(position) = line.find(&name) {
            let rest = &line[position + name.len()..];
            let number: Option<usize> = rest.split(',').next().and_then(|n| n.parse().ok());
            current = number
                .and_then(|n| n.checked_sub(HEADER_LINES + 1))
                .filter(|index| *index < typed.len());
            let Some(index) = current else {
                bail!("tsc failed outside the recordings' lines: {output}");
            };
            let message = rest.split_once("): ").map_or(rest, |(_, m)| m);
            mismatches[index] = Some(message.chars().take(300).collect());
        } else if let Some(index) = current
            && let Some(message) = mismatches[index].as_mut()
            && message.len() < 600
        {
            message.push(' ');
            message.push_str(line.trim());
        }
    }
    if !ran.status.success() && mismatches.iter().all(Option::is_none) {
        bail!("tsc failed on {}: {output}", file.display());
    }
    Ok(typed
        .into_iter()
        .zip(mismatches)
        .map(|(case, mismatch)| {
            let mut result = json!({
                "recording": case["recording"],
                "outcome": "decoded",
                "value": case["body"],
            });
            if let Some(mismatch) = mismatch {
                result["type_mismatch"] = json!(mismatch);
            }
            (case, result)
        })
        .collect())
}
