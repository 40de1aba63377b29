//! Comparing two schemas in one direction (request or response), through
//! `$ref`s and `allOf`, into findings with a verdict.
//!
//! The direction rule: narrowing what a request accepts, or widening what a
//! response may contain, breaks clients. Changes of type or format break in
//! both directions (they change the generated types and the wire form).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use serde_json::Value;

use crate::model::node::Node;

use super::change::{Kind, Side, Verdict};
use crate::model::openapi_walk::resolve;
use crate::projection::escape;

/// A classified schema change, before it is attached to an operation.
#[derive(Debug, Clone)]
pub struct Finding {
    /// JSON pointer of the changed node.
    pub location: String,
    /// The document `location` points into.
    pub side: Side,
    /// Where, for people (`body.data[].status`).
    pub field: Option<String>,
    /// What changed.
    pub kind: Kind,
    /// Breaking or not.
    pub verdict: Verdict,
    /// The change in words.
    pub message: String,
    /// Why the verdict, where not obvious.
    pub note: Option<String>,
    /// The generated-code verdict where it is not the kind's
    /// (`change::generated_verdict`).
    pub generated: Option<Verdict>,
}

/// Lower and upper bounds: a larger lower bound or a smaller upper bound
/// narrows.
const LOWER_BOUNDS: &[&str] = &["minLength", "minimum", "minItems", "minProperties"];
const UPPER_BOUNDS: &[&str] = &["maxLength", "maximum", "maxItems", "maxProperties"];

/// The note on a new value of a closed response enum.
pub const CLOSED_ENUM_NOTE: &str = "breaks generated clients with closed enums \
    (openapi-generator python and openapi-python-client reject an unknown value); \
    the Rust client decodes it as `Unknown(..)`";

/// Compares schemas of two documents in one direction.
///
/// Each pair of schemas (base, head) is compared once per [`SchemaGraph`]
/// (one per direction for a whole document diff): the comparison becomes
/// a node holding what differs at that pair and edges to the pairs below
/// it. Every body then reads its findings off the graph, skipping pairs
/// below which nothing differs, so a schema that every operation reaches
/// costs one comparison, and identical subtrees cost nothing after it.
pub struct SchemaDiff<'a, 'g> {
    base: &'a Value,
    head: &'a Value,
    request: bool,
    graph: &'g mut SchemaGraph,
    /// Pairs already reported in this body: a schema reached twice is
    /// reported where it is reached first.
    seen: HashSet<u32>,
    /// Reports taken whole from the graph in this body, whose pairs are
    /// not in `seen` yet.
    taken: Vec<Rc<Report>>,
    /// The nodes being built, innermost last, with the field each was
    /// reached at.
    building: Vec<(u32, String)>,
    /// Findings of the nodes being built.
    scratch: Vec<Finding>,
    /// Edges of the nodes being built.
    edges: Vec<Edge>,
    /// What was found, in walk order.
    pub findings: Vec<Finding>,
}

/// Every schema pair compared in one direction of one document diff.
#[derive(Debug, Default)]
pub struct SchemaGraph {
    ids: HashMap<String, u32>,
    nodes: Vec<Pair>,
    /// Something differs at the node or below it.
    hot: Vec<bool>,
    /// The nodes with an edge to each node.
    parents: Vec<Vec<u32>>,
    /// What a node reports at the top of a body (fields relative to it).
    reports: HashMap<u32, Rc<Report>>,
}

/// What a pair reports at the top of a body: the findings at and below it
/// (fields relative to it), and the pairs they were found at.
#[derive(Debug)]
struct Report {
    findings: Vec<Finding>,
    pairs: Vec<u32>,
}

/// Both directions' graphs of one document diff.
#[derive(Debug, Default)]
pub struct SchemaGraphs {
    /// Schemas of requests (bodies, parameters).
    pub request: SchemaGraph,
    /// Schemas of responses (bodies, headers).
    pub response: SchemaGraph,
}

impl SchemaGraphs {
    /// The graph of one direction.
    pub fn of(&mut self, request: bool) -> &mut SchemaGraph {
        if request {
            &mut self.request
        } else {
            &mut self.response
        }
    }
}

/// One compared pair: its own findings (fields relative to where the pair
/// is reached) and the pairs below it.
#[derive(Debug, Default)]
struct Pair {
    local: Vec<Finding>,
    edges: Vec<Edge>,
}

/// A pair below another, reached at `suffix` (`.name`, `[]`) of its field.
#[derive(Debug, Clone)]
struct Edge {
    suffix: String,
    child: u32,
    /// What is found below is never carried in this direction (see
    /// `demote_since`).
    demote: bool,
}

/// Where the findings and edges of a node being built start.
#[derive(Debug, Clone, Copy)]
struct Mark {
    findings: usize,
    edges: usize,
}

impl SchemaGraph {
    fn add(&mut self, key: String) -> u32 {
        let id = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        self.ids.insert(key, id);
        self.nodes.push(Pair::default());
        self.hot.push(false);
        self.parents.push(Vec::new());
        id
    }

    fn link(&mut self, parent: u32, child: u32) {
        self.parents[child as usize].push(parent);
        if self.hot[child as usize] {
            self.mark_hot(parent);
        }
    }

    fn mark_hot(&mut self, id: u32) {
        let mut work = vec![id];
        while let Some(id) = work.pop() {
            if !std::mem::replace(&mut self.hot[id as usize], true) {
                work.extend(self.parents[id as usize].iter().copied());
            }
        }
    }

    /// How many pairs were compared.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Nothing was compared.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// A schema with its `$ref`s resolved and its `allOf` members merged.
struct Flat<'a> {
    at: String,
    /// What identifies the merged schema: its pointer, or the pointers of
    /// every definition merged into it.
    key: String,
    /// Where each keyword taken from an `allOf` member comes from (the
    /// schema's own keywords are at `at`).
    origins: BTreeMap<&'static str, String>,
    keywords: BTreeMap<&'static str, &'a Value>,
    /// Every definition of each property: the schema's own and those of
    /// its `allOf` members (all of them apply).
    properties: BTreeMap<String, Vec<(&'a Value, String)>>,
    required: BTreeSet<String>,
    items: Option<(&'a Value, String)>,
    additional: Option<(&'a Value, String)>,
    variants: Vec<(&'a Value, String)>,
}

/// Keywords compared as values.
const KEYWORDS: &[&str] = &[
    "type",
    "format",
    "nullable",
    "enum",
    "x-extensible-enum",
    "pattern",
    "deprecated",
    "default",
    "readOnly",
    "writeOnly",
    "discriminator",
    "minLength",
    "minimum",
    "minItems",
    "minProperties",
    "maxLength",
    "maximum",
    "maxItems",
    "maxProperties",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "uniqueItems",
    "additionalProperties",
];

fn flatten<'a>(doc: &'a Value, schema: &'a Value, at: &str, depth: usize) -> Flat<'a> {
    let (schema, at) = resolve(doc, schema, at);
    let mut flat = Flat {
        at: at.clone(),
        key: at.clone(),
        origins: BTreeMap::new(),
        keywords: BTreeMap::new(),
        properties: BTreeMap::new(),
        required: BTreeSet::new(),
        items: None,
        additional: None,
        variants: Vec::new(),
    };
    if depth > 32 {
        return flat;
    }
    for key in KEYWORDS {
        if let Some(value) = schema.get(*key) {
            flat.keywords.insert(key, value);
        }
    }
    if let Some(properties) = schema.obj_at("properties") {
        for (name, sub) in properties {
            let pointer = format!("{at}/properties/{}", escape(name));
            flat.properties
                .entry(name.clone())
                .or_default()
                .push((sub, pointer));
        }
    }
    if let Some(required) = schema.array_at("required") {
        flat.required
            .extend(required.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    if let Some(items) = schema.get("items") {
        flat.items = Some((items, format!("{at}/items")));
    }
    if let Some(additional) = schema.get("additionalProperties").filter(|a| a.is_object()) {
        flat.additional = Some((additional, format!("{at}/additionalProperties")));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(list) = schema.array_at(key) {
            for (index, sub) in list.iter().enumerate() {
                flat.variants.push((sub, format!("{at}/{key}/{index}")));
            }
        }
    }
    // Every allOf member applies: see `absorb`.
    if let Some(members) = schema.array_at("allOf") {
        for (index, member) in members.iter().enumerate() {
            flat.absorb(flatten(
                doc,
                member,
                &format!("{at}/allOf/{index}"),
                depth + 1,
            ));
        }
    }
    flat
}

impl<'a> Flat<'a> {
    /// A boolean keyword (`deprecated`, `readOnly`, …); absent is false.
    fn flag(&self, key: &str) -> bool {
        self.keywords
            .get(key)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// Where keyword `key` is defined: an `allOf` member's pointer for a
    /// keyword taken from it, else the schema's own.
    fn at_of(&self, key: &str) -> &str {
        self.origins.get(key).map_or(&self.at, String::as_str)
    }

    /// Takes in a schema that applies together with this one (an `allOf`
    /// member, another definition of the same property): the tighter of
    /// two bounds; other keywords this one lacks; every definition of each
    /// property; the union of `required`; items, additional properties and
    /// variants this one lacks.
    fn absorb(&mut self, mut member: Flat<'a>) {
        for (key, value) in member.keywords {
            let takes = match self.keywords.get(key) {
                None => true,
                Some(mine) => mine.as_f64().is_some_and(|mine| {
                    value.as_f64().is_some_and(|theirs| {
                        (LOWER_BOUNDS.contains(&key) && theirs > mine)
                            || (UPPER_BOUNDS.contains(&key) && theirs < mine)
                    })
                }),
            };
            if takes {
                self.keywords.insert(key, value);
                let origin = member
                    .origins
                    .remove(key)
                    .unwrap_or_else(|| member.at.clone());
                self.origins.insert(key, origin);
            }
        }
        for (name, definitions) in member.properties {
            self.properties.entry(name).or_default().extend(definitions);
        }
        self.required.extend(member.required);
        self.items = self.items.take().or(member.items);
        self.additional = self.additional.take().or(member.additional);
        if self.variants.is_empty() {
            self.variants = member.variants;
        }
    }
}

/// Whether type `after` admits every value of type `before`: no type at
/// all, or `number` where there was `integer`.
fn widens_type(before: Option<&Value>, after: Option<&Value>) -> bool {
    matches!(
        (
            before.and_then(Value::as_str),
            after.and_then(Value::as_str)
        ),
        (Some(_), None) | (Some("integer"), Some("number"))
    )
}

/// Whether a `pattern` is meant to match every string: empty, `.*` or
/// `[\s\S]*` with optional anchors. (Strictly, `.` does not match a line
/// break, so `^.*$` refuses multi-line strings; such patterns are read as
/// their authors mean them, "anything".)
fn accepts_everything(pattern: &Value) -> bool {
    let Some(text) = pattern.as_str() else {
        return false;
    };
    let core = text.strip_prefix('^').unwrap_or(text);
    let core = core.strip_suffix('$').unwrap_or(core);
    text.is_empty() || matches!(core, ".*" | "[\\s\\S]*" | "(.*)")
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "none".to_owned(),
        Some(Value::String(s)) => format!("`{s}`"),
        Some(other) => format!("`{other}`"),
    }
}

impl<'a, 'g> SchemaDiff<'a, 'g> {
    /// A comparison of schemas of `base` and `head` used in requests
    /// (`request`) or in responses, in one body (or one parameter, or the
    /// headers of one response): a schema reached twice is reported once.
    /// `graphs` holds the pairs compared so far in this document diff.
    pub fn new(
        base: &'a Value,
        head: &'a Value,
        request: bool,
        graphs: &'g mut SchemaGraphs,
    ) -> Self {
        Self {
            base,
            head,
            request,
            graph: graphs.of(request),
            seen: HashSet::new(),
            taken: Vec::new(),
            building: Vec::new(),
            scratch: Vec::new(),
            edges: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// The wire verdict of a change that `widens` what a value may be, or
    /// `narrows` it, or (neither) replaces it: the direction rule, and
    /// breaking for a replacement.
    fn wire_of(&self, widens: bool, narrows: bool) -> Verdict {
        match (widens, narrows) {
            (true, false) => self.widening(),
            (false, true) => self.narrowing(),
            _ => Verdict::Breaking,
        }
    }

    /// Breaking in requests, not in responses.
    fn narrowing(&self) -> Verdict {
        if self.request {
            Verdict::Breaking
        } else {
            Verdict::NonBreaking
        }
    }

    /// Breaking in responses, not in requests.
    fn widening(&self) -> Verdict {
        if self.request {
            Verdict::NonBreaking
        } else {
            Verdict::Breaking
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        location: &str,
        side: Side,
        field: &str,
        kind: Kind,
        verdict: Verdict,
        message: String,
        note: Option<&str>,
    ) {
        self.scratch.push(Finding {
            generated: None,
            location: location.to_owned(),
            side,
            field: Some(field.to_owned()),
            kind,
            verdict,
            message,
            note: note.map(str::to_owned),
        });
    }

    /// Gives the finding just pushed its own generated-code verdict.
    fn generated_is(&mut self, verdict: Verdict) {
        if let Some(finding) = self.scratch.last_mut() {
            finding.generated = Some(verdict);
        }
    }

    /// A string with `minLength`, `maxLength` or `pattern` is generated as
    /// its own validating type (typify's constrained newtype): such a
    /// constraint appearing or going changes the type callers use.
    fn string_constraint_generated(&mut self, key: &str, before: bool, after: bool) {
        if matches!(key, "minLength" | "maxLength" | "pattern") && before != after {
            self.generated_is(Verdict::Breaking);
        }
    }

    fn mark(&self) -> Mark {
        Mark {
            findings: self.scratch.len(),
            edges: self.edges.len(),
        }
    }

    /// Compares `base_schema` (at `base_at` in the base document) with
    /// `head_schema`; `field` names the place for people.
    pub fn compare(
        &mut self,
        base_schema: &'a Value,
        base_at: &str,
        head_schema: &'a Value,
        head_at: &str,
        field: &str,
    ) {
        let b = flatten(self.base, base_schema, base_at, 0);
        let h = flatten(self.head, head_schema, head_at, 0);
        self.compare_flat(b, h, field);
    }

    /// Compares every definition of a property on one side with every
    /// definition on the other, each side merged as an `allOf`.
    fn compare_definitions(
        &mut self,
        base: &[(&'a Value, String)],
        head: &[(&'a Value, String)],
        field: &str,
    ) {
        let merged = |doc: &'a Value, definitions: &[(&'a Value, String)]| {
            let mut flats = definitions
                .iter()
                .map(|(schema, at)| flatten(doc, schema, at, 0));
            let mut first = flats.next()?;
            for flat in flats {
                first.key = format!("{}&{}", first.key, flat.key);
                first.absorb(flat);
            }
            Some(first)
        };
        if let (Some(b), Some(h)) = (merged(self.base, base), merged(self.head, head)) {
            self.compare_flat(b, h, field);
        }
    }

    /// Compares two flattened schemas: inside a comparison, adds an edge
    /// to their node; at the top (a body, a parameter), reports what
    /// differs at and below them.
    fn compare_flat(&mut self, b: Flat<'a>, h: Flat<'a>, field: &str) {
        let id = self.node(b, h, field);
        if let Some((parent, parent_field)) = self.building.last() {
            let parent = *parent;
            let suffix = field.strip_prefix(parent_field.as_str()).unwrap_or(field);
            self.edges.push(Edge {
                suffix: suffix.to_owned(),
                child: id,
                demote: false,
            });
            self.graph.link(parent, id);
        } else if self.seen.is_empty() && self.taken.is_empty() {
            // The first schema of a body: its report is the same wherever
            // it is reached first, so it is worked out once.
            let report = self.report(id);
            self.findings
                .extend(report.findings.iter().map(|finding| Finding {
                    field: Some(format!("{field}{}", finding.field.as_deref().unwrap_or(""))),
                    ..finding.clone()
                }));
            self.taken.push(report);
        } else {
            for report in self.taken.drain(..) {
                self.seen.extend(report.pairs.iter().copied());
            }
            let note = self.demote_note();
            emit(
                self.graph,
                &mut self.seen,
                &note,
                &mut self.findings,
                id,
                field,
                false,
            );
        }
    }

    /// What node `id` reports at the top of a body.
    fn report(&mut self, id: u32) -> Rc<Report> {
        if let Some(report) = self.graph.reports.get(&id) {
            return Rc::clone(report);
        }
        let (mut seen, mut findings) = (HashSet::new(), Vec::new());
        emit(
            self.graph,
            &mut seen,
            &self.demote_note(),
            &mut findings,
            id,
            "",
            false,
        );
        let report = Rc::new(Report {
            findings,
            pairs: seen.into_iter().collect(),
        });
        self.graph.reports.insert(id, Rc::clone(&report));
        report
    }

    /// The node of a pair, built on first sight: what differs at the pair,
    /// and edges to the pairs below (built first).
    fn node(&mut self, b: Flat<'a>, h: Flat<'a>, field: &str) -> u32 {
        let key = format!("{}\u{0}{}", b.key, h.key);
        if let Some(id) = self.graph.ids.get(&key) {
            return *id;
        }
        let id = self.graph.add(key);
        self.building.push((id, field.to_owned()));
        let start = self.mark();
        self.compare_component_names(&b, &h, field);
        // A readOnly value is never in a request, a writeOnly one never in a
        // response: what changes inside it breaks nobody in this direction.
        let hidden = self.hidden_flag();
        let unseen = b.flag(hidden) && h.flag(hidden);
        self.compare_access(&b, &h, field);
        let inner = self.mark();
        self.compare_flat_inner(b, h, field);
        if unseen {
            self.demote_since(inner);
        }
        self.building.pop();
        let local = self
            .scratch
            .drain(start.findings..)
            .map(|mut finding| {
                finding.field = finding
                    .field
                    .map(|f| f.strip_prefix(field).map(str::to_owned).unwrap_or(f));
                finding
            })
            .collect::<Vec<_>>();
        let edges = self.edges.drain(start.edges..).collect();
        if !local.is_empty() {
            self.graph.mark_hot(id);
        }
        self.graph.nodes[id as usize] = Pair { local, edges };
        id
    }

    /// The same place refers to components of different names: the same
    /// values on the wire, another type name in generated code.
    fn compare_component_names(&mut self, b: &Flat<'a>, h: &Flat<'a>, field: &str) {
        let name = |at: &'_ str| -> Option<String> {
            at.strip_prefix("/components/schemas/")
                .filter(|rest| !rest.contains('/'))
                .map(|name| name.replace("~1", "/").replace("~0", "~"))
        };
        if let (Some(before), Some(after)) = (name(&b.at), name(&h.at))
            && before != after
        {
            self.push(
                &h.at,
                Side::Head,
                field,
                Kind::SchemaRenamed,
                Verdict::NonBreaking,
                format!("component `{before}` → `{after}`"),
                Some("generated clients name the type after the component"),
            );
        }
    }

    /// `readOnly` in requests, `writeOnly` in responses: the flag of values
    /// this direction never carries.
    fn hidden_flag(&self) -> &'static str {
        if self.request {
            "readOnly"
        } else {
            "writeOnly"
        }
    }

    /// Why a finding below a `readOnly` request value or a `writeOnly`
    /// response value breaks nobody.
    fn demote_note(&self) -> String {
        format!(
            "`{}`: never in a {}",
            self.hidden_flag(),
            if self.request { "request" } else { "response" }
        )
    }

    /// Findings and edges from `start` on concern a value this direction
    /// never carries: none of them breaks anybody.
    fn demote_since(&mut self, start: Mark) {
        let note = self.demote_note();
        for finding in &mut self.scratch[start.findings..] {
            demote(finding, &note);
        }
        for edge in &mut self.edges[start.edges..] {
            edge.demote = true;
        }
    }

    /// `readOnly` / `writeOnly` appearing or going: a request value that
    /// becomes readOnly (clients that send it are refused or ignored) or a
    /// response value that becomes writeOnly (clients stop receiving it)
    /// breaks; the rest is reported for reviewers.
    fn compare_access(&mut self, b: &Flat<'a>, h: &Flat<'a>, field: &str) {
        for key in ["readOnly", "writeOnly"] {
            let (before, after) = (b.flag(key), h.flag(key));
            if before == after {
                continue;
            }
            let hides = after
                && ((self.request && key == "readOnly") || (!self.request && key == "writeOnly"));
            let (verdict, note) = if hides {
                (
                    Verdict::Breaking,
                    Some(if self.request {
                        "clients that send it are refused or ignored"
                    } else {
                        "clients stop receiving it"
                    }),
                )
            } else {
                (Verdict::NonBreaking, None)
            };
            self.push(
                &h.at,
                Side::Head,
                field,
                Kind::AccessChanged,
                verdict,
                format!("`{key}` {before} → {after}"),
                note,
            );
        }
    }

    fn compare_flat_inner(&mut self, b: Flat<'a>, h: Flat<'a>, field: &str) {
        let at = |key: &str| h.at_of(key).to_owned();
        let (bk, hk) = (&b.keywords, &h.keywords);

        let deprecation = match (b.flag("deprecated"), h.flag("deprecated")) {
            (false, true) => Some((Kind::Deprecated, "deprecated")),
            (true, false) => Some((Kind::Undeprecated, "no longer deprecated")),
            _ => None,
        };
        if let Some((kind, message)) = deprecation {
            self.push(
                &at("deprecated"),
                Side::Head,
                field,
                kind,
                Verdict::NonBreaking,
                message.to_owned(),
                None,
            );
        }
        self.compare_default(
            bk.get("default").copied(),
            hk.get("default").copied(),
            &at("default"),
            field,
        );
        if bk.get("type") != hk.get("type") {
            let (before, after) = (bk.get("type").copied(), hk.get("type").copied());
            let message = format!("type {} → {}", shown(before), shown(after));
            let (wire, note) = match self
                .wire_of(widens_type(before, after), widens_type(after, before))
            {
                Verdict::Breaking => (
                    Verdict::Breaking,
                    "changes the generated type and what the wire carries",
                ),
                Verdict::NonBreaking => (
                    Verdict::NonBreaking,
                    "every value the old type allowed is still accepted on the wire; the generated type changes",
                ),
            };
            self.push(
                &at("type"),
                Side::Head,
                field,
                Kind::TypeChanged,
                wire,
                message,
                Some(note),
            );
            // Below a type change, every other difference is a consequence.
            return;
        }
        match (b.flag("nullable"), h.flag("nullable")) {
            (false, true) => {
                let verdict = self.widening();
                self.push(
                    &at("nullable"),
                    Side::Head,
                    field,
                    Kind::NullableAdded,
                    verdict,
                    "may now be null".to_owned(),
                    None,
                );
            }
            (true, false) => {
                let verdict = self.narrowing();
                self.push(
                    &at("nullable"),
                    Side::Head,
                    field,
                    Kind::NullableRemoved,
                    verdict,
                    "may no longer be null".to_owned(),
                    None,
                );
            }
            _ => {}
        }
        if bk.get("format") != hk.get("format") {
            let (before, after) = (bk.get("format").copied(), hk.get("format").copied());
            let message = format!("format {} → {}", shown(before), shown(after));
            let wire = self.wire_of(after.is_none(), before.is_none());
            let note = match wire {
                Verdict::Breaking => {
                    "changes how the value is written and the type generated clients use for it"
                }
                Verdict::NonBreaking => {
                    "every value the old format allowed is still valid on the wire; the generated type changes"
                }
            };
            self.push(
                &at("format"),
                Side::Head,
                field,
                Kind::FormatChanged,
                wire,
                message,
                Some(note),
            );
        }
        self.compare_enums(&b, &h, field);
        self.compare_bounds(&b, &h, field);
        self.compare_properties(&b, &h, field);
        self.compare_discriminator(
            b.keywords.get("discriminator").copied(),
            h.keywords.get("discriminator").copied(),
            &at("discriminator"),
            field,
        );
        if let (Some((bi, bi_at)), Some((hi, hi_at))) = (b.items, h.items) {
            self.compare(bi, &bi_at, hi, &hi_at, &format!("{field}[]"));
        }
        if let (Some((ba, ba_at)), Some((ha, ha_at))) = (b.additional, h.additional) {
            self.compare(ba, &ba_at, ha, &ha_at, &format!("{field}.*"));
        }
        self.compare_variants(&b.variants, &h.variants, field);
    }

    /// The discriminator: its property renamed, or a mapping value removed
    /// or pointed elsewhere, breaks (the tag on the wire changes meaning);
    /// a mapping value added follows the direction rule; added or removed
    /// as a whole it is reported (generated clients switch between tagged
    /// and untagged decoding, the payload is the same).
    fn compare_discriminator(
        &mut self,
        before: Option<&Value>,
        after: Option<&Value>,
        at: &str,
        field: &str,
    ) {
        let mut found: Vec<(Verdict, String, Option<&str>)> = Vec::new();
        match (before, after) {
            (None, None) => {}
            (None, Some(d)) | (Some(d), None) => {
                let what = if before.is_none() { "added" } else { "removed" };
                let name = d.str_at("propertyName").unwrap_or_default();
                found.push((
                    Verdict::NonBreaking,
                    format!("discriminator `{name}` {what}"),
                    Some("generated clients switch between tagged and untagged decoding; the payload is the same"),
                ));
            }
            (Some(b), Some(h)) => {
                let (bn, hn) = (b.str_at("propertyName"), h.str_at("propertyName"));
                if bn != hn {
                    found.push((
                        Verdict::Breaking,
                        format!(
                            "discriminator property {} → {}",
                            shown(b.get("propertyName")),
                            shown(h.get("propertyName"))
                        ),
                        Some("the tag is read from another field"),
                    ));
                }
                let empty = serde_json::Map::new();
                let bm = b.obj_at("mapping").unwrap_or(&empty);
                let hm = h.obj_at("mapping").unwrap_or(&empty);
                for (value, target) in bm {
                    match hm.get(value) {
                        None => found.push((
                            self.narrowing(),
                            format!("discriminator value `{value}` removed"),
                            None,
                        )),
                        Some(other) if other != target => found.push((
                            Verdict::Breaking,
                            format!(
                                "discriminator value `{value}`: {} → {}",
                                shown(Some(target)),
                                shown(Some(other))
                            ),
                            Some("the same tag now selects another schema"),
                        )),
                        Some(_) => {}
                    }
                }
                for value in hm.keys().filter(|v| !bm.contains_key(*v)) {
                    found.push((
                        self.widening(),
                        format!("discriminator value `{value}` added"),
                        None,
                    ));
                }
            }
        }
        for (verdict, message, note) in found {
            self.push(
                at,
                Side::Head,
                field,
                Kind::DiscriminatorChanged,
                verdict,
                message,
                note,
            );
        }
    }

    /// A `default` added is non-breaking (it documents what omitting the
    /// value already did); changed or removed, it is breaking: clients that
    /// omit the value get other behaviour (request) or fill in another
    /// value (response).
    fn compare_default(
        &mut self,
        before: Option<&Value>,
        after: Option<&Value>,
        at: &str,
        field: &str,
    ) {
        if before == after {
            return;
        }
        let (verdict, note) = match before {
            None => (Verdict::NonBreaking, None),
            Some(_) => (
                Verdict::Breaking,
                Some(if self.request {
                    "clients that omit the value get other behaviour from the server"
                } else {
                    "clients that fill in an omitted value fill in another one"
                }),
            ),
        };
        let message = format!("`default` {} → {}", shown(before), shown(after));
        self.push(
            at,
            Side::Head,
            field,
            Kind::DefaultChanged,
            verdict,
            message,
            note,
        );
        // A default added or removed turns an optional field into a plain
        // one or back (`Option<T>` ↔ `T`) in generated types.
        if before.is_none() || after.is_none() {
            self.generated_is(Verdict::Breaking);
        }
    }

    fn compare_enums(&mut self, b: &Flat<'a>, h: &Flat<'a>, field: &str) {
        let values = |flat: &Flat<'a>| -> Option<(Vec<Value>, bool)> {
            if let Some(list) = flat.keywords.get("enum").and_then(|v| v.as_array()) {
                return Some((list.clone(), false));
            }
            flat.keywords
                .get("x-extensible-enum")
                .and_then(|v| v.as_array())
                .map(|list| (list.clone(), true))
        };
        let at = if h.keywords.contains_key("enum") {
            h.at_of("enum")
        } else {
            h.at_of("x-extensible-enum")
        }
        .to_owned();
        match (values(b), values(h)) {
            (Some((before, was_extensible)), Some((after, extensible))) => {
                if was_extensible != extensible {
                    self.compare_extensibility(&at, field, extensible);
                }
                for value in after.iter().filter(|v| !before.contains(v)) {
                    let (verdict, note) = if self.request {
                        (Verdict::NonBreaking, None)
                    } else if extensible {
                        (
                            Verdict::NonBreaking,
                            Some(
                                "an `x-extensible-enum`: clients must already accept values they do not know",
                            ),
                        )
                    } else {
                        (Verdict::Breaking, Some(CLOSED_ENUM_NOTE))
                    };
                    self.push(
                        &at,
                        Side::Head,
                        field,
                        Kind::EnumValueAdded,
                        verdict,
                        format!("enum value {} added", shown(Some(value))),
                        note,
                    );
                    // An `x-extensible-enum` is a plain string to generators.
                    if extensible {
                        self.generated_is(Verdict::NonBreaking);
                    }
                }
                for value in before.iter().filter(|v| !after.contains(v)) {
                    let verdict = self.narrowing();
                    self.push(
                        &at,
                        Side::Head,
                        field,
                        Kind::EnumValueRemoved,
                        verdict,
                        format!("enum value {} removed", shown(Some(value))),
                        None,
                    );
                }
            }
            (None, Some((after, false))) => {
                let verdict = self.narrowing();
                self.push(
                    &at,
                    Side::Head,
                    field,
                    Kind::ConstraintNarrowed,
                    verdict,
                    format!("now limited to {} enum value(s)", after.len()),
                    None,
                );
            }
            (Some((_, false)), None) => {
                let verdict = self.widening();
                self.push(
                    &at,
                    Side::Head,
                    field,
                    Kind::ConstraintWidened,
                    verdict,
                    "no longer limited to an enum".to_owned(),
                    None,
                );
            }
            _ => {}
        }
    }

    /// A closed `enum` became an `x-extensible-enum` (`extensible`) or back:
    /// what the value may be widens or narrows, and generated clients trade
    /// an enum type for a plain string or back.
    fn compare_extensibility(&mut self, at: &str, field: &str, extensible: bool) {
        let (kind, verdict, message) = if extensible {
            (
                Kind::ConstraintWidened,
                self.widening(),
                "closed `enum` → `x-extensible-enum`",
            )
        } else {
            (
                Kind::ConstraintNarrowed,
                self.narrowing(),
                "`x-extensible-enum` → closed `enum`",
            )
        };
        self.push(
            at,
            Side::Head,
            field,
            kind,
            verdict,
            message.to_owned(),
            Some("generated clients switch between an enum type and a plain string"),
        );
        self.generated_is(Verdict::Breaking);
    }

    fn compare_bounds(&mut self, b: &Flat<'a>, h: &Flat<'a>, field: &str) {
        let number = |flat: &Flat<'a>, key: &str| flat.keywords.get(key).and_then(|v| v.as_f64());
        for (keys, lower) in [(LOWER_BOUNDS, true), (UPPER_BOUNDS, false)] {
            for key in keys {
                let (before, after) = (number(b, key), number(h, key));
                let narrowed = match (before, after) {
                    (None, None) => continue,
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (Some(x), Some(y)) if x == y => continue,
                    (Some(x), Some(y)) => (y > x) == lower,
                };
                let message = format!(
                    "`{key}` {} → {}",
                    shown(b.keywords.get(key).copied()),
                    shown(h.keywords.get(key).copied())
                );
                let (kind, verdict) = if narrowed {
                    (Kind::ConstraintNarrowed, self.narrowing())
                } else {
                    (Kind::ConstraintWidened, self.widening())
                };
                let at = h.at_of(key).to_owned();
                self.push(&at, Side::Head, field, kind, verdict, message, None);
                self.string_constraint_generated(key, before.is_some(), after.is_some());
            }
        }
        // Constraints that narrow by appearing; a changed value may narrow
        // or widen, which is not worked out here.
        for key in ["pattern", "multipleOf"] {
            // A pattern that accepts every string (`.*`, ``) constrains nothing.
            let effective = |flat: &Flat<'a>| {
                flat.keywords
                    .get(key)
                    .copied()
                    .filter(|v| !(key == "pattern" && accepts_everything(v)))
            };
            let (before, after) = (effective(b), effective(h));
            if before == after {
                continue;
            }
            let message = format!(
                "`{key}` {} → {}",
                shown(b.keywords.get(key).copied()),
                shown(h.keywords.get(key).copied())
            );
            let (kind, verdict) = match (before, after) {
                (None, Some(_)) => (Kind::ConstraintNarrowed, self.narrowing()),
                (Some(_), None) => (Kind::ConstraintWidened, self.widening()),
                _ => (Kind::ConstraintChanged, Verdict::Breaking),
            };
            let at = h.at_of(key).to_owned();
            self.push(&at, Side::Head, field, kind, verdict, message, None);
            self.string_constraint_generated(
                key,
                b.keywords.contains_key(key),
                h.keywords.contains_key(key),
            );
        }
        // Flags: each narrows when it takes the value given here. An absent
        // `additionalProperties`, or a schema there, leaves the object open.
        for (key, narrowing_value) in [
            ("exclusiveMinimum", true),
            ("exclusiveMaximum", true),
            ("uniqueItems", true),
            ("additionalProperties", false),
        ] {
            let value = |flat: &Flat<'a>| {
                flat.keywords
                    .get(key)
                    .and_then(|v| v.as_bool())
                    .unwrap_or(!narrowing_value)
            };
            let (before, after) = (value(b), value(h));
            if before == after {
                continue;
            }
            let message = format!("`{key}` {before} → {after}");
            let (kind, verdict) = if after == narrowing_value {
                (Kind::ConstraintNarrowed, self.narrowing())
            } else {
                (Kind::ConstraintWidened, self.widening())
            };
            let at = h.at_of(key).to_owned();
            self.push(&at, Side::Head, field, kind, verdict, message, None);
        }
    }

    fn compare_properties(&mut self, b: &Flat<'a>, h: &Flat<'a>, field: &str) {
        let names: BTreeSet<&String> = b.properties.keys().chain(h.properties.keys()).collect();
        for name in names {
            let sub_field = format!("{field}.{name}");
            let first = |definitions: Option<&'_ Vec<(&'a Value, String)>>| {
                definitions
                    .and_then(|d| d.first())
                    .map(|(_, at)| at.clone())
            };
            let (b_defs, h_defs) = (b.properties.get(name), h.properties.get(name));
            let start = self.mark();
            let hidden_in = |doc: &'a Value, defs: Option<&Vec<(&'a Value, String)>>| {
                defs.is_some_and(|defs| {
                    defs.iter().any(|(schema, at)| {
                        resolve(doc, schema, at).0.get(self.hidden_flag())
                            == Some(&Value::Bool(true))
                    })
                })
            };
            let hidden = match (b_defs.is_some(), h_defs.is_some()) {
                (true, true) => hidden_in(self.base, b_defs) && hidden_in(self.head, h_defs),
                (true, false) => hidden_in(self.base, b_defs),
                _ => hidden_in(self.head, h_defs),
            };
            match (first(b_defs), first(h_defs)) {
                (Some(at), None) => {
                    let note = self.request.then_some(
                        "generated clients lose the field; clients that send it may be rejected",
                    );
                    self.push(
                        &at,
                        Side::Base,
                        &sub_field,
                        Kind::PropertyRemoved,
                        Verdict::Breaking,
                        format!("property `{name}` removed"),
                        note,
                    );
                }
                (None, Some(at)) => {
                    let required = h.required.contains(name.as_str());
                    if self.request && required {
                        self.push(
                            &at,
                            Side::Head,
                            &sub_field,
                            Kind::RequiredPropertyAdded,
                            Verdict::Breaking,
                            format!("required property `{name}` added"),
                            None,
                        );
                    } else {
                        let what = if required { "required" } else { "optional" };
                        let note = (!self.request).then_some(
                            "clients ignore fields they do not know (the Rust client keeps them in `extra`)",
                        );
                        self.push(
                            &at,
                            Side::Head,
                            &sub_field,
                            Kind::PropertyAdded,
                            Verdict::NonBreaking,
                            format!("{what} property `{name}` added"),
                            note,
                        );
                    }
                }
                (Some(_), Some(h_at)) => {
                    let (was, is) = (
                        b.required.contains(name.as_str()),
                        h.required.contains(name.as_str()),
                    );
                    if !was && is {
                        let verdict = self.narrowing();
                        self.push(
                            &h_at,
                            Side::Head,
                            &sub_field,
                            Kind::PropertyMadeRequired,
                            verdict,
                            format!("property `{name}` made required"),
                            None,
                        );
                    } else if was && !is {
                        let verdict = self.widening();
                        self.push(
                            &h_at,
                            Side::Head,
                            &sub_field,
                            Kind::PropertyMadeOptional,
                            verdict,
                            format!("property `{name}` made optional"),
                            None,
                        );
                    }
                    if let (Some(b_defs), Some(h_defs)) = (b_defs, h_defs) {
                        self.compare_definitions(b_defs, h_defs, &sub_field);
                    }
                }
                (None, None) => {}
            }
            if hidden {
                self.demote_since(start);
            }
        }
    }

    fn compare_variants(
        &mut self,
        base: &[(&'a Value, String)],
        head: &[(&'a Value, String)],
        field: &str,
    ) {
        // Alternatives are matched by the component they reference, then
        // the rest by shape (type and property names, or enum values): a
        // component renamed, an alternative moved or a middle one removed
        // are told apart from a real change of alternatives.
        // All alternatives gone, or alternatives where there were none: the
        // value is no longer limited to them, or now is.
        if base.is_empty() != head.is_empty() {
            let (kind, verdict, message) = if head.is_empty() {
                (
                    Kind::ConstraintWidened,
                    self.widening(),
                    format!("no longer limited to {} alternative(s)", base.len()),
                )
            } else {
                (
                    Kind::ConstraintNarrowed,
                    self.narrowing(),
                    format!("now limited to {} alternative(s)", head.len()),
                )
            };
            let at = head
                .first()
                .or(base.first())
                .map(|(_, at)| at.clone())
                .unwrap_or_default();
            let side = if head.is_empty() {
                Side::Base
            } else {
                Side::Head
            };
            self.push(
                &at,
                side,
                field,
                kind,
                verdict,
                message,
                Some("generated clients switch between an enum of the alternatives and an untyped value"),
            );
            self.generated_is(Verdict::Breaking);
            return;
        }
        let b_shapes: Vec<String> = base.iter().map(|(v, _)| shape(self.base, v)).collect();
        let h_shapes: Vec<String> = head.iter().map(|(v, _)| shape(self.head, v)).collect();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut b_free: Vec<bool> = vec![true; base.len()];
        let mut h_free: Vec<bool> = vec![true; head.len()];
        let same_ref = |i: usize, j: usize| {
            base[i].0.str_at("$ref").is_some()
                && base[i].0.str_at("$ref") == head[j].0.str_at("$ref")
        };
        let same_shape = |i: usize, j: usize| b_shapes[i] == h_shapes[j];
        for matches in [&same_ref as &dyn Fn(usize, usize) -> bool, &same_shape] {
            for (i, free) in b_free.iter_mut().enumerate() {
                if !*free {
                    continue;
                }
                if let Some(j) = (0..head.len()).find(|&j| h_free[j] && matches(i, j)) {
                    *free = false;
                    h_free[j] = false;
                    pairs.push((i, j));
                }
            }
        }
        for (i, (schema, at)) in base.iter().enumerate().filter(|(i, _)| b_free[*i]) {
            let verdict = self.narrowing();
            let name = variant_name(schema, &b_shapes[i]);
            self.push(
                at,
                Side::Base,
                field,
                Kind::VariantRemoved,
                verdict,
                format!("alternative {name} removed"),
                None,
            );
        }
        for (j, (schema, at)) in head.iter().enumerate().filter(|(j, _)| h_free[*j]) {
            let verdict = self.widening();
            let name = variant_name(schema, &h_shapes[j]);
            self.push(
                at,
                Side::Head,
                field,
                Kind::VariantAdded,
                verdict,
                format!("alternative {name} added"),
                None,
            );
        }
        pairs.sort_unstable();
        for (i, j) in pairs {
            let ((bs, b_at), (hs, h_at)) = (&base[i], &head[j]);
            self.compare(bs, b_at, hs, h_at, field);
        }
    }
}

/// A breaking finding about a value never carried in its direction.
fn demote(finding: &mut Finding, note: &str) {
    if finding.verdict == Verdict::Breaking {
        finding.verdict = Verdict::NonBreaking;
        finding.note = Some(note.to_owned());
    }
}

/// Reports node `id` reached at `field` and what is below it into `out`:
/// nodes below which nothing differs are skipped, a node already reported
/// in this body (`seen`) is not reported again; `demoted`: the value is
/// never carried in this direction.
fn emit(
    graph: &SchemaGraph,
    seen: &mut HashSet<u32>,
    note: &str,
    out: &mut Vec<Finding>,
    id: u32,
    field: &str,
    demoted: bool,
) {
    if !graph.hot[id as usize] || !seen.insert(id) {
        return;
    }
    let node = &graph.nodes[id as usize];
    for local in &node.local {
        let mut finding = local.clone();
        finding.field = Some(format!("{field}{}", local.field.as_deref().unwrap_or("")));
        if demoted {
            demote(&mut finding, note);
        }
        out.push(finding);
    }
    for edge in &node.edges {
        emit(
            graph,
            seen,
            note,
            out,
            edge.child,
            &format!("{field}{}", edge.suffix),
            demoted || edge.demote,
        );
    }
}

/// What an alternative is, to match it across revisions: its type, and
/// its property names, item shape, or whether it is an enum.
fn shape(doc: &Value, schema: &Value) -> String {
    let (schema, _) = resolve(doc, schema, "");
    let kind = schema.str_at("type").unwrap_or("any");
    // Enum values are left out: a value added is compared, not a new shape.
    if schema.get("enum").is_some() {
        return format!("{kind} enum");
    }
    if let Some(items) = schema.get("items") {
        return format!("{kind} of {}", shape(doc, items));
    }
    let properties: Vec<&str> = schema
        .obj_at("properties")
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    if properties.is_empty() {
        return kind.to_owned();
    }
    format!("{kind} {{{}}}", properties.join(","))
}

/// An alternative for people: the component it references, else its shape.
fn variant_name(schema: &Value, shape: &str) -> String {
    match schema.str_at("$ref").and_then(|r| r.rsplit_once('/')) {
        Some((_, name)) => format!("`{name}`"),
        None => format!("`{shape}` (inline)"),
    }
}
