//! The dist documents a recording is checked against, and how a concrete
//! request finds its operation.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::Value;

use crate::json_schema::Validators;

/// One dist document with what conformance derives from it.
pub struct Document {
    /// File name under `spec/dist/`.
    pub file: String,
    /// The document.
    pub value: Value,
    /// The server URL's path (`""` for `https://{apiDomain}`), stripped from recorded paths.
    pub base_path: String,
    /// Schema validators, by schema pointer.
    pub validators: Validators,
}

/// Dist documents, loaded on first use.
pub struct Specs {
    dist: PathBuf,
    loaded: HashMap<String, Rc<Document>>,
}

impl Specs {
    /// The documents under `root/spec/dist`.
    pub fn new(root: &Path) -> Self {
        Self {
            dist: root.join("spec/dist"),
            loaded: HashMap::new(),
        }
    }

    /// API names with a dist document (`defentry`, …).
    pub fn apis(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.dist)
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                entry
                    .ok()?
                    .file_name()
                    .to_str()?
                    .split('.')
                    .next()
                    .map(str::to_owned)
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The document of `api` in `format` (`None` for a single-format API).
    pub fn document(&mut self, api: &str, format: Option<&str>) -> Result<Rc<Document>, String> {
        let file = match format {
            Some(format) => format!("{api}.{format}.json"),
            None => format!("{api}.json"),
        };
        if let Some(doc) = self.loaded.get(&file) {
            return Ok(doc.clone());
        }
        let path = self.dist.join(&file);
        let text = std::fs::read_to_string(&path).map_err(|_| match format {
            Some(format) => format!("no dist document for api `{api}` in format `{format}` (spec/dist/{file})"),
            None => format!("no dist document for api `{api}` without a format (spec/dist/{file}); does it need `format`?"),
        })?;
        let value: Value =
            serde_json::from_str(&text).map_err(|e| format!("spec/dist/{file}: {e}"))?;
        let base_path = value
            .pointer("/servers/0/url")
            .and_then(Value::as_str)
            .map(server_path)
            .unwrap_or_default();
        let doc = Rc::new(Document {
            validators: Validators::new(&value),
            file: file.clone(),
            value,
            base_path,
        });
        self.loaded.insert(file, doc.clone());
        Ok(doc)
    }
}

/// The path part of a server URL (`https://{host}/crmapi/rest/v2/` → `/crmapi/rest/v2`).
pub fn server_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(slash) => after_scheme[slash..].trim_end_matches('/').to_owned(),
        None => String::new(),
    }
}

/// An operation found for a request.
#[derive(Clone, Debug, PartialEq)]
pub struct Matched {
    /// The path template.
    pub template: String,
    /// Lower-case method.
    pub method: String,
    /// `operationId`.
    pub operation_id: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// Path parameters, decoded.
    pub path_params: BTreeMap<String, String>,
}

/// Finds the operation of `method` on `path`: among the templates that match,
/// the one with literal segments earliest wins (`/alarms/statistic` over
/// `/alarms/{alarmId}`), as OpenAPI says concrete paths match first.
pub fn match_operation(doc: &Document, method: &str, path: &str) -> Result<Matched, String> {
    match_in(&doc.value, &doc.base_path, &doc.file, method, path)
}

/// [`match_operation`] on a plain document: `base_path` is stripped from
/// `path` first; `file` names the document in messages.
pub fn match_in(
    value: &Value,
    base_path: &str,
    file: &str,
    method: &str,
    path: &str,
) -> Result<Matched, String> {
    let path = path.split('?').next().unwrap_or_default();
    let relative = path.strip_prefix(base_path).ok_or_else(|| {
        format!("path `{path}` does not start with the server's base path `{base_path}`")
    })?;
    let segments: Vec<&str> = relative.trim_start_matches('/').split('/').collect();
    let paths = value
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the document has no paths")?;
    let mut best: Option<(Vec<bool>, &str, BTreeMap<String, String>)> = None;
    for template in paths.keys() {
        let parts: Vec<&str> = template.trim_start_matches('/').split('/').collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut rank = Vec::with_capacity(parts.len());
        let mut params = BTreeMap::new();
        let fits = parts.iter().zip(&segments).all(|(part, segment)| {
            match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) if !segment.is_empty() => {
                    params.insert(name.to_owned(), percent_decode(segment));
                    rank.push(true);
                    true
                }
                Some(_) => false,
                None => {
                    rank.push(false);
                    part == segment
                }
            }
        });
        if fits && best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
            best = Some((rank, template, params));
        }
    }
    let (_, template, path_params) =
        best.ok_or_else(|| format!("no path of {} matches `{path}`", file))?;
    let method = method.to_ascii_lowercase();
    let item = &paths[template];
    let Some(operation) = item.get(&method) else {
        let available: Vec<&str> = [
            "get", "put", "post", "delete", "patch", "head", "options", "trace",
        ]
        .into_iter()
        .filter(|m| item.get(*m).is_some())
        .collect();
        return Err(format!(
            "{template} has no {} operation (it has {})",
            method.to_uppercase(),
            available.join(", ")
        ));
    };
    let operation_id = operation
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{} {template} has no operationId", method.to_uppercase()))?;
    Ok(Matched {
        pointer: format!(
            "/paths/{}/{method}",
            template.replace('~', "~0").replace('/', "~1")
        ),
        template: template.to_owned(),
        method,
        operation_id: operation_id.to_owned(),
        path_params,
    })
}

fn percent_decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(paths: Value, server: &str) -> Document {
        let value = json!({"openapi": "3.0.3", "servers": [{"url": server}], "paths": paths});
        Document {
            file: "t.json".into(),
            validators: Validators::new(&value),
            base_path: server_path(server),
            value,
        }
    }

    fn op(id: &str) -> Value {
        json!({"get": {"operationId": id}})
    }

    #[test]
    fn literal_segments_win_over_templates() -> Result<(), String> {
        let doc = doc(
            json!({"/a/{id}": op("byId"), "/a/statistic": op("statistic"), "/a/{id}/close": op("close")}),
            "https://{apiDomain}",
        );
        assert_eq!(
            match_operation(&doc, "GET", "/a/statistic")?.operation_id,
            "statistic"
        );
        let by_id = match_operation(&doc, "GET", "/a/42")?;
        assert_eq!(
            (
                by_id.operation_id.as_str(),
                by_id.path_params["id"].as_str()
            ),
            ("byId", "42")
        );
        assert_eq!(
            match_operation(&doc, "GET", "/a/42/close?x=1")?.operation_id,
            "close"
        );
        Ok(())
    }

    #[test]
    fn misses_say_why() {
        let doc = doc(json!({"/a/{id}": op("byId")}), "https://h/base/");
        let err = |m: &str, p: &str| match_operation(&doc, m, p).err().unwrap_or_default();
        assert!(err("GET", "/a/1").contains("base path `/base`"));
        assert!(err("GET", "/base/b/1").contains("no path of t.json matches"));
        assert!(err("POST", "/base/a/1").contains("has no POST operation (it has get)"));
        assert_eq!(
            match_operation(&doc, "GET", "/base/a/x%20y").map(|m| m.path_params["id"].clone()),
            Ok("x y".into())
        );
    }
}
