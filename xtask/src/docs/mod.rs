//! `cargo xtask docs [--check-in-browser]`: a static HTML reference of every
//! dist document under `target/api-docs/` (redocly build-docs, pinned in
//! `tools/`, with its scripts inlined), an index page, and for an API with
//! several response formats a selector that switches format on the same
//! operation. Nothing loads from the network.

mod annotate;
pub mod browser;
mod index;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::apis::APIS;
use crate::spec_source;
use crate::tools;
use annotate::FormatNote;

/// Where the pages go (ignored by git).
pub const OUT: &str = "target/api-docs";

/// Redoc's sidebar logo comes from its CDN; the pages use an empty image
/// instead (Redoc has no option to leave it out).
const CDN_IMAGES: &[&str] = &[
    "https://cdn.redoc.ly/redoc/logo-mini-full.svg",
    "https://cdn.redoc.ly/redoc/logo-mini.svg",
];
const EMPTY_IMAGE: &str = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'/%3E";

/// One rendered page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The API.
    pub api: String,
    /// `info.title` of its document.
    pub title: String,
    /// The format, for multi-format APIs.
    pub format: Option<String>,
    /// How a client selects the format.
    pub selected_by: Option<String>,
    /// File name under `target/api-docs/`.
    pub file: String,
}

/// How a client selects `format`: its header and value (`X-API-Version:
/// 2026-06-12`), or no header; `header` is the one the API's formats use.
fn selected_by(format: &crate::formats::Format, header: Option<&str>) -> String {
    match (&format.header, header) {
        (Some(h), _) => format!("sent with `{}: {}`", h.name, h.value),
        (None, Some(name)) => format!("sent without an `{name}` header"),
        (None, None) => "sent as is".to_owned(),
    }
}

fn bar(title: &str, page: &str, siblings: &[Page]) -> String {
    let mut html = format!(
        "<nav id=\"docs-bar\"><a href=\"index.html\">All APIs</a><strong>{}</strong>",
        index::escape(title)
    );
    if siblings.len() > 1 {
        html.push_str(
            "<label>Response format \
             <select id=\"format-switch\" onchange=\"location.href = this.value + location.hash\">",
        );
        for sibling in siblings {
            let name = sibling.format.as_deref().unwrap_or("default");
            let selected = if sibling.file == page {
                " selected"
            } else {
                ""
            };
            html.push_str(&format!(
                "<option value=\"{}\"{selected}>{}</option>",
                sibling.file,
                index::escape(name)
            ));
        }
        html.push_str(
            "</select></label><span class=\"format-note\">switching keeps the operation you are on</span>",
        );
    }
    html.push_str("</nav>");
    html
}

/// Builds every page and the index; returns the pages.
pub fn build(root: &Path) -> Result<Vec<Page>> {
    let started = Instant::now();
    let node = tools::node_bin(root)?;
    let out = root.join(OUT);
    let _ = std::fs::remove_dir_all(&out);
    let sources = out.join("sources");
    std::fs::create_dir_all(&sources)?;
    let template = std::fs::read_to_string(root.join("tools/docs/page.hbs"))
        .context("cannot read tools/docs/page.hbs")?;
    let mut pages = Vec::new();
    for api in APIS {
        let source = spec_source::load(root, &api.source_path())?;
        let formats = crate::formats::formats(&source.doc, api.name)?;
        let header = crate::formats::selecting_header(&formats).map(str::to_owned);
        let header = header.as_deref();
        let mut docs: Vec<(crate::formats::Format, Value)> = Vec::new();
        for format in formats {
            let path = root.join("spec/dist").join(&format.dist);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            docs.push((format, serde_json::from_str(&text)?));
        }
        let siblings: Vec<Page> = docs
            .iter()
            .map(|(format, doc)| Page {
                api: api.name.to_owned(),
                title: doc
                    .pointer("/info/title")
                    .and_then(Value::as_str)
                    .unwrap_or(api.name)
                    .to_owned(),
                format: format.name.clone(),
                selected_by: format.name.as_ref().map(|_| selected_by(format, header)),
                file: format.dist.replace(".json", ".html"),
            })
            .collect();
        for (index, (format, doc)) in docs.iter().enumerate() {
            let page = &siblings[index];
            let note = format.name.as_ref().map(|name| {
                let mut wire_examples = std::collections::BTreeMap::new();
                for (other_index, (_, other)) in docs.iter().enumerate() {
                    if other_index != index {
                        for (schema, (mine, _)) in annotate::differing_examples(doc, other) {
                            wire_examples.insert(schema, mine);
                        }
                    }
                }
                FormatNote {
                    name: name.clone(),
                    selected_by: selected_by(format, header),
                    wire_examples,
                }
            });
            let annotated = annotate::annotate(api, doc, note.as_ref());
            let stem = page.file.trim_end_matches(".html");
            let annotated_path = sources.join(format!("{stem}.json"));
            std::fs::write(&annotated_path, serde_json::to_string(&annotated)?)?;
            let template_path = sources.join(format!("{stem}.hbs"));
            std::fs::write(
                &template_path,
                template.replace("<!-- bar -->", &bar(&page.title, &page.file, &siblings)),
            )?;
            render(
                root,
                &node,
                &annotated_path,
                &template_path,
                &out.join(&page.file),
            )?;
        }
        pages.extend(siblings);
    }
    std::fs::write(out.join("index.html"), index::html(&pages))?;
    println!(
        "docs: {} pages and index.html in {OUT}/ ({:.1} s); open {OUT}/index.html",
        pages.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(pages)
}

/// Renders one page with redocly build-docs, scripts inlined, and makes
/// sure it loads nothing from the network.
fn render(root: &Path, node: &Path, doc: &Path, template: &Path, output: &PathBuf) -> Result<()> {
    let ran = tools::run(
        std::process::Command::new(node.join("redocly"))
            .arg("build-docs")
            .arg(doc)
            .arg("--inlineBundle")
            .arg("--template")
            .arg(template)
            .arg("--output")
            .arg(output)
            .args([
                "--openapi.scrollYOffset=44",
                "--openapi.hideDownloadButtons=true",
                "--openapi.jsonSamplesExpandLevel=4",
            ])
            .env("REDOCLY_TELEMETRY", "off")
            .current_dir(root),
    )?;
    if !ran.ok {
        bail!(
            "redocly build-docs failed on {}:\n{}",
            doc.display(),
            ran.output
        );
    }
    let mut html = std::fs::read_to_string(output)?;
    for image in CDN_IMAGES {
        html = html.replace(image, EMPTY_IMAGE);
    }
    for remote in [
        "<script src=\"http",
        "<link rel=\"stylesheet\" href=\"http",
        "rel=\"modulepreload\" href=\"http",
        "fonts.googleapis",
    ] {
        if html.contains(remote) {
            bail!(
                "{} would load from the network (`{remote}`)",
                output.display()
            );
        }
    }
    std::fs::write(output, html)?;
    Ok(())
}

/// `cargo xtask docs`: builds the pages; with `browser`, also runs the
/// browser test.
pub fn run(root: &Path, browser: bool) -> Result<()> {
    build(root)?;
    if browser {
        browser::check(root)?;
    }
    Ok(())
}
