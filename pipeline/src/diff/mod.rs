//! `cargo xtask diff`: what changes for clients between two revisions of the
//! specs, per API and response format, each change classified breaking or
//! not.
//!
//! Both sides are projected per format (a change may break legacy clients
//! only), then compared operation by operation (`operations`), schemas in
//! the direction they travel (`schema`). A shared component is reported at
//! every operation that uses it.

pub mod call_site;
pub mod change;
pub mod generated_proof;
pub mod operations;
pub mod redocly;
pub mod report;
pub mod revisions;
pub mod schema;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::apis::APIS;
use crate::projection::{self, Options};
use crate::spec_source;
use change::{Change, Verdict};
use revisions::Revision;

/// How `diff` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// A pull-request comment.
    Markdown,
    /// An array of change records (`xtask/diff-report.schema.json`).
    Json,
    /// One line per change and operation.
    Text,
}

/// What to compare and how to report it.
#[derive(Debug, Clone)]
pub struct Request {
    /// The old side (default: the merge base with `main`).
    pub base: Option<String>,
    /// The new side (default: the working tree).
    pub head: Option<String>,
    /// Two spec files to compare instead of revisions.
    pub files: Vec<PathBuf>,
    /// The rendering.
    pub output: Output,
    /// Where to write the complete Markdown report as well (the printed
    /// Markdown is cut to fit a pull-request comment).
    pub full_report: Option<PathBuf>,
}

/// Projects one source (`None`: the API does not exist on that side) into
/// its formats, by format name.
fn project_all(api: &str, source: Option<&Value>) -> Result<BTreeMap<Option<String>, Value>> {
    let mut out = BTreeMap::new();
    let Some(source) = source else {
        return Ok(out);
    };
    for format in crate::formats::formats(source, api)? {
        let doc = projection::project(
            source,
            &format,
            Options {
                format_parameters: true,
            },
        )?;
        out.insert(format.name.clone(), doc);
    }
    Ok(out)
}

/// The projected documents to compare, per format: `(format, base, head)`.
/// A format on one side only is compared with an empty document, except
/// when exactly one format is gone and one is new: that is the same format
/// under a new name (a new version date), compared as such.
pub fn format_pairs(
    api: &str,
    base: Option<&Value>,
    head: Option<&Value>,
) -> Result<Vec<(Option<String>, Value, Value)>> {
    let mut before =
        project_all(api, base).with_context(|| format!("{api}: cannot project the base"))?;
    let mut after =
        project_all(api, head).with_context(|| format!("{api}: cannot project the head"))?;
    let empty = json!({"openapi": "3.0.3", "info": {"title": api, "version": "0"}, "paths": {}});
    let mut pairs = Vec::new();
    let gone: Vec<Option<String>> = before
        .keys()
        .filter(|k| !after.contains_key(*k))
        .cloned()
        .collect();
    let new: Vec<Option<String>> = after
        .keys()
        .filter(|k| !before.contains_key(*k))
        .cloned()
        .collect();
    if let ([old], [renamed]) = (gone.as_slice(), new.as_slice())
        && let (Some(b), Some(h)) = (before.remove(old), after.remove(renamed))
    {
        pairs.push((renamed.clone(), b, h));
    }
    let names: BTreeSet<Option<String>> = before.keys().chain(after.keys()).cloned().collect();
    for name in names {
        let b = before.remove(&name).unwrap_or_else(|| empty.clone());
        let h = after.remove(&name).unwrap_or_else(|| empty.clone());
        pairs.push((name, b, h));
    }
    Ok(pairs)
}

/// The request header that selects a format (`x-formats`), from the head
/// source, else the base.
pub fn selecting_header(api: &str, base: Option<&Value>, head: Option<&Value>) -> Option<String> {
    [head, base].into_iter().flatten().find_map(|source| {
        let formats = crate::formats::formats(source, api).ok()?;
        crate::formats::selecting_header(&formats).map(str::to_owned)
    })
}

/// Every change of one API between two sources (either may be absent).
pub fn compare_sources(
    api: &str,
    base: Option<&Value>,
    head: Option<&Value>,
) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    let header = selecting_header(api, base, head);
    for (format, b, h) in format_pairs(api, base, head)? {
        changes.extend(operations::compare_documents(
            api,
            format.as_deref(),
            header.as_deref(),
            &b,
            &h,
        ));
    }
    changes.sort_by(|x, y| {
        (
            &x.api,
            &x.format,
            &x.operation.path,
            &x.operation.method,
            &x.location,
            x.kind,
        )
            .cmp(&(
                &y.api,
                &y.format,
                &y.operation.path,
                &y.operation.method,
                &y.location,
                y.kind,
            ))
    });
    Ok(changes)
}

/// Parses spec text (YAML or JSON) for comparison.
pub fn parse(display: &str, text: &str) -> Result<Value> {
    Ok(spec_source::parse(display, text)?.doc)
}

/// The changes `request` asks for, with the labels of both sides.
pub fn changes(root: &Path, request: &Request) -> Result<(Vec<Change>, String, String)> {
    if !request.files.is_empty() {
        let [base, head] = request.files.as_slice() else {
            bail!("give two spec files (base, head), or none to compare revisions");
        };
        let read = |path: &Path| {
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
        };
        // `spec/defentry.yaml`, `spec/dist/defentry.legacy.json`: the API's
        // name starts the file name; a registered name wins.
        let stem = |path: &Path| {
            path.file_stem()
                .and_then(|s| s.to_str())
                .map(|s| s.split('.').next().unwrap_or(s).to_owned())
        };
        let stems = [stem(base), stem(head)];
        let api = stems
            .iter()
            .flatten()
            .find(|s| APIS.iter().any(|api| api.name == s.as_str()))
            .or(stems[1].as_ref())
            .map_or("spec", String::as_str);
        let (base_text, head_text) = (read(base)?, read(head)?);
        // Both documents are read and checked at once (a large spec takes
        // a tenth of a second each).
        let (before, after) = std::thread::scope(|scope| {
            let before = scope.spawn(|| parse(&base.display().to_string(), &base_text));
            let after = parse(&head.display().to_string(), &head_text);
            let before = before
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("reading the base failed")));
            (before, after)
        });
        let (before, after) = (before?, after?);
        let changes = compare_sources(api, Some(&before), Some(&after))?;
        return Ok((
            changes,
            base.display().to_string(),
            head.display().to_string(),
        ));
    }
    let base = match &request.base {
        Some(rev) => Revision::Git(rev.clone()),
        None => revisions::default_base(root)?,
    };
    let head = match &request.head {
        Some(rev) => Revision::Git(rev.clone()),
        None => Revision::WorkingTree,
    };
    let mut changes = Vec::new();
    for api in APIS {
        let relative = api.source_path();
        let load = |revision: &Revision| -> Result<Option<Value>> {
            revisions::read(root, revision, &relative)?
                .map(|text| parse(&relative, &text))
                .transpose()
        };
        let (before, after) = (load(&base)?, load(&head)?);
        changes.extend(compare_sources(api.name, before.as_ref(), after.as_ref())?);
    }
    let base_label = match &request.base {
        Some(_) => base.label(root),
        None => format!("merge base with main, {}", base.label(root)),
    };
    Ok((changes, base_label, head.label(root)))
}

/// Runs `diff`, prints the report and says whether anything breaks.
pub fn run(root: &Path, request: &Request) -> Result<Breaks> {
    let (changes, base, head) = changes(root, request)?;
    let full_path = match &request.full_report {
        Some(path) => {
            std::fs::write(path, report::markdown_full(&changes, &base, &head))
                .with_context(|| format!("cannot write {}", path.display()))?;
            Some(path.display().to_string())
        }
        None => None,
    };
    let rendered = match request.output {
        Output::Markdown => report::markdown(&changes, &base, &head, full_path.as_deref()),
        Output::Json => report::json(&changes)?,
        Output::Text => report::text(&changes),
    };
    print!("{rendered}");
    if !rendered.ends_with('\n') {
        println!();
    }
    Ok(Breaks {
        wire: changes.iter().any(|c| c.wire == Verdict::Breaking),
        generated: changes.iter().any(|c| c.generated == Verdict::Breaking),
    })
}

/// What the changes break, for `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Breaks {
    /// Some change breaks clients on the wire.
    pub wire: bool,
    /// Some change breaks code generated from the spec.
    pub generated: bool,
}
