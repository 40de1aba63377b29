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

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use serde_json::{Value, json};
use workspace_tests::conformance::{decode, response_schema};
use workspace_tests::mutation::mutate;
use workspace_tests::recording;
use workspace_tests::replay::{Outcome, Replayer};
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
        let Some(case) = case else { continue };
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
    let rust = match outcome {
        Outcome::Success { value, .. } => value,
        Outcome::ApiError {
            body: Some(body), ..
        } => body,
        _ => Value::Null,
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
        "body": body,
        "rust": rust,
    })))
}
