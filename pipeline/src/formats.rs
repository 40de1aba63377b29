//! The response formats of an API, read from the source's `x-formats`: the
//! one place the projection, the Rust generation, the diff, the docs, the
//! mock and interop ask which formats there are and how a request selects
//! one.
//!
//! Each entry of `x-formats` has a `dist` file name, optional `parameters`
//! that every operation of the format carries, and (when the API has more
//! than one format) `rust-name`, `description` and, on exactly one format,
//! `default: true`. A format selected by a header carries that header among
//! its `parameters`, with a one-value `enum`: that value is what the client
//! sends. At most one format has no such header: the one the server answers
//! in when the header is absent or unknown. `shapes: OTHER` gives a format
//! the shapes of another (its `x-in-format` patches): a new date whose
//! shapes did not change is one entry.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::model::node::Node;
use crate::projection::escape;

/// The settings an `x-formats` entry may have.
const SETTINGS: &[&str] = &[
    "dist",
    "parameters",
    "default",
    "rust-name",
    "description",
    "shapes",
];

/// One response format declared by `x-formats`.
#[derive(Debug, Clone, PartialEq)]
pub struct Format {
    /// The format's name (`legacy`, `2026-06-12`); `None` for a single-format API.
    pub name: Option<String>,
    /// File name under `spec/dist/`.
    pub dist: String,
    /// Parameters every operation of this format carries, by component name.
    pub parameters: BTreeMap<String, Value>,
    /// The request header that selects this format; `None` for the format
    /// the server answers in without it.
    pub header: Option<Header>,
    /// The format clients use unless told otherwise (the Rust types are
    /// generated from it).
    pub default: bool,
    /// The name of its Rust `Format` variant (multi-format APIs).
    pub rust_name: Option<String>,
    /// What the format is, for the docs of its Rust variant.
    pub description: Option<String>,
    /// Another format whose shapes (`x-in-format` and `x-status-in-format`
    /// entries) this one takes: a new date with unchanged shapes.
    pub shapes: Option<String>,
}

/// A request header and the value that selects a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The header's name as the spec writes it (`X-API-Version`).
    pub name: String,
    /// The value that selects the format (`2026-06-12`).
    pub value: String,
}

impl Format {
    /// The format's name, `-` for the one format of a single-format API.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or("-")
    }
}

/// The formats a source declares, in the order of `x-formats`; a source
/// without `x-formats` has one unnamed default format whose dist file is
/// `<api>.json`.
pub fn formats(source: &Value, api: &str) -> Result<Vec<Format>> {
    let Some(declared) = source.get("x-formats") else {
        return Ok(vec![Format {
            name: None,
            dist: format!("{api}.json"),
            parameters: BTreeMap::new(),
            header: None,
            default: true,
            rust_name: None,
            description: None,
            shapes: None,
        }]);
    };
    let declared = declared
        .as_object()
        .context("/x-formats: must map each format name to its settings")?;
    if declared.is_empty() {
        bail!("/x-formats: declares no format");
    }
    let mut out = Vec::new();
    for (name, settings) in declared {
        out.push(read_one(name, settings, declared.len() > 1)?);
    }
    check_together(&out)?;
    Ok(out)
}

/// The format clients use unless told otherwise.
pub fn default_format(formats: &[Format]) -> Result<&Format> {
    formats
        .iter()
        .find(|f| f.default)
        .context("/x-formats: no format is marked `default: true`")
}

/// The header that selects a format, shared by every format that has one.
pub fn selecting_header(formats: &[Format]) -> Option<&str> {
    formats
        .iter()
        .find_map(|f| f.header.as_ref().map(|h| h.name.as_str()))
}

fn read_one(name: &str, settings: &Value, several: bool) -> Result<Format> {
    let at = format!("/x-formats/{}", escape(name));
    let map = settings
        .as_object()
        .with_context(|| format!("{at}: must be a map of settings"))?;
    if let Some(key) = map.keys().find(|k| !SETTINGS.contains(&k.as_str())) {
        bail!(
            "{at}/{key}: unknown setting (expected one of `{}`)",
            SETTINGS.join("`, `")
        );
    }
    let dist = settings
        .str_at("dist")
        .with_context(|| format!("{at}/dist: the dist file name is missing"))?;
    if !dist.ends_with(".json") || dist.contains('/') {
        bail!("{at}/dist: `{dist}` must be a plain `*.json` file name");
    }
    let parameters: BTreeMap<String, Value> = match settings.get("parameters") {
        None => BTreeMap::new(),
        Some(Value::Object(map)) => map.clone().into_iter().collect(),
        Some(_) => bail!("{at}/parameters: must map component names to parameters"),
    };
    let default = match settings.get("default") {
        None => false,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => bail!("{at}/default: must be `true` or `false`"),
    };
    let text = |key: &str| -> Result<Option<String>> {
        match settings.get(key) {
            None => Ok(None),
            Some(Value::String(text)) if !text.trim().is_empty() => {
                Ok(Some(text.trim().to_owned()))
            }
            Some(_) => bail!("{at}/{key}: must be a non-empty string"),
        }
    };
    let rust_name = text("rust-name")?;
    let description = text("description")?;
    let shapes = text("shapes")?;
    if several {
        let rust = rust_name.as_deref().with_context(|| {
            format!("{at}/rust-name: missing (the name of the format's Rust `Format` variant)")
        })?;
        if !is_type_name(rust) {
            bail!(
                "{at}/rust-name: `{rust}` is not a Rust variant name (an ASCII letter, then letters, digits or `_`, starting upper case)"
            );
        }
        if description.is_none() {
            bail!("{at}/description: missing (the doc text of the format's Rust variant)");
        }
    }
    Ok(Format {
        name: Some(name.to_owned()),
        dist: dist.to_owned(),
        header: header_of(&parameters),
        parameters,
        default,
        rust_name,
        description,
        shapes,
    })
}

/// The header parameter with a one-value `enum`, if the format has one.
fn header_of(parameters: &BTreeMap<String, Value>) -> Option<Header> {
    parameters.values().find_map(|parameter| {
        let values = parameter.pointer("/schema/enum")?.as_array()?;
        match (parameter.str_at("in")?, values.as_slice()) {
            ("header", [Value::String(value)]) => Some(Header {
                name: parameter.str_at("name")?.to_owned(),
                value: value.clone(),
            }),
            _ => None,
        }
    })
}

fn is_type_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What must hold across the formats of one API.
fn check_together(formats: &[Format]) -> Result<()> {
    let defaults: Vec<&str> = formats
        .iter()
        .filter(|f| f.default)
        .map(Format::label)
        .collect();
    match (formats.len(), defaults.as_slice()) {
        (1, []) | (_, [_]) => {}
        (_, []) => bail!("/x-formats: no format is marked `default: true` (exactly one must be)"),
        (_, several) => bail!(
            "/x-formats: {} formats are marked `default: true` ({}); exactly one must be",
            several.len(),
            several.join(", ")
        ),
    }
    let headerless: Vec<&str> = formats
        .iter()
        .filter(|f| f.header.is_none())
        .map(Format::label)
        .collect();
    if formats.len() > 1 && headerless.len() > 1 {
        bail!(
            "/x-formats: {} formats have no selecting header ({}); at most one may (a header parameter with a one-value `enum` selects a format)",
            headerless.len(),
            headerless.join(", ")
        );
    }
    for format in formats {
        let Some(shapes) = &format.shapes else {
            continue;
        };
        match formats.iter().find(|f| f.name.as_ref() == Some(shapes)) {
            Some(other) if other.shapes.is_none() && other.name != format.name => {}
            Some(_) => bail!(
                "/x-formats/{}/shapes: `{shapes}` must be another format that has no `shapes` itself",
                escape(format.label())
            ),
            None => bail!(
                "/x-formats/{}/shapes: `{shapes}` is not a format declared in /x-formats",
                escape(format.label())
            ),
        }
    }
    let mut rust_names = BTreeSet::new();
    let mut values = BTreeSet::new();
    let header = selecting_header(formats);
    for format in formats {
        if let Some(rust) = &format.rust_name
            && !rust_names.insert(rust.as_str())
        {
            bail!(
                "/x-formats/{}/rust-name: `{rust}` names another format too",
                escape(format.label())
            );
        }
        if let Some(h) = &format.header {
            if header.is_some_and(|name| !name.eq_ignore_ascii_case(&h.name)) {
                bail!(
                    "/x-formats/{}/parameters: selected by header `{}`, another format by `{}`; one header must select every format",
                    escape(format.label()),
                    h.name,
                    header.unwrap_or_default()
                );
            }
            if !values.insert(h.value.as_str()) {
                bail!(
                    "/x-formats/{}/parameters: header value `{}` selects another format too",
                    escape(format.label()),
                    h.value
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(value: &str) -> Value {
        json!({"V": {"name": "X-V", "in": "header", "required": true, "schema": {"type": "string", "enum": [value]}}})
    }

    fn two() -> Value {
        json!({"x-formats": {
            "new": {"dist": "a.new.json", "parameters": header("new"), "default": true, "rust-name": "New", "description": "The new one."},
            "old": {"dist": "a.old.json", "rust-name": "Old", "description": "The old one."}
        }})
    }

    fn error(doc: &Value) -> String {
        formats(doc, "a")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn formats_carry_header_default_and_rust_name() -> Result<()> {
        let formats = formats(&two(), "a")?;
        let new = &formats[0];
        assert_eq!(new.name.as_deref(), Some("new"));
        assert_eq!(
            new.header,
            Some(Header {
                name: "X-V".into(),
                value: "new".into()
            })
        );
        assert!(new.default);
        assert_eq!(new.rust_name.as_deref(), Some("New"));
        assert_eq!(formats[1].header, None);
        assert_eq!(default_format(&formats)?.label(), "new");
        assert_eq!(selecting_header(&formats), Some("X-V"));
        Ok(())
    }

    #[test]
    fn a_single_format_api_has_one_default_format() -> Result<()> {
        let formats = formats(&json!({}), "a")?;
        assert_eq!(formats.len(), 1);
        assert!(formats[0].default);
        assert_eq!(formats[0].dist, "a.json");
        Ok(())
    }

    #[test]
    fn exactly_one_default() {
        let mut doc = two();
        doc["x-formats"]["new"]["default"] = json!(false);
        assert!(error(&doc).contains("no format is marked `default: true`"));
        doc["x-formats"]["new"]["default"] = json!(true);
        doc["x-formats"]["old"]["default"] = json!(true);
        assert!(error(&doc).contains("2 formats are marked `default: true` (new, old)"));
    }

    #[test]
    fn rust_names_are_variant_names_and_unique() {
        let mut doc = two();
        doc["x-formats"]["old"]["rust-name"] = json!("2old");
        assert!(
            error(&doc).contains("/x-formats/old/rust-name: `2old` is not a Rust variant name")
        );
        doc["x-formats"]["old"]["rust-name"] = json!("New");
        assert!(error(&doc).contains("`New` names another format too"));
        doc["x-formats"]["old"]
            .as_object_mut()
            .map(|m| m.remove("rust-name"));
        assert!(error(&doc).contains("/x-formats/old/rust-name: missing"));
    }

    #[test]
    fn at_most_one_format_without_a_header() {
        let mut doc = two();
        doc["x-formats"]["new"]
            .as_object_mut()
            .map(|m| m.remove("parameters"));
        assert!(error(&doc).contains("2 formats have no selecting header (new, old)"));
    }

    #[test]
    fn header_values_and_names_agree() {
        let mut doc = two();
        doc["x-formats"]["old"]["parameters"] = header("new");
        assert!(error(&doc).contains("header value `new` selects another format too"));
        doc["x-formats"]["old"]["parameters"] = json!({"W": {"name": "X-W", "in": "header", "schema": {"type": "string", "enum": ["w"]}}});
        assert!(error(&doc).contains("one header must select every format"));
    }

    #[test]
    fn shapes_name_another_format() {
        let mut doc = two();
        doc["x-formats"]["newer"] = json!({"dist": "a.newer.json", "parameters": header("newer"),
            "rust-name": "Newer", "description": "d", "shapes": "new"});
        assert!(formats(&doc, "a").is_ok_and(|f| f[1].shapes.as_deref() == Some("new")));
        doc["x-formats"]["newer"]["shapes"] = json!("newest");
        assert!(error(&doc).contains("/x-formats/newer/shapes: `newest` is not a format declared"));
        doc["x-formats"]["newer"]["shapes"] = json!("newer");
        assert!(error(&doc).contains("must be another format that has no `shapes` itself"));
    }

    #[test]
    fn unknown_settings_are_named() {
        let mut doc = two();
        doc["x-formats"]["old"]["colour"] = json!("red");
        assert!(error(&doc).contains("/x-formats/old/colour: unknown setting"));
    }
}
