//! Walking a JSON value together with the OpenAPI schema it conforms to:
//! `$ref`s followed, `allOf` branches all visited, the `oneOf`/`anyOf` branch
//! of the value's JSON type chosen, then properties, map values and items.

use serde_json::Value;

/// One visited place.
pub struct Node<'a> {
    /// The schema, `$ref`s resolved.
    pub schema: &'a Value,
    /// Whether it was reached through a `$ref` to a component.
    pub named: bool,
    /// JSON pointer of the value.
    pub at: &'a str,
}

/// What to do after a visit.
#[derive(PartialEq, Eq)]
pub enum Next {
    /// Visit what lies below.
    Descend,
    /// Stop here.
    Stop,
}

/// Visits `instance` and everything below it, in document order, parents first.
pub fn walk(
    doc: &Value,
    schema: &Value,
    instance: &mut Value,
    visit: &mut dyn FnMut(&Node<'_>, &mut Value) -> Next,
) {
    walk_at(doc, schema, instance, String::new(), visit, 0);
}

fn walk_at(
    doc: &Value,
    schema: &Value,
    instance: &mut Value,
    at: String,
    visit: &mut dyn FnMut(&Node<'_>, &mut Value) -> Next,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let (schema, named) = resolve(doc, schema);
    if visit(
        &Node {
            schema,
            named,
            at: &at,
        },
        instance,
    ) == Next::Stop
    {
        return;
    }
    for sub in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        walk_branch(doc, sub, instance, &at, visit, depth);
    }
    for key in ["oneOf", "anyOf"] {
        let branches = schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        if let Some(branch) = best_branch(doc, branches, instance) {
            walk_branch(doc, branch, instance, &at, visit, depth);
        }
    }
    match instance {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for (key, value) in map.iter_mut() {
                let child = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                if let Some(sub) = properties.and_then(|p| p.get(key)) {
                    walk_at(doc, sub, value, child, visit, depth + 1);
                } else if let Some(sub) =
                    schema.get("additionalProperties").filter(|s| s.is_object())
                {
                    walk_at(doc, sub, value, child, visit, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for (index, item) in items.iter_mut().enumerate() {
                    walk_at(doc, sub, item, format!("{at}/{index}"), visit, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// A branch of a composition describes the same value: its object
/// properties and items are walked by the branch's own visit.
fn walk_branch(
    doc: &Value,
    branch: &Value,
    instance: &mut Value,
    at: &str,
    visit: &mut dyn FnMut(&Node<'_>, &mut Value) -> Next,
    depth: usize,
) {
    walk_at(doc, branch, instance, at.to_owned(), visit, depth + 1);
}

/// Follows `$ref`s; the flag says whether a component was reached.
pub fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> (&'a Value, bool) {
    let (target, at) = openapi_model::walk::resolve(doc, schema, "");
    (target, !at.is_empty())
}

/// The union branch that describes `instance`: of its JSON type, with every
/// required property present, declaring the most of its keys with values of
/// the declared type; the first such branch on a tie.
fn best_branch<'a>(
    doc: &Value,
    branches: impl Iterator<Item = &'a Value>,
    instance: &Value,
) -> Option<&'a Value> {
    let mut best: Option<(usize, &'a Value)> = None;
    for branch in branches.filter(|b| kind_matches(doc, b, instance)) {
        let resolved = resolve(doc, branch).0;
        let score = match instance {
            Value::Object(map) => {
                let mut required = resolved
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str);
                if !required.all(|name| map.contains_key(name)) {
                    continue;
                }
                let properties = resolved.get("properties").and_then(Value::as_object);
                let fits = |key: &String, value: &Value| {
                    properties.and_then(|p| p.get(key)).is_some_and(|sub| {
                        resolve(doc, sub).0.get("type").is_none() || kind_matches(doc, sub, value)
                    })
                };
                map.iter().filter(|(key, value)| fits(key, value)).count()
            }
            _ => 0,
        };
        if best.is_none_or(|(top, _)| score > top) {
            best = Some((score, branch));
        }
    }
    best.map(|(_, branch)| branch)
}

fn kind_matches(doc: &Value, schema: &Value, instance: &Value) -> bool {
    let schema = resolve(doc, schema).0;
    match (schema.get("type").and_then(Value::as_str), instance) {
        (Some("object"), Value::Object(_))
        | (Some("array"), Value::Array(_))
        | (Some("string"), Value::String(_)) => true,
        (Some("integer" | "number"), Value::Number(_)) | (Some("boolean"), Value::Bool(_)) => true,
        (None, Value::Object(_)) => {
            schema.get("properties").is_some() || schema.get("additionalProperties").is_some()
        }
        (None, _) => ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| schema.get(*k).is_some()),
        _ => false,
    }
}

/// Fields of `instance` that its schema does not declare, as
/// `` `name` at /pointer ``; objects under a schema marked `x-provisional`
/// (whose other fields are known to exist) and maps are exempt.
pub fn unknown_fields(doc: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut copy = instance.clone();
    walk(doc, schema, &mut copy, &mut |node, value| {
        let provisional = node.schema.get("x-provisional") == Some(&Value::Bool(true));
        let open = node
            .schema
            .get("additionalProperties")
            .is_some_and(|a| a != &Value::Bool(false));
        if let (Some(properties), Value::Object(map), false, false) = (
            node.schema.get("properties").and_then(Value::as_object),
            &*value,
            provisional,
            open,
        ) {
            let composed = ["allOf", "anyOf", "oneOf"]
                .iter()
                .any(|k| node.schema.get(*k).is_some());
            if !composed {
                found.extend(
                    map.keys()
                        .filter(|k| !properties.contains_key(*k))
                        .map(|k| {
                            format!(
                                "`{k}` at {}",
                                if node.at.is_empty() { "/" } else { node.at }
                            )
                        }),
                );
            }
        }
        Next::Descend
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "Match": {"type": "object", "properties": {"firstName": {"type": "string"}}},
            "Nothing": {"type": "array", "maxItems": 0},
            "Data": {"oneOf": [{"$ref": "#/components/schemas/Match"}, {"$ref": "#/components/schemas/Nothing"}]},
            "Open": {"type": "object", "x-provisional": true, "properties": {"id": {"type": "integer"}}},
            "Root": {"type": "object", "properties": {
                "data": {"$ref": "#/components/schemas/Data"},
                "open": {"$ref": "#/components/schemas/Open"},
                "map": {"type": "object", "additionalProperties": {"type": "string"}}
            }}
        }}})
    }

    #[test]
    fn unknown_fields_are_named_through_refs_and_unions() {
        let doc = doc();
        let root = json!({"$ref": "#/components/schemas/Root"});
        let instance = json!({"data": {"firstName": "J", "nickname": "Jo"}, "open": {"id": 1, "more": 2}, "map": {"any": "v"}, "extra": 1});
        assert_eq!(
            unknown_fields(&doc, &root, &instance),
            ["`extra` at /", "`nickname` at /data"]
        );
        assert!(unknown_fields(&doc, &root, &json!({"data": []})).is_empty());
    }

    #[test]
    fn the_union_branch_is_chosen_by_required_keys_and_types() {
        let doc = json!({"components": {"schemas": {
            "ApiErrors": {"type": "object", "required": ["errors"], "properties": {"errors": {"type": "array"}}},
            "FieldErrors": {"type": "object", "required": ["errors"], "properties": {"errors": {"type": "object"}}},
            "Text": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}, "corr_id": {}}},
            "Any": {"anyOf": [
                {"$ref": "#/components/schemas/ApiErrors"},
                {"$ref": "#/components/schemas/FieldErrors"},
                {"$ref": "#/components/schemas/Text"}
            ]}
        }}});
        let any = json!({"$ref": "#/components/schemas/Any"});
        assert!(
            unknown_fields(&doc, &any, &json!({"error": "Not found", "corr_id": "c"})).is_empty()
        );
        assert!(unknown_fields(&doc, &any, &json!({"errors": {"email": ["x"]}})).is_empty());
        assert_eq!(
            unknown_fields(&doc, &any, &json!({"error": "x", "more": 1})),
            ["`more` at /"]
        );
    }
}
