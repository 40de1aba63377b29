//! The first difference between two JSON values, for failure messages.

use json_patch::PatchOperation;
use serde_json::Value;

/// `None` when equal; otherwise where and how `after` differs from `before`.
pub fn first_difference(before: &Value, after: &Value) -> Option<String> {
    differences(before, after).into_iter().next()
}

/// Like [`first_difference`], but an empty list that disappears does not
/// count: the generated types hold an optional list as a `Vec` that is left
/// out when empty (typify), so `"key": []` re-encodes as no key.
pub fn first_lossy_difference(before: &Value, after: &Value) -> Option<String> {
    let patch = json_patch::diff(before, after);
    patch
        .0
        .iter()
        .filter(|op| !matches!(op, PatchOperation::Remove(remove) if before.pointer(remove.path.as_str()) == Some(&Value::Array(Vec::new()))))
        .map(|op| describe(before, op))
        .next()
}

/// Every difference, in document order.
pub fn differences(before: &Value, after: &Value) -> Vec<String> {
    json_patch::diff(before, after)
        .0
        .iter()
        .map(|op| describe(before, op))
        .collect()
}

fn describe(before: &Value, operation: &PatchOperation) -> String {
    let shown = |path: &str| {
        before
            .pointer(path)
            .map_or("nothing".to_owned(), Value::to_string)
    };
    match operation {
        PatchOperation::Add(op) => {
            format!("at {}: {} appears", display(op.path.as_str()), op.value)
        }
        PatchOperation::Remove(op) => format!(
            "at {}: {} is lost",
            display(op.path.as_str()),
            shown(op.path.as_str())
        ),
        PatchOperation::Replace(op) => {
            format!(
                "at {}: {} becomes {}",
                display(op.path.as_str()),
                shown(op.path.as_str()),
                op.value
            )
        }
        other => format!("{other:?}"),
    }
}

fn display(path: &str) -> &str {
    if path.is_empty() { "/" } else { path }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_the_first_difference() {
        assert_eq!(first_difference(&json!({"a": 1}), &json!({"a": 1})), None);
        assert_eq!(
            first_difference(&json!({"a": 1}), &json!({"a": 2})).as_deref(),
            Some("at /a: 1 becomes 2")
        );
        assert_eq!(
            first_difference(&json!({"a": null}), &json!({})).as_deref(),
            Some("at /a: null is lost")
        );
        assert_eq!(
            first_difference(&json!({}), &json!({"b": true})).as_deref(),
            Some("at /b: true appears")
        );
    }

    #[test]
    fn only_a_lost_empty_list_is_tolerated() {
        assert_eq!(
            first_lossy_difference(&json!({"a": [], "b": 1}), &json!({"b": 1})),
            None
        );
        assert_eq!(
            first_lossy_difference(&json!({"a": [1]}), &json!({})).as_deref(),
            Some("at /a: [1] is lost")
        );
        assert_eq!(
            first_lossy_difference(&json!({"a": {}}), &json!({})).as_deref(),
            Some("at /a: {} is lost")
        );
        assert_eq!(
            first_lossy_difference(&json!({"a": []}), &json!({"a": null})).as_deref(),
            Some("at /a: [] becomes null")
        );
    }
}
