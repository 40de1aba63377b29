//! An API's response formats and their dist documents, as data: the formats
//! come from the source spec's `x-formats` (`bindings_pipeline::formats`),
//! each with the document `spec/dist/` holds for it. The proxy asks which
//! format a request selects, which headers select another, and which
//! operation a request is.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use bindings_pipeline::formats::{Format, formats};
use serde_json::Value;
use workspace_tests::spec_docs::{Matched, match_in, server_path};

/// One format of an API with its dist document.
#[derive(Debug)]
pub struct FormatDoc {
    /// The format (its selecting header, if any).
    pub format: Format,
    /// The dist document.
    pub value: Value,
    /// The server URL's path, stripped from request paths when matching.
    pub base_path: String,
}

impl FormatDoc {
    /// The format's name as recordings write it (`None`: single-format API).
    pub fn name(&self) -> Option<&str> {
        self.format.name.as_deref()
    }

    /// The operation of `method` on `path` (the path as sent, base path
    /// included), if the document has one.
    pub fn operation(&self, method: &str, path: &str) -> Option<Matched> {
        match_in(
            &self.value,
            &self.base_path,
            &self.format.dist,
            method,
            path,
        )
        .ok()
    }

    /// Whether the matched operation is a `GET` that changes state
    /// (`x-state-changing: true`).
    pub fn state_changing(&self, matched: &Matched) -> bool {
        self.value
            .pointer(&matched.pointer)
            .and_then(|op| op.get("x-state-changing"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }
}

/// Every format of one API.
#[derive(Debug)]
pub struct ApiFormats {
    /// The API's name (`spec/<api>.yaml`).
    pub api: String,
    /// Its formats, in `x-formats` order (never empty).
    formats: Vec<Arc<FormatDoc>>,
    /// The index of the format the server answers in without the header.
    fallback: usize,
}

impl ApiFormats {
    /// Reads `spec/<api>.yaml`'s formats and their dist documents under `root`.
    pub fn load(root: &Path, api: &str) -> Result<Self> {
        let relative = format!("spec/{api}.yaml");
        let source = bindings_pipeline::spec_source::load(root, &relative)?;
        let mut out = Vec::new();
        for format in formats(&source.doc, api)? {
            let path = root.join("spec/dist").join(&format.dist);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let value: Value = serde_json::from_str(&text)
                .with_context(|| format!("{} is not JSON", path.display()))?;
            let base_path = value
                .pointer("/servers/0/url")
                .and_then(Value::as_str)
                .map(server_path)
                .unwrap_or_default();
            out.push(Arc::new(FormatDoc {
                format,
                value,
                base_path,
            }));
        }
        if out.is_empty() {
            bail!("{relative} declares no format");
        }
        let fallback = out
            .iter()
            .position(|f| f.format.header.is_none())
            .unwrap_or(0);
        Ok(Self {
            api: api.to_owned(),
            formats: out,
            fallback,
        })
    }

    /// Every format, in `x-formats` order.
    pub fn all(&self) -> &[Arc<FormatDoc>] {
        &self.formats
    }

    /// The format a recording names (`None`: the first, for a
    /// single-format API); `None` when the API has no such format.
    pub fn named(&self, name: Option<&str>) -> Option<Arc<FormatDoc>> {
        match name {
            Some(name) => self
                .formats
                .iter()
                .find(|f| f.name() == Some(name))
                .cloned(),
            None => self.formats.first().cloned(),
        }
    }

    /// Every format's dist document.
    pub fn documents(&self) -> Vec<&Value> {
        self.formats.iter().map(|f| &f.value).collect()
    }

    /// The selecting header's name, shared by every format that has one.
    pub fn header(&self) -> Option<&str> {
        self.formats
            .iter()
            .find_map(|f| f.format.header.as_ref().map(|h| h.name.as_str()))
    }

    /// The format a request whose selecting header has `value` gets: the
    /// format with that value, else the one without a header (as the
    /// server does with an absent or unknown value).
    pub fn selected(&self, value: Option<&str>) -> Arc<FormatDoc> {
        let index = value
            .and_then(|v| {
                self.formats
                    .iter()
                    .position(|f| f.format.header.as_ref().is_some_and(|h| h.value == v))
            })
            .unwrap_or(self.fallback);
        Arc::clone(&self.formats[index])
    }
}

/// `node` with its `$ref`s followed (the workspace's one resolver).
pub fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    workspace_tests::schema_walk::resolve(doc, node).0
}

/// The schema of the JSON media type of a response or request body
/// (`holder.content[<…json…>].schema`).
pub fn body_schema(holder: &Value) -> Option<&Value> {
    holder
        .get("content")?
        .as_object()?
        .iter()
        .find(|(media, _)| media.contains("json"))
        .and_then(|(_, entry)| entry.get("schema"))
}

/// The entry of a `responses` map that describes `status`: the status
/// itself, its class (`4XX`) or `default`, with a `$ref` followed.
pub fn response_for<'a>(doc: &'a Value, responses: &'a Value, status: u16) -> Option<&'a Value> {
    [
        status.to_string(),
        format!("{}XX", status / 100),
        "default".into(),
    ]
    .iter()
    .find_map(|key| responses.get(key))
    .map(|r| resolve(doc, r))
}
