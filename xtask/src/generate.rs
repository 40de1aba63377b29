//! `cargo xtask generate [--check]`: every spec into `spec/dist/` and its
//! Rust crate; `--check` writes nothing and fails with a diff when anything
//! committed is stale.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::apis::{APIS, Api};
use crate::outputs::{self, Output, Owned};
use crate::projection::{self, Options};
use crate::{
    canonical_json, dispatch_codegen, formats, limits, rust_codegen, rust_profile, spec_source,
};

/// Everything `generate` produces, in memory: one thread per API (they
/// share nothing), outputs in the order of `apis`, then the replay glue of
/// them all (`tests/src/generated_apis.rs`).
pub fn produce(root: &Path, apis: &[Api]) -> Result<Vec<Output>> {
    let per_api: Vec<Result<(Vec<Output>, bool)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = apis
            .iter()
            .map(|api| scope.spawn(move || produce_one(root, api)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a generation thread panicked")))
            })
            .collect()
    });
    let mut outputs = Vec::new();
    let mut glue = Vec::new();
    for (api, produced) in apis.iter().zip(per_api) {
        let (api_outputs, has_format) = produced?;
        outputs.extend(api_outputs);
        glue.push((api, has_format));
    }
    outputs.push(
        dispatch_codegen::apis_file(&glue).context("generating tests/src/generated_apis.rs")?,
    );
    Ok(outputs)
}

/// The dist documents and the Rust files of one API.
pub fn produce_api(root: &Path, api: &Api) -> Result<Vec<Output>> {
    produce_one(root, api).map(|(outputs, _)| outputs)
}

/// [`produce_api`], and whether the crate gets a generated `Format` (its
/// spec has several `x-formats`).
fn produce_one(root: &Path, api: &Api) -> Result<(Vec<Output>, bool)> {
    let source = spec_source::load(root, &api.source_path())?;
    let at = &source.display_path;
    let formats =
        formats::formats(&source.doc, api.name).with_context(|| format!("{at}: bad x-formats"))?;
    let mut outputs = Vec::new();
    for format in &formats {
        let dist = projection::project(
            &source.doc,
            format,
            Options {
                format_parameters: true,
            },
        )
        .with_context(|| {
            format!(
                "{at}: projecting format {}",
                format.name.as_deref().unwrap_or("-")
            )
        })?;
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&dist).map_err(|e| {
            anyhow::anyhow!(
                "{at}: the {} document is not valid OpenAPI 3.0 at {}: {}",
                format.dist,
                e.path(),
                e.inner()
            )
        })?;
        outputs.push(Output::new(
            format!("spec/dist/{}", format.dist),
            canonical_json::to_string(&dist)?,
        ));
    }
    let rust_format =
        formats::default_format(&formats).with_context(|| format!("{at}: bad x-formats"))?;
    let projected = projection::project(
        &source.doc,
        rust_format,
        Options {
            format_parameters: false,
        },
    )?;
    let input = rust_profile::prepare(projected, api)?;
    let violations = limits::check(&input.doc);
    if !violations.is_empty() {
        let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
        bail!(
            "{at}: {} operation(s) break progenitor's limits or the project's rules (operation: JSON pointer: problem):\n  {}",
            violations.len(),
            list.join("\n  ")
        );
    }
    outputs.extend(
        rust_codegen::generate(api, &input, rust_format, &formats)
            .with_context(|| format!("{at}: generating the Rust client"))?,
    );
    outputs.push(
        dispatch_codegen::generate(api, &input.doc, &rust_codegen::header(api, rust_format))
            .with_context(|| format!("{at}: generating the conformance dispatch"))?,
    );
    Ok((outputs, rust_codegen::has_format_enum(&formats)))
}

/// The folders whose matching files `generate` owns.
pub fn owned(apis: &[Api]) -> Vec<Owned> {
    let mut owned = vec![Owned {
        dir: "spec/dist".into(),
        prefix: "",
        suffix: ".json",
    }];
    owned.push(Owned {
        dir: "tests/src".into(),
        prefix: "generated_",
        suffix: ".rs",
    });
    owned.extend(apis.iter().map(|api| Owned {
        dir: format!("{}/src", api.crate_dir),
        prefix: "generated",
        suffix: ".rs",
    }));
    owned
}

/// Runs `generate` (or `generate --check`) on the workspace at `root`.
pub fn run(root: &Path, check: bool) -> Result<()> {
    unregistered_specs(root)?;
    let started = Instant::now();
    let outputs = produce(root, APIS)?;
    let owned = owned(APIS);
    let elapsed = started.elapsed();
    if check {
        let problems = outputs::check(root, &outputs, &owned)?;
        if problems.is_empty() {
            println!(
                "generate --check: {} files up to date ({} ms)",
                outputs.len(),
                elapsed.as_millis()
            );
            return Ok(());
        }
        for problem in &problems {
            println!("{problem}");
        }
        bail!(
            "{} generated file(s) out of date with the spec: run `cargo xtask generate` and commit the result",
            problems.len()
        );
    }
    let written = outputs::write(root, &outputs, &owned)?;
    for path in &written.changed {
        println!("wrote {path}");
    }
    for path in &written.removed {
        println!("removed {path} (no longer produced)");
    }
    println!(
        "generate: {} changed, {} unchanged, {} removed ({} ms to produce)",
        written.changed.len(),
        written.unchanged,
        written.removed.len(),
        elapsed.as_millis()
    );
    Ok(())
}

/// Fails when a `spec/*.yaml` has no entry in [`APIS`]: every spec goes
/// through the same pipeline, none is silently skipped.
fn unregistered_specs(root: &Path) -> Result<()> {
    let dir = root.join("spec");
    let mut missing = Vec::new();
    for entry in
        std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?
    {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if let Some(stem) = name.strip_suffix(".yaml")
            && !APIS.iter().any(|api| api.name == stem)
        {
            missing.push(format!("spec/{name}"));
        }
    }
    if !missing.is_empty() {
        bail!(
            "no entry in pipeline/src/apis.rs for {} (every spec is generated the same way: add one)",
            missing.join(", ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::unregistered_specs;

    #[test]
    fn a_spec_without_an_entry_is_refused() -> anyhow::Result<()> {
        let root = tempfile::tempdir()?;
        std::fs::create_dir(root.path().join("spec"))?;
        std::fs::write(root.path().join("spec/defentry.yaml"), "")?;
        std::fs::write(root.path().join("spec/README.md"), "")?;
        unregistered_specs(root.path())?;
        std::fs::write(root.path().join("spec/newapi.yaml"), "")?;
        let error = unregistered_specs(root.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("spec/newapi.yaml"), "{error}");
        Ok(())
    }
}
