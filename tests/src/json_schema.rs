//! Validating JSON against the schemas of an OpenAPI 3.0 document with a real
//! JSON Schema (2020-12) validator, after translating what OpenAPI 3.0 does
//! differently (`nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use jsonschema::{Draft, Validator};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};

/// Characters a JSON pointer may hold that a URI fragment may not
/// (`{account_id}` in a path template).
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// Validators for the schemas of one document, compiled on first use.
pub struct Validators {
    translated: Value,
    cache: RefCell<HashMap<String, Rc<Validator>>>,
}

impl Validators {
    /// Translates `doc` once.
    pub fn new(doc: &Value) -> Self {
        Self {
            translated: translate_document(doc),
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// Problems of `instance` against the schema at `pointer` (`/components/…`),
    /// each as `at <instance path>: <message>`.
    pub fn validate(&self, pointer: &str, instance: &Value) -> Result<Vec<String>, String> {
        let key = pointer.to_owned();
        let cached = self.cache.borrow().get(&key).cloned();
        let validator = match cached {
            Some(validator) => validator,
            None => {
                let mut schema = self.translated.clone();
                if let Value::Object(map) = &mut schema {
                    let fragment = utf8_percent_encode(pointer, FRAGMENT);
                    map.insert("$ref".to_owned(), Value::String(format!("#{fragment}")));
                }
                let validator = jsonschema::options()
                    .with_draft(Draft::Draft202012)
                    .should_validate_formats(true)
                    .build(&schema)
                    .map_err(|e| format!("the schema at {pointer} does not compile: {e}"))?;
                let validator = Rc::new(validator);
                self.cache.borrow_mut().insert(key, validator.clone());
                validator
            }
        };
        Ok(validator
            .iter_errors(instance)
            .map(|error| {
                let at = error.instance_path().to_string();
                format!("at {}: {error}", if at.is_empty() { "/" } else { &at })
            })
            .collect())
    }
}

/// Translates every schema of an OpenAPI 3.0 document into JSON Schema 2020-12.
pub fn translate_document(doc: &Value) -> Value {
    let mut out = doc.clone();
    if let Some(schemas) = out
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for schema in schemas.values_mut() {
            translate(schema);
        }
    }
    for holder in [
        "/components/parameters",
        "/components/responses",
        "/components/requestBodies",
    ] {
        if let Some(items) = out.pointer_mut(holder).and_then(Value::as_object_mut) {
            for item in items.values_mut() {
                translate_holder(item);
            }
        }
    }
    if let Some(paths) = out.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                if key == "parameters" {
                    for parameter in value.as_array_mut().into_iter().flatten() {
                        translate_holder(parameter);
                    }
                    continue;
                }
                let Some(operation) = value.as_object_mut() else {
                    continue;
                };
                for parameter in operation
                    .get_mut("parameters")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    translate_holder(parameter);
                }
                if let Some(body) = operation.get_mut("requestBody") {
                    translate_holder(body);
                }
                for response in operation
                    .get_mut("responses")
                    .and_then(Value::as_object_mut)
                    .into_iter()
                    .flatten()
                    .map(|(_, r)| r)
                {
                    translate_holder(response);
                }
            }
        }
    }
    out
}

/// A parameter, request body or response: its `schema` and `content.*.schema`.
fn translate_holder(holder: &mut Value) {
    if let Some(schema) = holder.get_mut("schema") {
        translate(schema);
    }
    if let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) {
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                translate(schema);
            }
        }
    }
}

fn translate(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    for key in ["items", "not", "additionalProperties"] {
        if let Some(sub) = map.get_mut(key) {
            translate(sub);
        }
    }
    if let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut) {
        for sub in properties.values_mut() {
            translate(sub);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for sub in map
            .get_mut(key)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            translate(sub);
        }
    }
    for (bound, limit) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Bool(exclusive)) = map.get(bound).cloned() {
            map.remove(bound);
            if exclusive && let Some(value) = map.remove(limit) {
                map.insert(bound.to_owned(), value);
            }
        }
    }
    if map.remove("nullable") == Some(Value::Bool(true)) {
        make_nullable(map);
    }
}

fn make_nullable(map: &mut Map<String, Value>) {
    if let Some(values) = map.get_mut("enum").and_then(Value::as_array_mut) {
        values.push(Value::Null);
    }
    match map.get_mut("type") {
        Some(Value::String(kind)) => {
            let kind = std::mem::take(kind);
            map.insert("type".to_owned(), json!([kind, "null"]));
        }
        Some(_) => {}
        None => {
            let inner = Value::Object(std::mem::take(map));
            map.insert("anyOf".to_owned(), json!([inner, {"type": "null"}]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "When": {"type": "string", "format": "date-time"},
            "Thing": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "integer"},
                "note": {"type": "string", "nullable": true},
                "when": {"allOf": [{"$ref": "#/components/schemas/When"}], "nullable": true},
                "kind": {"type": "string", "enum": ["A"], "nullable": true}
            }}
        }}})
    }

    fn problems(pointer: &str, instance: Value) -> Vec<String> {
        Validators::new(&doc())
            .validate(pointer, &instance)
            .unwrap_or_else(|e| vec![e])
    }

    #[test]
    fn nullable_is_translated() {
        let thing = "/components/schemas/Thing";
        assert!(
            problems(
                thing,
                json!({"id": 1, "note": null, "when": null, "kind": null})
            )
            .is_empty()
        );
        assert!(
            problems(
                thing,
                json!({"id": 1, "when": "2026-06-16T21:02:05Z", "kind": "A"})
            )
            .is_empty()
        );
        let found = problems(thing, json!({"id": "1", "when": "2026-06-16 21:02:05"}));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().any(|p| p.starts_with("at /id:")), "{found:?}");
        assert!(
            found.iter().any(|p| p.starts_with("at /when:")),
            "{found:?}"
        );
    }
}
