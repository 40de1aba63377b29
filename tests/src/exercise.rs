//! One valid request per operation, sent through the public scoped clients to
//! a server that validates requests (`prism mock` in `cargo xtask interop`).
//! A request is valid when the server adds no `sl-violations` header.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::replay::{Call, Outcome};
use crate::schema_walk::resolve;

/// What the server made of one operation's request.
#[derive(Debug)]
pub struct Exercised {
    /// `operationId`.
    pub operation_id: String,
    /// The response status, when a response arrived.
    pub status: Option<u16>,
    /// The server's `sl-violations` header: the request broke the spec.
    pub violations: Option<String>,
    /// Why the client gave up, when it did.
    pub failure: Option<String>,
}

/// A value that meets `schema`: its `example` where it has one, else the
/// required properties (and those with examples) filled in the same way.
pub fn instance(doc: &Value, schema: &Value) -> Value {
    instance_at(doc, schema, 0)
}

fn instance_at(doc: &Value, schema: &Value, depth: usize) -> Value {
    let (schema, _) = resolve(doc, schema);
    if depth > 16 {
        return Value::Null;
    }
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|v| v.first())
    {
        return first.clone();
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            match instance_at(doc, part, depth + 1) {
                Value::Object(map) => merged.extend(map),
                other => return other,
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(key)
            .and_then(Value::as_array)
            .and_then(|v| v.first())
        {
            return instance_at(doc, first, depth + 1);
        }
    }
    let kind = schema.get("type").and_then(Value::as_str);
    let is_object =
        kind == Some("object") || (kind.is_none() && schema.get("properties").is_some());
    if is_object {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut object = Map::new();
        for (name, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let has_example = resolve(doc, property).0.get("example").is_some();
            if required.contains(&name.as_str()) || has_example {
                object.insert(name.clone(), instance_at(doc, property, depth + 1));
            }
        }
        return Value::Object(object);
    }
    match kind {
        Some("array") => json!([]),
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2026-06-16T21:02:05Z"),
            Some("date") => json!("2024-06-15"),
            _ => json!("x"),
        },
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        _ => json!({}),
    }
}

/// The call of every operation of `doc` (a dist document): path parameters
/// from their schema, the request body from its schema.
pub fn calls(doc: &Value) -> Vec<Call> {
    let mut calls = Vec::new();
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(_, item)| item)
    {
        let shared: Vec<&Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect();
        for method in ["get", "put", "post", "delete", "patch"] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let own = operation
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten();
            let mut params = BTreeMap::new();
            for parameter in shared.iter().copied().chain(own) {
                let (parameter, _) = resolve(doc, parameter);
                if parameter.get("in").and_then(Value::as_str) != Some("path") {
                    continue;
                }
                let (Some(name), Some(schema)) = (
                    parameter.get("name").and_then(Value::as_str),
                    parameter.get("schema"),
                ) else {
                    continue;
                };
                let value = match instance(doc, schema) {
                    Value::String(text) => text,
                    other => other.to_string(),
                };
                params.insert(name.to_owned(), value);
            }
            let body = operation
                .get("requestBody")
                .map(|body| resolve(doc, body).0)
                .and_then(|body| body.pointer("/content/application~1json/schema"))
                .map(|schema| instance(doc, schema));
            calls.push(Call {
                operation_id: id.to_owned(),
                params,
                body,
            });
        }
    }
    calls
}

/// Sends every operation's call to `base_url` in the standardized format,
/// then a control: the first call again from a legacy client, which omits the
/// `X-API-Version` header the standardized document requires. A validating
/// server must flag the control (else "no violations" proves nothing); its
/// result comes last.
pub async fn run(doc: &Value, base_url: &str) -> Result<Vec<Exercised>, String> {
    let config = defentry::Config::new(base_url).map_err(|e| e.to_string())?;
    let standardized = crate::generated_apis::dispatch_defentry::clients(&config)?;
    let legacy = crate::generated_apis::dispatch_defentry::clients(
        &config.with_format(defentry::Format::Legacy),
    )?;
    let calls = calls(doc);
    let control = calls
        .first()
        .cloned()
        .ok_or("the document has no operations")?;
    let mut results = Vec::new();
    let sends = calls
        .into_iter()
        .map(|call| (&standardized, call))
        .chain([(&legacy, control)]);
    for (clients, call) in sends {
        let outcome = crate::generated_apis::dispatch_defentry::dispatch(clients, &call).await;
        let (status, violations, failure) = match &outcome {
            Ok(outcome) => (
                outcome.status(),
                outcome.header("sl-violations"),
                match outcome {
                    Outcome::Failure(message) => Some(message.clone()),
                    _ => None,
                },
            ),
            Err(message) => (None, None, Some(message.clone())),
        };
        results.push(Exercised {
            operation_id: call.operation_id,
            status,
            violations,
            failure,
        });
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_use_examples_and_fill_required_properties() {
        let doc = json!({"components": {"schemas": {
            "Id": {"type": "integer", "example": 42},
            "Kind": {"type": "string", "enum": ["A", "B"]},
            "Thing": {"type": "object", "required": ["id", "kind", "name"], "properties": {
                "id": {"$ref": "#/components/schemas/Id"},
                "kind": {"$ref": "#/components/schemas/Kind"},
                "name": {"type": "string"},
                "note": {"type": "string", "example": "n"},
                "skipped": {"type": "string"}
            }}
        }}});
        let thing = instance(&doc, &json!({"$ref": "#/components/schemas/Thing"}));
        assert_eq!(
            thing,
            json!({"id": 42, "kind": "A", "name": "x", "note": "n"})
        );
    }
}
