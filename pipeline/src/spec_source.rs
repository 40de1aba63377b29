//! Reading a spec: YAML (or JSON) with line numbers in every error; only
//! OpenAPI 3.0.x.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;
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
        to_json(yaml).map_err(|why| anyhow::anyhow!("{display_path}: {why}"))?
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
    if let Some((pointer, target)) = external_ref(&doc) {
        bail!(
            "{display_path}: `$ref: {target}` at {pointer} refers to another file: multi-file specs are not supported; bundle it into one document first (e.g. `redocly bundle`)"
        );
    }
    if let Some((pointer, target)) = first_ref(&doc, &|target| {
        target
            .strip_prefix('#')
            .is_none_or(|pointer| doc.pointer(pointer).is_none())
    }) {
        bail!(
            "{display_path}: `$ref: {target}` at {pointer} does not resolve: this document has nothing there"
        );
    }
    // A YAML key such as `0:` (an example's name) is legal and read as the
    // string "0"; the text check would refuse it, so a document whose JSON
    // form is valid passes.
    let as_json = || openapiv3::OpenAPI::deserialize(&doc).map(|_| ());
    let valid = if is_json {
        as_json().map_err(|e| format!("{display_path}: {e}"))
    } else {
        yaml_serde::from_str::<openapiv3::OpenAPI>(text)
            .map(|_| ())
            .or_else(|e| as_json().map_err(|_| located(display_path, &e)))
    };
    if let Err(at) = valid {
        bail!("{at}: not a valid OpenAPI 3.0 document");
    }
    Ok(SpecSource {
        display_path: display_path.to_owned(),
        doc,
    })
}

/// The first `$ref` that does not point into this document (`#…`): its
/// JSON pointer and target.
fn external_ref(node: &Value) -> Option<(String, String)> {
    first_ref(node, &|target| !target.starts_with('#'))
}

/// The first `$ref` (in document order) whose target `wrong` picks: its
/// JSON pointer and target.
fn first_ref(node: &Value, wrong: &dyn Fn(&str) -> bool) -> Option<(String, String)> {
    let mut path = Vec::new();
    let target = find_ref(node, &mut path, wrong)?;
    let pointer: String = path
        .iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => format!("/{index}"),
        })
        .collect();
    Some((format!("{pointer}/$ref"), target.to_owned()))
}

/// One step of a JSON pointer.
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// Depth-first search for `first_ref`: leaves `path` at the node holding
/// the `$ref` found (a pointer is only written for it).
fn find_ref<'v>(
    node: &'v Value,
    path: &mut Vec<Step<'v>>,
    wrong: &dyn Fn(&str) -> bool,
) -> Option<&'v str> {
    match node {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str)
                && wrong(target)
            {
                return Some(target);
            }
            for (key, value) in map {
                path.push(Step::Key(key));
                if let Some(found) = find_ref(value, path, wrong) {
                    return Some(found);
                }
                path.pop();
            }
            None
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                path.push(Step::Index(index));
                if let Some(found) = find_ref(value, path, wrong) {
                    return Some(found);
                }
                path.pop();
            }
            None
        }
        _ => None,
    }
}

/// YAML's value as JSON: mapping keys that are numbers or booleans become
/// their text (JSON keys are strings); tags are dropped.
fn to_json(value: yaml_serde::Value) -> Result<Value, String> {
    use yaml_serde::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .ok_or_else(|| format!("the number {n} has no JSON form"))?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?)
        }
        Y::Mapping(map) => {
            let mut object = serde_json::Map::new();
            for (key, value) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => return Err(format!("a mapping key that is not a scalar: {other:?}")),
                };
                object.insert(key, to_json(value)?);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => to_json(tagged.value)?,
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

    #[test]
    fn integer_keys_are_read_as_strings() -> Result<()> {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              examples:\n                0: {value: 1}\n";
        let source = parse("s.yaml", text)?;
        assert!(
            source
                .doc
                .pointer("/paths/~1a/get/responses/200/content/application~1json/examples/0")
                .is_some()
        );
        Ok(())
    }

    #[test]
    fn a_reference_to_another_file_is_refused_plainly() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'common.yaml#/responses/Ok'}\n";
        let err = parse("s.yaml", text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("refers to another file")
                && err.contains("/paths/~1a/get/responses/200/$ref"),
            "{err}"
        );
    }

    #[test]
    fn a_reference_that_does_not_resolve_is_named() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Gone'}\n";
        let err = parse("s.yaml", text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("`$ref: #/components/responses/Gone`") && err.contains("does not resolve"),
            "{err}"
        );
    }
}
