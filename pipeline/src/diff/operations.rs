//! Comparing the operations of two projected documents of one format.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::model::node::Node;

use super::change::{Change, Direction, Kind, OperationRef, Side, Verdict, generated_verdict};
use super::schema::{Finding, SchemaDiff, SchemaGraphs};
use crate::model::openapi_walk::{Operation, operations, parameters, resolve};
use crate::projection::escape;

/// Every change between `base` and `head` (projected documents of one
/// format), one record per operation it touches; `header` is the request
/// header that selects a format (`x-formats`), whose changes are reported
/// as such.
pub fn compare_documents(
    api: &str,
    format: Option<&str>,
    header: Option<&str>,
    base: &Value,
    head: &Value,
) -> Vec<Change> {
    let base_ops = operations(base);
    let head_ops = operations(head);
    let pairing = pair_operations(&base_ops, &head_ops);
    let mut out = Vec::new();
    // Every schema pair is compared once for the whole document.
    let mut graphs = SchemaGraphs::default();
    let mut record = |op: &Operation<'_>, (direction, error, finding): Found| {
        out.push(to_change(api, format, op, direction, error, finding));
    };
    for (base_op, head_op) in &pairing.moved {
        record(head_op, moved(base_op, head_op));
    }
    for (base_op, head_op) in pairing.same.iter().chain(&pairing.moved) {
        for found in compare_operation(header, base, base_op, head, head_op, &mut graphs) {
            record(head_op, found);
        }
    }
    for op in pairing.removed {
        let finding = lone(op, Side::Base, Kind::OperationRemoved, Verdict::Breaking);
        record(op, finding);
    }
    for op in pairing.added {
        let finding = lone(op, Side::Head, Kind::OperationAdded, Verdict::NonBreaking);
        record(op, finding);
    }
    out.sort();
    out.dedup();
    out
}

/// The server URLs that apply to `op` (its own `servers`, else its path
/// item's, else the document's) and where they are declared.
fn effective_servers(doc: &Value, op: &Operation<'_>) -> (Vec<String>, String) {
    let urls = |servers: &Vec<Value>| -> Vec<String> {
        servers
            .iter()
            .filter_map(|s| s.str_at("url").map(str::to_owned))
            .collect()
    };
    let item_at = format!("/paths/{}", escape(op.path));
    let item = doc.pointer(&item_at);
    if let Some(servers) = op.value.array_at("servers") {
        return (urls(servers), format!("{}/servers", op.pointer));
    }
    if let Some(servers) = item.and_then(|i| i.array_at("servers")) {
        return (urls(servers), format!("{item_at}/servers"));
    }
    let root = doc.array_at("servers").map(urls).unwrap_or_default();
    (root, "/servers".to_owned())
}

/// The operations of two documents, paired.
struct Pairing<'o, 'd> {
    /// Same method and path (parameter names aside).
    same: Vec<(&'o Operation<'d>, &'o Operation<'d>)>,
    /// Same `operationId` under another method or path.
    moved: Vec<(&'o Operation<'d>, &'o Operation<'d>)>,
    /// Only in the base.
    removed: Vec<&'o Operation<'d>>,
    /// Only in the head.
    added: Vec<&'o Operation<'d>>,
}

/// Pairs by method and path, then what is left by `operationId`.
fn pair_operations<'o, 'd>(
    base_ops: &'o [Operation<'d>],
    head_ops: &'o [Operation<'d>],
) -> Pairing<'o, 'd> {
    let key = |op: &Operation<'_>| (op.method.to_owned(), normalized(op.path));
    let head_by_key: BTreeMap<_, usize> = head_ops
        .iter()
        .enumerate()
        .map(|(i, op)| (key(op), i))
        .collect();
    let mut matched_head = BTreeSet::new();
    let mut pairing = Pairing {
        same: Vec::new(),
        moved: Vec::new(),
        removed: Vec::new(),
        added: Vec::new(),
    };
    let mut unmatched_base = Vec::new();
    for op in base_ops {
        match head_by_key.get(&key(op)) {
            Some(&index) => {
                matched_head.insert(index);
                pairing.same.push((op, &head_ops[index]));
            }
            None => unmatched_base.push(op),
        }
    }
    let mut unmatched_head: Vec<&Operation<'_>> = head_ops
        .iter()
        .enumerate()
        .filter(|(i, _)| !matched_head.contains(i))
        .map(|(_, op)| op)
        .collect();
    for op in unmatched_base {
        let id = op.value.str_at("operationId");
        let moved = id.and_then(|id| {
            unmatched_head
                .iter()
                .position(|h| h.value.str_at("operationId") == Some(id))
        });
        match moved {
            Some(position) => pairing.moved.push((op, unmatched_head.remove(position))),
            None => pairing.removed.push(op),
        }
    }
    pairing.added = unmatched_head;
    pairing
}

/// An operation whose path or method changed (its `operationId` did not).
fn moved(op: &Operation<'_>, head_op: &Operation<'_>) -> Found {
    let (kind, message) = if head_op.method == op.method {
        (
            Kind::PathChanged,
            format!("path `{}` → `{}`", op.path, head_op.path),
        )
    } else {
        (
            Kind::MethodChanged,
            format!(
                "`{} {}` → `{} {}`",
                op.method.to_uppercase(),
                op.path,
                head_op.method.to_uppercase(),
                head_op.path
            ),
        )
    };
    let finding = operation_finding(
        &head_op.pointer,
        Side::Head,
        kind,
        Verdict::Breaking,
        message,
        None,
    );
    (Direction::Operation, false, finding)
}

/// An operation on one side only.
fn lone(op: &Operation<'_>, side: Side, kind: Kind, verdict: Verdict) -> Found {
    let message = match side {
        Side::Base => "operation removed",
        Side::Head => "operation added",
    };
    let finding = operation_finding(&op.pointer, side, kind, verdict, message.to_owned(), None);
    (Direction::Operation, false, finding)
}

/// `/a/{id}/b` → `/a/{}/b`: parameter names do not make another path.
fn normalized(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push('{');
            }
            '}' => {
                depth -= 1;
                out.push('}');
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

fn path_parameter_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn operation_finding(
    location: &str,
    side: Side,
    kind: Kind,
    verdict: Verdict,
    message: String,
    note: Option<&str>,
) -> Finding {
    Finding {
        generated: None,
        location: location.to_owned(),
        side,
        field: None,
        kind,
        verdict,
        message,
        note: note.map(str::to_owned),
    }
}

fn to_change(
    api: &str,
    format: Option<&str>,
    op: &Operation<'_>,
    direction: Direction,
    error: bool,
    finding: Finding,
) -> Change {
    let generated = finding
        .generated
        .unwrap_or_else(|| generated_verdict(finding.kind));
    let (kind, detail, message) = if error {
        (
            Kind::ErrorShapeChanged,
            Some(finding.kind),
            format!("error body: {}", finding.message),
        )
    } else {
        (finding.kind, None, finding.message)
    };
    Change {
        api: api.to_owned(),
        format: format.map(str::to_owned),
        operation: OperationRef {
            method: op.method.to_uppercase(),
            path: op.path.to_owned(),
            operation_id: op.value.str_at("operationId").map(str::to_owned),
        },
        location: finding.location,
        side: finding.side,
        field: finding.field,
        kind,
        detail,
        direction,
        verdict: match (finding.verdict, generated) {
            (Verdict::NonBreaking, Verdict::NonBreaking) => Verdict::NonBreaking,
            _ => Verdict::Breaking,
        },
        wire: finding.verdict,
        generated,
        message,
        note: finding.note,
    }
}

type Found = (Direction, bool, Finding);

/// A parameter on each side (with its pointer), and its field name.
type ParameterPair<'a> = (
    Option<(&'a Value, String)>,
    Option<(&'a Value, String)>,
    String,
);

/// The changes of one operation that exists on both sides.
fn compare_operation(
    header: Option<&str>,
    base: &Value,
    b: &Operation<'_>,
    head: &Value,
    h: &Operation<'_>,
    graphs: &mut SchemaGraphs,
) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut push = |direction, finding| out.push((direction, false, finding));
    let ((b_servers, _), (h_servers, h_servers_at)) =
        (effective_servers(base, b), effective_servers(head, h));
    if b_servers != h_servers {
        push(
            Direction::Operation,
            operation_finding(
                &h_servers_at,
                Side::Head,
                Kind::ServersChanged,
                Verdict::NonBreaking,
                format!("servers {b_servers:?} → {h_servers:?}"),
                Some(
                    "clients configured with their own base URL are unaffected; the default base URL of generated clients changes",
                ),
            ),
        );
    }
    let b_id = b.value.str_at("operationId");
    let h_id = h.value.str_at("operationId");
    if let (Some(before), Some(after)) = (b_id, h_id)
        && before != after
    {
        push(
            Direction::Operation,
            operation_finding(
                &format!("{}/operationId", h.pointer),
                Side::Head,
                Kind::OperationIdRenamed,
                Verdict::NonBreaking,
                format!("operationId `{before}` → `{after}`"),
                Some("the HTTP request is unchanged, but generated clients rename the method"),
            ),
        );
    }
    let id_change = match (b_id, h_id) {
        (None, Some(after)) => Some((
            format!("{}/operationId", h.pointer),
            Side::Head,
            format!("operationId `{after}` added"),
        )),
        (Some(before), None) => Some((
            format!("{}/operationId", b.pointer),
            Side::Base,
            format!("operationId `{before}` removed"),
        )),
        _ => None,
    };
    if let Some((location, side, message)) = id_change {
        push(
            Direction::Operation,
            operation_finding(
                &location,
                side,
                Kind::OperationIdChanged,
                Verdict::NonBreaking,
                message,
                Some(
                    "the HTTP request is unchanged; generators that name methods after the operationId rename this one",
                ),
            ),
        );
    }
    for (before, after) in path_parameter_names(b.path)
        .into_iter()
        .zip(path_parameter_names(h.path))
    {
        if before != after {
            push(
                Direction::Request,
                operation_finding(
                    &h.pointer,
                    Side::Head,
                    Kind::ParameterRenamed,
                    Verdict::NonBreaking,
                    format!("path parameter `{before}` → `{after}`"),
                    Some("the HTTP request is unchanged, but generated clients rename the setter"),
                ),
            );
        }
    }
    let deprecated = |op: &Operation<'_>| op.value.bool_at("deprecated").unwrap_or(false);
    let deprecation = match (deprecated(b), deprecated(h)) {
        (false, true) => Some((Kind::Deprecated, "operation deprecated")),
        (true, false) => Some((Kind::Undeprecated, "operation no longer deprecated")),
        _ => None,
    };
    if let Some((kind, message)) = deprecation {
        push(
            Direction::Operation,
            operation_finding(
                &format!("{}/deprecated", h.pointer),
                Side::Head,
                kind,
                Verdict::NonBreaking,
                message.to_owned(),
                None,
            ),
        );
    }
    if let Some(finding) = compare_security(base, b, head, h) {
        push(Direction::Request, finding);
    }
    out.extend(
        compare_parameters(header, base, b, head, h, graphs)
            .into_iter()
            .map(|f| (Direction::Request, false, f)),
    );
    out.extend(
        compare_request_body(base, b, head, h, graphs)
            .into_iter()
            .map(|f| (Direction::Request, false, f)),
    );
    out.extend(compare_responses(base, b, head, h, graphs));
    out
}

/// One way to be let in: scheme → scopes (empty: anonymous).
type Requirement = BTreeMap<String, BTreeSet<String>>;

/// An operation's security requirements (its own, else the document's), as
/// a set of alternatives. No requirement at all is one anonymous alternative.
fn security(doc: &Value, op: &Operation<'_>) -> (BTreeSet<Requirement>, String) {
    let (list, at) = match op.value.get("security") {
        Some(list) => (list, format!("{}/security", op.pointer)),
        None => (
            doc.get("security").unwrap_or(&Value::Null),
            "/security".to_owned(),
        ),
    };
    let set = list
        .as_array()
        .map(|alternatives| {
            alternatives
                .iter()
                .filter_map(Value::as_object)
                .map(|req| {
                    req.iter()
                        .map(|(scheme, scopes)| {
                            let scopes = scopes
                                .as_array()
                                .map(|s| {
                                    s.iter()
                                        .filter_map(Value::as_str)
                                        .map(str::to_owned)
                                        .collect()
                                })
                                .unwrap_or_default();
                            (scheme.clone(), scopes)
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    let mut set: BTreeSet<Requirement> = set;
    if set.is_empty() {
        set.insert(Requirement::new());
    }
    (set, at)
}

/// A client that met `before` meets `after`: it holds every scheme `after`
/// asks for, with at least its scopes.
fn still_met(before: &Requirement, after: &Requirement) -> bool {
    after.iter().all(|(scheme, scopes)| {
        before
            .get(scheme)
            .is_some_and(|held| scopes.is_subset(held))
    })
}

fn describe_security(set: &BTreeSet<Requirement>) -> String {
    set.iter()
        .map(|req| {
            if req.is_empty() {
                "anonymous".to_owned()
            } else {
                req.iter()
                    .map(|(scheme, scopes)| {
                        if scopes.is_empty() {
                            format!("`{scheme}`")
                        } else {
                            let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
                            format!("`{scheme}` [{}]", scopes.join(", "))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" + ")
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn compare_security(
    base: &Value,
    b: &Operation<'_>,
    head: &Value,
    h: &Operation<'_>,
) -> Option<Finding> {
    let (before, _) = security(base, b);
    let (after, at) = security(head, h);
    if before == after {
        // The same names, but a scheme itself may have changed.
        let schemes: BTreeSet<&String> = after.iter().flat_map(|req| req.keys()).collect();
        let changed: Vec<String> = schemes
            .into_iter()
            .filter(|name| {
                let pointer = format!("/components/securitySchemes/{}", escape(name));
                base.pointer(&pointer) != head.pointer(&pointer)
            })
            .map(|name| format!("`{name}`"))
            .collect();
        if changed.is_empty() {
            return None;
        }
        return Some(operation_finding(
            &at,
            Side::Head,
            Kind::SecurityChanged,
            Verdict::Breaking,
            format!("security scheme {} changed", changed.join(", ")),
            Some("clients send credentials the way the old scheme said"),
        ));
    }
    let verdict = if before
        .iter()
        .all(|held| after.iter().any(|asked| still_met(held, asked)))
    {
        Verdict::NonBreaking
    } else {
        Verdict::Breaking
    };
    let note = match verdict {
        Verdict::NonBreaking => Some("every credential accepted before is still accepted"),
        Verdict::Breaking => Some("clients holding the old credential are refused"),
    };
    Some(operation_finding(
        &at,
        Side::Head,
        Kind::SecurityChanged,
        verdict,
        format!(
            "security {} → {}",
            describe_security(&before),
            describe_security(&after)
        ),
        note,
    ))
}

/// Parameters by `in` and name (header names case-insensitively), with the
/// pointer of each; an operation's own parameter hides its path item's.
fn parameter_map<'a>(
    doc: &'a Value,
    op: &Operation<'a>,
) -> BTreeMap<(String, String), (&'a Value, String)> {
    let mut map = BTreeMap::new();
    for (parameter, at) in parameters(doc, op) {
        let place = parameter.str_at("in").unwrap_or_default().to_owned();
        let mut name = parameter.str_at("name").unwrap_or_default().to_owned();
        if place == "header" {
            name = name.to_ascii_lowercase();
        }
        map.entry((place, name)).or_insert((parameter, at));
    }
    map
}

/// The parameter changes of an operation found on both sides.
fn compare_parameters(
    header: Option<&str>,
    base: &Value,
    b: &Operation<'_>,
    head: &Value,
    h: &Operation<'_>,
    graphs: &mut SchemaGraphs,
) -> Vec<Finding> {
    parameter_pairs(base, b, head, h)
        .into_iter()
        .flat_map(|pair| compare_parameter(header, base, head, pair, graphs))
        .collect()
}

/// The parameters of both sides, paired: path parameters by position (a
/// rename is reported once, with the path), the others by place and name.
fn parameter_pairs<'a>(
    base: &'a Value,
    b: &Operation<'a>,
    head: &'a Value,
    h: &Operation<'a>,
) -> Vec<ParameterPair<'a>> {
    let mut before = parameter_map(base, b);
    let mut after = parameter_map(head, h);
    let b_path = path_parameter_names(b.path);
    let h_path = path_parameter_names(h.path);
    let mut pairs: Vec<ParameterPair<'_>> = Vec::new();
    for (bn, hn) in b_path.iter().zip(&h_path) {
        let bp = before.remove(&("path".to_owned(), (*bn).to_owned()));
        let hp = after.remove(&("path".to_owned(), (*hn).to_owned()));
        pairs.push((bp, hp, format!("path.{hn}")));
    }
    let keys: BTreeSet<(String, String)> = before.keys().chain(after.keys()).cloned().collect();
    for key in keys {
        let shown_name = after
            .get(&key)
            .or_else(|| before.get(&key))
            .and_then(|(p, _)| p.str_at("name"))
            .unwrap_or(&key.1)
            .to_owned();
        pairs.push((
            before.remove(&key),
            after.remove(&key),
            format!("{}.{shown_name}", key.0),
        ));
    }
    pairs
}

fn is_required(parameter: &Value) -> bool {
    parameter.bool_at("required").unwrap_or(false)
}

/// A finding about the parameter `field`.
fn parameter_finding(
    field: &str,
    location: &str,
    side: Side,
    (kind, verdict): (Kind, Verdict),
    message: String,
    note: Option<&str>,
) -> Finding {
    Finding {
        generated: None,
        field: Some(field.to_owned()),
        ..operation_finding(location, side, kind, verdict, message, note)
    }
}

/// The changes of one parameter pair.
fn compare_parameter(
    header: Option<&str>,
    base: &Value,
    head: &Value,
    (bp, hp, field): ParameterPair<'_>,
    graphs: &mut SchemaGraphs,
) -> Vec<Finding> {
    if header.is_some_and(|name| field.eq_ignore_ascii_case(&format!("header.{name}"))) {
        return compare_api_version(bp, hp, &field).into_iter().collect();
    }
    let field = field.as_str();
    match (bp, hp) {
        (Some((_, at)), None) => vec![parameter_finding(
            field,
            &at,
            Side::Base,
            (Kind::ParameterRemoved, Verdict::Breaking),
            format!("parameter `{field}` removed"),
            Some("generated clients lose the setter; clients that send it may be refused"),
        )],
        (None, Some((p, at))) if is_required(p) => vec![parameter_finding(
            field,
            &at,
            Side::Head,
            (Kind::RequiredParameterAdded, Verdict::Breaking),
            format!("required parameter `{field}` added"),
            None,
        )],
        (None, Some((_, at))) => vec![parameter_finding(
            field,
            &at,
            Side::Head,
            (Kind::OptionalParameterAdded, Verdict::NonBreaking),
            format!("optional parameter `{field}` added"),
            None,
        )],
        (Some(before), Some(after)) => {
            compare_kept_parameter(base, head, before, after, field, graphs)
        }
        (None, None) => Vec::new(),
    }
}

/// The changes of a parameter on both sides: required, deprecated, schema.
fn compare_kept_parameter(
    base: &Value,
    head: &Value,
    (bp, b_at): (&Value, String),
    (hp, h_at): (&Value, String),
    field: &str,
    graphs: &mut SchemaGraphs,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let change = match (is_required(bp), is_required(hp)) {
        (false, true) => Some((
            Kind::ParameterMadeRequired,
            Verdict::Breaking,
            "made required",
        )),
        (true, false) => Some((
            Kind::ParameterMadeOptional,
            Verdict::NonBreaking,
            "made optional",
        )),
        _ => None,
    };
    let deprecated = |p: &Value| p.bool_at("deprecated").unwrap_or(false);
    let deprecation = match (deprecated(bp), deprecated(hp)) {
        (false, true) => Some((Kind::Deprecated, Verdict::NonBreaking, "deprecated")),
        (true, false) => Some((
            Kind::Undeprecated,
            Verdict::NonBreaking,
            "no longer deprecated",
        )),
        _ => None,
    };
    for (kind, verdict, what) in change.into_iter().chain(deprecation) {
        out.push(parameter_finding(
            field,
            &h_at,
            Side::Head,
            (kind, verdict),
            format!("parameter `{field}` {what}"),
            None,
        ));
    }
    out.extend(compare_serialization(bp, hp, &h_at, field));
    if let (Some((bs, bs_at)), Some((hs, hs_at))) =
        (parameter_schema(bp, &b_at), parameter_schema(hp, &h_at))
    {
        let mut diff = SchemaDiff::new(base, head, true, graphs);
        diff.compare(bs, &bs_at, hs, &hs_at, field);
        // Generated setters take a parameter's enum as its values' type:
        // values added or removed change no generated type.
        out.extend(diff.findings.into_iter().map(|mut finding| {
            if matches!(finding.kind, Kind::EnumValueAdded | Kind::EnumValueRemoved) {
                finding.generated = Some(Verdict::NonBreaking);
            }
            finding
        }));
    }
    out
}

/// A parameter's schema and its pointer: `schema`, or the schema of its
/// one `content` media type (a parameter described with `content`).
fn parameter_schema<'a>(parameter: &'a Value, at: &str) -> Option<(&'a Value, String)> {
    if let Some(schema) = parameter.get("schema") {
        return Some((schema, format!("{at}/schema")));
    }
    let (media, content) = parameter.obj_at("content")?.iter().next()?;
    content
        .get("schema")
        .map(|schema| (schema, format!("{at}/content/{}/schema", escape(media))))
}

/// How a parameter is written on the wire: `style` and `explode` (with
/// their defaults by location), or the media type of `content`. Any change
/// breaks clients: the server reads another form.
fn compare_serialization(bp: &Value, hp: &Value, h_at: &str, field: &str) -> Vec<Finding> {
    let form = |p: &Value| -> String {
        if let Some((media, _)) = p.obj_at("content").and_then(|c| c.iter().next()) {
            return format!("content `{media}`");
        }
        let default_style = match p.str_at("in") {
            Some("query") | Some("cookie") => "form",
            _ => "simple",
        };
        let style = p.str_at("style").unwrap_or(default_style);
        let explode = p.bool_at("explode").unwrap_or(style == "form");
        format!("style `{style}`, explode `{explode}`")
    };
    let (before, after) = (form(bp), form(hp));
    if before == after {
        return Vec::new();
    }
    vec![parameter_finding(
        field,
        h_at,
        Side::Head,
        (Kind::SerializationChanged, Verdict::Breaking),
        format!("parameter `{field}`: {before} → {after}"),
        Some("the value is written in another form: servers read what clients send differently"),
    )]
}

/// Any change to the header that selects the format (`X-API-Version`).
fn compare_api_version(
    before: Option<(&Value, String)>,
    after: Option<(&Value, String)>,
    field: &str,
) -> Option<Finding> {
    let describe = |p: Option<&(&Value, String)>| -> String {
        match p {
            None => "not sent".to_owned(),
            Some((p, _)) => {
                let schema = p.get("schema").cloned().unwrap_or(json!({}));
                let values = schema
                    .get("enum")
                    .cloned()
                    .or_else(|| schema.get("default").cloned())
                    .map_or_else(|| "any value".to_owned(), |v| v.to_string());
                let required = if p.bool_at("required").unwrap_or(false) {
                    "required"
                } else {
                    "optional"
                };
                format!("{required} {values}")
            }
        }
    };
    let strip = |p: Option<&(&Value, String)>| {
        p.map(|(p, _)| {
            let mut p = (*p).clone();
            if let Some(map) = p.as_object_mut() {
                map.remove("description");
                map.remove("example");
            }
            p
        })
    };
    if strip(before.as_ref()) == strip(after.as_ref()) {
        return None;
    }
    let (location, side) = match (&after, &before) {
        (Some((_, at)), _) => (at.clone(), Side::Head),
        (None, Some((_, at))) => (at.clone(), Side::Base),
        (None, None) => return None,
    };
    // Generated clients take the header as a setter of an enum type: a
    // value or the whole header gone renames or removes what callers pass.
    let values = |p: Option<&(&Value, String)>| -> Option<Vec<Value>> {
        p.map(|(p, _)| {
            p.get("schema")
                .and_then(|s| s.get("enum"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
    };
    let generated = match (values(before.as_ref()), values(after.as_ref())) {
        (Some(_), None) => Verdict::Breaking,
        (Some(old), Some(new)) if old.iter().any(|v| !new.contains(v)) => Verdict::Breaking,
        _ => Verdict::NonBreaking,
    };
    Some(Finding {
        generated: Some(generated),
        location,
        side,
        field: Some(field.to_owned()),
        kind: Kind::ApiVersionChanged,
        verdict: Verdict::Breaking,
        message: format!(
            "`{}`: {} → {}",
            field.trim_start_matches("header."),
            describe(before.as_ref()),
            describe(after.as_ref())
        ),
        note: Some(
            "the header selects the response format: clients get another format, or are refused"
                .to_owned(),
        ),
    })
}

fn content(holder: &Value) -> BTreeMap<String, Option<&Value>> {
    holder
        .obj_at("content")
        .map(|c| {
            c.iter()
                .map(|(media, m)| (media.clone(), m.get("schema")))
                .collect()
        })
        .unwrap_or_default()
}

/// `application/json`, or a `+json` type (`application/problem+json`),
/// parameters ignored.
fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// Media types and their schemas, one side against the other.
#[allow(clippy::too_many_arguments)]
fn compare_content(
    base: &Value,
    b: &Value,
    b_at: &str,
    head: &Value,
    h: &Value,
    h_at: &str,
    request: bool,
    field: &str,
    out: &mut Vec<Finding>,
    graphs: &mut SchemaGraphs,
) {
    let (before, after) = (content(b), content(h));
    for media in before.keys().filter(|m| !after.contains_key(*m)) {
        out.push(Finding {
            generated: None,
            location: format!("{b_at}/content/{}", escape(media)),
            side: Side::Base,
            field: Some(field.to_owned()),
            kind: Kind::MediaTypeRemoved,
            verdict: Verdict::Breaking,
            message: format!("media type `{media}` removed"),
            note: Some(if request {
                "clients that send it are refused".to_owned()
            } else {
                "clients that ask for it (`Accept`) or parse only it lose the response".to_owned()
            }),
        });
    }
    for media in after.keys().filter(|m| !before.contains_key(*m)) {
        out.push(Finding {
            generated: None,
            location: format!("{h_at}/content/{}", escape(media)),
            side: Side::Head,
            field: Some(field.to_owned()),
            kind: Kind::MediaTypeAdded,
            verdict: if request {
                Verdict::NonBreaking
            } else {
                Verdict::Breaking
            },
            message: format!("media type `{media}` added"),
            note: (!request).then(|| "clients may receive a body they do not expect".to_owned()),
        });
    }
    let mut diff = SchemaDiff::new(base, head, request, graphs);
    // Only JSON bodies are compared as JSON schemas: an XML or form body has
    // its own encoding rules (attributes, wrapping, string values).
    for (media, b_schema) in before.iter().filter(|(media, _)| is_json(media)) {
        if let (Some(Some(bs)), Some(Some(hs))) = (Some(b_schema), after.get(media)) {
            let pointer = |at: &str| format!("{at}/content/{}/schema", escape(media));
            diff.compare(bs, &pointer(b_at), hs, &pointer(h_at), field);
        }
    }
    out.extend(diff.findings);
}

fn compare_request_body(
    base: &Value,
    b: &Operation<'_>,
    head: &Value,
    h: &Operation<'_>,
    graphs: &mut SchemaGraphs,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let resolved = |doc: &Value, op: &Operation<'_>| -> Option<(Value, String)> {
        op.value.get("requestBody").map(|body| {
            let (body, at) = resolve(doc, body, &format!("{}/requestBody", op.pointer));
            (body.clone(), at)
        })
    };
    let required = |body: &Value| body.bool_at("required").unwrap_or(false);
    let finding = |location: &str, side, kind, verdict, message: &str| Finding {
        generated: None,
        location: location.to_owned(),
        side,
        field: Some("body".to_owned()),
        kind,
        verdict,
        message: message.to_owned(),
        note: None,
    };
    match (resolved(base, b), resolved(head, h)) {
        (None, None) => {}
        (Some((_, at)), None) => out.push(Finding {
            generated: None,
            note: Some(
                "generated clients lose the body setter; clients that send one may be refused"
                    .to_owned(),
            ),
            ..finding(
                &at,
                Side::Base,
                Kind::RequestBodyRemoved,
                Verdict::Breaking,
                "request body removed",
            )
        }),
        (None, Some((body, at))) => {
            let (verdict, message) = if required(&body) {
                (Verdict::Breaking, "required request body added")
            } else {
                (Verdict::NonBreaking, "optional request body added")
            };
            out.push(finding(
                &at,
                Side::Head,
                Kind::RequestBodyAdded,
                verdict,
                message,
            ));
        }
        (Some((bb, b_at)), Some((hb, h_at))) => {
            match (required(&bb), required(&hb)) {
                (false, true) => out.push(finding(
                    &h_at,
                    Side::Head,
                    Kind::RequestBodyMadeRequired,
                    Verdict::Breaking,
                    "request body made required",
                )),
                (true, false) => out.push(finding(
                    &h_at,
                    Side::Head,
                    Kind::RequestBodyMadeOptional,
                    Verdict::NonBreaking,
                    "request body made optional",
                )),
                _ => {}
            }
            // The schemas live in the documents; compare through them.
            let b_node = base.pointer(&b_at).unwrap_or(&Value::Null);
            let h_node = head.pointer(&h_at).unwrap_or(&Value::Null);
            compare_content(
                base, b_node, &b_at, head, h_node, &h_at, true, "body", &mut out, graphs,
            );
        }
    }
    out
}

/// `4xx`, `5xx`, `4XX`, `5XX` and `default` are error responses.
fn is_error_status(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5') || status == "default"
}

fn compare_responses(
    base: &Value,
    b: &Operation<'_>,
    head: &Value,
    h: &Operation<'_>,
    graphs: &mut SchemaGraphs,
) -> Vec<Found> {
    let (before, after) = (response_map(base, b), response_map(head, h));
    let (errors_before, errors_after) = (error_bodies(base, &before), error_bodies(head, &after));
    let mut out = Vec::new();
    for status in before.keys().filter(|s| !after.contains_key(*s)) {
        out.push(status_change(
            &REMOVED,
            status,
            b.pointer.as_str(),
            (errors_before, errors_after),
        ));
    }
    for status in after.keys().filter(|s| !before.contains_key(*s)) {
        out.push(status_change(
            &ADDED,
            status,
            h.pointer.as_str(),
            (errors_after, errors_before),
        ));
    }
    for (status, b_at) in &before {
        if let Some(h_at) = after.get(status) {
            out.extend(compare_kept_response(
                base, head, status, b_at, h_at, graphs,
            ));
        }
    }
    out
}

/// Status → pointer of the (resolved) response.
fn response_map(doc: &Value, op: &Operation<'_>) -> BTreeMap<String, String> {
    op.value
        .obj_at("responses")
        .map(|map| {
            map.iter()
                .map(|(status, response)| {
                    let at = format!("{}/responses/{}", op.pointer, escape(status));
                    (status.clone(), resolve(doc, response, &at).1)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// How many error responses have a body. Generated clients have one error
/// type per operation, from these: the first such response or the last one
/// changes that type.
fn error_bodies(doc: &Value, map: &BTreeMap<String, String>) -> usize {
    map.iter()
        .filter(|(status, at)| {
            is_error_status(status)
                && doc
                    .pointer(at)
                    .and_then(|r| r.get("content"))
                    .and_then(Value::as_object)
                    .is_some_and(|c| !c.is_empty())
        })
        .count()
}

/// What a status on one side only means, by kind of status.
struct StatusChange {
    side: Side,
    kind: Kind,
    /// `removed` or `added`.
    done: &'static str,
    /// A success status.
    success: &'static str,
    /// The only error statuses with a body were on this side.
    error_type: &'static str,
    /// Any other error status.
    other_error: &'static str,
}

const REMOVED: StatusChange = StatusChange {
    side: Side::Base,
    kind: Kind::StatusRemoved,
    done: "removed",
    success: "clients written for this success response no longer get it",
    error_type: "the last error response with a body: generated clients lose their error type",
    other_error: "an error status clients no longer need to handle",
};

const ADDED: StatusChange = StatusChange {
    side: Side::Head,
    kind: Kind::StatusAdded,
    done: "added",
    success: "a success clients do not expect: generated clients report it as an unexpected response",
    error_type: "the first error response with a body: generated clients get a new error type",
    other_error: "clients already treat undocumented error statuses as errors",
};

/// A status on one side only; `errors` counts the error bodies on this
/// side and on the other.
fn status_change(
    change: &StatusChange,
    status: &str,
    pointer: &str,
    (errors_here, errors_there): (usize, usize),
) -> Found {
    let (verdict, note) = if !is_error_status(status) {
        (Verdict::Breaking, change.success)
    } else if errors_here > 0 && errors_there == 0 {
        (Verdict::Breaking, change.error_type)
    } else {
        (Verdict::NonBreaking, change.other_error)
    };
    // The first or last error body changes the error type of generated
    // clients (`Error<()>` ↔ `Error<types::…>`).
    let first_or_last_error = is_error_status(status) && errors_here > 0 && errors_there == 0;
    let finding = Finding {
        generated: Some(if first_or_last_error {
            Verdict::Breaking
        } else {
            Verdict::NonBreaking
        }),
        location: format!("{pointer}/responses/{}", escape(status)),
        side: change.side,
        field: Some(status.to_owned()),
        kind: change.kind,
        verdict,
        message: format!("response `{status}` {}", change.done),
        note: Some(note.to_owned()),
    };
    (Direction::Response, false, finding)
}

/// The body changes of a status on both sides.
fn compare_kept_response(
    base: &Value,
    head: &Value,
    status: &str,
    b_at: &str,
    h_at: &str,
    graphs: &mut SchemaGraphs,
) -> Vec<Found> {
    let b_node = base.pointer(b_at).unwrap_or(&Value::Null);
    let h_node = head.pointer(h_at).unwrap_or(&Value::Null);
    let mut findings = Vec::new();
    compare_content(
        base,
        b_node,
        b_at,
        head,
        h_node,
        h_at,
        false,
        &format!("{status} body"),
        &mut findings,
        graphs,
    );
    compare_response_headers(
        base,
        b_node,
        b_at,
        head,
        h_node,
        h_at,
        status,
        &mut findings,
        graphs,
    );
    // A media type of an error response is part of its shape too.
    let error = is_error_status(status);
    findings
        .into_iter()
        .map(|f| (Direction::Response, error, f))
        .collect()
}

/// A response's headers by lower-case name: (name as written, resolved
/// header object, its pointer).
fn response_headers<'a>(
    doc: &'a Value,
    response: &'a Value,
    at: &str,
) -> BTreeMap<String, (String, &'a Value, String)> {
    response
        .obj_at("headers")
        .map(|headers| {
            headers
                .iter()
                .map(|(name, header)| {
                    let pointer = format!("{at}/headers/{}", escape(name));
                    let (header, pointer) = resolve(doc, header, &pointer);
                    (name.to_ascii_lowercase(), (name.clone(), header, pointer))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Response headers: one removed or made optional breaks clients that read
/// it; its schema is compared in the response direction (a type changed or
/// generalized breaks them too). Names compare case-insensitively.
#[allow(clippy::too_many_arguments)]
fn compare_response_headers(
    base: &Value,
    b_node: &Value,
    b_at: &str,
    head: &Value,
    h_node: &Value,
    h_at: &str,
    status: &str,
    out: &mut Vec<Finding>,
    graphs: &mut SchemaGraphs,
) {
    let (before, after) = (
        response_headers(base, b_node, b_at),
        response_headers(head, h_node, h_at),
    );
    let required = |header: &Value| header.bool_at("required").unwrap_or(false);
    let mut diff = SchemaDiff::new(base, head, false, graphs);
    for (key, (name, b_header, b_pointer)) in &before {
        let field = format!("{status} header.{name}");
        let Some((_, h_header, h_pointer)) = after.get(key) else {
            out.push(Finding {
                generated: None,
                location: b_pointer.clone(),
                side: Side::Base,
                field: Some(field),
                kind: Kind::ResponseHeaderRemoved,
                verdict: Verdict::Breaking,
                message: format!("response header `{name}` removed"),
                note: Some("clients that read it lose it".to_owned()),
            });
            continue;
        };
        if required(b_header) && !required(h_header) {
            out.push(Finding {
                generated: None,
                location: h_pointer.clone(),
                side: Side::Head,
                field: Some(field.clone()),
                kind: Kind::ResponseHeaderMadeOptional,
                verdict: Verdict::Breaking,
                message: format!("response header `{name}` made optional"),
                note: Some("clients that rely on it may not get it".to_owned()),
            });
        }
        if let (Some(bs), Some(hs)) = (b_header.get("schema"), h_header.get("schema")) {
            diff.compare(
                bs,
                &format!("{b_pointer}/schema"),
                hs,
                &format!("{h_pointer}/schema"),
                &field,
            );
        }
    }
    // Generated clients give response headers untyped (a header map): a
    // header's schema changes no generated type.
    out.extend(diff.findings.into_iter().map(|mut finding| {
        finding.generated = Some(Verdict::NonBreaking);
        finding
    }));
}
