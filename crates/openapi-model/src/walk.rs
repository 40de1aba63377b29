//! Read-only walks over an OpenAPI 3.0 document held as JSON, with JSON
//! pointers, shared by the generator, the limit checks, the diff and the
//! docs.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::node::Node;

use crate::escape;

/// HTTP methods an OpenAPI path item may hold.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of the document.
pub struct Operation<'a> {
    /// The path template (`/api/v1/account/{account_id}`).
    pub path: &'a str,
    /// Lower-case method.
    pub method: &'a str,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// The operation object.
    pub value: &'a Value,
    /// Parameters declared on the path item (shared by its operations).
    pub path_parameters: &'a [Value],
}

impl Operation<'_> {
    /// `operationId`, or `METHOD path` when it is missing.
    pub fn name(&self) -> String {
        match self.value.str_at("operationId") {
            Some(id) => id.to_owned(),
            None => format!("{} {}", self.method.to_uppercase(), self.path),
        }
    }
}

/// Every operation, in document order of paths (sorted) and methods.
pub fn operations(doc: &Value) -> Vec<Operation<'_>> {
    let mut out = Vec::new();
    let Some(paths) = doc.obj_at("paths") else {
        return out;
    };
    for (path, item) in paths {
        let path_parameters = item
            .array_at("parameters")
            .map(Vec::as_slice)
            .unwrap_or_default();
        for method in METHODS {
            if let Some(value) = item.get(*method) {
                out.push(Operation {
                    path,
                    method,
                    pointer: format!("/paths/{}/{method}", escape(path)),
                    value,
                    path_parameters,
                });
            }
        }
    }
    out
}

/// Follows a local `$ref` (once per hop, at most 16 hops); returns the target
/// and its pointer, or the node itself when it is not a reference.
pub fn resolve<'a>(doc: &'a Value, node: &'a Value, pointer: &str) -> (&'a Value, String) {
    let mut current = node;
    let mut at = pointer.to_owned();
    for _ in 0..16 {
        let Some(target) = current.str_at("$ref") else {
            break;
        };
        let Some(resolved) = target.strip_prefix('#').and_then(|p| doc.pointer(p)) else {
            break;
        };
        current = resolved;
        at = target.trim_start_matches('#').to_owned();
    }
    (current, at)
}

/// The component schema name a `$ref` points at (`#/components/schemas/X`).
pub fn schema_ref_name(node: &Value) -> Option<&str> {
    node.str_at("$ref")
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
}

/// Calls `f` on `schema` and every subschema below it (not across `$ref`s).
pub fn for_each_subschema(schema: &Value, pointer: &str, f: &mut dyn FnMut(&Value, &str)) {
    f(schema, pointer);
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(properties) = map.obj_at("properties") {
        for (name, sub) in properties {
            for_each_subschema(sub, &format!("{pointer}/properties/{}", escape(name)), f);
        }
    }
    for key in ["items", "not", "additionalProperties"] {
        if let Some(sub) = map.get(key).filter(|s| s.is_object()) {
            for_each_subschema(sub, &format!("{pointer}/{key}"), f);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = map.array_at(key) {
            for (index, sub) in list.iter().enumerate() {
                for_each_subschema(sub, &format!("{pointer}/{key}/{index}"), f);
            }
        }
    }
}

/// Where a schema is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Request bodies and parameters.
    Request,
    /// Response bodies.
    Response,
}

/// The parameters of an operation (its own, then those of its path item),
/// each resolved through `$ref`, with the pointer of the parameter object.
pub fn parameters<'a>(doc: &'a Value, op: &Operation<'a>) -> Vec<(&'a Value, String)> {
    let own = op
        .value
        .array_at("parameters")
        .map(Vec::as_slice)
        .unwrap_or_default();
    let path_level = format!("/paths/{}/parameters", escape(op.path));
    own.iter()
        .enumerate()
        .map(|(i, p)| (p, format!("{}/parameters/{i}", op.pointer)))
        .chain(
            op.path_parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, format!("{path_level}/{i}"))),
        )
        .map(|(parameter, at)| resolve(doc, parameter, &at))
        .collect()
}

/// The schemas an operation uses directly in one direction, with pointers
/// (references to components are not followed).
pub fn operation_schemas<'a>(
    doc: &'a Value,
    op: &Operation<'a>,
    direction: Direction,
) -> Vec<(&'a Value, String)> {
    let mut out = Vec::new();
    match direction {
        Direction::Request => {
            for (parameter, at) in parameters(doc, op) {
                if let Some(schema) = parameter.get("schema") {
                    out.push((schema, format!("{at}/schema")));
                }
            }
            if let Some(body) = op.value.get("requestBody") {
                let (body, at) = resolve(doc, body, &format!("{}/requestBody", op.pointer));
                push_content_schemas(body, &at, &mut out);
            }
        }
        Direction::Response => {
            if let Some(responses) = op.value.obj_at("responses") {
                for (status, response) in responses {
                    let at = format!("{}/responses/{}", op.pointer, escape(status));
                    let (response, at) = resolve(doc, response, &at);
                    push_content_schemas(response, &at, &mut out);
                }
            }
        }
    }
    out
}

fn push_content_schemas<'a>(holder: &'a Value, at: &str, out: &mut Vec<(&'a Value, String)>) {
    if let Some(content) = holder.obj_at("content") {
        for (media, media_type) in content {
            if let Some(schema) = media_type.get("schema") {
                out.push((schema, format!("{at}/content/{}/schema", escape(media))));
            }
        }
    }
}

/// Names of the component schemas reachable from `roots` through `$ref`s.
pub fn reachable_schemas(doc: &Value, roots: &[(&Value, String)]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<&Value> = roots.iter().map(|(schema, _)| *schema).collect();
    while let Some(schema) = pending.pop() {
        for_each_subschema(schema, "", &mut |sub, _| {
            if let Some(name) = schema_ref_name(sub)
                && seen.insert(name.to_owned())
                && let Some(target) = doc.pointer(&format!("/components/schemas/{}", escape(name)))
            {
                pending.push(target);
            }
        });
    }
    seen
}

/// Every component schema reachable in one direction from any operation.
pub fn schemas_used(doc: &Value, direction: Direction) -> BTreeSet<String> {
    let roots: Vec<(&Value, String)> = operations(doc)
        .iter()
        .flat_map(|op| operation_schemas(doc, op, direction))
        .collect();
    reachable_schemas(doc, &roots)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "paths": {"/a/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "post": {
                    "operationId": "postA",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}}},
                    "responses": {"200": {"$ref": "#/components/responses/Ok"}}
                }
            }},
            "components": {
                "parameters": {"Id": {"name": "id", "in": "path", "schema": {"$ref": "#/components/schemas/Id"}}},
                "responses": {"Ok": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}}},
                "schemas": {
                    "Id": {"type": "integer"},
                    "In": {"properties": {"tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}}},
                    "Out": {"allOf": [{"$ref": "#/components/schemas/Inner"}]},
                    "Inner": {"properties": {"self": {"$ref": "#/components/schemas/Inner"}}},
                    "Tag": {"type": "string"},
                    "Unused": {"type": "string"}
                }
            }
        })
    }

    #[test]
    fn operations_are_listed_with_pointers() {
        let doc = doc();
        let ops = operations(&doc);
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].pointer, "/paths/~1a~1{id}/post");
        assert_eq!(ops[0].name(), "postA");
    }

    #[test]
    fn reachability_follows_refs_through_parameters_bodies_responses_and_cycles() {
        let doc = doc();
        let requests: Vec<_> = schemas_used(&doc, Direction::Request).into_iter().collect();
        let responses: Vec<_> = schemas_used(&doc, Direction::Response)
            .into_iter()
            .collect();
        assert_eq!(requests, ["Id", "In", "Tag"]);
        assert_eq!(responses, ["Inner", "Out"]);
    }

    #[test]
    fn resolve_reports_the_target_pointer() {
        let doc = doc();
        let node = json!({"$ref": "#/components/responses/Ok"});
        let (value, at) = resolve(&doc, &node, "/x");
        assert_eq!(at, "/components/responses/Ok");
        assert_eq!(value["description"], "ok");
    }
}
