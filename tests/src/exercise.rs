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

/// What one run against a validating server found.
#[derive(Debug)]
pub struct Exercise {
    /// One valid request per operation, in the format exercised.
    pub results: Vec<Exercised>,
    /// Requests the server must flag, each with what makes it invalid: a
    /// server that flags none of them does not validate requests, and the
    /// absence of violations above would prove nothing.
    pub controls: Vec<(String, Exercised)>,
}

/// Sends every operation's call to `base_url` through clients of `format`
/// (`doc` is that format's dist document), then the controls: the first
/// call from a client that sends no `X-API-Version` header, when `format`
/// requires one; and a JSON array as the body of the first operation whose
/// required JSON body is an object, sent directly (the typed clients cannot
/// send it).
pub async fn run(
    doc: &Value,
    base_url: &str,
    format: defentry::Format,
) -> Result<Exercise, String> {
    let config = defentry::Config::new(base_url).map_err(|e| e.to_string())?;
    let clients =
        crate::generated_apis::dispatch_defentry::clients(&config.clone().with_format(format))?;
    let calls = calls(doc);
    let first = calls
        .first()
        .cloned()
        .ok_or("the document has no operations")?;
    let mut results = Vec::new();
    for call in calls {
        results.push(send(&clients, call).await);
    }
    let mut controls = Vec::new();
    let headerless = defentry::Format::selected_by(None)
        .filter(|other| format.api_version().is_some() && *other != format);
    if let Some(headerless) = headerless {
        let clients =
            crate::generated_apis::dispatch_defentry::clients(&config.with_format(headerless))?;
        controls.push((
            format!("{} without X-API-Version", first.operation_id),
            send(&clients, first).await,
        ));
    }
    let (label, exercised) = invalid_body(doc, base_url, format).await?;
    controls.push((label, exercised));
    Ok(Exercise { results, controls })
}

/// One call through the typed clients.
async fn send(
    clients: &crate::generated_apis::dispatch_defentry::Clients,
    call: Call,
) -> Exercised {
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
    Exercised {
        operation_id: call.operation_id,
        status,
        violations,
        failure,
    }
}

/// The first operation of `doc` whose required JSON request body is an
/// object: its method, its path with the path parameters filled in, and
/// its `operationId`.
fn object_body_operation(doc: &Value) -> Option<(reqwest::Method, String, String)> {
    for (path, item) in doc.get("paths").and_then(Value::as_object)? {
        for method in ["post", "put", "patch"] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let Some(body) = operation.get("requestBody").map(|b| resolve(doc, b).0) else {
                continue;
            };
            let schema = body
                .pointer("/content/application~1json/schema")
                .map(|s| resolve(doc, s).0);
            let is_object =
                schema.and_then(|s| s.get("type")).and_then(Value::as_str) == Some("object");
            if body.get("required") != Some(&Value::Bool(true)) || !is_object {
                continue;
            }
            let id = operation.get("operationId").and_then(Value::as_str)?;
            let call = calls(doc).into_iter().find(|c| c.operation_id == id)?;
            let filled = call
                .params
                .iter()
                .fold(path.clone(), |path, (name, value)| {
                    path.replace(&format!("{{{name}}}"), value)
                });
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).ok()?;
            return Some((method, filled, id.to_owned()));
        }
    }
    None
}

/// The invalid-body control: `[]` where the document requires an object,
/// with the format's header and a bearer token.
async fn invalid_body(
    doc: &Value,
    base_url: &str,
    format: defentry::Format,
) -> Result<(String, Exercised), String> {
    let (method, path, operation_id) = object_body_operation(doc)
        .ok_or("the document has no operation with a required JSON object body")?;
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let mut request = client
        .request(method, format!("{}{path}", base_url.trim_end_matches('/')))
        .bearer_auth("control")
        .header("content-type", "application/json")
        .body("[]");
    if let Some(version) = format.api_version() {
        request = request.header(defentry::API_VERSION_HEADER, version);
    }
    let exercised = match request.send().await {
        Ok(response) => Exercised {
            operation_id: operation_id.clone(),
            status: Some(response.status().as_u16()),
            violations: response
                .headers()
                .get("sl-violations")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            failure: None,
        },
        Err(error) => Exercised {
            operation_id: operation_id.clone(),
            status: None,
            violations: None,
            failure: Some(error.to_string()),
        },
    };
    Ok((
        format!("{operation_id} with a JSON array as its body"),
        exercised,
    ))
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

    #[test]
    fn the_invalid_body_control_targets_a_required_object_body() {
        let doc = json!({
            "paths": {
                "/a": {"post": {"operationId": "optional", "requestBody": {
                    "content": {"application/json": {"schema": {"type": "object"}}}}}},
                "/b/{id}": {
                    "parameters": [{"name": "id", "in": "path", "required": true,
                        "schema": {"type": "integer", "example": 7}}],
                    "put": {"operationId": "required", "requestBody": {"required": true,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
                }
            },
            "components": {"schemas": {"Thing": {"type": "object"}}}
        });
        let (method, path, id) = object_body_operation(&doc).expect("an operation");
        assert_eq!(
            (method.as_str(), path.as_str(), id.as_str()),
            ("PUT", "/b/7", "required")
        );
    }
}
