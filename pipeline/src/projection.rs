//! The projection: a pure function `(source, format) -> document`.
//!
//! The source describes the base shapes once; the projection annotations say
//! where a format differs (see `spec/README.md`):
//!
//! - `x-formats` (root): the formats, their dist file names, and the
//!   parameters every operation of a format carries;
//! - `x-in-format` (any node): `{FORMAT: merge-patch}`; the RFC 7386 merge
//!   patch is applied to the node in that format, and `null` removes the node;
//! - `x-status-in-format` (response components): the status under which an
//!   operation lists that response in a format.
//!
//! The result carries none of them, and every `$ref` in it resolves.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use jsonptr::PointerBuf;
use serde_json::{Map, Value};

use crate::formats::Format;
use crate::model::node::Node;

use crate::model::openapi_walk::METHODS;

/// The projection annotations; none of them survives into a dist document.
const PROJECTION_KEYS: &[&str] = &["x-formats", "x-in-format", "x-status-in-format"];

/// Options of one projection.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Add the format's `parameters` to every operation. The Rust client
    /// leaves them out: it sends the format header itself.
    pub format_parameters: bool,
}

/// Projects `source` into the document that clients of `format` see.
pub fn project(source: &Value, format: &Format, options: Options) -> Result<Value> {
    let known: Vec<&str> = match source.obj_at("x-formats") {
        Some(map) => map.keys().map(String::as_str).collect(),
        None => Vec::new(),
    };
    let mut doc = source.clone();
    if let Some(root) = doc.as_object_mut() {
        root.remove("x-formats");
    }
    // A format with `shapes` takes another format's patches.
    let name = format.shapes.as_deref().or(format.name.as_deref());
    if apply_in_format(&mut doc, name, &known, &mut PointerBuf::new())? == Fate::Remove {
        bail!("/x-in-format: the whole document cannot be removed");
    }
    remap_statuses(&mut doc, name, &known)?;
    if options.format_parameters {
        add_format_parameters(&mut doc, format)?;
    }
    check_refs_resolve(&doc)?;
    if let Some(at) = find_projection_key(&doc, &mut PointerBuf::new()) {
        bail!("{at}: a projection annotation is left in the projected document");
    }
    Ok(doc)
}

#[derive(Debug, PartialEq)]
enum Fate {
    Keep,
    Remove,
}

/// Applies and strips every `x-in-format` below `node`.
fn apply_in_format(
    node: &mut Value,
    format: Option<&str>,
    known: &[&str],
    at: &mut PointerBuf,
) -> Result<Fate> {
    match node {
        Value::Object(map) => {
            if let Some(annotation) = map.remove("x-in-format") {
                let patches = annotation.as_object().with_context(|| {
                    format!("{at}/x-in-format: must map format names to merge patches")
                })?;
                for key in patches.keys() {
                    if !known.contains(&key.as_str()) {
                        bail!(
                            "{at}/x-in-format/{}: `{key}` is not a format declared in /x-formats",
                            escape(key)
                        );
                    }
                }
                if let Some(patch) = format.and_then(|f| patches.get(f)) {
                    match patch {
                        Value::Null => return Ok(Fate::Remove),
                        Value::Object(_) => json_patch::merge(node, patch),
                        _ => bail!(
                            "{at}/x-in-format: the patch of each format must be an object or null"
                        ),
                    }
                }
            }
            let Value::Object(map) = node else {
                return Ok(Fate::Keep);
            };
            let mut removed = Vec::new();
            for (key, child) in map.iter_mut() {
                at.push_back(key.as_str());
                if apply_in_format(child, format, known, at)? == Fate::Remove {
                    removed.push(key.clone());
                }
                at.pop_back();
            }
            for key in removed {
                map.remove(&key);
            }
            Ok(Fate::Keep)
        }
        Value::Array(items) => {
            let mut kept = Vec::with_capacity(items.len());
            for (index, mut child) in std::mem::take(items).into_iter().enumerate() {
                at.push_back(index);
                if apply_in_format(&mut child, format, known, at)? == Fate::Keep {
                    kept.push(child);
                }
                at.pop_back();
            }
            *items = kept;
            Ok(Fate::Keep)
        }
        _ => Ok(Fate::Keep),
    }
}

/// Moves operation responses to the status their component declares for
/// `format` in `x-status-in-format`, then strips the annotation.
fn remap_statuses(doc: &mut Value, format: Option<&str>, known: &[&str]) -> Result<()> {
    let mut remap: BTreeMap<String, String> = BTreeMap::new();
    if let Some(responses) = doc
        .pointer_mut("/components/responses")
        .and_then(Value::as_object_mut)
    {
        for (name, response) in responses.iter_mut() {
            let Some(obj) = response.as_object_mut() else {
                continue;
            };
            let Some(annotation) = obj.remove("x-status-in-format") else {
                continue;
            };
            let at = format!("/components/responses/{}/x-status-in-format", escape(name));
            let statuses = annotation
                .as_object()
                .with_context(|| format!("{at}: must map format names to a status"))?;
            for (key, status) in statuses {
                if !known.contains(&key.as_str()) {
                    bail!(
                        "{at}/{}: `{key}` is not a format declared in /x-formats",
                        escape(key)
                    );
                }
                let valid = status.as_str().is_some_and(|s| {
                    s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit() || b == b'X')
                });
                if !valid {
                    bail!(
                        "{at}/{}: `{status}` is not a status such as \"409\"",
                        escape(key)
                    );
                }
            }
            if let Some(status) = format.and_then(|f| statuses.get(f)).and_then(Value::as_str) {
                remap.insert(format!("#/components/responses/{name}"), status.to_owned());
            }
        }
    }
    if remap.is_empty() {
        return Ok(());
    }
    let Some(paths) = doc.obj_at_mut("paths") else {
        return Ok(());
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let Some(responses) = operation.obj_at_mut("responses") else {
                continue;
            };
            let mut moved = Map::new();
            for (status, response) in std::mem::take(responses) {
                let target = response
                    .str_at("$ref")
                    .and_then(|r| remap.get(r))
                    .cloned()
                    .unwrap_or(status);
                if moved.contains_key(&target) {
                    bail!(
                        "/paths/{}/{method}/responses/{target}: two responses land on status {target} in format {}",
                        escape(path),
                        format.unwrap_or("-")
                    );
                }
                moved.insert(target, response);
            }
            *responses = moved;
        }
    }
    Ok(())
}

/// Adds the format's parameters as components and references them from the
/// start of every operation's parameter list.
fn add_format_parameters(doc: &mut Value, format: &Format) -> Result<()> {
    if format.parameters.is_empty() {
        return Ok(());
    }
    let root = doc
        .as_object_mut()
        .context("the document is not an object")?;
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .context("/components is not an object")?;
    let parameters = components
        .entry("parameters")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .context("/components/parameters is not an object")?;
    for (name, parameter) in &format.parameters {
        if parameters.insert(name.clone(), parameter.clone()).is_some() {
            bail!(
                "/components/parameters/{}: already defined; /x-formats adds it",
                escape(name)
            );
        }
    }
    let refs: Vec<Value> = format
        .parameters
        .keys()
        .map(|name| serde_json::json!({ "$ref": format!("#/components/parameters/{name}") }))
        .collect();
    if let Some(paths) = root.obj_at_mut("paths") {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, operation) in item.iter_mut() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let Some(operation) = operation.as_object_mut() else {
                    continue;
                };
                let list = operation
                    .entry("parameters")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = list {
                    list.splice(0..0, refs.iter().cloned());
                }
            }
        }
    }
    Ok(())
}

/// Every local `$ref` must point at something that exists in this format.
fn check_refs_resolve(doc: &Value) -> Result<()> {
    let mut problems = Vec::new();
    collect_dangling(doc, doc, &mut PointerBuf::new(), &mut problems);
    if problems.is_empty() {
        return Ok(());
    }
    bail!(
        "references that do not resolve in this format (a node they point to was removed by x-in-format):\n  {}",
        problems.join("\n  ")
    )
}

fn collect_dangling(doc: &Value, node: &Value, at: &mut PointerBuf, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let resolves = target
                    .strip_prefix('#')
                    .is_some_and(|pointer| doc.pointer(pointer).is_some());
                if !resolves {
                    out.push(format!("{at}/$ref -> {target}"));
                }
            }
            for (key, child) in map {
                at.push_back(key.as_str());
                collect_dangling(doc, child, at, out);
                at.pop_back();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                at.push_back(index);
                collect_dangling(doc, child, at, out);
                at.pop_back();
            }
        }
        _ => {}
    }
}

/// The pointer of the first projection annotation below `node`, if any.
fn find_projection_key(node: &Value, at: &mut PointerBuf) -> Option<String> {
    match node {
        Value::Object(map) => {
            if let Some(key) = map.keys().find(|k| PROJECTION_KEYS.contains(&k.as_str())) {
                return Some(format!("{at}/{key}"));
            }
            for (key, child) in map {
                at.push_back(key.as_str());
                let found = find_projection_key(child, at);
                at.pop_back();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        Value::Array(items) => items.iter().enumerate().find_map(|(index, child)| {
            at.push_back(index);
            let found = find_projection_key(child, at);
            at.pop_back();
            found
        }),
        _ => None,
    }
}

pub use openapi_model::escape;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::formats;
    use serde_json::json;

    fn two_formats(extra: Value) -> Value {
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "x-formats": {
                "std": {"dist": "a.std.json", "default": true, "rust-name": "Std", "description": "d",
                    "parameters": {"ApiVersion": {
                        "name": "X-API-Version", "in": "header", "required": true,
                        "schema": {"type": "string", "enum": ["2026-06-12"]}
                    }}},
                "old": {"dist": "a.old.json", "rust-name": "Old", "description": "d"}
            },
            "paths": {}
        });
        overlay(&mut doc, extra);
        doc
    }

    /// Deep merge for fixtures that, unlike a merge patch, keeps `null`s.
    fn overlay(doc: &mut Value, extra: Value) {
        match (doc, extra) {
            (Value::Object(doc), Value::Object(extra)) => {
                for (key, value) in extra {
                    overlay(doc.entry(key).or_insert(Value::Null), value);
                }
            }
            (doc, extra) => *doc = extra,
        }
    }

    fn format<'a>(formats: &'a [Format], name: &str) -> &'a Format {
        formats
            .iter()
            .find(|f| f.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no format {name}"))
    }

    const ALL: Options = Options {
        format_parameters: true,
    };

    #[test]
    fn formats_are_listed_by_name_with_their_dist_names() -> Result<()> {
        let doc = two_formats(json!({}));
        let formats = formats(&doc, "a")?;
        let names: Vec<_> = formats
            .iter()
            .map(|f| (f.name.clone(), f.dist.clone()))
            .collect();
        assert_eq!(
            names,
            [
                (Some("old".to_owned()), "a.old.json".to_owned()),
                (Some("std".to_owned()), "a.std.json".to_owned())
            ]
        );
        Ok(())
    }

    #[test]
    fn a_source_without_formats_has_one_unnamed_format() -> Result<()> {
        let doc = json!({"openapi": "3.0.3", "paths": {}});
        let formats = formats(&doc, "crmcom")?;
        assert_eq!(formats.len(), 1);
        assert_eq!(formats[0].name, None);
        assert_eq!(formats[0].dist, "crmcom.json");
        let out = project(&doc, &formats[0], ALL)?;
        assert_eq!(out, doc);
        Ok(())
    }

    #[test]
    fn a_format_with_shapes_takes_the_other_formats_patches() -> Result<()> {
        let doc = two_formats(json!({
            "x-formats": {"newer": {"dist": "a.newer.json", "rust-name": "Newer", "description": "d",
                "shapes": "std", "parameters": {"ApiVersion": {
                    "name": "X-API-Version", "in": "header", "required": true,
                    "schema": {"type": "string", "enum": ["2027-01-15"]}}}}},
            "components": {"schemas": {
                "OnlyOld": {"type": "string", "x-in-format": {"std": null}},
                "Changed": {"type": "string", "x-in-format": {"std": {"format": "date-time"}}}
            }}
        }));
        let formats = formats(&doc, "a")?;
        let newer = project(&doc, format(&formats, "newer"), ALL)?;
        let std = project(&doc, format(&formats, "std"), ALL)?;
        assert_eq!(newer["components"]["schemas"], std["components"]["schemas"]);
        assert!(newer.pointer("/components/schemas/OnlyOld").is_none());
        assert_eq!(
            newer["components"]["parameters"]["ApiVersion"]["schema"]["enum"],
            json!(["2027-01-15"])
        );
        Ok(())
    }

    #[test]
    fn in_format_merge_patch_applies_only_to_its_format() -> Result<()> {
        let doc = two_formats(json!({"components": {"schemas": {"Timestamp": {
            "type": "string", "format": "date-time", "example": "2026-06-16T21:02:05Z",
            "x-in-format": {"old": {"format": null, "pattern": "^x$", "example": "2026-06-16 21:02:05"}}
        }}}}));
        let formats = formats(&doc, "a")?;
        let std = project(&doc, format(&formats, "std"), ALL)?;
        let old = project(&doc, format(&formats, "old"), ALL)?;
        assert_eq!(
            std["components"]["schemas"]["Timestamp"],
            json!({"type": "string", "format": "date-time", "example": "2026-06-16T21:02:05Z"})
        );
        assert_eq!(
            old["components"]["schemas"]["Timestamp"],
            json!({"type": "string", "pattern": "^x$", "example": "2026-06-16 21:02:05"})
        );
        Ok(())
    }

    #[test]
    fn null_patch_removes_the_node_from_objects_and_arrays() -> Result<()> {
        let doc = two_formats(json!({"components": {"schemas": {
            "OnlyStd": {"type": "string", "x-in-format": {"old": null}},
            "Both": {"anyOf": [{"type": "string"}, {"type": "integer", "x-in-format": {"std": null}}]}
        }}}));
        let formats = formats(&doc, "a")?;
        let std = project(&doc, format(&formats, "std"), ALL)?;
        let old = project(&doc, format(&formats, "old"), ALL)?;
        assert!(std.pointer("/components/schemas/OnlyStd").is_some());
        assert!(old.pointer("/components/schemas/OnlyStd").is_none());
        assert_eq!(
            std["components"]["schemas"]["Both"]["anyOf"],
            json!([{"type": "string"}])
        );
        assert_eq!(
            old["components"]["schemas"]["Both"]["anyOf"],
            json!([{"type": "string"}, {"type": "integer"}])
        );
        Ok(())
    }

    #[test]
    fn annotations_inside_a_patch_are_applied_too() -> Result<()> {
        let doc = two_formats(json!({"info": {"x-in-format": {"old": {
            "description": "old", "x-note": {"a": 1, "x-in-format": {"old": {"a": 2}}}
        }}}}));
        let formats = formats(&doc, "a")?;
        let old = project(&doc, format(&formats, "old"), ALL)?;
        assert_eq!(old["info"]["x-note"], json!({"a": 2}));
        Ok(())
    }

    #[test]
    fn unknown_format_in_an_annotation_is_an_error_with_its_pointer() {
        let doc = two_formats(
            json!({"components": {"schemas": {"X": {"x-in-format": {"legacyy": {}}}}}}),
        );
        let err = formats(&doc, "a")
            .and_then(|f| project(&doc, &f[0], ALL))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("/components/schemas/X/x-in-format/legacyy"),
            "{err}"
        );
    }

    fn with_throttling() -> Value {
        two_formats(json!({
            "paths": {"/a": {"get": {"responses": {
                "200": {"description": "ok"},
                "429": {"$ref": "#/components/responses/RateLimited"}
            }}}},
            "components": {"responses": {"RateLimited": {
                "description": "throttled", "x-status-in-format": {"old": "409"}
            }}}
        }))
    }

    #[test]
    fn status_in_format_moves_the_response_in_that_format_only() -> Result<()> {
        let doc = with_throttling();
        let formats = formats(&doc, "a")?;
        let std = project(&doc, format(&formats, "std"), ALL)?;
        let old = project(&doc, format(&formats, "old"), ALL)?;
        let keys = |d: &Value| -> Vec<String> {
            d["paths"]["/a"]["get"]["responses"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        assert_eq!(keys(&std), ["200", "429"]);
        assert_eq!(keys(&old), ["200", "409"]);
        assert!(
            old.pointer("/components/responses/RateLimited/x-status-in-format")
                .is_none()
        );
        assert!(
            std.pointer("/components/responses/RateLimited/x-status-in-format")
                .is_none()
        );
        Ok(())
    }

    #[test]
    fn status_in_format_collision_is_an_error() {
        let mut doc = with_throttling();
        overlay(
            &mut doc,
            json!({"paths": {"/a": {"get": {"responses": {"409": {"description": "conflict"}}}}}}),
        );
        let err = formats(&doc, "a")
            .and_then(|f| project(&doc, format(&f, "old"), ALL))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("/paths/~1a/get/responses/409"), "{err}");
    }

    #[test]
    fn format_parameters_are_added_first_to_every_operation() -> Result<()> {
        let mut doc = two_formats(json!({"paths": {"/a/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "get": {"parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}], "responses": {}},
            "delete": {"responses": {}}
        }}}));
        overlay(
            &mut doc,
            json!({"x-formats": {"std": {"parameters": {"ApiVersion": {
                "name": "X-API-Version", "in": "header", "required": true,
                "schema": {"type": "string", "enum": ["2026-06-12"]}
            }}}}}),
        );
        let formats = formats(&doc, "a")?;
        let std = project(&doc, format(&formats, "std"), ALL)?;
        let reference = json!({"$ref": "#/components/parameters/ApiVersion"});
        assert_eq!(std["paths"]["/a/{id}"]["get"]["parameters"][0], reference);
        assert_eq!(std["paths"]["/a/{id}"]["get"]["parameters"][1]["name"], "q");
        assert_eq!(
            std["paths"]["/a/{id}"]["delete"]["parameters"],
            json!([reference])
        );
        assert_eq!(
            std["paths"]["/a/{id}"]["parameters"]
                .as_array()
                .map(Vec::len),
            Some(1)
        );
        assert_eq!(
            std["components"]["parameters"]["ApiVersion"]["name"],
            "X-API-Version"
        );
        let old = project(&doc, format(&formats, "old"), ALL)?;
        assert!(
            old["paths"]["/a/{id}"]["delete"]
                .get("parameters")
                .is_none()
        );
        let rust = project(
            &doc,
            format(&formats, "std"),
            Options {
                format_parameters: false,
            },
        )?;
        assert!(
            rust["paths"]["/a/{id}"]["delete"]
                .get("parameters")
                .is_none()
        );
        Ok(())
    }

    #[test]
    fn a_reference_to_a_removed_node_is_an_error() {
        let doc = two_formats(json!({"components": {"schemas": {
            "Gone": {"type": "string", "x-in-format": {"old": null}},
            "User": {"properties": {"g": {"$ref": "#/components/schemas/Gone"}}}
        }}}));
        let err = formats(&doc, "a")
            .and_then(|f| project(&doc, format(&f, "old"), ALL))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("/components/schemas/User/properties/g/$ref -> #/components/schemas/Gone"),
            "{err}"
        );
    }

    #[test]
    fn a_patch_that_leaves_an_annotation_behind_is_an_error() -> Result<()> {
        // `x-formats` is stripped at the root only: a patch that writes it
        // into a schema would carry it into the dist document.
        let doc = two_formats(json!({"components": {"schemas": {"A": {
            "type": "string",
            "x-in-format": {"old": {"x-formats": {"std": {}}}}
        }}}}));
        let formats = formats(&doc, "a")?;
        let err = project(&doc, format(&formats, "old"), ALL)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(
            err,
            "/components/schemas/A/x-formats: a projection annotation is left in the projected document"
        );
        project(&doc, format(&formats, "std"), ALL)?;
        Ok(())
    }

    #[test]
    fn projection_is_deterministic() -> Result<()> {
        let doc = with_throttling();
        let formats = formats(&doc, "a")?;
        let first = project(&doc, &formats[0], ALL)?;
        let second = project(&doc, &formats[0], ALL)?;
        assert_eq!(first, second);
        Ok(())
    }
}
