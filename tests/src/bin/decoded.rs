//! `decoded [--root DIR]`: what the Rust client decodes from every recording
//! with a JSON body, as one JSON array on stdout: the recording, its API,
//! format and dist document, the operation and status, the component the
//! body is declared as (`null` for an inline schema or an undocumented
//! body), the body as recorded, and the Rust client's decoded value
//! serialized again (`null` when it passes the body through unparsed). The
//! reference other languages' generated clients are compared with
//! (`cargo xtask interop`).
//!
//! Besides each recording as recorded (`probe: "recorded"`), two
//! forward-compatibility probes: the body with a field the spec does not
//! know at every object level and an unknown value for every enum
//! (`"unknown-fields-and-values"`), and a standardized body served to the
//! legacy client (`"standardized-to-legacy"`: what a legacy client gets if
//! the server answers in the newer format).
//!
//! For the twins check (legacy and standardized siblings must decode equal
//! in every language, with the helpers of `clients/`), each case also
//! carries its sibling group (`group`), its response headers, where the
//! document types a value as the `Flag` or `Timestamp` component
//! (`helpers`: what a user runs `parse_flag` / `parse_timestamp` on), and
//! the Rust client's value as its twins are compared (`rust_twin`: the
//! decoded value, or an error's normalized `{code, details}`).
//!
//! Each recorded case also says how to send its request again through a
//! generated operation (`live`: the server's base path, the operation's
//! parameters with the recorded values typed by their schemas, the request
//! body), for the live decoding against the replay mock.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use serde_json::{Value, json};
use workspace_tests::conformance::{decode, response_schema};
use workspace_tests::mutation::mutate;
use workspace_tests::recording::{self, RecordedRequest};
use workspace_tests::replay::{Outcome, Replayer};
use workspace_tests::schema_walk::{Next, resolve, walk};
use workspace_tests::spec_docs::Matched;
use workspace_tests::spec_docs::Specs;

/// Print what the Rust client decodes from each recording.
#[derive(Parser)]
#[command(name = "decoded")]
struct Cli {
    /// Workspace root (default: the workspace holding the current folder).
    #[arg(long)]
    root: Option<PathBuf>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(workspace_tests::workspace_root);
    match run(root).await {
        Ok(cases) => {
            println!("{}", Value::Array(cases));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("decoded: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(root: PathBuf) -> Result<Vec<Value>, String> {
    let mut specs = Specs::new(&root);
    let replayer = Replayer::start().await;
    let mut out = Vec::new();
    for path in recording::collect(&[root.join("tests/recordings")])? {
        let recorded = recording::load(&path)?;
        let Some(body) = recorded.response.body.clone() else {
            continue;
        };
        let api = recording::api_of(&path, &recorded, &specs.apis());
        let relative = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let case = one(
            &mut specs, &replayer, &api, &recorded, &relative, "recorded",
        )
        .await?;
        let Some(mut case) = case else { continue };
        let doc = specs.document(&api, recorded.format.as_deref())?;
        let (matched, _) = decode(&mut specs, &replayer, &api, &recorded).await?;
        case["live"] = json!({
            "base_path": doc.base_path,
            "params": parameters(&doc.value, &matched, &recorded.request),
            "body": recorded.request.body,
        });
        if let Some(key) = recording::group_key(&path) {
            let dir = key.dir.strip_prefix(&root).unwrap_or(&key.dir);
            case["group"] = json!(format!("{}/{}", dir.display(), key.name));
        }
        out.push(case);
        // Unknown fields and enum values.
        let doc = specs.document(&api, recorded.format.as_deref())?;
        let (matched, _) = decode(&mut specs, &replayer, &api, &recorded).await?;
        if let Some(schema) = response_schema(&doc, &matched, &recorded)?
            .and_then(|pointer| doc.value.pointer(&pointer).cloned())
        {
            let mut probe = recorded.clone();
            probe.response.body = Some(mutate(&doc.value, &schema, &body).body);
            let label = "unknown-fields-and-values";
            out.extend(one(&mut specs, &replayer, &api, &probe, &relative, label).await?);
        }
        // A standardized body to the legacy client.
        let dated = recorded.format.as_deref().is_some_and(|f| f != "legacy");
        if dated && specs.document(&api, Some("legacy")).is_ok() {
            let mut probe = recorded.clone();
            probe.format = Some("legacy".to_owned());
            probe
                .request
                .headers
                .retain(|name, _| !name.eq_ignore_ascii_case("x-api-version"));
            let label = "standardized-to-legacy";
            out.extend(one(&mut specs, &replayer, &api, &probe, &relative, label).await?);
        }
    }
    Ok(out)
}

/// One case: what the Rust client decodes from `recorded`.
async fn one(
    specs: &mut Specs,
    replayer: &Replayer,
    api: &str,
    recorded: &recording::Recording,
    relative: &str,
    probe: &str,
) -> Result<Option<Value>, String> {
    let Some(body) = recorded.response.body.clone() else {
        return Ok(None);
    };
    let doc = specs.document(api, recorded.format.as_deref())?;
    let (matched, outcome) = decode(specs, replayer, api, recorded).await?;
    let schema = response_schema(&doc, &matched, recorded)?
        .and_then(|pointer| doc.value.pointer(&pointer))
        .and_then(|schema| schema.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|target| target.strip_prefix("#/components/schemas/"))
        .map(str::to_owned);
    let helpers = match response_schema(&doc, &matched, recorded)?
        .and_then(|pointer| doc.value.pointer(&pointer))
    {
        Some(schema) => helper_places(&doc.value, schema, &body),
        None => Vec::new(),
    };
    let (rust, rust_twin) = match outcome {
        Outcome::Success { value, .. } => (value.clone(), value),
        Outcome::ApiError { error, body } => (
            body.unwrap_or(Value::Null),
            json!({"code": error.code, "details": error.details}),
        ),
        _ => (Value::Null, Value::Null),
    };
    Ok(Some(json!({
        "recording": relative,
        "probe": probe,
        "api": api,
        "format": recorded.format,
        "document": doc.file,
        "operation": matched.operation_id,
        "status": recorded.response.status,
        "schema": schema,
        "response_key": response_key(&doc.value, &matched, recorded.response.status),
        "media": recorded
            .response
            .header("content-type")
            .and_then(|v| v.split(';').next())
            .map_or("application/json", str::trim),
        "headers": recorded.response.headers,
        "body": body,
        "helpers": helpers,
        "rust": rust,
        "rust_twin": rust_twin,
    })))
}

/// The key of the operation's responses that describes `status`: the
/// status itself, its class (`4XX`) or `default`.
fn response_key(doc: &Value, matched: &Matched, status: u16) -> Option<String> {
    let responses = doc.pointer(&format!("{}/responses", matched.pointer))?;
    let exact = status.to_string();
    let class = format!("{}XX", status / 100);
    [exact, class, "default".to_owned()]
        .into_iter()
        .find(|key| responses.get(key).is_some())
}

/// The operation's parameters (path-level and its own, `$ref`s resolved)
/// with the values `request` sent: `{"name", "in", "value"}`, the value
/// typed by the parameter's schema (`"42"` of an integer is `42`). A
/// required parameter the recording does not show (the `X-API-Version` a
/// format implies) gets its schema's only value or default.
fn parameters(doc: &Value, matched: &Matched, request: &RecordedRequest) -> Vec<Value> {
    let resolved = |node: &'_ Value| -> Value { resolve(doc, node).0.clone() };
    let operation = doc.pointer(&matched.pointer);
    let path_item = matched
        .pointer
        .rsplit_once('/')
        .and_then(|(item, _)| doc.pointer(item));
    let declared = [path_item, operation]
        .into_iter()
        .flatten()
        .filter_map(|node| node.get("parameters").and_then(Value::as_array))
        .flatten()
        .map(resolved);
    let mut out = Vec::new();
    for parameter in declared {
        let (Some(name), Some(place)) = (
            parameter.get("name").and_then(Value::as_str),
            parameter.get("in").and_then(Value::as_str),
        ) else {
            continue;
        };
        let sent = match place {
            "path" => matched.path_params.get(name).cloned().map(Value::String),
            "query" => request.query.get(name).cloned(),
            "header" => recording::header(&request.headers, name).map(|v| json!(v)),
            _ => None,
        };
        let schema = parameter.get("schema").map(resolved);
        let implied = || {
            let schema = schema.as_ref()?;
            match schema.get("enum").and_then(Value::as_array) {
                Some(values) if values.len() == 1 => values.first().cloned(),
                _ => schema.get("default").cloned(),
            }
        };
        let required = parameter.get("required") == Some(&Value::Bool(true));
        let Some(sent) = sent.or_else(|| required.then(implied).flatten()) else {
            continue;
        };
        let kind = schema
            .as_ref()
            .and_then(|s| s.get("type").and_then(Value::as_str).map(str::to_owned));
        let typed = match (kind.as_deref(), &sent) {
            (Some("integer"), Value::String(text)) => {
                text.parse::<i64>().map_or(sent.clone(), |n| json!(n))
            }
            (Some("number"), Value::String(text)) => {
                text.parse::<f64>().map_or(sent.clone(), |n| json!(n))
            }
            (Some("boolean"), Value::String(text)) => {
                text.parse::<bool>().map_or(sent.clone(), |b| json!(b))
            }
            _ => sent.clone(),
        };
        out.push(json!({"name": name, "in": place, "value": typed}));
    }
    out
}

/// Where `body` holds a value the document types as its `Flag` or
/// `Timestamp` component: `{"at": pointer, "helper": "flag" | "timestamp"}`.
fn helper_places(doc: &Value, schema: &Value, body: &Value) -> Vec<Value> {
    let component = |name: &str| doc.pointer(&format!("/components/schemas/{name}"));
    let (flag, timestamp) = (component("Flag"), component("Timestamp"));
    let mut places = Vec::new();
    let mut instance = body.clone();
    walk(doc, schema, &mut instance, &mut |node, _| {
        let is = |c: Option<&Value>| c.is_some_and(|c| std::ptr::eq(c, node.schema));
        let helper = if is(flag) {
            "flag"
        } else if is(timestamp) {
            "timestamp"
        } else {
            return Next::Descend;
        };
        places.push(json!({"at": node.at, "helper": helper}));
        Next::Stop
    });
    places
}
