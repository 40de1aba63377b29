//! Typed reads of an OpenAPI document held as `serde_json::Value`: the
//! document may be invalid (the limit checks and the diff report what is
//! wrong instead of failing to parse), so every read is an `Option`.

use serde_json::{Map, Value};

/// Typed access to the fields of a JSON object (a `Value` that is not an
/// object has no fields).
pub trait Node {
    /// The field `key`.
    fn field(&self, key: &str) -> Option<&Value>;
    /// The field `key`, mutable.
    fn field_mut(&mut self, key: &str) -> Option<&mut Value>;

    /// The string at `key`.
    fn str_at(&self, key: &str) -> Option<&str> {
        self.field(key).and_then(Value::as_str)
    }
    /// The boolean at `key`.
    fn bool_at(&self, key: &str) -> Option<bool> {
        self.field(key).and_then(Value::as_bool)
    }
    /// The object at `key`.
    fn obj_at(&self, key: &str) -> Option<&Map<String, Value>> {
        self.field(key).and_then(Value::as_object)
    }
    /// The object at `key`, mutable.
    fn obj_at_mut(&mut self, key: &str) -> Option<&mut Map<String, Value>> {
        self.field_mut(key).and_then(Value::as_object_mut)
    }
    /// The array at `key`.
    fn array_at(&self, key: &str) -> Option<&Vec<Value>> {
        self.field(key).and_then(Value::as_array)
    }
}

impl Node for Value {
    fn field(&self, key: &str) -> Option<&Value> {
        self.get(key)
    }
    fn field_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.get_mut(key)
    }
}

impl Node for Map<String, Value> {
    fn field(&self, key: &str) -> Option<&Value> {
        self.get(key)
    }
    fn field_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.get_mut(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_are_typed_and_a_wrong_type_is_none() {
        let node = json!({"s": "x", "b": true, "o": {"k": 1}, "a": [1], "n": 2});
        assert_eq!(node.str_at("s"), Some("x"));
        assert_eq!(node.bool_at("b"), Some(true));
        assert_eq!(node.obj_at("o").map(Map::len), Some(1));
        assert_eq!(node.array_at("a").map(Vec::len), Some(1));
        for key in ["n", "missing"] {
            assert_eq!(node.str_at(key), None);
            assert_eq!(node.bool_at(key), None);
            assert!(node.obj_at(key).is_none() && node.array_at(key).is_none());
        }
        assert_eq!(json!("not an object").str_at("s"), None);
        let map = node.as_object().cloned().unwrap_or_default();
        assert_eq!(map.str_at("s"), Some("x"));
    }

    #[test]
    fn objects_can_be_changed_in_place() {
        let mut node = json!({"o": {}});
        if let Some(object) = node.obj_at_mut("o") {
            object.insert("k".into(), json!(1));
        }
        assert_eq!(node, json!({"o": {"k": 1}}));
        assert!(node.obj_at_mut("k").is_none());
    }
}
