//! Forward-compatibility mutations: what a newer server could send. Every
//! object with declared properties gets a field the spec does not know, and
//! every value of a named string enum becomes one the spec does not list.

use serde_json::{Value, json};

use crate::schema_walk::{Next, walk};

/// The key added to every object.
pub const UNKNOWN_FIELD: &str = "zz_field_not_in_spec";
/// The value every enum value is replaced with.
pub const UNKNOWN_VALUE: &str = "ZZ_VALUE_NOT_IN_SPEC";

/// A mutated body and where it was changed.
#[derive(Debug, Default)]
pub struct Mutated {
    /// The body.
    pub body: Value,
    /// JSON pointers of the added fields.
    pub added_fields: Vec<String>,
    /// JSON pointers of the replaced enum values.
    pub replaced_values: Vec<String>,
}

/// Mutates `instance`, which conforms to `schema` (in `doc`).
pub fn mutate(doc: &Value, schema: &Value, instance: &Value) -> Mutated {
    let mut body = instance.clone();
    let mut added_fields = Vec::new();
    let mut replaced_values = Vec::new();
    walk(doc, schema, &mut body, &mut |node, value| {
        let is_enum = node.schema.get("type").and_then(Value::as_str) == Some("string")
            && (node.schema.get("enum").is_some()
                || node.schema.get("x-extensible-enum").is_some());
        if node.named && is_enum && value.is_string() {
            *value = json!(UNKNOWN_VALUE);
            replaced_values.push(node.at.to_owned());
            return Next::Stop;
        }
        if let (Some(_), Value::Object(map)) = (node.schema.get("properties"), value)
            && !map.contains_key(UNKNOWN_FIELD)
        {
            map.insert(
                UNKNOWN_FIELD.to_owned(),
                json!({"nested": [1, "two", null], "flag": true}),
            );
            added_fields.push(format!("{}/{UNKNOWN_FIELD}", node.at));
        }
        Next::Descend
    });
    Mutated {
        body,
        added_fields,
        replaced_values,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_fields_to_objects_and_replaces_named_enum_values() {
        let doc = json!({"components": {"schemas": {
            "Status": {"type": "string", "enum": ["ON"]},
            "Inline": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["A"]}}},
            "Thing": {"type": "object", "properties": {
                "status": {"$ref": "#/components/schemas/Status"},
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Inline"}},
                "map": {"type": "object", "additionalProperties": {"type": "string"}}
            }}
        }}});
        let instance = json!({"status": "ON", "items": [{"kind": "A"}], "map": {"k": "v"}});
        let mutated = mutate(
            &doc,
            &json!({"$ref": "#/components/schemas/Thing"}),
            &instance,
        );
        assert_eq!(mutated.replaced_values, ["/status"]);
        assert_eq!(
            mutated.added_fields,
            ["/zz_field_not_in_spec", "/items/0/zz_field_not_in_spec"]
        );
        assert_eq!(mutated.body["status"], UNKNOWN_VALUE);
        assert_eq!(
            mutated.body["items"][0]["kind"], "A",
            "inline enums (such as legacy flag encodings) are not open enums"
        );
        assert!(
            mutated.body["map"].get(UNKNOWN_FIELD).is_none(),
            "maps get no field"
        );
    }
}
