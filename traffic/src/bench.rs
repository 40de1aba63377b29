//! What the recording proxy costs on loopback (`record-bench`, run by
//! `cargo xtask bench`). The simulated upstream and the client run here; the
//! proxy is the `record` binary in its own process, as users run it. The
//! latency it adds to a small JSON answer: p50/p99 of direct and proxied
//! calls, interleaved (which goes first alternates) in one run. The memory it
//! holds while a large body streams through it: the proxy process's resident
//! set, sampled during the transfer, over its resident set before.

use std::convert::Infallible;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// Sizes of one run.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Calls of each kind (direct, proxied) after the warm-up.
    pub calls: usize,
    /// Bytes of the streamed body.
    pub stream_bytes: u64,
}

/// The path the latency calls use: an operation the spec knows, so the
/// proxy does all its work (matching, redaction, writing).
const SMALL: &str = "/api/v1/delete-my-data/scan/status";
const CHUNK: usize = 64 * 1024;

/// The simulated upstream: a small scan status, or `/stream?bytes=N`
/// streamed in 64 KiB chunks made on the fly.
async fn upstream() -> Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let small = Bytes::from(
        json!({"sites": [{"is_data_found": true, "scan_result": {"status": "SCAN_COMPLETED", "data": []}}]})
            .to_string(),
    );
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let small = small.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                    let small = small.clone();
                    async move {
                        let bytes: Option<u64> = request
                            .uri()
                            .query()
                            .and_then(|q| q.strip_prefix("bytes="))
                            .and_then(|n| n.parse().ok());
                        let response = match bytes {
                            Some(total) => {
                                let chunk = Bytes::from(vec![b'x'; CHUNK]);
                                let chunks = total.div_ceil(CHUNK as u64);
                                let stream = futures_util::stream::iter(0..chunks).map(move |i| {
                                    let left = total - i * CHUNK as u64;
                                    let size = usize::try_from(left).unwrap_or(CHUNK).min(CHUNK);
                                    Ok::<_, Infallible>(Frame::data(chunk.slice(..size)))
                                });
                                Response::new(BodyExt::boxed(StreamBody::new(stream)))
                            }
                            None => {
                                let mut response = Response::new(Full::new(small).boxed());
                                response.headers_mut().insert(
                                    hyper::header::CONTENT_TYPE,
                                    hyper::header::HeaderValue::from_static("application/json"),
                                );
                                response
                            }
                        };
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(address)
}

/// The resident set of process `pid`, KiB (Linux; 0 elsewhere).
fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Streams the body at `url`, discarding it, while sampling the resident
/// set of `pid` every 20 ms; returns its peak growth over the resident set
/// before (KiB) and the seconds taken.
async fn stream_through(client: &reqwest::Client, url: &str, pid: u32) -> Result<(u64, f64)> {
    let baseline = resident_kib(pid);
    let started = Instant::now();
    let peak = Arc::new(AtomicU64::new(baseline));
    let sampled = Arc::clone(&peak);
    let sampling = tokio::spawn(async move {
        loop {
            sampled.fetch_max(resident_kib(pid), Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let mut body = client.get(url).send().await?.bytes_stream();
    while let Some(chunk) = body.next().await {
        chunk?;
    }
    let seconds = started.elapsed().as_secs_f64();
    sampling.abort();
    let peak = peak.fetch_max(resident_kib(pid), Ordering::Relaxed);
    Ok((peak.saturating_sub(baseline), seconds))
}

/// The `record` binary beside this one, started against `upstream`; its
/// address once it listens. Its stdout is drained on a thread.
fn start_proxy(root: &Path, upstream: SocketAddr, out: &Path) -> Result<(Child, SocketAddr)> {
    let binary = std::env::current_exe()?.with_file_name("record");
    let mut child = Command::new(&binary)
        .arg("--root")
        .arg(root)
        .args(["--upstream", &format!("http://{upstream}")])
        .args(["--listen", "127.0.0.1:0"])
        .arg("--out")
        .arg(out)
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| {
            format!(
                "cannot start {} (build the traffic binaries first)",
                binary.display()
            )
        })?;
    let stdout = child.stdout.take().context("the proxy has no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let first = lines
        .next()
        .context("the proxy exited before listening")??;
    let address = first
        .strip_prefix("record: listening on http://")
        .and_then(|rest| rest.split(',').next())
        .and_then(|a| a.parse().ok())
        .with_context(|| format!("unexpected first line from the proxy: {first}"))?;
    std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
    Ok((child, address))
}

/// Runs the measurement; the result as JSON (microseconds, KiB, seconds).
pub async fn measure(root: &Path, sizes: Sizes) -> Result<Value> {
    let upstream = upstream().await?;
    let out = tempfile::tempdir()?;
    let (mut proxy, proxy_address) = start_proxy(root, upstream, out.path())?;
    let pid = proxy.id();
    let client = reqwest::Client::new();
    let direct_url = format!("http://{upstream}{SMALL}");
    let proxied_url = format!("http://{proxy_address}{SMALL}");
    for _ in 0..sizes.calls.min(200) {
        client.get(&direct_url).send().await?.bytes().await?;
        client.get(&proxied_url).send().await?.bytes().await?;
    }
    let (mut direct, mut proxied) = (Vec::new(), Vec::new());
    for round in 0..sizes.calls {
        let mut kinds = [(&direct_url, &mut direct), (&proxied_url, &mut proxied)];
        if round % 2 == 1 {
            kinds.reverse();
        }
        for (url, times) in kinds {
            let started = Instant::now();
            client.get(url.as_str()).send().await?.bytes().await?;
            times.push(started.elapsed().as_secs_f64() * 1e6);
        }
    }
    direct.sort_by(f64::total_cmp);
    proxied.sort_by(f64::total_cmp);
    let resident_before = resident_kib(pid);
    let direct_stream = stream_through(
        &client,
        &format!("http://{upstream}/stream?bytes={}", sizes.stream_bytes),
        pid,
    )
    .await?;
    let proxied_stream = stream_through(
        &client,
        &format!("http://{proxy_address}/stream?bytes={}", sizes.stream_bytes),
        pid,
    )
    .await?;
    // SIGTERM, so that it writes what is in flight and says how much.
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let stopped = tokio::task::spawn_blocking(move || proxy.wait()).await??;
    let written = std::fs::read_dir(out.path())?.count();
    Ok(json!({
        "calls": sizes.calls,
        "direct_us": {"p50": percentile(&direct, 0.5), "p99": percentile(&direct, 0.99)},
        "proxied_us": {"p50": percentile(&proxied, 0.5), "p99": percentile(&proxied, 0.99)},
        "stream_bytes": sizes.stream_bytes,
        "proxy_resident_kib": resident_before,
        "direct_stream": {"growth_kib": direct_stream.0, "seconds": direct_stream.1},
        "proxied_stream": {"growth_kib": proxied_stream.0, "seconds": proxied_stream.1},
        "recordings_written": written,
        "proxy_exit": stopped.code(),
    }))
}
