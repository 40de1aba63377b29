//! The simulated upstream of `cargo xtask acceptance-learn`
//! (`traffic::simulated`):
//!
//! - `simulate record --out DIR`: serves it, records a client session
//!   through the recording proxy with `--twins`, and checks what the proxy
//!   must guarantee: the state-changing GET reached the upstream exactly as
//!   often as the client called it, and no secret is in any recording;
//! - `simulate serve`: serves it until stdin closes, printing its address;
//! - `simulate scan PATH…`: fails when a simulation secret is in any file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use serde_json::{Value, json};
use traffic::proxy::Config;
use traffic::simulated::{self, SECRETS, VERSION};

/// The simulated upstream.
#[derive(Parser)]
#[command(name = "simulate")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Record a client session through the proxy, with twins.
    Record {
        /// Folder for the recordings.
        #[arg(long)]
        out: PathBuf,
        /// Workspace root whose spec the proxy reads.
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Serve until stdin closes.
    Serve,
    /// Write `count` recordings generated from the simulated upstream's
    /// shapes (the scale benchmark's corpus).
    Corpus {
        /// Folder for the recordings.
        #[arg(long)]
        out: PathBuf,
        /// How many.
        #[arg(long)]
        count: usize,
    },
    /// Fail when a simulation secret is in any file under these paths.
    Scan {
        /// Files or folders.
        paths: Vec<PathBuf>,
    },
}

/// How often the client closes an alarm (a state-changing GET).
const CLOSES: usize = 3;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Record { out, root } => {
            record(&out, root.unwrap_or_else(workspace_tests::workspace_root)).await
        }
        Command::Serve => serve().await,
        Command::Corpus { out, count } => corpus(&out, count),
        Command::Scan { paths } => scan(&paths),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("simulate: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn record(out: &Path, root: PathBuf) -> Result<()> {
    let (upstream, hits, server) = simulated::start().await?;
    let upstream = format!("http://{upstream}").parse()?;
    let proxy = traffic::proxy::start(Config::local(upstream, out, &root)).await?;
    let base = proxy.base_url();
    let client = reqwest::Client::new();
    let call = |method: reqwest::Method, path: &str, standardized: bool, token: Option<&str>| {
        let mut request = client.request(method, format!("{base}{path}"));
        if standardized {
            request = request.header("X-API-Version", VERSION);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request
    };
    let login: Value = call(reqwest::Method::POST, "/api/v1/crm/auth/login", true, None)
        .json(&json!({"username": "acme-backend@partner.com", "password": SECRETS[0], "keep_logged": true}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["token"].as_str().context("no token")?.to_owned();
    let account = json!({
        "ssn": SECRETS[2], "first_name": "John", "last_name": "Doe",
        "email": "john.doe@example.com", "phone": "+46701234567",
        "country_code": "SE", "lang_code": "SV", "plan_id": 1, "type": "SINGLE",
    });
    let mut calls = 1;
    for standardized in [true, false] {
        for _ in 0..3 {
            call(
                reqwest::Method::POST,
                "/api/v1/account",
                standardized,
                Some(&token),
            )
            .json(&account)
            .send()
            .await?
            .bytes()
            .await?;
            calls += 1;
        }
    }
    // Lists (twins: legacy), single alarms asked in legacy (twins:
    // standardized), closes (state-changing: no twin).
    let gets = std::iter::repeat_n(("/api/v1/alarms".to_owned(), true), 3)
        .chain((1..=3).map(|id| (format!("/api/v1/alarms/{id}"), false)))
        .chain((1..=CLOSES).map(|id| (format!("/api/v1/alarms/{id}/close"), true)));
    for (path, standardized) in gets {
        call(reqwest::Method::GET, &path, standardized, Some(&token))
            .send()
            .await?
            .bytes()
            .await?;
        calls += 1;
    }
    let stats = proxy.stop().await?;
    server.abort();
    let hits = hits
        .lock()
        .map_err(|_| anyhow::anyhow!("hits poisoned"))?
        .clone();
    let closes: usize = hits
        .iter()
        .filter(|(k, _)| k.ends_with("/close"))
        .map(|(_, n)| n)
        .sum();
    let files = workspace_tests::recording::collect(&[out.to_path_buf()])
        .map_err(anyhow::Error::msg)?
        .len();
    println!(
        "simulate: {calls} client calls through the proxy, {} upstream requests, {files} recordings; stats {stats:?}",
        hits.values().sum::<usize>()
    );
    if closes != CLOSES {
        bail!("the state-changing GET reached the upstream {closes} times for {CLOSES} calls");
    }
    println!(
        "simulate: closeAlarm reached the upstream {closes} times for {CLOSES} calls (no twin)"
    );
    scan(&[out.to_path_buf()])
}

async fn serve() -> Result<()> {
    let (address, _hits, server) = simulated::start().await?;
    println!("listening on http://{address}");
    // Until stdin closes (the parent ends it).
    let _ =
        tokio::task::spawn_blocking(|| std::io::copy(&mut std::io::stdin(), &mut std::io::sink()))
            .await;
    server.abort();
    Ok(())
}

fn corpus(out: &Path, count: usize) -> Result<()> {
    std::fs::create_dir_all(out)?;
    for index in 0..count {
        let (name, recording) = simulated::corpus_recording(index);
        std::fs::write(out.join(name), serde_json::to_vec_pretty(&recording)?)?;
    }
    println!("simulate: wrote {count} recordings to {}", out.display());
    Ok(())
}

fn scan(paths: &[PathBuf]) -> Result<()> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walk(path)? {
                files.push(entry);
            }
        } else {
            files.push(path.clone());
        }
    }
    for file in &files {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        for secret in SECRETS {
            if text.contains(secret) {
                bail!("a secret of the simulation is in {}", file.display());
            }
        }
    }
    println!("simulate: no secret in {} file(s)", files.len());
    Ok(())
}

fn walk(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(walk(&path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}
