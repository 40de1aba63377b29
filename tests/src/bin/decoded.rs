//! `decoded [--root DIR]`: what the Rust client decodes from every recording
//! with a JSON body, as one JSON array on stdout: the recording, its API,
//! format and dist document, the operation and status, the component the
//! body is declared as (`null` for an inline schema or an undocumented
//! body), the body as recorded, and the Rust client's decoded value
//! serialized again (`null` when it passes the body through unparsed). The
//! reference other languages' generated clients are compared with
//! (`cargo xtask interop`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use serde_json::{Value, json};
use workspace_tests::conformance::{decode, response_schema};
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
        let doc = specs.document(&api, recorded.format.as_deref())?;
        let (matched, outcome) = decode(&mut specs, &replayer, &api, &recorded).await?;
        let schema = response_schema(&doc, &matched, &recorded)?
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
        let relative = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        out.push(json!({
            "recording": relative,
            "api": api,
            "format": recorded.format,
            "document": doc.file,
            "operation": matched.operation_id,
            "status": recorded.response.status,
            "schema": schema,
            "body": body,
            "rust": rust,
        }));
    }
    Ok(out)
}
