//! Reading a spec: YAML (or JSON) with line numbers in every error; only
//! OpenAPI 3.0.x.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// A parsed source document, as JSON, with the text it came from.
pub struct SpecSource {
    /// Path as shown in messages (relative to the workspace root).
    pub display_path: String,
    /// The document as a JSON value (YAML keys such as `200:` become strings).
    pub doc: Value,
}

/// Reads and parses `path`, reporting syntax errors, duplicate keys and
/// structural OpenAPI errors with their line.
pub fn load(root: &Path, relative: &str) -> Result<SpecSource> {
    let path = root.join(relative);
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {relative}"))?;
    parse(relative, &text)
}

/// Parses spec text; `display_path` names it in errors.
pub fn parse(display_path: &str, text: &str) -> Result<SpecSource> {
    // JSON is read as JSON: the YAML parser refuses some legal JSON (escapes
    // such as `\/`), and JSON errors name their line too.
    let is_json = display_path.ends_with(".json") || text.trim_start().starts_with('{');
    let doc: Value = if is_json {
        serde_json::from_str(text)
            .map_err(|e| anyhow::anyhow!("{display_path}:{}:{}: {e}", e.line(), e.column()))?
    } else {
        // Parse into YAML's own value first: unlike a direct conversion, it
        // rejects duplicate keys (a second `get:` under one path would
        // otherwise win silently).
        let yaml: yaml_serde::Value = yaml_serde::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}", located(display_path, &e)))?;
        serde_json::to_value(&yaml)
            .with_context(|| format!("{display_path}: not representable as JSON"))?
    };
    if !doc.is_object() {
        bail!("{display_path}: the document is not a mapping");
    }
    match doc.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0.") => {}
        Some(version) => bail!(
            "{display_path}: OpenAPI {version} is not supported: only 3.0.x documents are read (3.1 changes the schema rules; reading it with 3.0 rules would give wrong answers)"
        ),
        None => bail!("{display_path}: no `openapi: 3.0.x` field: not an OpenAPI 3.0 document"),
    }
    // Check the OpenAPI structure (against the text, so a YAML error has a line).
    let valid = if is_json {
        serde_json::from_value::<openapiv3::OpenAPI>(doc.clone())
            .map(|_| ())
            .map_err(|e| format!("{display_path}: {e}"))
    } else {
        yaml_serde::from_str::<openapiv3::OpenAPI>(text)
            .map(|_| ())
            .map_err(|e| located(display_path, &e))
    };
    if let Err(at) = valid {
        bail!("{at}: not a valid OpenAPI 3.0 document");
    }
    Ok(SpecSource {
        display_path: display_path.to_owned(),
        doc,
    })
}

fn located(path: &str, e: &yaml_serde::Error) -> String {
    match e.location() {
        Some(loc) => format!("{path}:{}:{}: {e}", loc.line(), loc.column()),
        None => format!("{path}: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_names_file_and_line() {
        let err = parse("spec/x.yaml", "openapi: 3.0.3\ninfo: [1, 2\npaths: {}\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("spec/x.yaml:3:"), "{err}");
    }

    #[test]
    fn duplicate_key_is_an_error_with_its_line() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {responses: {}}\n    get: {responses: {}}\n";
        let err = parse("s.yaml", text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("duplicate entry") && err.starts_with("s.yaml:5:"),
            "{err}"
        );
    }

    #[test]
    fn structural_error_has_a_line() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let err = parse("s.yaml", text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("not a valid OpenAPI") && err.starts_with("s.yaml:"),
            "{err}"
        );
    }

    #[test]
    fn numeric_status_keys_become_strings() -> Result<()> {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n";
        let src = parse("s.yaml", text)?;
        assert!(src.doc.pointer("/paths/~1a/get/responses/200").is_some());
        Ok(())
    }

    #[test]
    fn json_is_read_as_json_and_other_versions_are_refused() -> Result<()> {
        let json =
            r#"{"openapi": "3.0.3", "info": {"title": "a\/b", "version": "1"}, "paths": {}}"#;
        let source = parse("d.json", json)?;
        assert_eq!(source.doc.pointer("/info/title"), Some(&Value::from("a/b")));
        for (text, expected) in [
            (
                "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
                "OpenAPI 3.1.0 is not supported",
            ),
            (
                "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
                "no `openapi: 3.0.x` field",
            ),
        ] {
            let err = parse("s.yaml", text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(expected), "{err}");
        }
        Ok(())
    }
}
