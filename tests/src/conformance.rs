//! `conformance`: every recording matched to its operation, validated against
//! its format's dist document, decoded through the generated client, and
//! compared with its siblings in the other formats.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use openapi_model::escape;
use openapi_model::walk::resolve;
use serde_json::Value;

use crate::json_diff::{first_difference, first_lossy_difference};
use crate::recording::{self, GroupKey, Recording, group_key, header};
use crate::replay::{Call, Outcome, Replayed, Replayer, decode_rejection};
use crate::schema_walk::unknown_fields;
use crate::spec_docs::{Document, Matched, Specs, match_operation};

/// How thorough to be.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Also the lossless check: the decoded value re-encodes to the recorded
    /// body (standardized and single-format recordings), and the body has no
    /// field the spec lacks (outside `x-provisional` schemas).
    pub strict: bool,
}

/// The result for one recording file.
#[derive(Debug)]
pub struct Checked {
    /// The file.
    pub path: PathBuf,
    /// The operation it matched.
    pub matched: Option<Matched>,
    /// What the client made of the response.
    pub outcome: Option<Outcome>,
    /// Everything wrong with it; empty when it passed.
    pub problems: Vec<String>,
    /// What is worth saying but is no failure: a request the spec forbids
    /// that the server rejected as documented ("expected rejection"), or,
    /// outside strict mode, one the server accepted.
    pub notes: Vec<String>,
    /// The API, the format and the JSON pointer (in that format's document)
    /// of the response schema, when the response has one.
    pub response_schema: Option<(String, Option<String>, String)>,
}

/// Results of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// One entry per file, siblings together (by folder and name, members
    /// in [`recording::format_order`]).
    pub checked: Vec<Checked>,
}

impl Report {
    /// Recordings that passed.
    pub fn passed(&self) -> usize {
        self.checked
            .iter()
            .filter(|c| c.problems.is_empty())
            .count()
    }

    /// `(path, notes)` of every recording with notes.
    pub fn notes(&self) -> Vec<(String, String)> {
        self.checked
            .iter()
            .filter(|c| !c.notes.is_empty())
            .map(|c| (c.path.display().to_string(), c.notes.join("; ")))
            .collect()
    }

    /// `(path, reasons)` of every failing recording.
    pub fn failures(&self) -> Vec<(String, String)> {
        self.checked
            .iter()
            .filter(|c| !c.problems.is_empty())
            .map(|c| (c.path.display().to_string(), c.problems.join("; ")))
            .collect()
    }

    /// The sibling groups of at least two files that were read, members in
    /// [`recording::format_order`].
    pub fn groups(&self) -> Vec<(GroupKey, Vec<&Checked>)> {
        let mut by_key: BTreeMap<GroupKey, Vec<(String, &Checked)>> = BTreeMap::new();
        for checked in &self.checked {
            if let Some(key) = group_key(&checked.path) {
                let format = key.format.clone();
                by_key
                    .entry(GroupKey {
                        format: String::new(),
                        ..key
                    })
                    .or_default()
                    .push((format, checked));
            }
        }
        by_key
            .into_iter()
            .filter(|(_, members)| members.len() > 1)
            .map(|(key, mut members)| {
                members.sort_by(|(a, _), (b, _)| {
                    recording::format_order(a).cmp(&recording::format_order(b))
                });
                (key, members.into_iter().map(|(_, c)| c).collect())
            })
            .collect()
    }
}

/// Checks every recording under `paths`.
pub async fn run(root: &Path, paths: &[PathBuf], options: Options) -> Result<Report, String> {
    let mut report = Report::default();
    run_each(root, paths, options, |checked| report.checked.push(checked)).await?;
    Ok(report)
}

/// Recordings whose paths are held at once: above it, the recordings are
/// checked in parts (see [`run_each`]).
pub const PART: usize = 10_000;

/// The part of `parts` a recording belongs to: siblings share one (the
/// hash of their folder and name).
fn part_of(path: &Path, parts: usize) -> usize {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    match group_key(path) {
        Some(key) => (key.dir, key.name).hash(&mut hasher),
        None => path.hash(&mut hasher),
    }
    usize::try_from(hasher.finish() % parts as u64).unwrap_or(0)
}

/// Siblings next to each other, in format order.
fn sibling_order(path: &Path) -> (PathBuf, String, (bool, String)) {
    match group_key(path) {
        Some(key) => {
            let order = recording::format_order(&key.format);
            (key.dir, key.name, (order.0, order.1.to_owned()))
        }
        None => (
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            (false, String::new()),
        ),
    }
}

/// Checks every recording under `paths` and hands each result to `emit`
/// as soon as its sibling group is complete. Memory does not grow with the
/// number of recordings: nothing is kept past its group, and beyond
/// [`PART`] recordings the folders are read once per part (siblings always
/// in the same part), so at most about [`PART`] paths are held at once.
/// Within a part, results come in folder and name order.
pub async fn run_each(
    root: &Path,
    paths: &[PathBuf],
    options: Options,
    emit: impl FnMut(Checked),
) -> Result<(), String> {
    run_in_parts(root, paths, options, PART, emit).await
}

/// [`run_each`] with at most about `part` paths held at once.
pub async fn run_in_parts(
    root: &Path,
    paths: &[PathBuf],
    options: Options,
    part: usize,
    mut emit: impl FnMut(Checked),
) -> Result<(), String> {
    let mut count = 0_usize;
    recording::for_each(paths, |_| count += 1)?;
    let parts = count.div_ceil(part.max(1)).max(1);
    let mut specs = Specs::new(root);
    let replayer = Replayer::start().await;
    for part in 0..parts {
        let mut files = Vec::new();
        recording::for_each(paths, |path| {
            if parts == 1 || part_of(path, parts) == part {
                files.push(path.to_path_buf());
            }
        })?;
        files.sort_by_cached_key(|path| sibling_order(path));
        files.dedup();
        let mut group = Report::default();
        let mut group_of = None;
        for path in files {
            let key = group_key(&path).map(|k| (k.dir, k.name));
            if key.is_none() || key != group_of {
                compare_groups(&mut group, &mut specs);
                group.checked.drain(..).for_each(&mut emit);
            }
            group_of = key;
            group
                .checked
                .push(check_one(&mut specs, &replayer, &path, options).await);
        }
        compare_groups(&mut group, &mut specs);
        group.checked.drain(..).for_each(&mut emit);
    }
    Ok(())
}

async fn check_one(
    specs: &mut Specs,
    replayer: &Replayer,
    path: &Path,
    options: Options,
) -> Checked {
    let mut checked = Checked {
        path: path.to_path_buf(),
        matched: None,
        outcome: None,
        problems: Vec::new(),
        notes: Vec::new(),
        response_schema: None,
    };
    let recording = match recording::load(path) {
        Ok(recording) => recording,
        Err(problem) => {
            checked.problems.push(problem);
            return checked;
        }
    };
    let api = recording::api_of(path, &recording, &specs.apis());
    let result = check_recording(specs, replayer, &api, &recording, options).await;
    match result {
        Ok(found) => {
            checked.matched = Some(found.matched);
            checked.outcome = found.outcome;
            checked.problems = found.problems;
            checked.notes = found.notes;
            checked.response_schema = found
                .response_schema
                .map(|pointer| (api.clone(), recording.format.clone(), pointer));
        }
        Err(problem) => checked.problems.push(problem),
    }
    checked
}

/// What checking one recording found.
struct Found {
    matched: Matched,
    outcome: Option<Outcome>,
    problems: Vec<String>,
    notes: Vec<String>,
    response_schema: Option<String>,
}

type CheckResult = Result<Found, String>;

/// How a request that violates the spec is judged, by the response to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// The request meets the spec.
    Valid,
    /// The server rejected it with a documented 4xx error: the spec and the
    /// server agree.
    ExpectedRejection,
    /// The server accepted it (2xx): the spec may be too strict.
    AcceptedForbidden,
    /// Any other response: the request itself is the failure.
    Invalid,
}

fn verdict(violations: &[String], status: u16, documented: bool) -> Verdict {
    match (violations.is_empty(), status) {
        (true, _) => Verdict::Valid,
        (false, 200..=299) => Verdict::AcceptedForbidden,
        (false, 400..=499) if documented => Verdict::ExpectedRejection,
        (false, _) => Verdict::Invalid,
    }
}

async fn check_recording(
    specs: &mut Specs,
    replayer: &Replayer,
    api: &str,
    recording: &Recording,
    options: Options,
) -> CheckResult {
    let doc = specs.document(api, recording.format.as_deref())?;
    let request = &recording.request;
    let matched = match_operation(&doc, &request.method, &request.path)?;
    for (side, truncated) in [
        ("request", request.body_truncated),
        ("response", recording.response.body_truncated),
    ] {
        if let Some(t) = truncated {
            return Err(format!(
                "the {side} body was recorded in part ({} of {} bytes): it cannot be checked; record again with a larger `--max-body`",
                t.kept_bytes, t.total_bytes
            ));
        }
    }
    let mut problems = Vec::new();
    let mut notes = Vec::new();

    let violations = request_violations(&doc, &matched, request)?;
    let params = call_params(&matched, recording);

    // The response: documented status, content type and schema.
    let (response_schema, documented) = match response_schema(&doc, &matched, recording) {
        Ok(pointer) => (pointer, true),
        Err(problem) => {
            problems.push(problem);
            (None, false)
        }
    };
    let status = recording.response.status;
    let verdict = verdict(&violations, status, documented);
    judge(
        verdict,
        violations,
        status,
        options,
        &mut problems,
        &mut notes,
    );
    if let (Some(pointer), Some(body)) = (&response_schema, &recording.response.body) {
        problems.extend(prefixed(
            "response body",
            doc.validators.validate(pointer, body)?,
        ));
    }

    // Decoded through the generated client, over HTTP.
    let outcome = match replay(replayer, api, &doc.base_path, recording, &matched, params).await {
        Ok(replayed) => {
            problems.extend(client_problems(&replayed.outcome, recording));
            problems.extend(check_sent(&replayed.requests, recording));
            Some(replayed.outcome)
        }
        Err(problem)
            if matches!(
                verdict,
                Verdict::ExpectedRejection | Verdict::AcceptedForbidden
            ) =>
        {
            // The typed client refuses to build a request the spec forbids;
            // an error response is decoded as the client decodes errors.
            notes.push(format!(
                "the typed client does not send this request: {problem}"
            ));
            let outcome = decode_rejection(api, recording);
            if outcome.is_none() && verdict == Verdict::ExpectedRejection {
                notes.push("the rejection was not decoded".to_owned());
            }
            outcome
        }
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    if let (true, Some(outcome)) = (options.strict, &outcome) {
        problems.extend(lossless(
            &doc,
            recording,
            response_schema.as_deref(),
            outcome,
        )?);
    }
    Ok(Found {
        matched,
        outcome,
        problems,
        notes,
        response_schema,
    })
}

/// The client failed, or saw another status than the recording's.
fn client_problems(outcome: &Outcome, recording: &Recording) -> Option<String> {
    match outcome {
        Outcome::Failure(message) => Some(format!("the client failed: {message}")),
        other if other.status() != Some(recording.response.status) => Some(format!(
            "the client saw status {:?}, the recording has {}",
            other.status(),
            recording.response.status
        )),
        _ => None,
    }
}

/// What in the recorded request the spec does not allow: undeclared query
/// parameters, a body that breaks the request schema, or a body where the
/// operation takes none.
fn request_violations(
    doc: &Document,
    matched: &Matched,
    request: &crate::recording::RecordedRequest,
) -> Result<Vec<String>, String> {
    let mut violations = Vec::new();
    for name in request.query.keys() {
        if !declares_query(doc, matched, name) {
            violations.push(format!("query parameter `{name}` is not in the spec"));
        }
    }
    if let Some(body) = &request.body {
        match request_schema(doc, matched) {
            Some(pointer) => violations.extend(prefixed(
                "request body",
                doc.validators.validate(&pointer, body)?,
            )),
            None => violations.push(format!("{} takes no request body", matched.operation_id)),
        }
    }
    Ok(violations)
}

/// Files the request's violations as problems or notes by `verdict`: an
/// expected rejection is a note, the server accepting what the spec forbids
/// is a problem only under `--strict`.
fn judge(
    verdict: Verdict,
    violations: Vec<String>,
    status: u16,
    options: Options,
    problems: &mut Vec<String>,
    notes: &mut Vec<String>,
) {
    let violated = violations.join("; ");
    match verdict {
        Verdict::Valid => {}
        Verdict::ExpectedRejection => notes.push(format!(
            "expected rejection: the request violates the spec ({violated}) and the server rejected it with a documented {status}"
        )),
        Verdict::AcceptedForbidden => {
            let finding = format!(
                "the server accepted what the spec forbids: the spec may be too strict (status {status}; {violated})"
            );
            if options.strict {
                problems.push(finding);
            } else {
                notes.push(finding);
            }
        }
        Verdict::Invalid => problems.extend(violations),
    }
}

/// Path and query parameters of the call, as strings.
fn call_params(matched: &Matched, recording: &Recording) -> BTreeMap<String, String> {
    let mut params = matched.path_params.clone();
    for (name, value) in &recording.request.query {
        let text = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        params.insert(name.clone(), text);
    }
    params
}

async fn replay(
    replayer: &Replayer,
    api: &str,
    base_path: &str,
    recording: &Recording,
    matched: &Matched,
    params: BTreeMap<String, String>,
) -> Result<Replayed, String> {
    let call = Call {
        operation_id: matched.operation_id.clone(),
        params,
        body: recording.request.body.clone(),
    };
    replayer.replay(api, base_path, recording, &call).await
}

/// A recording's operation and what the generated client makes of its
/// response, without validating anything (for bodies that break the schema
/// on purpose). When the typed client cannot send the recorded request (it
/// violates the spec), an error response is decoded as the client decodes
/// errors.
pub async fn decode(
    specs: &mut Specs,
    replayer: &Replayer,
    api: &str,
    recording: &Recording,
) -> Result<(Matched, Outcome), String> {
    let doc = specs.document(api, recording.format.as_deref())?;
    let matched = match_operation(&doc, &recording.request.method, &recording.request.path)?;
    let params = call_params(&matched, recording);
    let outcome = match replay(replayer, api, &doc.base_path, recording, &matched, params).await {
        Ok(replayed) => replayed.outcome,
        Err(problem) => decode_rejection(api, recording).ok_or(problem)?,
    };
    Ok((matched, outcome))
}

fn prefixed(what: &str, problems: Vec<String>) -> Vec<String> {
    problems
        .into_iter()
        .map(|p| format!("{what} {p}"))
        .collect()
}

fn operation<'a>(doc: &'a Document, matched: &Matched) -> Option<&'a Value> {
    doc.value.pointer(&matched.pointer)
}

fn declares_query(doc: &Document, matched: &Matched, name: &str) -> bool {
    let template_item = format!("/paths/{}", escape(&matched.template));
    [
        format!("{}/parameters", matched.pointer),
        format!("{template_item}/parameters"),
    ]
    .iter()
    .filter_map(|at| doc.value.pointer(at).and_then(Value::as_array))
    .flatten()
    .map(|p| resolve(&doc.value, p, "").0)
    .any(|p| {
        p.get("in").and_then(Value::as_str) == Some("query")
            && p.get("name").and_then(Value::as_str) == Some(name)
    })
}

/// Pointer of the operation's JSON request body schema.
fn request_schema(doc: &Document, matched: &Matched) -> Option<String> {
    let body = operation(doc, matched)?.get("requestBody")?;
    let (body, at) = resolve(
        &doc.value,
        body,
        &format!("{}/requestBody", matched.pointer),
    );
    let media = body
        .get("content")?
        .as_object()?
        .keys()
        .find(|m| m.starts_with("application/json"))?;
    Some(format!("{at}/content/{}/schema", escape(media)))
}

/// Pointer of the schema the recorded response must meet (`None` when the
/// spec documents no body for it), or why the response is not documented.
pub fn response_schema(
    doc: &Document,
    matched: &Matched,
    recording: &Recording,
) -> Result<Option<String>, String> {
    let response = &recording.response;
    let responses = operation(doc, matched)
        .and_then(|op| op.get("responses"))
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{} has no responses", matched.operation_id))?;
    let status = response.status.to_string();
    let range = format!("{}XX", &status[..1]);
    let key = [status.as_str(), range.as_str(), "default"]
        .into_iter()
        .find(|k| responses.contains_key(*k))
        .ok_or_else(|| {
            format!(
                "status {status} is not documented for {} in {}",
                matched.operation_id, doc.file
            )
        })?;
    let at = format!("{}/responses/{}", matched.pointer, escape(key));
    let (declared, at) = resolve(&doc.value, &responses[key], &at);
    let content = declared
        .get("content")
        .and_then(Value::as_object)
        .filter(|c| !c.is_empty());
    let has_body = response.body.is_some() || response.body_text.is_some();
    let Some(content) = content else {
        return if has_body {
            Err(format!("the spec documents no body for status {status}"))
        } else {
            Ok(None)
        };
    };
    if !has_body {
        return if content.contains_key("*/*") {
            Ok(None)
        } else {
            Err(format!("status {status} must have a body"))
        };
    }
    let recorded_type = header(&response.headers, "content-type")
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_else(|| {
            if response.body.is_some() {
                "application/json".into()
            } else {
                "text/plain".into()
            }
        });
    let media = if content.contains_key(&recorded_type) {
        recorded_type.clone()
    } else if content.contains_key("*/*") {
        "*/*".to_owned()
    } else {
        let documented: Vec<&str> = content.keys().map(String::as_str).collect();
        return Err(format!(
            "content type `{recorded_type}` is not documented for status {status} (documented: {})",
            documented.join(", ")
        ));
    };
    let is_json = media == "application/json" || media.ends_with("+json");
    if is_json && response.body.is_none() {
        return Err(format!(
            "the body is `{media}` but the recording gives it as body_text"
        ));
    }
    Ok(content[&media]
        .get("schema")
        .map(|_| format!("{at}/content/{}/schema", escape(&media))))
}

/// What the client sent matches the recording.
pub fn check_sent(requests: &[wiremock::Request], recording: &Recording) -> Vec<String> {
    let mut problems = Vec::new();
    let [sent] = requests else {
        return vec![format!(
            "the client sent {} requests, expected 1",
            requests.len()
        )];
    };
    let expected_path = recording.request.path.split('?').next().unwrap_or_default();
    if !sent
        .method
        .as_str()
        .eq_ignore_ascii_case(&recording.request.method)
        || sent.url.path() != expected_path
    {
        problems.push(format!(
            "the client sent {} {}, the recording has {} {expected_path}",
            sent.method,
            sent.url.path(),
            recording.request.method
        ));
    }
    if let Some(expected) = &recording.request.body {
        match serde_json::from_slice::<Value>(&sent.body) {
            Ok(body) if &body == expected => {}
            Ok(body) => problems.push(format!(
                "the client sent a different body: {}",
                first_difference(expected, &body).unwrap_or_default()
            )),
            Err(_) => problems.push("the client sent no JSON body".to_owned()),
        }
    }
    let header = defentry::API_VERSION_HEADER;
    let version = sent.headers.get(header).and_then(|v| v.to_str().ok());
    let format = recording
        .format
        .as_deref()
        .and_then(defentry::Format::from_name);
    match (format, version) {
        (Some(format), sent_version) if format.api_version() != sent_version => {
            match format.api_version() {
                None => problems.push(format!(
                    "a {} client sent {header}: {}",
                    format.name(),
                    sent_version.unwrap_or_default()
                )),
                Some(_) => problems.push(format!(
                    "the client sent {header} {sent_version:?}, the recording's format is {}",
                    format.name()
                )),
            }
        }
        _ => {}
    }
    problems
}

/// Whether the recording's format is selected by a header (or the API has
/// one format): its bodies re-encode exactly; the header-less (legacy)
/// format's encodings do not round-trip.
fn selected_by_header(recording: &Recording) -> bool {
    match recording.format.as_deref() {
        None => true,
        Some(name) => defentry::Format::from_name(name).is_some_and(|f| f.api_version().is_some()),
    }
}

/// The lossless check of one recording.
fn lossless(
    doc: &Document,
    recording: &Recording,
    schema: Option<&str>,
    outcome: &Outcome,
) -> Result<Vec<String>, String> {
    let (Some(body), Some(schema)) = (&recording.response.body, schema) else {
        return Ok(Vec::new());
    };
    let decoded = match outcome {
        Outcome::Success { value, .. } => value,
        Outcome::ApiError {
            body: Some(body), ..
        } => body,
        _ => return Ok(Vec::new()),
    };
    let mut problems = Vec::new();
    if selected_by_header(recording)
        && let Some(difference) = first_lossy_difference(body, decoded)
    {
        problems.push(format!(
            "lossless: re-encoding the decoded value changes the body: {difference}"
        ));
    }
    if let Some(schema) = doc.value.pointer(schema) {
        for field in unknown_fields(&doc.value, schema, body) {
            problems.push(format!("lossless: the spec lacks the field {field}"));
        }
    }
    Ok(problems)
}

/// The siblings of a group must decode to equal values (errors: the same
/// code and details): each is compared with the first. A key that one
/// member's format declares and the other's does not (a legacy patch's
/// `corr_id`) is that format's own, not a difference.
fn compare_groups(report: &mut Report, specs: &mut Specs) {
    let mut found: Vec<(PathBuf, String)> = Vec::new();
    for (_, members) in report.groups() {
        let Some((first, others)) = members.split_first() else {
            continue;
        };
        for other in others {
            let (Some(a), Some(b)) = (&first.outcome, &other.outcome) else {
                continue;
            };
            let own_keys_out =
                |x: &Value, y: &Value| without_format_keys(specs, first, other, x, y);
            if let Some(problem) = sibling_difference(a, b, own_keys_out) {
                found.push((first.path.clone(), problem.clone()));
                found.push((other.path.clone(), problem));
            }
        }
    }
    for (path, problem) in found {
        if let Some(checked) = report.checked.iter_mut().find(|c| c.path == path)
            && !checked.problems.contains(&problem)
        {
            checked.problems.push(problem);
        }
    }
}

/// The decoded values of two siblings without the keys only one member's
/// format declares (at the place the value has them).
fn without_format_keys(
    specs: &mut Specs,
    a: &Checked,
    b: &Checked,
    x: &Value,
    y: &Value,
) -> (Value, Value) {
    let (Some(schema_a), Some(schema_b)) = (&a.response_schema, &b.response_schema) else {
        return (x.clone(), y.clone());
    };
    let mut declared = |(api, format, pointer): &(String, Option<String>, String),
                        value: &Value| {
        specs
            .document(api, format.as_deref())
            .ok()
            .and_then(|doc| {
                let schema = doc.value.pointer(pointer)?.clone();
                Some(declared_keys(&doc.value, &schema, value))
            })
            .unwrap_or_default()
    };
    // A key is taken out only where the other member has none: a value
    // both have is compared whatever the documents declare.
    let strip = |value: &Value, own: &BTreeSet<String>, other: &BTreeSet<String>, twin: &Value| {
        let mut value = value.clone();
        for key in own.difference(other) {
            if twin.pointer(key).is_none() {
                remove_pointer(&mut value, key);
            }
        }
        value
    };
    let (x_own, x_other) = (declared(schema_a, x), declared(schema_b, x));
    let (y_own, y_other) = (declared(schema_b, y), declared(schema_a, y));
    (strip(x, &x_own, &x_other, y), strip(y, &y_own, &y_other, x))
}

/// The JSON pointers of every object key of `value` that `schema` declares
/// as a property at that place.
fn declared_keys(doc: &Value, schema: &Value, value: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut copy = value.clone();
    crate::schema_walk::walk(doc, schema, &mut copy, &mut |node, instance| {
        if let (Some(properties), Value::Object(map)) = (
            node.schema.get("properties").and_then(Value::as_object),
            &*instance,
        ) {
            for key in map.keys().filter(|k| properties.contains_key(*k)) {
                out.insert(format!(
                    "{}/{}",
                    node.at,
                    key.replace('~', "~0").replace('/', "~1")
                ));
            }
        }
        crate::schema_walk::Next::Descend
    });
    out
}

/// Removes the member at `pointer`, if there is one.
fn remove_pointer(value: &mut Value, pointer: &str) {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = key.replace("~1", "/").replace("~0", "~");
    if let Some(Value::Object(map)) = value.pointer_mut(parent) {
        map.remove(&key);
    }
}

/// How two siblings' outcomes differ, if they do; `own_keys_out` takes
/// from two typed values what only one member's format declares.
fn sibling_difference(
    a: &Outcome,
    b: &Outcome,
    own_keys_out: impl FnOnce(&Value, &Value) -> (Value, Value),
) -> Option<String> {
    match (a, b) {
        (Outcome::Success { value: x, .. }, Outcome::Success { value: y, .. }) => {
            let (x, y) = own_keys_out(x, y);
            first_difference(&x, &y).map(|d| format!("the twins decode differently: {d}"))
        }
        (Outcome::ApiError { error: x, .. }, Outcome::ApiError { error: y, .. }) => {
            if x.code != y.code {
                Some(format!(
                    "the twins normalize to different codes: {} vs {}",
                    x.code.as_deref().unwrap_or("none"),
                    y.code.as_deref().unwrap_or("none")
                ))
            } else if x.details != y.details {
                Some(format!(
                    "the twins have different details: {:?} vs {:?}",
                    x.details, y.details
                ))
            } else {
                None
            }
        }
        (
            Outcome::Raw { .. } | Outcome::Empty { .. },
            Outcome::Raw { .. } | Outcome::Empty { .. },
        ) => None,
        (Outcome::Failure(_), _) | (_, Outcome::Failure(_)) => None,
        (x, y) => Some(format!(
            "the twins decode to different kinds: {} vs {}",
            kind(x),
            kind(y)
        )),
    }
}

fn kind(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Success { .. } => "a typed success",
        Outcome::Raw { .. } => "an unparsed success",
        Outcome::Empty { .. } => "an empty success",
        Outcome::ApiError { .. } => "an API error",
        Outcome::Failure(_) => "a client failure",
    }
}
