//! The first difference between two JSON values, for failure messages.

use json_patch::PatchOperation;
use serde_json::Value;

/// `None` when equal; otherwise where and how `after` differs from `before`.
pub fn first_difference(before: &Value, after: &Value) -> Option<String> {
    differences(before, after).into_iter().next()
}

/// Like [`first_difference`], but without the differences the generated
/// types cannot avoid and that lose nothing:
///
/// - a `null`, `[]` or `{}` object member that disappears: an optional field is an
///   `Option`, a `Vec` or a map (typify), so `null` and an empty container
///   re-encode as no key;
/// - a date-time written otherwise for the same instant
///   (`…05.000Z` → `…05Z`).
pub fn first_lossy_difference(before: &Value, after: &Value) -> Option<String> {
    let patch = json_patch::diff(before, after);
    patch
        .0
        .iter()
        .filter(|op| match op {
            // Only a key of an object: an array element removed is an item lost
            // (and json-patch numbers array removals after earlier ones).
            PatchOperation::Remove(remove) => {
                let path = remove.path.as_str();
                let parent = path.rsplit_once('/').map_or("", |(parent, _)| parent);
                !(before.pointer(parent).is_some_and(Value::is_object)
                    && is_nothing(before.pointer(path)))
            }
            PatchOperation::Replace(replace) => {
                !same_instant(before.pointer(replace.path.as_str()), &replace.value)
            }
            _ => true,
        })
        .map(|op| describe(before, op))
        .next()
}

fn is_nothing(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Null) => true,
        Some(Value::Array(items)) => items.is_empty(),
        Some(Value::Object(map)) => map.is_empty(),
        _ => false,
    }
}

fn same_instant(before: Option<&Value>, after: &Value) -> bool {
    let instant = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
    };
    matches!((instant(before), instant(Some(after))), (Some(a), Some(b)) if a == b)
}

/// Every difference, in document order.
fn differences(before: &Value, after: &Value) -> Vec<String> {
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
    fn only_lost_nothing_and_rewritten_instants_are_tolerated() {
        let tolerated = [
            (json!({"a": [], "b": 1}), json!({"b": 1})),
            (json!({"a": null}), json!({})),
            (json!({"a": {}}), json!({})),
            (
                json!({"t": "2026-06-16T21:02:05.000Z"}),
                json!({"t": "2026-06-16T21:02:05Z"}),
            ),
        ];
        for (before, after) in tolerated {
            assert_eq!(first_lossy_difference(&before, &after), None, "{before}");
        }
        assert_eq!(
            first_lossy_difference(&json!({"a": [1]}), &json!({})).as_deref(),
            Some("at /a: [1] is lost")
        );
        // Array items are never "nothing": losing `5` after an empty item counts.
        assert!(first_lossy_difference(&json!({"a": [[], 5]}), &json!({"a": []})).is_some());
        assert!(first_lossy_difference(&json!({"a": [null]}), &json!({"a": []})).is_some());
        assert_eq!(
            first_lossy_difference(&json!({"a": []}), &json!({"a": null})).as_deref(),
            Some("at /a: [] becomes null")
        );
        assert_eq!(
            first_lossy_difference(
                &json!({"t": "2026-06-16T21:02:05Z"}),
                &json!({"t": "2026-06-16T21:02:06Z"})
            )
            .as_deref(),
            Some("at /t: \"2026-06-16T21:02:05Z\" becomes \"2026-06-16T21:02:06Z\"")
        );
    }
}
