//! Everything `cargo xtask generate` produces, in memory: the dist
//! documents and Rust files of every API, then the replay glue of them all.
//! Writing and checking them is `outputs`.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::apis::Api;
use crate::codegen::{dispatch as dispatch_codegen, rust_client, rust_profile};
use crate::outputs::{Output, Owned};
use crate::projection::{self, Options};
use crate::{canonical_json, formats, limits, spec_source};

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
        rust_client::generate(api, &input, rust_format, &formats)
            .with_context(|| format!("{at}: generating the Rust client"))?,
    );
    outputs.push(
        dispatch_codegen::generate(api, &input.doc, &rust_client::header(api, rust_format))
            .with_context(|| format!("{at}: generating the conformance dispatch"))?,
    );
    Ok((outputs, rust_client::has_format_enum(&formats)))
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
