//! `record --upstream URL --listen ADDR:PORT --out DIR [--twins] [--api NAME]
//! [--redact-key NAME]… [--max-body BYTES] [--timeout SECONDS]`: the recording
//! reverse proxy (`cargo xtask record`), until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use traffic::proxy::{Config, run};

/// Forward every request to the upstream and record each exchange, redacted.
#[derive(Parser)]
#[command(name = "record")]
struct Cli {
    /// The real API (`https://api.example.com`).
    #[arg(long)]
    upstream: reqwest::Url,
    /// Where to listen (`127.0.0.1:4780`; port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:4780")]
    listen: SocketAddr,
    /// The folder the recordings go to.
    #[arg(long)]
    out: PathBuf,
    /// Also record each idempotent request in every other format.
    #[arg(long)]
    twins: bool,
    /// The API (`spec/<api>.yaml`).
    #[arg(long, default_value = "defentry")]
    api: String,
    /// A key whose values are redacted too (repeatable).
    #[arg(long = "redact-key")]
    redact_keys: Vec<String>,
    /// Bytes kept of each body (the rest streams through, unrecorded).
    #[arg(long, default_value_t = 1 << 20)]
    max_body: usize,
    /// Seconds to wait for the upstream.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Workspace root (default: the workspace holding the current folder).
    #[arg(long)]
    root: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = Config {
        upstream: cli.upstream.clone(),
        listen: cli.listen,
        out: cli.out,
        twins: cli.twins,
        api: cli.api,
        root: cli.root.unwrap_or_else(workspace_tests::workspace_root),
        redact_keys: cli.redact_keys,
        max_body: cli.max_body,
        timeout: Duration::from_secs(cli.timeout),
    };
    // Shown without any `user:password@` it may carry.
    let mut upstream = cli.upstream;
    let _ = upstream.set_username("");
    let _ = upstream.set_password(None);
    let ready = |address: SocketAddr| {
        println!(
            "record: listening on http://{address}, forwarding to {upstream}; Ctrl-C or SIGTERM stops it"
        );
    };
    match run(config, stop_signal(), ready).await {
        Ok(stats) => {
            println!(
                "record: stopped after {} exchange(s), {} recording(s) written",
                stats.exchanges, stats.written
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("record: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C or SIGTERM.
async fn stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
