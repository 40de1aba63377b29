//! Deterministic JSON text: pretty-printed, object keys sorted, one trailing newline.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// Renders `value` with sorted keys, whatever order its maps keep
/// (serde_json's `preserve_order` feature may be on in the build graph).
pub fn to_string(value: &Value) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        serde_json::ser::PrettyFormatter::with_indent(b"  "),
    );
    Sorted(value).serialize(&mut ser)?;
    // serde_json writes UTF-8 only.
    let mut text = String::from_utf8_lossy(&out).into_owned();
    text.push('\n');
    Ok(text)
}

struct Sorted<'a>(&'a Value);

impl Serialize for Sorted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                let mut out = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    out.serialize_entry(key, &Sorted(value))?;
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    out.serialize_element(&Sorted(item))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_level_and_arrays_keep_their_order() -> serde_json::Result<()> {
        let mut inner = serde_json::Map::new();
        inner.insert("z".into(), json!(1));
        inner.insert("a".into(), json!([3, 1, {"y": 1, "b": 2}]));
        let value = json!({"zeta": Value::Object(inner), "alpha": "x"});
        let text = to_string(&value)?;
        let expected = "{\n  \"alpha\": \"x\",\n  \"zeta\": {\n    \"a\": [\n      3,\n      1,\n      {\n        \"b\": 2,\n        \"y\": 1\n      }\n    ],\n    \"z\": 1\n  }\n}\n";
        assert_eq!(text, expected);
        Ok(())
    }

    #[test]
    fn output_parses_back_to_the_same_value() -> Result<(), serde_json::Error> {
        let value = json!({"b": [1.5, null, true, "é"], "a": {"$ref": "#/x"}});
        assert_eq!(serde_json::from_str::<Value>(&to_string(&value)?)?, value);
        Ok(())
    }
}
