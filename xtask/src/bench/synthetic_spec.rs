//! A large synthetic pair of OpenAPI 3.0 documents for measuring the diff
//! at scale: `operations` operations over about three quarters as many
//! component schemas, with heavy `$ref` sharing (every schema refers to
//! two earlier ones, so most of them are reachable from the last), a
//! schema every operation reaches (the `Error` of the `default` response,
//! which reaches the last model and through it most of the others, like
//! Stripe's error schema), a few self-referencing cycles, and in the head
//! a given number of changes of six kinds, spread over operations and
//! schemas: a fixed number of them on models every operation reaches, the
//! others on models few operations reach.
//!
//! Deterministic: the same size gives the same documents, so runs compare.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

/// The two documents and what was changed between them.
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// The base document.
    pub base: Value,
    /// The head document: the base with the planted changes.
    pub head: Value,
    /// What the head changes, one entry per planted change.
    pub planted: Vec<Planted>,
}

/// One planted change: its `diff` kind (kebab-case, as in the JSON report)
/// and a string the change's location contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    /// The kind `diff` must report.
    pub kind: &'static str,
    /// A part of the reported JSON pointer (a schema or path).
    pub pointer_part: String,
}

/// The number of component models for `operations` operations.
pub fn model_count(operations: usize) -> usize {
    (operations * 3 / 4).max(8)
}

/// A small deterministic hash (SplitMix64's finalizer).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// An earlier model for model `i` to refer to (`salt` picks which).
fn earlier(i: usize, salt: u64) -> usize {
    if i == 0 {
        0
    } else {
        usize::try_from(mix(i as u64 ^ (salt << 32)) % i as u64).unwrap_or(0)
    }
}

fn model_ref(i: usize) -> Value {
    json!({ "$ref": format!("#/components/schemas/Model{i}") })
}

fn model(i: usize) -> Value {
    let mut properties = Map::new();
    properties.insert("id".into(), json!({ "type": "string" }));
    properties.insert(
        "name".into(),
        json!({ "type": "string", "maxLength": 64, "description": format!("Name of model {i}.") }),
    );
    properties.insert(
        "status".into(),
        json!({ "type": "string", "enum": ["active", "inactive", "pending"] }),
    );
    properties.insert("count".into(), json!({ "type": "integer", "minimum": 0 }));
    properties.insert(
        "created".into(),
        json!({ "type": "string", "format": "date-time" }),
    );
    if i > 0 {
        properties.insert("owner".into(), model_ref(earlier(i, 1)));
        properties.insert(
            "related".into(),
            json!({ "type": "array", "items": model_ref(earlier(i, 2)) }),
        );
    }
    if i % 97 == 5 {
        properties.insert(
            "children".into(),
            json!({ "type": "array", "items": model_ref(i) }),
        );
    }
    json!({
        "type": "object",
        "required": ["id"],
        "properties": properties,
    })
}

fn components(models: usize) -> Value {
    let mut schemas = Map::new();
    for i in 0..models {
        schemas.insert(format!("Model{i}"), model(i));
    }
    schemas.insert(
        "Error".into(),
        json!({
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": { "type": "string", "enum": ["invalid", "missing", "denied"] },
                        "message": { "type": "string" },
                        "resource": model_ref(models - 1),
                    },
                },
            },
        }),
    );
    json!({
        "schemas": schemas,
        "responses": {
            "Error": {
                "description": "An error.",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } },
            },
        },
    })
}

/// Operation `k`: four per resource (list, create, get, delete).
fn operation(k: usize, models: usize) -> (String, &'static str, Value) {
    let resource = k / 4;
    let target = (resource * 13) % models;
    let default = json!({ "$ref": "#/components/responses/Error" });
    let ok = |schema: Value| json!({ "description": "OK.", "content": { "application/json": { "schema": schema } } });
    match k % 4 {
        0 => (
            format!("/r{resource}"),
            "get",
            json!({
                "operationId": format!("list{resource}"),
                "parameters": [
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": 100 } },
                ],
                "responses": {
                    "200": ok(json!({
                        "type": "object",
                        "properties": {
                            "data": { "type": "array", "items": model_ref(target) },
                            "has_more": { "type": "boolean" },
                        },
                    })),
                    "default": default,
                },
            }),
        ),
        1 => (
            format!("/r{resource}"),
            "post",
            json!({
                "operationId": format!("create{resource}"),
                "requestBody": {
                    "required": true,
                    "content": { "application/json": { "schema": model_ref(target) } },
                },
                "responses": { "200": ok(model_ref(target)), "default": default },
            }),
        ),
        2 => (
            format!("/r{resource}/{{id}}"),
            "get",
            json!({
                "operationId": format!("get{resource}"),
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                ],
                "responses": { "200": ok(model_ref(target)), "default": default },
            }),
        ),
        _ => (
            format!("/r{resource}/{{id}}"),
            "delete",
            json!({
                "operationId": format!("delete{resource}"),
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                ],
                "responses": { "204": { "description": "Deleted." }, "default": default },
            }),
        ),
    }
}

fn document(operations: usize) -> Value {
    let models = model_count(operations);
    let mut paths = Map::new();
    for k in 0..operations {
        let (path, method, op) = operation(k, models);
        let item = paths.entry(path).or_insert_with(|| json!({}));
        if let Some(item) = item.as_object_mut() {
            item.insert(method.to_owned(), op);
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Synthetic", "version": "1" },
        "paths": paths,
        "components": components(models),
    })
}

/// Model changes planted on the model every operation reaches through the
/// shared `Error` (one of each kind lands; the others repeat it); each is
/// reported once per operation.
pub const GLOBAL_MODEL_CHANGES: usize = 4;

/// The `$ref` targets under `node`.
fn refs(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    _ => refs(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The indexes of the models reached from the `$ref`s `start`.
fn closure(doc: &Value, start: Vec<String>) -> BTreeSet<usize> {
    let mut models = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut stack = start;
    while let Some(target) = stack.pop() {
        if !names.insert(target.clone()) {
            continue;
        }
        if let Some(index) = target
            .strip_prefix("#/components/schemas/Model")
            .and_then(|i| i.parse().ok())
        {
            models.insert(index);
        }
        if let Some(node) = target.strip_prefix('#').and_then(|p| doc.pointer(p)) {
            refs(node, &mut stack);
        }
    }
    models
}

/// Where a model change is reported.
struct Reach {
    /// Models every operation reaches (through `Error`).
    global: BTreeSet<usize>,
    /// Per model, the operations that reach it other than through `Error`.
    operations: Vec<usize>,
}

fn reach(doc: &Value, models: usize) -> Reach {
    let global = closure(doc, vec!["#/components/schemas/Error".to_owned()]);
    let mut operations = vec![0; models];
    let error = "#/components/responses/Error";
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for op in item.as_object().into_iter().flat_map(|o| o.values()) {
            let mut start = Vec::new();
            refs(op, &mut start);
            start.retain(|target| target != error);
            for model in closure(doc, start) {
                if let Some(count) = operations.get_mut(model) {
                    *count += 1;
                }
            }
        }
    }
    Reach { global, operations }
}

/// Applies change number `n` (of the kinds below, in turn) to `head`.
/// The first [`GLOBAL_MODEL_CHANGES`] model changes land on the last
/// model, which every operation reaches through `Error` by one path; the
/// others on models that the operations of at most two resources reach: the
/// change records then grow with the document, not with where a hash
/// happened to put the changes.
fn plant(head: &mut Value, n: usize, operations: usize, reach: &Reach) -> Option<Planted> {
    let models = model_count(operations);
    // Spread the changes over the whole document.
    let spot = usize::try_from(mix(n as u64 ^ 0xD1FF) % operations as u64).unwrap_or(0);
    // A model an operation returns (and others reach through `$ref`s), in
    // or out of `Error`'s reach.
    let model_changes_before = n / 6 * 4 + (n % 6).min(4);
    let want_global = model_changes_before < GLOBAL_MODEL_CHANGES;
    let resources = operations.div_ceil(4);
    let first = (spot / 4 * 13) % models;
    // Global: the last model, which only `Error` refers to (one path from
    // every operation). Local: a model of a resource that the operations of
    // at most two resources reach, and `Error` does not.
    let local =
        |m: &usize| !reach.global.contains(m) && reach.operations.get(*m).is_some_and(|n| *n <= 8);
    let schema = if want_global {
        models - 1
    } else {
        (0..resources)
            .map(|step| ((spot / 4 + step) % resources * 13) % models)
            .find(local)
            .unwrap_or(first)
    };
    let model = format!("/components/schemas/Model{schema}");
    let path_of = |k: usize| {
        let (path, method, _) = operation(k, models);
        format!(
            "/paths/{}/{method}",
            path.replace('~', "~0").replace('/', "~1")
        )
    };
    let (kind, part): (&'static str, String) = match n % 6 {
        0 => {
            let at = format!("{model}/properties/status/enum");
            let values = head.pointer_mut(&at)?.as_array_mut()?;
            values.push(json!(format!("new{n}")));
            ("enum-value-added", model)
        }
        1 => {
            let at = format!("{model}/properties");
            head.pointer_mut(&at)?.as_object_mut()?.remove("count")?;
            ("property-removed", model)
        }
        2 => {
            let at = format!("{model}/properties/name/maxLength");
            *head.pointer_mut(&at)? = json!(32);
            ("constraint-narrowed", model)
        }
        3 => {
            let at = format!("{model}/properties/created/format");
            *head.pointer_mut(&at)? = json!("date");
            ("format-changed", model)
        }
        4 => {
            // A list operation gains a required query parameter.
            let k = spot - spot % 4;
            let at = format!("{}/parameters", path_of(k));
            head.pointer_mut(&at)?.as_array_mut()?.push(json!({
                "name": format!("filter{n}"), "in": "query", "required": true,
                "schema": { "type": "string" },
            }));
            ("required-parameter-added", path_of(k))
        }
        _ => {
            // A get operation is removed.
            let k = spot - spot % 4 + 2;
            let (path, method, _) = operation(k, models);
            let item = head
                .pointer_mut("/paths")?
                .get_mut(&path)?
                .as_object_mut()?;
            item.remove(method)?;
            ("operation-removed", format!("r{}", k / 4))
        }
    };
    Some(Planted {
        kind,
        pointer_part: part,
    })
}

/// The pair for `operations` operations (at least 8) with `changes`
/// changes planted (fewer when two land on the same spot).
pub fn pair(operations: usize, changes: usize) -> Synthetic {
    let operations = operations.max(8);
    let base = document(operations);
    let mut head = base.clone();
    let mut planted = Vec::new();
    let reach = reach(&base, model_count(operations));
    for n in 0..changes {
        // A spot already changed the same way is skipped.
        if let Some(change) = plant(&mut head, n, operations, &reach)
            && !planted.contains(&change)
        {
            planted.push(change);
        }
    }
    Synthetic {
        base,
        head,
        planted,
    }
}
