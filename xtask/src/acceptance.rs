//! `cargo xtask acceptance-format`: a new response format is data. In a
//! scratch copy of the workspace it adds the format `2027-01-15` to
//! `x-formats` (the default format's shapes under a new header value) and a
//! third sibling for every recording of the default format, then runs
//! `generate`, `cargo test -p defentry` and `conformance --strict`, checks
//! that the Rust `Format` offers the new variant, and that no file changed
//! outside `spec/`, `tests/recordings/` and generated files.
//!
//! The copy builds into the workspace's own `target/`, so that registry
//! dependencies are reused. Cargo names the artifacts of workspace members
//! by their path relative to the workspace, so the copy's members would take
//! the names of the workspace's own (and leave its next build stale): a
//! `.cargo/config.toml` beside the copy gives every member a per-package
//! profile setting (`codegen-units`) the workspace does not have, which
//! gives the copy's members their own artifact names.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};

use crate::apis::APIS;
use crate::{conformance, formats, generate, scratch, spec_source};

/// The format the test adds.
pub const NEW_FORMAT: &str = "2027-01-15";
/// Its Rust variant.
pub const NEW_RUST_NAME: &str = "January2027";

/// Runs the acceptance test; prints its time.
pub fn run(root: &Path) -> Result<()> {
    let started = Instant::now();
    let parent = std::env::temp_dir().join("defentry-acceptance-format");
    let _ = std::fs::remove_dir_all(&parent);
    let copy = parent.join("workspace");
    scratch::copy_tree(root, &copy)?;
    write_cargo_config(root, &parent, &copy)?;
    let before = snapshot(&copy)?;

    let default = add_format(&copy)?;
    let twins = add_recordings(&copy, &default)?;
    println!(
        "acceptance-format: added format {NEW_FORMAT} (shapes of {default}) and {twins} recordings"
    );
    generate::run(&copy, false).context("generate in the scratch copy")?;
    cargo(&copy, &["test", "--quiet", "--locked", "-p", "defentry"])?;
    conformance::run(&copy, true, &[]).context("conformance --strict in the scratch copy")?;

    let generated = std::fs::read_to_string(copy.join("crates/defentry/src/generated_formats.rs"))?;
    for expected in [
        format!("{NEW_RUST_NAME},"),
        format!("=> Some(\"{NEW_FORMAT}\")"),
    ] {
        if !generated.contains(&expected) {
            bail!("the generated Rust Format lacks `{expected}`:\n{generated}");
        }
    }
    let offenders = offenders(&before, &snapshot(&copy)?);
    if !offenders.is_empty() {
        bail!(
            "adding a format changed files outside spec/, tests/recordings/ and generated files:\n  {}",
            offenders.join("\n  ")
        );
    }
    let _ = std::fs::remove_dir_all(&parent);
    println!(
        "acceptance-format: passed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `.cargo/config.toml` beside the copy: the workspace's `target/`, and a
/// per-package setting for every member (see the module docs).
pub(crate) fn write_cargo_config(root: &Path, parent: &Path, copy: &Path) -> Result<()> {
    let output = crate::cargo()
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(copy)
        .output()
        .context("cannot run cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed in the scratch copy:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)?;
    let target = root.join("target");
    let mut config = format!(
        "# Written by `cargo xtask acceptance-format`.\n[build]\ntarget-dir = {}\n",
        Value::String(target.display().to_string())
    );
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let name = package["name"]
            .as_str()
            .context("cargo metadata: a package without a name")?;
        // Release builds (the recordings benchmark) the same way, with a
        // setting that leaves the code as fast: line tables only.
        let name = Value::String(name.to_owned());
        let _ = write!(
            config,
            "\n[profile.dev.package.{name}]\ncodegen-units = 255\n\n[profile.release.package.{name}]\ndebug = \"line-tables-only\"\n",
        );
    }
    std::fs::create_dir_all(parent.join(".cargo"))?;
    std::fs::write(parent.join(".cargo/config.toml"), config)?;
    Ok(())
}

fn cargo(copy: &Path, args: &[&str]) -> Result<()> {
    println!("$ cargo {}  (in the scratch copy)", args.join(" "));
    let status = crate::cargo()
        .args(args)
        .current_dir(copy)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!(
            "cargo {} failed in the scratch copy ({status})",
            args.join(" ")
        );
    }
    Ok(())
}

/// Adds [`NEW_FORMAT`] to `x-formats` of `spec/defentry.yaml` as a user
/// would: the default format's entry under a new header value, with
/// `shapes` naming the default. Returns the default format's name.
fn add_format(copy: &Path) -> Result<String> {
    let api = APIS
        .iter()
        .find(|api| api.name == "defentry")
        .context("no defentry API")?;
    let source = spec_source::load(copy, &api.source_path())?;
    let all = formats::formats(&source.doc, api.name)?;
    let default = formats::default_format(&all)?;
    let name = default
        .name
        .clone()
        .context("the default format has no name")?;
    let path = copy.join(api.source_path());
    let text = std::fs::read_to_string(&path)?;
    let edited = with_format(&text, &source.doc, &name)?;
    std::fs::write(&path, edited)?;
    Ok(name)
}

/// `text` with a new `x-formats` entry (a JSON flow mapping, which YAML
/// reads) copied from `default`'s: its parameters with the new header value.
fn with_format(text: &str, doc: &Value, default: &str) -> Result<String> {
    let mut entry = doc
        .pointer(&format!("/x-formats/{default}"))
        .and_then(Value::as_object)
        .cloned()
        .context("the default format has no x-formats entry")?;
    entry.remove("default");
    entry.insert("dist".into(), json!(format!("defentry.{NEW_FORMAT}.json")));
    entry.insert("rust-name".into(), json!(NEW_RUST_NAME));
    entry.insert(
        "description".into(),
        json!(format!("The shapes of {default}, under a newer date.")),
    );
    entry.insert("shapes".into(), json!(default));
    let mut replaced = false;
    if let Some(Value::Object(parameters)) = entry.get_mut("parameters") {
        for parameter in parameters.values_mut() {
            if let Some(values) = parameter.pointer_mut("/schema/enum")
                && *values == json!([default])
            {
                *values = json!([NEW_FORMAT]);
                replaced = true;
            }
        }
    }
    if !replaced {
        bail!("the default format {default} has no header parameter with a one-value enum");
    }
    let anchor = "\nx-formats:\n";
    let at = text
        .find(anchor)
        .context("no top-level `x-formats:` in the spec")?
        + anchor.len();
    let line = format!(
        "  '{NEW_FORMAT}': {}\n",
        serde_json::to_string(&Value::Object(entry))?
    );
    Ok(format!("{}{line}{}", &text[..at], &text[at..]))
}

/// A sibling in [`NEW_FORMAT`] for every recording of `default`: the same
/// exchange, its `format` and its version header changed. Returns how many.
fn add_recordings(copy: &Path, default: &str) -> Result<usize> {
    let suffix = format!(".{default}.json");
    let mut added = 0;
    for relative in scratch::files(&copy.join("tests/recordings"))? {
        let Some(stem) = relative
            .to_str()
            .and_then(|name| name.strip_suffix(&suffix))
        else {
            continue;
        };
        let from = copy.join("tests/recordings").join(&relative);
        let mut recording: Value = serde_json::from_str(&std::fs::read_to_string(&from)?)
            .with_context(|| format!("{}: not JSON", from.display()))?;
        set_format(&mut recording, default);
        let to = copy
            .join("tests/recordings")
            .join(format!("{stem}.{NEW_FORMAT}.json"));
        std::fs::write(&to, serde_json::to_string_pretty(&recording)? + "\n")?;
        added += 1;
    }
    if added == 0 {
        bail!("no recording of format {default} to copy");
    }
    Ok(added)
}

/// The recording's `format`, and any request header valued `default`, set
/// to [`NEW_FORMAT`].
fn set_format(recording: &mut Value, default: &str) {
    if let Some(map) = recording.as_object_mut() {
        map.insert("format".into(), json!(NEW_FORMAT));
    }
    if let Some(Value::Object(headers)) = recording.pointer_mut("/request/headers") {
        for value in headers.values_mut() {
            if value.as_str() == Some(default) {
                *value = json!(NEW_FORMAT);
            }
        }
    }
}

/// Every file of the copy with its contents.
fn snapshot(copy: &Path) -> Result<Map<String, Value>> {
    let mut out = Map::new();
    for relative in scratch::files(copy)? {
        let bytes = std::fs::read(copy.join(&relative))?;
        out.insert(
            relative.display().to_string(),
            Value::String(String::from_utf8_lossy(&bytes).into_owned()),
        );
    }
    Ok(out)
}

/// Files added, removed or changed outside `spec/`, `tests/recordings/` and
/// generated files (`@generated` in their first line).
fn offenders(before: &Map<String, Value>, after: &Map<String, Value>) -> Vec<String> {
    let allowed = |path: &str, text: Option<&Value>| {
        path.starts_with("spec/")
            || path.starts_with("tests/recordings/")
            || text
                .and_then(Value::as_str)
                .and_then(|t| t.lines().next())
                .is_some_and(|line| line.contains("@generated"))
    };
    let mut out: Vec<String> = Vec::new();
    let paths: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for path in paths {
        let (old, new) = (before.get(path), after.get(path));
        if old != new && !(allowed(path, new) && (old.is_none() || allowed(path, old))) {
            let what = match (old, new) {
                (None, _) => "added",
                (_, None) => "removed",
                _ => "changed",
            };
            out.push(format!("{path} ({what})"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_entry_copies_the_default_under_a_new_value() -> Result<()> {
        let text = "openapi: 3.0.3\nx-formats:\n  std: {}\n";
        let doc = json!({"x-formats": {"std": {"dist": "d.std.json", "default": true, "rust-name": "Std",
            "parameters": {"V": {"name": "X-V", "in": "header", "schema": {"enum": ["std"]}}}}}});
        let edited = with_format(text, &doc, "std")?;
        let line = edited
            .lines()
            .nth(2)
            .context("no inserted line")?
            .trim_start();
        assert!(line.starts_with("'2027-01-15': {"), "{edited}");
        let entry: Value = serde_json::from_str(line.trim_start_matches("'2027-01-15': "))?;
        assert_eq!(
            entry["parameters"]["V"]["schema"]["enum"],
            json!(["2027-01-15"])
        );
        assert_eq!(entry["shapes"], "std");
        assert_eq!(entry.get("default"), None);
        assert!(edited.ends_with("  std: {}\n"));
        Ok(())
    }

    #[test]
    fn changes_outside_the_spec_and_recordings_are_offenders() {
        let before: Map<String, Value> = [
            ("spec/a.yaml", "a"),
            ("crates/x/src/generated.rs", "// @generated\nold"),
            ("crates/x/src/lib.rs", "hand"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), json!(v)))
        .collect();
        let mut after = before.clone();
        after.insert("spec/a.yaml".into(), json!("b"));
        after.insert(
            "crates/x/src/generated.rs".into(),
            json!("// @generated\nnew"),
        );
        after.insert("tests/recordings/n.json".into(), json!("{}"));
        assert!(offenders(&before, &after).is_empty());
        after.insert("crates/x/src/lib.rs".into(), json!("edited"));
        after.insert("README.md".into(), json!("new"));
        assert_eq!(
            offenders(&before, &after),
            ["README.md (added)", "crates/x/src/lib.rs (changed)"]
        );
    }
}
