//! Cross-language decoding, part of `cargo xtask interop`: every recording
//! with a JSON body, decoded offline by each generated client's own
//! deserializer (Python: `tools/interop/decode.py`; typescript-fetch:
//! `tools/interop/decode.js`) and encoded again, compared with
//! what the Rust client decodes from it (the `decoded` binary of
//! `tests/`). A difference fails unless `tools/interop/accepted-differences.json`
//! lists it with its reason (a decoder that raises differs at the root
//! pointer `""`; an entry may name the recordings it covers with a regex,
//! `recording`; a decoded value its declared type does not describe, by
//! the generated client's own check, differs at the pseudo-pointer
//! `(type)`); the table (generator × format: tried, right,
//! accepted, wrong, raised) is printed and written to
//! `target/interop/decoding.md`.
//!
//! Twins: in every language, the members of a sibling group (one recording
//! per format) must read equal with the helpers of `clients/` applied as
//! the README shows (`twin` in the scripts' results), and equal to what the
//! Rust client reads (`rust_twin`); a difference fails unless an accepted
//! entry with the probe `twins` lists it (`*` does not: what the helpers
//! exist for must not be excused by the entry that points to them).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use regex::Regex;
use serde_json::Value;

/// The accepted differences file.
pub const ACCEPTED: &str = "tools/interop/accepted-differences.json";

/// One accepted difference: where (generator, format, a regex over the
/// JSON pointer with array indices as `*`) and why.
#[derive(Debug)]
pub(crate) struct Accepted {
    pub(crate) generator: String,
    pub(crate) document: String,
    /// `recorded`, a probe's name, `twins`, or `*` (every probe, not twins).
    pub(crate) probe: String,
    pub(crate) pointer: String,
    /// A regex the recording's path must contain a match of (optional:
    /// every recording).
    pub(crate) recording: Option<Regex>,
    pub(crate) reason: String,
}

impl Accepted {
    /// Whether the entry covers `recording` (a path).
    pub(crate) fn covers(&self, recording: &str) -> bool {
        self.recording
            .as_ref()
            .is_none_or(|r| r.is_match(recording))
    }
}

/// The pseudo-pointer of a decoded value that fails its declared type's
/// generated check (typescript-fetch's `instanceOf<Type>`): the values are
/// right, the type promises members they lack.
pub(crate) const TYPE_MISMATCH: &str = "(type)";

/// A generated client of one dist document.
struct Client<'a> {
    generator: &'static str,
    /// The decoding command, without the cases file and base URL.
    command: Box<dyn Fn() -> Command + 'a>,
}

/// Counts of one generator × format.
#[derive(Debug, Default)]
struct Tally {
    tried: usize,
    right: usize,
    accepted: usize,
    wrong: Vec<String>,
    raised: Vec<String>,
}

/// `null`, `[]` or `{}`: what the Rust client leaves out when re-encoding
/// an absent or empty optional value.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// Every JSON pointer where `a` and `b` differ (a member on one side only,
/// another type, another value). A member on one side only whose value is
/// empty (`is_empty`) is no difference: the Rust client leaves such values
/// out, generated clients may write them; where both sides have the member,
/// `[]` and `{}` differ.
pub(crate) fn differences(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (x.get(key), y.get(key)) {
                    (Some(v), Some(w)) => differences(v, w, &here, out),
                    (Some(only), None) | (None, Some(only)) if is_empty(only) => {}
                    _ => out.push(here),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (index, (v, w)) in x.iter().zip(y).enumerate() {
                differences(v, w, &format!("{at}/{index}"), out);
            }
        }
        _ if a == b => {}
        (Value::String(x), Value::String(y)) if same_instant(x, y) => {}
        _ => out.push(at.to_owned()),
    }
}

/// Whether two RFC 3339 timestamps name the same instant (`…05Z`,
/// `…05.000Z` and `…05+00:00` do): generated clients write timestamps in
/// their own way.
fn same_instant(a: &str, b: &str) -> bool {
    matches!((instant(a), instant(b)), (Some(x), Some(y)) if x == y)
}

/// An RFC 3339 timestamp as (seconds since 1970 in UTC, nanoseconds).
fn instant(text: &str) -> Option<(i64, u32)> {
    static RFC3339: std::sync::OnceLock<Option<Regex>> = std::sync::OnceLock::new();
    let regex = RFC3339
        .get_or_init(|| {
            Regex::new(
                r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$",
            )
            .ok()
        })
        .as_ref()?;
    let caps = regex.captures(text)?;
    let number = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<i64>().ok());
    let (year, month, day) = (number(1)?, number(2)?, number(3)?);
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let offset = match caps.get(8).map(|m| m.as_str()) {
        Some(sign) => {
            let minutes = number(9)? * 60 + number(10)?;
            if sign == "-" { -minutes } else { minutes }
        }
        None => 0,
    };
    let seconds = days * 86_400 + number(4)? * 3600 + number(5)? * 60 + number(6)? - offset * 60;
    let nanos = caps
        .get(7)
        .map(|m| format!("{:0<9}", m.as_str()).parse::<u32>().ok())
        .unwrap_or(Some(0))?;
    Some((seconds, nanos))
}

/// The pointer with array indices as `*`, as accepted differences name it.
pub(crate) fn pattern_of(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|step| {
            if !step.is_empty() && step.chars().all(|c| c.is_ascii_digit()) {
                "*"
            } else {
                step
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The typescript-fetch client in `folder`, compiled to `folder/dist`
/// (`None` when interop generated none there).
fn compiled_typescript(node: &Path, folder: &Path) -> Result<Option<std::path::PathBuf>> {
    if !folder.join("tsconfig.json").exists() {
        return Ok(None);
    }
    let dist = folder.join("dist");
    let ran = Command::new(node.join("tsc"))
        .arg("-p")
        .arg(folder.join("tsconfig.json"))
        .arg("--outDir")
        .arg(&dist)
        .output()
        .context("cannot run tsc")?;
    if !ran.status.success() {
        bail!(
            "tsc failed on {}: {}",
            folder.display(),
            String::from_utf8_lossy(&ran.stdout)
        );
    }
    Ok(Some(dist))
}

/// Runs the comparison; `venv` is the throwaway venv the generated Python
/// clients are installed in, `node` is `tools/node_modules/.bin`, `out` is
/// `target/interop`, `mock` the replay mock's base URL (live decoding).
pub fn run(root: &Path, venv: &Path, node: &Path, out: &Path, mock: &str) -> Result<()> {
    let listed: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join(ACCEPTED))
            .with_context(|| format!("cannot read {ACCEPTED}"))?,
    )
    .with_context(|| format!("{ACCEPTED} is not JSON"))?;
    let accepted: Vec<(Accepted, Regex)> = listed
        .as_array()
        .with_context(|| format!("{ACCEPTED} is not a list"))?
        .iter()
        .map(|entry| {
            let field = |key: &str| {
                entry[key]
                    .as_str()
                    .map(str::to_owned)
                    .with_context(|| format!("{ACCEPTED}: an entry without `{key}`"))
            };
            let a = Accepted {
                generator: field("generator")?,
                document: field("document")?,
                probe: field("probe")?,
                pointer: field("pointer")?,
                recording: entry
                    .get("recording")
                    .and_then(Value::as_str)
                    .map(Regex::new)
                    .transpose()
                    .with_context(|| format!("{ACCEPTED}: bad recording regex"))?,
                reason: field("reason")?,
            };
            let regex = Regex::new(&format!("^(?:{})$", a.pointer))
                .with_context(|| format!("{ACCEPTED}: bad regex {}", a.pointer))?;
            Ok((a, regex))
        })
        .collect::<Result<_>>()?;
    let decoded = crate::cargo_run("workspace-tests", "--bin", "decoded")
        .arg("--root")
        .arg(root)
        .current_dir(root)
        .output()
        .context("cannot run the decoded binary")?;
    if !decoded.status.success() {
        bail!(
            "decoded failed: {}",
            String::from_utf8_lossy(&decoded.stderr)
        );
    }
    let cases: Vec<Value> = serde_json::from_slice(&decoded.stdout)?;
    let helpers_js = compiled_helpers(root, node, out)?;
    // generator → group → (case, result) of each member.
    let mut twins = crate::interop_twins::Groups::new();
    let mut by_document: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for case in &cases {
        if let Some(document) = case["document"].as_str() {
            by_document
                .entry(document.to_owned())
                .or_default()
                .push(case);
        }
    }
    let mut tallies = Tallies::new();
    let mut used = vec![0usize; accepted.len()];
    for (document, cases) in &by_document {
        let package: String = document
            .trim_end_matches(".json")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let file = out.join(format!("decoding-cases-{package}.json"));
        std::fs::write(&file, serde_json::to_string(cases)?)?;
        // The recorded cases again, to be sent through the operations to
        // the mock (not twins: those compare the offline decoding).
        let live: Vec<Value> = cases
            .iter()
            .filter(|c| c["probe"] == "recorded" && c.get("live").is_some())
            .map(|c| {
                let mut c = (*c).clone();
                c["probe"] = "live".into();
                if let Some(map) = c.as_object_mut() {
                    map.remove("group");
                }
                c
            })
            .collect();
        let live_file = out.join(format!("decoding-live-{package}.json"));
        std::fs::write(&live_file, serde_json::to_string(&live)?)?;
        let python = |kind: &'static str, package: String, path: Vec<std::path::PathBuf>| {
            move || {
                let mut command = Command::new(venv.join("bin/python"));
                command
                    .arg(root.join("tools/interop/decode.py"))
                    .arg(kind)
                    .arg(&package)
                    .current_dir(out);
                let helpers = std::iter::once(root.join("clients/python"));
                if let Ok(joined) = std::env::join_paths(helpers.chain(path.iter().cloned())) {
                    command.env("PYTHONPATH", joined);
                }
                command
            }
        };
        let mut clients = vec![
            Client {
                generator: "openapi-python-client",
                command: Box::new(python(
                    "openapi-python-client",
                    format!("{package}_opc"),
                    vec![out.join(&package).join("openapi-python-client")],
                )),
            },
            Client {
                generator: "openapi-generator python",
                command: Box::new(python("openapi-generator", package.clone(), Vec::new())),
            },
        ];
        if let Some(dist) = compiled_typescript(node, &out.join(&package).join("typescript-fetch"))?
        {
            let helpers_js = helpers_js.clone();
            clients.push(Client {
                generator: "openapi-generator typescript-fetch",
                command: Box::new(move || {
                    let mut command = Command::new("node");
                    command
                        .arg(root.join("tools/interop/decode.js"))
                        .arg(&dist)
                        .arg(&helpers_js);
                    command
                }),
            });
        }
        let live_refs: Vec<&Value> = live.iter().collect();
        let runs = [(&file, cases, None), (&live_file, &live_refs, Some(mock))];
        for client in &clients {
            for (file, cases, mock) in &runs {
                let mut command = (client.command)();
                command.arg(file);
                if let Some(mock) = mock {
                    command.arg(mock);
                }
                let ran = command.output().context("cannot run a decoding script")?;
                if !ran.status.success() {
                    bail!(
                        "decoding failed for {} on {document}: {}",
                        client.generator,
                        String::from_utf8_lossy(&ran.stderr)
                    );
                }
                let results: Vec<Value> = serde_json::from_slice(&ran.stdout)?;
                for (case, result) in cases.iter().zip(&results) {
                    if let Some(group) = case["group"].as_str() {
                        twins
                            .entry(client.generator)
                            .or_default()
                            .entry(group.to_owned())
                            .or_default()
                            .push(((*case).clone(), result.clone()));
                    }
                    judge(
                        &mut tallies,
                        (&accepted, &mut used),
                        (client.generator, document),
                        case,
                        result,
                    );
                }
            }
        }
    }
    // openapi-typescript: types only (the body is `JSON.parse`d as is); the
    // recorded bodies must type-check against them.
    for (document, cases) in &by_document {
        for (case, result) in crate::interop_types::check(node, out, document, cases)? {
            judge(
                &mut tallies,
                (&accepted, &mut used),
                ("openapi-typescript", document),
                case,
                &result,
            );
        }
    }
    let twin_tallies = crate::interop_twins::compare(&twins, &accepted, &mut used);
    let mut report = report(&tallies, &accepted, &used);
    report.push_str(&crate::interop_twins::report(&twin_tallies));
    print!("{report}");
    std::fs::write(out.join("decoding.md"), &report)?;
    let failing: usize = tallies
        .values()
        .map(|t| t.wrong.len() + t.raised.len())
        .sum();
    let stale: Vec<&str> = accepted
        .iter()
        .zip(&used)
        .filter(|(_, n)| **n == 0)
        .map(|((a, _), _)| a.pointer.as_str())
        .collect();
    let twins_failing: usize = twin_tallies.values().map(|t| t.wrong.len()).sum();
    if twins_failing > 0 {
        bail!(
            "{twins_failing} sibling group(s) read differently across formats (with the helpers) or from the Rust client"
        );
    }
    if twin_tallies.values().all(|t| t.groups == 0) {
        bail!("no sibling group was compared: the twins check ran on nothing");
    }
    if failing > 0 {
        bail!(
            "{failing} recording(s) decode differently from the Rust client without an accepted reason"
        );
    }
    if !stale.is_empty() {
        bail!(
            "{ACCEPTED} lists differences that no longer occur: {}",
            stale.join(", ")
        );
    }
    Ok(())
}

/// Tallies in the generator × document × probe table.
type Tallies = BTreeMap<(String, String, String), Tally>;

/// Counts one decoded `result` of `case` against what the Rust client
/// decodes, explaining each difference by an accepted entry if one covers
/// it (and counting its use).
fn judge(
    tallies: &mut Tallies,
    (accepted, used): (&[(Accepted, Regex)], &mut [usize]),
    (generator, document): (&str, &str),
    case: &Value,
    result: &Value,
) {
    let probe = case["probe"].as_str().unwrap_or("recorded").to_owned();
    let tally = tallies
        .entry((generator.to_owned(), document.to_owned(), probe.clone()))
        .or_default();
    tally.tried += 1;
    let recording = format!("{} ({probe})", case["recording"].as_str().unwrap_or("?"));
    let mut found = Vec::new();
    if result["outcome"] == "decoded" {
        differences(&result["value"], &case["rust"], "", &mut found);
        if result.get("type_mismatch").is_some() {
            found.push(TYPE_MISMATCH.to_owned());
        }
    } else {
        // A raise is a difference at the root (`""`), which an accepted
        // entry with the pointer `""` explains.
        found.push(String::new());
    }
    let raised = (result["outcome"] != "decoded")
        .then(|| result["error"].as_str().unwrap_or("?").to_owned());
    let mut unexplained = Vec::new();
    let mut explained = false;
    for pointer in found {
        let pattern = pattern_of(&pointer);
        let hit = accepted.iter().position(|(a, regex)| {
            a.generator == generator
                && (a.document == "*" || a.document == document)
                && (a.probe == "*" || a.probe == probe)
                && a.covers(case["recording"].as_str().unwrap_or_default())
                && regex.is_match(&pattern)
        });
        match hit {
            Some(index) => {
                used[index] += 1;
                explained = true;
            }
            None => unexplained.push(pointer),
        }
    }
    if let (Some(error), false) = (&raised, unexplained.is_empty()) {
        tally.raised.push(format!("{recording}: {error}"));
    } else if !unexplained.is_empty() {
        let why = result["type_mismatch"]
            .as_str()
            .filter(|_| unexplained.iter().any(|p| p == TYPE_MISMATCH))
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        tally
            .wrong
            .push(format!("{recording}: {}{why}", unexplained.join(", ")));
    } else if explained {
        tally.accepted += 1;
    } else {
        tally.right += 1;
    }
}

/// The helpers of `clients/typescript`, compiled for `decode.js`.
fn compiled_helpers(root: &Path, node: &Path, out: &Path) -> Result<std::path::PathBuf> {
    let dir = out.join("helpers-ts");
    let ran = Command::new(node.join("tsc"))
        .args(["--strict", "--target", "es2020", "--module", "commonjs"])
        .arg("--outDir")
        .arg(&dir)
        .arg(root.join("clients/typescript/defentry-formats.ts"))
        .output()
        .context("cannot run tsc")?;
    if !ran.status.success() {
        bail!(
            "tsc failed on clients/typescript: {}",
            String::from_utf8_lossy(&ran.stdout)
        );
    }
    Ok(dir.join("defentry-formats.js"))
}

fn report(tallies: &Tallies, accepted: &[(Accepted, Regex)], used: &[usize]) -> String {
    let mut out = String::from(
        "## Decoding recordings: generated clients against the Rust client\n\n\
         | generator | document | probe | tried | right | differs, accepted | differs | raised |\n\
         |---|---|---|---:|---:|---:|---:|---:|\n",
    );
    for ((generator, document, probe), t) in tallies {
        let _ = writeln!(
            out,
            "| {generator} | `{document}` | {probe} | {} | {} | {} | {} | {} |",
            t.tried,
            t.right,
            t.accepted,
            t.wrong.len(),
            t.raised.len()
        );
    }
    out.push_str("\nAccepted differences (`tools/interop/accepted-differences.json`):\n\n");
    for ((a, _), n) in accepted.iter().zip(used) {
        let _ = writeln!(
            out,
            "- {} / {} / {}{} / `{}` ({n} place(s)): {}",
            a.generator,
            a.document,
            a.probe,
            a.recording
                .as_ref()
                .map(|r| format!(" / recordings matching `{r}`"))
                .unwrap_or_default(),
            a.pointer,
            a.reason
        );
    }
    for ((generator, document, _), t) in tallies {
        for line in t
            .wrong
            .iter()
            .map(|w| ("differs", w))
            .chain(t.raised.iter().map(|r| ("raised", r)))
        {
            let _ = writeln!(out, "\n**{}** {generator} / {document}: {}", line.0, line.1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn differences_are_pointers_and_empty_members_on_one_side_do_not_count() {
        let a = json!({"sites": [{"flag": "1", "x": null, "list": [], "data": {}}], "gone": 1, "kind": []});
        let b = json!({"sites": [{"flag": true}], "kind": {}});
        let mut found = Vec::new();
        differences(&a, &b, "", &mut found);
        assert_eq!(found, vec!["/gone", "/kind", "/sites/0/flag"]);
        assert_eq!(pattern_of("/sites/0/flag"), "/sites/*/flag");
    }

    #[test]
    fn timestamps_compare_as_instants() {
        assert!(same_instant(
            "2026-06-16T21:02:05Z",
            "2026-06-16T21:02:05.000Z"
        ));
        assert!(same_instant(
            "2026-06-16T21:02:05Z",
            "2026-06-16T23:02:05+02:00"
        ));
        assert!(same_instant(
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:00:00-01:00"
        ));
        assert!(!same_instant(
            "2026-06-16T21:02:05Z",
            "2026-06-16T21:02:06Z"
        ));
        assert!(!same_instant(
            "2026-06-16T21:02:05Z",
            "2026-06-16T21:02:05.5Z"
        ));
        assert!(!same_instant("2026-06-16 21:02:05", "2026-06-16T21:02:05Z"));
        assert_eq!(instant("1970-01-02T00:00:00Z"), Some((86_400, 0)));
    }
}
