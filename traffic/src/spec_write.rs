//! `cargo xtask learn … --out FILE`: the source spec with what the
//! recordings showed written into it, in the file's own style, every
//! comment and hand-written line kept.
//!
//! - An undocumented success (`'2XX': {$ref: …/Undocumented}`) gets the
//!   learned schema as a new component `<OperationId>Response`, under a
//!   `2XX` response: the statuses seen are named, and other 2xx statuses
//!   still decode (the docs give none).
//! - A provisional component schema the body reaches gets the properties
//!   the recordings showed and it lacks; what it declares is kept.
//! - The legacy patch becomes the component's `x-in-format: {legacy: …}`.
//! - Everything learned says so: `x-provisional: true` and "inferred from N
//!   live recordings" with their dates, never "documented".
//! - A documented body is never changed (conformance reports its drift).
//!
//! The edit is checked: the written text must parse to exactly the
//! document the changes describe, or nothing is written.

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};

use crate::learn::{Described, Learned};
use crate::yaml_text::Lines;

/// The comment above the first learned component.
const SECTION: &str = "---- learned from live traffic (`cargo xtask learn`): provisional ----";

/// What was written, and what was not and why.
#[derive(Debug, Default)]
pub struct Written {
    /// The updated source text.
    pub text: String,
    /// One line per change.
    pub changes: Vec<String>,
    /// One line per learned body not written, with the reason.
    pub skipped: Vec<String>,
}

/// How the recordings behind one learned body are cited.
fn evidence(learned: &Learned) -> String {
    let total: usize = learned.samples.values().sum();
    let per_format = learned
        .samples
        .iter()
        .map(|(format, n)| {
            if format == "-" {
                n.to_string()
            } else {
                format!("{format}: {n}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let statuses = learned
        .statuses
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let dates = match &learned.recorded {
        Some((first, last)) => {
            let (a, b) = (day(first), day(last));
            if a == b {
                format!(", recorded {a}")
            } else {
                format!(", recorded {a} to {b}")
            }
        }
        None => ", recording dates unknown".to_owned(),
    };
    format!(
        "inferred by `cargo xtask learn` from {total} live recordings ({per_format}; status {statuses}{dates})"
    )
}

fn day(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

/// `listAlarms` → `ListAlarms`, `created_at` → `CreatedAt`.
fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// Moves every `x-extensible-enum` under `node` into a component of its
/// own (the generator makes a named enum open, with an `Unknown(String)`
/// fallback; the project's rules refuse inline ones). `name` is the place's
/// name (`ListAlarmsDataItemStatus`); new components go to `out`.
fn hoist_enums(
    node: &mut Value,
    name: &str,
    taken: &Map<String, Value>,
    evidence: &str,
    out: &mut Vec<(String, Value)>,
) {
    let Some(map) = node.as_object_mut() else {
        return;
    };
    if map.contains_key("x-extensible-enum") {
        let component_name = free_name(name, |candidate| {
            taken.contains_key(candidate) || out.iter().any(|(n, _)| n == candidate)
        });
        let nullable = map.remove("nullable").is_some();
        let mut component = std::mem::take(map);
        component.insert(
            "description".into(),
            json!(format!(
                "**Provisional:** not documented by Defentry; the values {evidence}. The server may send others."
            )),
        );
        component.insert("x-provisional".into(), json!(true));
        out.push((component_name.clone(), Value::Object(component)));
        let target = json!({"$ref": format!("#/components/schemas/{component_name}")});
        *node = if nullable {
            json!({"allOf": [target], "nullable": true})
        } else {
            target
        };
        return;
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (key, inner) in properties.iter_mut() {
            hoist_enums(
                inner,
                &format!("{name}{}", pascal(key)),
                taken,
                evidence,
                out,
            );
        }
    }
    if let Some(items) = map.get_mut("items") {
        hoist_enums(items, &format!("{name}Item"), taken, evidence, out);
    }
}

/// The first of `base`, `base2`, `base3`… that `taken` does not hold.
fn free_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

/// Whether a learned schema says anything (not an open `{}`).
fn typed(schema: &Value) -> bool {
    schema.get("type").is_some() || schema.get("$ref").is_some() || schema.get("allOf").is_some()
}

/// Writes what `learned` holds into `source` (the source spec's text).
pub fn write(display_path: &str, source: &str, learned: &[Learned]) -> Result<Written> {
    let original = bindings_pipeline::spec_source::parse(display_path, source)?.doc;
    let mut expected = original.clone();
    let mut lines = Lines::new(source);
    let mut written = Written::default();
    let mut section_written = false;
    for l in learned {
        if l.described == Described::Documented {
            continue;
        }
        if l.legacy_only {
            written.skipped.push(format!(
                "{}: only legacy bodies were recorded ({}); the spec's shapes are the standardized format's and are not guessed from legacy ones: record with `--twins`, or call it in both formats",
                l.operation,
                evidence(l)
            ));
            continue;
        }
        if !typed(&l.unified.schema) {
            written.skipped.push(format!(
                "{}: the body could not be typed: seen too rarely, or with several JSON types ({})",
                l.operation,
                evidence(l)
            ));
            continue;
        }
        // One operation at a time: a failure leaves the others written.
        let saved = (expected.clone(), lines.clone(), section_written);
        let result = match l.described {
            Described::Undocumented => undocumented(
                l,
                &original,
                &mut expected,
                &mut lines,
                &mut section_written,
            ),
            _ => provisional(l, &original, &mut expected, &mut lines),
        };
        match result {
            Ok((changes, notes)) => {
                written.changes.extend(changes);
                written.skipped.extend(notes);
            }
            Err(why) => {
                (expected, lines, section_written) = saved;
                written
                    .skipped
                    .push(format!("{}: not written: {why:#}", l.operation));
            }
        }
    }
    let text = lines.text();
    let reread = bindings_pipeline::spec_source::parse(display_path, &text)
        .context("the written spec does not parse (a bug in learn's writer)")?
        .doc;
    if reread != expected {
        bail!(
            "the written spec does not read back as the learned document (a bug in learn's writer); nothing written"
        );
    }
    written.text = text;
    Ok(written)
}

/// The keys of a JSON pointer (`/paths/~1a/get` → `["paths", "/a", "get"]`).
fn keys(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|k| k.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// A learned body of an operation with an undocumented success: a new
/// component and the operation's `2XX` response pointing at it.
fn undocumented(
    l: &Learned,
    original: &Value,
    expected: &mut Value,
    lines: &mut Lines,
    section_written: &mut bool,
) -> Result<(Vec<String>, Vec<String>)> {
    let responses = original
        .pointer(&format!("{}/responses", l.pointer))
        .and_then(Value::as_object)
        .context("the operation has no responses")?;
    let undocumented = json!({"$ref": "#/components/responses/Undocumented"});
    let mut candidates = vec!["2XX".to_owned(), "2xx".to_owned()];
    candidates.extend(l.statuses.iter().map(u16::to_string));
    let key = candidates
        .into_iter()
        .find(|k| responses.get(k) == Some(&undocumented))
        .context("its success response is not `{$ref: '#/components/responses/Undocumented'}`")?;
    let schemas = expected
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .context("the spec has no components/schemas")?;
    let name = free_name(&format!("{}Response", pascal(&l.operation)), |n| {
        schemas.contains_key(n)
    });
    let evidence = evidence(l);

    let mut schema = l.unified.schema.clone();
    let mut enums = Vec::new();
    let mut taken = schemas.clone();
    taken.insert(name.clone(), Value::Null);
    hoist_enums(
        &mut schema,
        &pascal(&l.operation),
        &taken,
        &evidence,
        &mut enums,
    );
    let mut patch = l.unified.legacy_patch.clone();
    if let Some(patch) = &mut patch {
        let base = format!("{}Legacy", pascal(&l.operation));
        hoist_enums(patch, &base, &taken, &evidence, &mut enums);
    }
    if let Some(map) = schema.as_object_mut() {
        map.insert(
            "description".into(),
            json!(format!(
                "**Provisional:** not documented by Defentry; the success body of `{}`, {evidence}. A field seen too rarely is left untyped; an enum lists the values seen and may grow.",
                l.operation
            )),
        );
        map.insert("x-provisional".into(), json!(true));
        if let Some(patch) = &patch {
            map.insert("x-in-format".into(), json!({"legacy": patch}));
        }
    }
    let any_2xx = if key.eq_ignore_ascii_case("2XX") {
        " Any 2xx status is accepted."
    } else {
        ""
    };
    let response = json!({
        "description": format!(
            "**Provisional:** the docs show neither the status nor the body of this success response; its shape was {evidence}.{any_2xx}"
        ),
        "x-provisional": true,
        "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}},
    });

    // The document the edit must give.
    let mut path = keys(&l.pointer);
    path.extend(["responses".to_owned(), key.clone()]);
    set(expected, &path, response.clone())?;
    set(
        expected,
        &["components".into(), "schemas".into(), name.clone()],
        schema.clone(),
    )?;

    // The text.
    let path_refs: Vec<&str> = path.iter().map(String::as_str).collect();
    let at = lines
        .find(&path_refs)
        .with_context(|| format!("cannot find `{key}` of {} in the text", l.pointer))?;
    lines.replace_value(at, &response)?;
    let at = lines
        .find(&["components", "schemas"])
        .context("cannot find components/schemas in the text")?;
    let comment = (!*section_written).then_some(SECTION);
    lines.append_entry(at, &name, &schema, comment)?;
    *section_written = true;
    add_components(expected, lines, &enums)?;
    let mut change = format!("{}: `{key}` → new schema {name}", l.operation);
    if l.unified.legacy_patch.is_some() {
        change.push_str(" (with a legacy patch)");
    }
    if !enums.is_empty() {
        let _ = write!(change, " and enum(s) {}", enum_list(&enums));
    }
    let _ = write!(change, ", {evidence}");
    Ok((vec![change], Vec::new()))
}

/// Adds `components` (name, schema) at the end of `components/schemas`,
/// in the document and in the text.
fn add_components(
    expected: &mut Value,
    lines: &mut Lines,
    components: &[(String, Value)],
) -> Result<()> {
    for (name, component) in components {
        set(
            expected,
            &["components".into(), "schemas".into(), name.clone()],
            component.clone(),
        )?;
        let at = lines
            .find(&["components", "schemas"])
            .context("cannot find components/schemas in the text")?;
        lines.append_entry(at, name, component, None)?;
    }
    Ok(())
}

/// `Name [A, B], Other [C]`: the enums and the recorded values they list,
/// for the reviewer.
fn enum_list(enums: &[(String, Value)]) -> String {
    enums
        .iter()
        .map(|(name, component)| {
            let values = component["x-extensible-enum"]
                .as_array()
                .map(|v| {
                    v.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            format!("{name} [{values}]")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A learned body whose spec schema is (or reaches) a provisional
/// component: each provisional component with `properties` gets the
/// properties the recordings showed and it lacks. Also returns notes on
/// what it could not write.
fn provisional(
    l: &Learned,
    original: &Value,
    expected: &mut Value,
    lines: &mut Lines,
) -> Result<(Vec<String>, Vec<String>)> {
    let responses = original
        .pointer(&format!("{}/responses", l.pointer))
        .context("the operation has no responses")?;
    let response = l
        .statuses
        .iter()
        .find_map(|s| crate::api_formats::response_for(original, responses, *s))
        .context("no response for the statuses seen")?;
    let schema = crate::api_formats::body_schema(response).context("no JSON body schema")?;
    let mut found = Found::default();
    collect_additions(
        original,
        schema,
        &l.unified.schema,
        None,
        false,
        &mut found,
        &mut Vec::new(),
    );
    let evidence = evidence(l);
    let mut notes: Vec<String> = found
        .unplaced
        .iter()
        .map(|property| {
            format!(
                "{}: `{property}` belongs to a provisional schema written inline in the operation; learned properties are written into components only",
                l.operation
            )
        })
        .collect();
    if let Some(patch) = &l.unified.legacy_patch {
        notes.push(format!(
            "{}: the legacy-only keys of a provisional body are not written: {patch}",
            l.operation
        ));
    }
    let mut changes = Vec::new();
    for addition in found.additions {
        let mut path = addition.properties.clone();
        path.push(addition.name.clone());
        if expected.pointer(&pointer_of(&path)).is_some() {
            continue; // Another operation's recordings added it already.
        }
        let note = format!("**Provisional:** not documented by Defentry; {evidence}.");
        let mut learned = addition.schema;
        let mut enums = Vec::new();
        let taken = expected
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let place = format!(
            "{}{}",
            addition.properties.get(2).map_or("", String::as_str),
            pascal(&addition.name)
        );
        hoist_enums(&mut learned, &place, &taken, &evidence, &mut enums);
        add_components(expected, lines, &enums)?;
        let value = describe(learned, &note);
        set(expected, &path, value.clone())?;
        let keys: Vec<&str> = addition.properties.iter().map(String::as_str).collect();
        let at = lines.find(&keys).with_context(|| {
            format!(
                "cannot find {} in the text",
                pointer_of(&addition.properties)
            )
        })?;
        lines.append_entry(at, &addition.name, &value, None)?;
        let mut change = format!(
            "{}: {} gains `{}`",
            l.operation,
            pointer_of(&addition.properties[2..]).trim_start_matches('/'),
            addition.name
        );
        if !enums.is_empty() {
            let _ = write!(change, " and enum(s) {}", enum_list(&enums));
        }
        let _ = write!(change, ", {evidence}");
        changes.push(change);
    }
    if changes.is_empty() && notes.is_empty() {
        bail!("the recordings show no property the provisional schemas lack");
    }
    Ok((changes, notes))
}

/// A learned property schema with `note` as its description (a `$ref`
/// goes under `allOf`, where a description beside it counts).
fn describe(schema: Value, note: &str) -> Value {
    let mut map = match schema {
        Value::Object(map) if map.contains_key("$ref") => {
            let mut wrapped = Map::new();
            wrapped.insert("allOf".into(), json!([Value::Object(map)]));
            wrapped
        }
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let text = match map.get("description").and_then(Value::as_str) {
        Some(seen) => format!("{note} {seen}"),
        None => note.to_owned(),
    };
    map.insert("description".into(), json!(text));
    Value::Object(map)
}

/// What [`collect_additions`] found.
#[derive(Default)]
struct Found {
    /// Properties to add to components.
    additions: Vec<Addition>,
    /// Properties a provisional schema inline in an operation lacks (not
    /// written: they have no component to go to).
    unplaced: Vec<String>,
}

/// One property a provisional schema lacks.
struct Addition {
    /// The keys of the schema's `properties` mapping, from the root.
    properties: Vec<String>,
    /// The property.
    name: String,
    /// Its learned schema.
    schema: Value,
}

/// Walks the spec schema `spec` beside the learned one. A node is
/// provisional when it, or the component it is part of, is marked
/// `x-provisional`; every property the recordings showed and such a node's
/// `properties` lack is an [`Addition`]. `at` is the node's keys from the
/// root while it is inside a component (`None` inline in an operation).
fn collect_additions(
    doc: &Value,
    spec: &Value,
    learned: &Value,
    at: Option<Vec<String>>,
    provisional: bool,
    out: &mut Found,
    seen: &mut Vec<String>,
) {
    if let Some(target) = spec.get("$ref").and_then(Value::as_str) {
        if seen.iter().any(|s| s == target) {
            return;
        }
        seen.push(target.to_owned());
        let at = target.strip_prefix("#/components/schemas/").map(|name| {
            vec![
                "components".to_owned(),
                "schemas".to_owned(),
                name.to_owned(),
            ]
        });
        if let Some(next) = target.strip_prefix('#').and_then(|p| doc.pointer(p)) {
            collect_additions(doc, next, learned, at, false, out, seen);
        }
        return;
    }
    let provisional = provisional || spec.get("x-provisional") == Some(&Value::Bool(true));
    let child = |keys: &[&str]| {
        at.as_ref().map(|at| {
            let mut next = at.clone();
            next.extend(keys.iter().map(|k| (*k).to_owned()));
            next
        })
    };
    if let Some(all) = spec.get("allOf").and_then(Value::as_array)
        && all.len() == 1
    {
        collect_additions(doc, &all[0], learned, None, provisional, out, seen);
        return;
    }
    if let (Some(items), Some(learned_items)) = (spec.get("items"), learned.get("items")) {
        collect_additions(
            doc,
            items,
            learned_items,
            child(&["items"]),
            provisional,
            out,
            seen,
        );
        return;
    }
    let (Some(declared), Some(found)) = (
        spec.get("properties").and_then(Value::as_object),
        learned.get("properties").and_then(Value::as_object),
    ) else {
        return;
    };
    for (key, learned_property) in found {
        match declared.get(key) {
            Some(spec_property) => {
                let next = child(&["properties", key]);
                collect_additions(
                    doc,
                    spec_property,
                    learned_property,
                    next,
                    provisional,
                    out,
                    seen,
                );
            }
            None if provisional && typed(learned_property) => match child(&["properties"]) {
                Some(properties) => out.additions.push(Addition {
                    properties,
                    name: key.clone(),
                    schema: learned_property.clone(),
                }),
                None => out.unplaced.push(key.clone()),
            },
            None => {}
        }
    }
}

fn pointer_of(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("/{}", k.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// Sets the value at `keys`, creating nothing but the last key.
fn set(doc: &mut Value, keys: &[String], value: Value) -> Result<()> {
    let Some((last, parents)) = keys.split_last() else {
        bail!("an empty path");
    };
    let parent = doc
        .pointer_mut(&pointer_of(parents))
        .and_then(Value::as_object_mut)
        .with_context(|| format!("{} is not a mapping", pointer_of(parents)))?;
    parent.insert(last.clone(), value);
    Ok(())
}
