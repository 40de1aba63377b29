//! Progenitor's limits, checked per operation before generating, so the spec
//! author reads "operation X, at pointer Y: why" instead of a generator panic.
//!
//! The rules are the ones measured in `../shared/notes/progenitor.md` and read
//! in progenitor-impl 0.15.1 (`method.rs`), plus two project rules that the
//! Rust profile relies on (named enums, no object shared by requests and
//! responses).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::node::Node;

use crate::model::openapi_walk::{
    Direction, Operation, for_each_subschema, operation_schemas, operations, parameters, resolve,
    schemas_used,
};
use crate::projection::escape;

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// The operation concerned (`operationId`, or `METHOD path`), or `-` for components.
    pub operation: String,
    /// JSON pointer of the offending node.
    pub pointer: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.operation, self.pointer, self.message)
    }
}

/// Request body media types progenitor 0.15 can send.
const REQUEST_MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
    "text/x-markdown",
];

/// Checks every operation of `doc` (the document progenitor will receive).
pub fn check(doc: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    if let Some(paths) = doc.obj_at("paths") {
        for (path, item) in paths {
            if item.get("$ref").is_some() {
                out.push(violation(
                    "-",
                    format!("/paths/{}/$ref", escape(path)),
                    "a path item given by $ref is not supported; write it inline",
                ));
            }
        }
    }
    for op in operations(doc) {
        check_operation_id(&op, &mut ids, &mut out);
        check_parameters(doc, &op, &mut out);
        check_request_body(doc, &op, &mut out);
        check_responses(doc, &op, &mut out);
    }
    check_schemas(doc, &mut out);
    out.sort();
    out.dedup();
    out
}

fn violation(operation: &str, pointer: String, message: impl Into<String>) -> Violation {
    Violation {
        operation: operation.to_owned(),
        pointer,
        message: message.into(),
    }
}

fn check_operation_id(
    op: &Operation<'_>,
    ids: &mut BTreeMap<String, String>,
    out: &mut Vec<Violation>,
) {
    let name = op.name();
    match op.value.str_at("operationId") {
        None => out.push(violation(
            &name,
            format!("{}/operationId", op.pointer),
            "every operation needs an operationId (it names the generated method)",
        )),
        Some(id) => {
            if let Some(first) = ids.insert(id.to_owned(), op.pointer.clone()) {
                out.push(violation(
                    &name,
                    format!("{}/operationId", op.pointer),
                    format!("duplicate operationId, also used at {first}"),
                ));
            }
        }
    }
}

fn check_parameters(doc: &Value, op: &Operation<'_>, out: &mut Vec<Violation>) {
    let name = op.name();
    for (parameter, at) in parameters(doc, op) {
        let location = parameter.str_at("in").unwrap_or_default();
        let pname = parameter.str_at("name").unwrap_or_default();
        match location {
            "cookie" => out.push(violation(
                &name,
                at.clone(),
                "cookie parameters are not supported by progenitor",
            )),
            "path" => {
                if !op.path.contains(&format!("{{{pname}}}")) {
                    out.push(violation(
                        &name,
                        at.clone(),
                        format!("path parameter `{pname}` does not appear in the path template"),
                    ));
                }
                if parameter.bool_at("required") != Some(true) {
                    out.push(violation(
                        &name,
                        at.clone(),
                        format!("path parameter `{pname}` must be `required: true`"),
                    ));
                }
            }
            _ => {}
        }
        if parameter.str_at("style") == Some("deepObject") {
            out.push(violation(
                &name,
                format!("{at}/style"),
                "`style: deepObject` is not supported by progenitor",
            ));
        }
    }
}

fn check_request_body(doc: &Value, op: &Operation<'_>, out: &mut Vec<Violation>) {
    let Some(body) = op.value.get("requestBody") else {
        return;
    };
    let name = op.name();
    let (body, at) = resolve(doc, body, &format!("{}/requestBody", op.pointer));
    let Some(content) = body.obj_at("content") else {
        return;
    };
    if content.len() > 1 {
        out.push(violation(
            &name,
            format!("{at}/content"),
            "a request body may offer one media type only",
        ));
    }
    for (media, media_type) in content {
        let media_at = format!("{at}/content/{}", escape(media));
        let base = media.split(';').next().unwrap_or_default().trim();
        if !REQUEST_MEDIA_TYPES.contains(&base) {
            out.push(violation(
                &name,
                media_at.clone(),
                format!(
                    "request media type `{media}` is not supported (progenitor sends {})",
                    REQUEST_MEDIA_TYPES.join(", ")
                ),
            ));
        }
        if media_type.get("schema").is_none() {
            out.push(violation(
                &name,
                media_at.clone(),
                "the request body needs a schema",
            ));
        }
        if media_type
            .get("encoding")
            .is_some_and(|e| e.as_object().is_some_and(|m| !m.is_empty()))
        {
            out.push(violation(
                &name,
                format!("{media_at}/encoding"),
                "`encoding` is not supported",
            ));
        }
    }
}

/// What progenitor makes of one response body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum BodyKind {
    None,
    Raw,
    Json(String),
}

fn check_responses(doc: &Value, op: &Operation<'_>, out: &mut Vec<Violation>) {
    let name = op.name();
    let Some(responses) = op.value.obj_at("responses") else {
        out.push(violation(
            &name,
            format!("{}/responses", op.pointer),
            "the operation has no responses",
        ));
        return;
    };
    let mut success: BTreeMap<BodyKind, Vec<String>> = BTreeMap::new();
    let mut errors: BTreeMap<BodyKind, Vec<String>> = BTreeMap::new();
    for (status, response) in responses {
        let at = format!("{}/responses/{}", op.pointer, escape(status));
        if status == "default" {
            out.push(violation(
                &name,
                at.clone(),
                "`default` responses make progenitor mix success and error types; use `4XX`/`5XX`",
            ));
            continue;
        }
        let (response, resolved_at) = resolve(doc, response, &at);
        let kind = body_kind(response, &resolved_at, &name, out);
        match status.chars().next() {
            Some('2') => success.entry(kind).or_default().push(status.clone()),
            Some('4' | '5') => errors.entry(kind).or_default().push(status.clone()),
            _ => {}
        }
    }
    for (group, label) in [(&success, "success"), (&errors, "error")] {
        if group.len() > 1 {
            let described: Vec<String> = group
                .iter()
                .map(|(kind, statuses)| format!("{} ({})", describe(kind), statuses.join(", ")))
                .collect();
            out.push(violation(&name, format!("{}/responses", op.pointer), format!(
                "progenitor allows one {label} body type per operation, found {}: give them one schema (a union schema if needed)",
                described.join(" vs ")
            )));
        }
    }
}

fn describe(kind: &BodyKind) -> String {
    match kind {
        BodyKind::None => "no body".to_owned(),
        BodyKind::Raw => "a non-JSON body".to_owned(),
        BodyKind::Json(schema) => format!("JSON {schema}"),
    }
}

fn body_kind(response: &Value, at: &str, name: &str, out: &mut Vec<Violation>) -> BodyKind {
    let Some(content) = response.obj_at("content").filter(|c| !c.is_empty()) else {
        return BodyKind::None;
    };
    let json = content
        .iter()
        .find(|(media, _)| *media == "application/json" || media.starts_with("application/json;"));
    let Some((media, media_type)) = json else {
        return BodyKind::Raw;
    };
    let media_at = format!("{at}/content/{}", escape(media));
    if media_type
        .get("encoding")
        .is_some_and(|e| e.as_object().is_some_and(|m| !m.is_empty()))
    {
        out.push(violation(
            name,
            format!("{media_at}/encoding"),
            "`encoding` on a response is not supported (progenitor asserts it is empty)",
        ));
    }
    match media_type.get("schema") {
        None => {
            out.push(violation(name, media_at, "a JSON response needs a schema"));
            BodyKind::Raw
        }
        Some(schema) => BodyKind::Json(match schema.str_at("$ref") {
            Some(target) => target.to_owned(),
            None => schema.to_string(),
        }),
    }
}

/// Schema rules: closed response objects, unnamed enums, shared objects.
fn check_schemas(doc: &Value, out: &mut Vec<Violation>) {
    let requests = schemas_used(doc, Direction::Request);
    let responses = schemas_used(doc, Direction::Response);

    // Inline (operation-level) schemas of responses, then component schemas.
    let mut response_roots: Vec<(String, &Value, String)> = Vec::new();
    let mut all_roots: Vec<(String, &Value, String)> = Vec::new();
    for op in operations(doc) {
        for direction in [Direction::Request, Direction::Response] {
            for (schema, at) in operation_schemas(doc, &op, direction) {
                if direction == Direction::Response {
                    response_roots.push((op.name(), schema, at.clone()));
                }
                all_roots.push((op.name(), schema, at));
            }
        }
    }
    let components = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in components.into_iter().flatten() {
        let at = format!("/components/schemas/{}", escape(name));
        if responses.contains(name) {
            response_roots.push(("-".to_owned(), schema, at.clone()));
        }
        all_roots.push(("-".to_owned(), schema, at));
    }

    for (operation, schema, at) in &response_roots {
        for_each_subschema(schema, at, &mut |sub, sub_at| {
            if sub.get("additionalProperties") == Some(&Value::Bool(false)) {
                out.push(violation(operation, format!("{sub_at}/additionalProperties"), "`additionalProperties: false` on a response makes the client reject new fields; remove it"));
            }
        });
    }

    let component_roots: BTreeSet<&str> = all_roots
        .iter()
        .filter(|(operation, _, _)| operation == "-")
        .map(|(_, _, at)| at.as_str())
        .collect();
    for (operation, schema, at) in &all_roots {
        for_each_subschema(schema, at, &mut |sub, sub_at| {
            let is_enum = sub.get("enum").is_some() || sub.get("x-extensible-enum").is_some();
            let is_string = sub.str_at("type") == Some("string");
            if is_enum && is_string && !component_roots.contains(sub_at) {
                out.push(violation(operation, sub_at.to_owned(), "a string enum must be a named component schema (the generator makes every named enum open, with an Unknown(String) fallback)"));
            }
        });
    }

    for name in requests.intersection(&responses) {
        let Some(schema) = components.and_then(|c| c.get(name)) else {
            continue;
        };
        let is_object =
            schema.get("properties").is_some() || schema.str_at("type") == Some("object");
        if is_object {
            out.push(violation("-", format!("/components/schemas/{}", escape(name)), "an object schema used by both requests and responses: split it (response objects keep unknown fields in `extra`, which request builders cannot require)"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(responses: Value) -> Value {
        json!({"paths": {"/a": {"get": {"operationId": "getA", "responses": responses}}},
               "components": {"schemas": {"A": {"type": "object"}, "B": {"type": "object"}, "E": {"type": "object"}}}})
    }

    fn messages(doc: &Value) -> Vec<String> {
        check(doc).iter().map(ToString::to_string).collect()
    }

    fn json_body(schema: &str) -> Value {
        json!({"description": "x", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
    }

    #[test]
    fn a_clean_operation_passes() {
        let doc = op(
            json!({"200": json_body("A"), "404": json_body("E"), "4XX": json_body("E"), "5XX": json_body("E")}),
        );
        assert_eq!(messages(&doc), Vec::<String>::new());
    }

    #[test]
    fn default_response_is_named_with_its_pointer() {
        let doc = op(json!({"200": json_body("A"), "default": json_body("E")}));
        let found = messages(&doc);
        assert!(
            found
                .iter()
                .any(|m| m.starts_with("getA: /paths/~1a/get/responses/default: `default`")),
            "{found:?}"
        );
    }

    #[test]
    fn two_success_types_are_reported() {
        let doc = op(json!({"200": json_body("A"), "202": json_body("B")}));
        let found = messages(&doc);
        assert!(
            found.iter().any(|m| m.contains("one success body type")
                && m.contains("#/components/schemas/A (200)")
                && m.contains("#/components/schemas/B (202)")),
            "{found:?}"
        );
    }

    #[test]
    fn bodiless_error_next_to_a_typed_one_is_reported() {
        let doc = op(
            json!({"200": json_body("A"), "404": {"description": "gone"}, "422": json_body("E")}),
        );
        let found = messages(&doc);
        assert!(
            found
                .iter()
                .any(|m| m.contains("one error body type") && m.contains("no body (404)")),
            "{found:?}"
        );
    }

    #[test]
    fn closed_response_object_is_reported() {
        let mut doc = op(json!({"200": json_body("A")}));
        doc["components"]["schemas"]["A"]["additionalProperties"] = json!(false);
        let found = messages(&doc);
        assert!(
            found
                .iter()
                .any(|m| m.contains("/components/schemas/A/additionalProperties")),
            "{found:?}"
        );
    }

    #[test]
    fn multipart_cookie_deep_object_and_missing_ids_are_reported() {
        let doc = json!({"paths": {"/u/{id}": {
            "post": {
                "parameters": [
                    {"name": "c", "in": "cookie", "schema": {"type": "string"}},
                    {"name": "f", "in": "query", "style": "deepObject", "schema": {"type": "object"}},
                    {"name": "other", "in": "path", "required": true, "schema": {"type": "string"}}
                ],
                "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}},
                "responses": {"200": {"description": "ok"}}
            }
        }}});
        let found = messages(&doc);
        for needle in [
            "operationId",
            "cookie",
            "deepObject",
            "multipart/form-data",
            "`other` does not appear",
        ] {
            assert!(
                found.iter().any(|m| m.contains(needle)),
                "{needle} missing from {found:?}"
            );
        }
    }

    #[test]
    fn inline_enum_and_shared_object_are_reported() {
        let doc = json!({"paths": {"/a": {"post": {
            "operationId": "postA",
            "parameters": [{"name": "s", "in": "query", "schema": {"type": "string", "enum": ["a"]}}],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Both"}}}},
            "responses": {"200": json_body("Both")}
        }}}, "components": {"schemas": {"Both": {"type": "object", "properties": {"k": {"$ref": "#/components/schemas/Kind"}}}, "Kind": {"type": "string", "enum": ["x"]}}}});
        let found = messages(&doc);
        assert!(
            found.iter().any(
                |m| m.contains("/parameters/0/schema: a string enum must be a named component")
            ),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|m| m.contains("/components/schemas/Both: an object schema used by both")),
            "{found:?}"
        );
        assert!(
            !found
                .iter()
                .any(|m| m.contains("/components/schemas/Kind:")),
            "{found:?}"
        );
    }
}
