//! The copy of a dist document that the reference pages render: each
//! operation states its scope and, for an API with several formats, the
//! wire forms of its format; badges mark provisional operations and
//! state-changing GETs. The dist documents themselves stay untouched.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::apis::Api;
use crate::openapi_walk::{METHODS, resolve};

/// What a page says about its response format.
#[derive(Debug, Clone)]
pub struct FormatNote {
    /// `legacy`, `2026-06-12`.
    pub name: String,
    /// How a client selects it (`X-API-Version: 2026-06-12`, or no header).
    pub selected_by: String,
    /// Component schema → its example in this format, for the components
    /// whose example differs between the formats (`Timestamp`, `Flag`).
    pub wire_examples: BTreeMap<String, Value>,
}

impl FormatNote {
    /// The Markdown line every operation of the page starts with.
    pub fn markdown(&self) -> String {
        let examples: Vec<String> = self
            .wire_examples
            .iter()
            .map(|(schema, example)| {
                let shown = match example {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                format!("`{schema}` values look like `{shown}`")
            })
            .collect();
        format!(
            "**Response format: {}** ({}). In this format {}.",
            self.name,
            self.selected_by,
            examples.join(", ")
        )
    }
}

/// The components whose example differs between two projected documents:
/// name → (example in `a`, example in `b`).
pub fn differing_examples(a: &Value, b: &Value) -> BTreeMap<String, (Value, Value)> {
    let mut out = BTreeMap::new();
    let Some(schemas) = a.pointer("/components/schemas").and_then(Value::as_object) else {
        return out;
    };
    for (name, schema) in schemas {
        let (Some(x), Some(y)) = (
            schema.get("example"),
            b.pointer(&format!("/components/schemas/{name}/example")),
        ) else {
            continue;
        };
        if x != y {
            out.insert(name.clone(), (x.clone(), y.clone()));
        }
    }
    out
}

/// The scope of an operation in the docs' words (`CRM token`,
/// `CRM token or app token`, `none`).
fn scope(api: &Api, doc: &Value, op: &Value) -> String {
    let requirements = op
        .get("security")
        .or_else(|| doc.get("security"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let label = |scheme: &str| {
        api.scoped_clients
            .iter()
            .find(|c| c.scheme == scheme)
            .map_or_else(|| format!("`{scheme}`"), |c| c.label.to_owned())
    };
    let alternatives: Vec<String> = requirements
        .iter()
        .filter_map(Value::as_object)
        .map(|req| {
            if req.is_empty() {
                "none".to_owned()
            } else {
                req.keys()
                    .map(|k| label(k))
                    .collect::<Vec<_>>()
                    .join(" and ")
            }
        })
        .collect();
    if alternatives.is_empty() {
        "none (no token)".to_owned()
    } else {
        alternatives.join(" or ")
    }
}

/// Whether the operation, one of its bodies or a schema its bodies name
/// directly is marked `x-provisional`.
fn provisional(doc: &Value, op: &Value) -> bool {
    let marked = |node: &Value| node.get("x-provisional").and_then(Value::as_bool) == Some(true);
    if marked(op) {
        return true;
    }
    let mut holders: Vec<&Value> = Vec::new();
    if let Some(body) = op.get("requestBody") {
        holders.push(resolve(doc, body, "").0);
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        for (status, response) in responses {
            if status.starts_with('2') {
                holders.push(resolve(doc, response, "").0);
            }
        }
    }
    holders.into_iter().any(|holder| {
        marked(holder)
            || holder
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(_, media)| media.get("schema"))
                .any(|schema| marked(resolve(doc, schema, "").0))
    })
}

/// The annotated copy of `doc`.
pub fn annotate(api: &Api, doc: &Value, format: Option<&FormatNote>) -> Value {
    let mut copy = doc.clone();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return copy;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let mut lines = vec![format!("**Scope:** {}.", scope(api, doc, op))];
            if let Some(note) = format {
                lines.push(note.markdown());
            }
            if let Some(text) = op.get("description").and_then(Value::as_str) {
                lines.push(text.to_owned());
            }
            let mut badges = Vec::new();
            if op.get("x-state-changing").and_then(Value::as_bool) == Some(true) {
                badges.push(json!({"name": "Changes state", "color": "#b91c1c"}));
            }
            if provisional(doc, op) {
                badges.push(json!({"name": "Provisional", "color": "#b45309"}));
            }
            let pointer = format!("/paths/{}/{method}", crate::projection::escape(path));
            if let Some(target) = copy.pointer_mut(&pointer).and_then(Value::as_object_mut) {
                target.insert("description".to_owned(), Value::String(lines.join("\n\n")));
                if !badges.is_empty() {
                    target.insert("x-badges".to_owned(), Value::Array(badges));
                }
            }
        }
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apis::APIS;

    fn defentry() -> &'static Api {
        &APIS[0]
    }

    #[test]
    fn operations_state_scope_format_and_badges() {
        let doc = json!({
            "paths": {"/close": {"get": {
                "description": "Closes it.",
                "security": [{"crmToken": []}, {"appToken": []}],
                "x-state-changing": true,
                "responses": {"2XX": {"$ref": "#/components/responses/Undocumented"}}
            }}},
            "components": {"responses": {"Undocumented": {
                "description": "**Provisional:** not documented.", "x-provisional": true
            }}}
        });
        let note = FormatNote {
            name: "legacy".to_owned(),
            selected_by: "no header".to_owned(),
            wire_examples: BTreeMap::from([("Timestamp".to_owned(), json!("2026-06-16 21:02:05"))]),
        };
        let annotated = annotate(defentry(), &doc, Some(&note));
        let op = &annotated["paths"]["/close"]["get"];
        let description = op["description"].as_str().unwrap_or_default();
        assert!(
            description.starts_with("**Scope:** CRM token or app token.\n\n**Response format: legacy** (no header). In this format `Timestamp` values look like `2026-06-16 21:02:05`.\n\nCloses it."),
            "{description}"
        );
        let badges: Vec<&str> = op["x-badges"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| b["name"].as_str())
            .collect();
        assert_eq!(badges, ["Changes state", "Provisional"]);
    }

    #[test]
    fn public_operations_say_so_and_only_differing_examples_are_listed() {
        let doc = json!({"paths": {"/login": {"post": {"security": [], "responses": {}}}}});
        let annotated = annotate(defentry(), &doc, None);
        assert_eq!(
            annotated["paths"]["/login"]["post"]["description"],
            "**Scope:** none (no token)."
        );
        let a =
            json!({"components": {"schemas": {"Flag": {"example": 1}, "Name": {"example": "x"}}}});
        let b = json!({"components": {"schemas": {"Flag": {"example": true}, "Name": {"example": "x"}}}});
        assert_eq!(
            differing_examples(&a, &b),
            BTreeMap::from([("Flag".to_owned(), (json!(1), json!(true)))])
        );
    }
}
