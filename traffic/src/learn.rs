//! `cargo xtask learn DIR…`: what the recordings say about the response
//! bodies the spec does not document. The 2xx JSON bodies of one API are
//! grouped by operation and by how the spec describes the status's body
//! (a documented `200` and an undocumented `2XX` of one operation are two
//! groups); each group's bodies feed one [`Shape`] per format, and the
//! formats are unified ([`unify`]) into the schema both share and the
//! legacy patch. Only undocumented or `x-provisional` bodies are learned; a
//! documented one is left to conformance, which reports where recordings
//! contradict it. `spec_write` writes the result into the source spec.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde_json::Value;
use workspace_tests::recording;

use crate::api_formats::{ApiFormats, FormatDoc, body_schema, resolve, response_for};
use crate::infer::{Options, Shape, Unified, unify};

/// How the spec describes a response body today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Described {
    /// No JSON schema: the body is undocumented.
    Undocumented,
    /// A schema that is, or reaches, one marked `x-provisional`.
    Provisional,
    /// A documented schema: not learned.
    Documented,
}

/// What one operation's successful (2xx) answers showed. The statuses are
/// learned together: the spec gives undocumented successes one `2XX`
/// response, and progenitor takes one success type per operation.
#[derive(Debug)]
pub struct Learned {
    /// The operation.
    pub operation: String,
    /// The operation's JSON pointer (`/paths/…/get`), the same in the
    /// source and in every dist document.
    pub pointer: String,
    /// The 2xx statuses seen, ascending.
    pub statuses: Vec<u16>,
    /// Only the legacy format's bodies were seen, in an API whose shapes
    /// describe another format: nothing to write without guessing.
    pub legacy_only: bool,
    /// How the spec describes the body now.
    pub described: Described,
    /// Bodies seen, per format name (`-` for a single-format API).
    pub samples: BTreeMap<String, usize>,
    /// The earliest and latest `recorded_at` of the samples, when they have one.
    pub recorded: Option<(String, String)>,
    /// The inferred schema and legacy patch (for documented bodies too, to
    /// compare; `learn` proposes only the others).
    pub unified: Unified,
}

#[derive(Default)]
struct Group {
    pointer: String,
    statuses: std::collections::BTreeSet<u16>,
    shapes: BTreeMap<String, Shape>,
    /// The earliest and latest `recorded_at` (RFC 3339 UTC sorts as text).
    dates: Option<(String, String)>,
}

/// Learns from every recording of `api` under `paths`.
pub fn learn(root: &Path, api: &str, paths: &[PathBuf], options: &Options) -> Result<Vec<Learned>> {
    let formats = ApiFormats::load(root, api)?;
    let mut groups: BTreeMap<(String, Described), Group> = BTreeMap::new();
    let apis = workspace_tests::spec_docs::Specs::new(root).apis();
    // Streamed: memory does not grow with the number of recordings.
    recording::for_each(&outermost(paths), |file| {
        let Ok(recorded) = recording::load(file) else {
            return;
        };
        if recording::api_of(file, &recorded, &apis) != api {
            return;
        }
        let status = recorded.response.status;
        let Some(body) = recorded
            .response
            .body
            .as_ref()
            .filter(|_| (200..300).contains(&status))
        else {
            return;
        };
        let Some(format) = formats.named(recorded.format.as_deref()) else {
            return;
        };
        let Some(matched) = format.operation(&recorded.request.method, &recorded.request.path)
        else {
            return;
        };
        let how = described(&format, &matched.pointer, status);
        let group = groups
            .entry((matched.operation_id.clone(), how))
            .or_default();
        group.pointer.clone_from(&matched.pointer);
        group.statuses.insert(status);
        group
            .shapes
            .entry(format.name().unwrap_or("-").to_owned())
            .or_default()
            .add(body);
        // In UTC, so that the text sorts as time (a HAR gives offsets).
        let at = recorded.recorded_at.as_deref().and_then(|at| {
            chrono::DateTime::parse_from_rfc3339(at)
                .ok()
                .map(|t| t.to_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string())
        });
        if let Some(at) = &at {
            let dates = group.dates.get_or_insert_with(|| (at.clone(), at.clone()));
            if *at < dates.0 {
                dates.0.clone_from(at);
            }
            if *at > dates.1 {
                dates.1.clone_from(at);
            }
        }
    })
    .map_err(anyhow::Error::msg)?;
    let legacy = formats
        .all()
        .iter()
        .find(|f| f.format.header.is_none() && f.name().is_some())
        .and_then(|f| f.name().map(str::to_owned));
    let empty = Shape::default();
    let mut out = Vec::new();
    for ((operation, described), group) in groups {
        let legacy_shape = legacy.as_ref().and_then(|name| group.shapes.get(name));
        let others: Vec<&Shape> = group
            .shapes
            .iter()
            .filter(|(name, _)| Some(*name) != legacy.as_ref())
            .map(|(_, shape)| shape)
            .collect();
        // The standardized side: every other format's bodies together.
        let mut standardized = Shape::default();
        for shape in &others {
            standardized.merge(shape);
        }
        // Without standardized bodies, `unify` gives the legacy shape; an
        // API without a legacy format has no `Timestamp` or `Flag` to unify into.
        let unified = if legacy.is_some() {
            unify(legacy_shape.unwrap_or(&empty), &standardized, options)
        } else {
            Unified {
                schema: standardized.schema(options),
                legacy_patch: None,
            }
        };
        out.push(Learned {
            operation,
            pointer: group.pointer,
            statuses: group.statuses.into_iter().collect(),
            legacy_only: legacy.is_some() && standardized.seen == 0,
            described,
            samples: group
                .shapes
                .iter()
                .map(|(name, shape)| (name.clone(), shape.seen))
                .collect(),
            recorded: group.dates,
            unified,
        });
    }
    Ok(out)
}

/// `paths` without those inside another one given (a folder and a file in
/// it would count that file twice).
fn outermost(paths: &[PathBuf]) -> Vec<PathBuf> {
    let full: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let mut out: Vec<PathBuf> = Vec::new();
    for (index, path) in full.iter().enumerate() {
        let inside = full.iter().enumerate().any(|(other, outer)| {
            other != index && path.starts_with(outer) && (path != outer || other < index)
        });
        if !inside {
            out.push(paths[index].clone());
        }
    }
    out
}

/// How the operation at `pointer` describes its `status` body.
fn described(format: &FormatDoc, pointer: &str, status: u16) -> Described {
    let doc = &format.value;
    let Some(responses) = doc.pointer(&format!("{pointer}/responses")) else {
        return Described::Undocumented;
    };
    let response = response_for(doc, responses, status);
    let Some(response) = response else {
        return Described::Undocumented;
    };
    let schema = body_schema(response).map(|s| resolve(doc, s));
    match schema {
        None => Described::Undocumented,
        Some(schema) if schema.get("format").and_then(Value::as_str) == Some("binary") => {
            Described::Undocumented
        }
        Some(schema) if reaches_provisional(doc, schema, &mut Vec::new()) => Described::Provisional,
        Some(_) if response.get("x-provisional") == Some(&Value::Bool(true)) => {
            Described::Provisional
        }
        Some(_) => Described::Documented,
    }
}

/// Whether `schema`, or any schema it reaches (`$ref`s followed once
/// each), is marked `x-provisional`.
fn reaches_provisional(doc: &Value, schema: &Value, seen: &mut Vec<String>) -> bool {
    match schema {
        Value::Object(map) => {
            if map.get("x-provisional") == Some(&Value::Bool(true)) {
                return true;
            }
            if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                if seen.iter().any(|s| s == target) {
                    return false;
                }
                seen.push(target.to_owned());
                return target
                    .strip_prefix('#')
                    .and_then(|pointer| doc.pointer(pointer))
                    .is_some_and(|next| reaches_provisional(doc, next, seen));
            }
            map.iter()
                .filter(|(key, _)| key.as_str() != "example" && key.as_str() != "examples")
                .any(|(_, value)| reaches_provisional(doc, value, seen))
        }
        Value::Array(items) => items.iter().any(|v| reaches_provisional(doc, v, seen)),
        _ => false,
    }
}

/// The summary `learn` prints: one row per operation and description.
pub fn summary(learned: &[Learned]) -> String {
    let mut out = String::from(
        "| operation | 2xx statuses | the spec now | bodies per format | recorded | learned |\n|---|---|---|---|---|---|\n",
    );
    for l in learned {
        let samples = l
            .samples
            .iter()
            .map(|(format, n)| format!("{format}: {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let recorded = l
            .recorded
            .as_ref()
            .map_or_else(|| "-".to_owned(), |(a, b)| format!("{a} … {b}"));
        let learned = match l.described {
            Described::Documented => {
                "documented: not learned (conformance reports drift)".to_owned()
            }
            _ => {
                let fields = l.unified.schema["properties"]
                    .as_object()
                    .map_or(0, serde_json::Map::len);
                let patch = if l.unified.legacy_patch.is_some() {
                    ", a legacy patch"
                } else {
                    ""
                };
                format!("{fields} top-level field(s){patch}")
            }
        };
        out.push_str(&format!(
            "| {} | {} | {:?} | {samples} | {recorded} | {learned} |\n",
            l.operation,
            l.statuses
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            l.described
        ));
    }
    out
}
