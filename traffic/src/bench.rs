//! What the recording proxy costs, measured in one process on loopback
//! (`record-bench`, run by `cargo xtask bench`): the latency it adds to a
//! small JSON answer (p50/p99 of direct and proxied calls, interleaved in
//! one run), and the memory it holds while a large body streams through it
//! (resident set sampled during the transfer, against a direct transfer of
//! the same size).

use std::convert::Infallible;
use std::net::SocketAddr;
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

use crate::proxy::{Config, run};

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

/// The resident set of this process, KiB (Linux; 0 elsewhere).
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
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

/// Streams `bytes` from `url`, discarding it; returns the peak resident
/// set growth over `baseline` (KiB) and the seconds taken.
async fn stream_through(client: &reqwest::Client, url: &str, baseline: u64) -> Result<(u64, f64)> {
    let started = Instant::now();
    let peak = Arc::new(AtomicU64::new(resident_kib()));
    let sampled = Arc::clone(&peak);
    let sampling = tokio::spawn(async move {
        loop {
            sampled.fetch_max(resident_kib(), Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let mut body = client.get(url).send().await?.bytes_stream();
    while let Some(chunk) = body.next().await {
        chunk?;
    }
    sampling.abort();
    let peak = peak
        .fetch_max(resident_kib(), Ordering::Relaxed)
        .max(resident_kib());
    Ok((
        peak.saturating_sub(baseline),
        started.elapsed().as_secs_f64(),
    ))
}

/// Runs the measurement; the result as JSON (microseconds, KiB, seconds).
pub async fn measure(root: &std::path::Path, sizes: Sizes) -> Result<Value> {
    let upstream = upstream().await?;
    let out = tempfile::tempdir()?;
    let config = Config {
        upstream: format!("http://{upstream}").parse()?,
        listen: "127.0.0.1:0".parse()?,
        out: out.path().to_path_buf(),
        twins: false,
        api: "defentry".to_owned(),
        root: root.to_path_buf(),
        redact_keys: Vec::new(),
        max_body: 1 << 20,
        timeout: Duration::from_secs(60),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (ready, address) = tokio::sync::oneshot::channel();
    let proxy = tokio::spawn(run(
        config,
        async move {
            let _ = stopped.await;
        },
        move |a| {
            let _ = ready.send(a);
        },
    ));
    let proxy_address = address.await.context("the proxy did not start")?;
    let client = reqwest::Client::new();
    let direct_url = format!("http://{upstream}{SMALL}");
    let proxied_url = format!("http://{proxy_address}{SMALL}");
    for _ in 0..sizes.calls.min(200) {
        client.get(&direct_url).send().await?.bytes().await?;
        client.get(&proxied_url).send().await?.bytes().await?;
    }
    let (mut direct, mut proxied) = (Vec::new(), Vec::new());
    for _ in 0..sizes.calls {
        for (url, times) in [(&direct_url, &mut direct), (&proxied_url, &mut proxied)] {
            let started = Instant::now();
            client.get(url.as_str()).send().await?.bytes().await?;
            times.push(started.elapsed().as_secs_f64() * 1e6);
        }
    }
    direct.sort_by(f64::total_cmp);
    proxied.sort_by(f64::total_cmp);
    let baseline = resident_kib();
    let direct_stream = stream_through(
        &client,
        &format!("http://{upstream}/stream?bytes={}", sizes.stream_bytes),
        baseline,
    )
    .await?;
    let baseline = resident_kib();
    let proxied_stream = stream_through(
        &client,
        &format!("http://{proxy_address}/stream?bytes={}", sizes.stream_bytes),
        baseline,
    )
    .await?;
    let _ = stop.send(());
    let stats = proxy.await??;
    Ok(json!({
        "calls": sizes.calls,
        "direct_us": {"p50": percentile(&direct, 0.5), "p99": percentile(&direct, 0.99)},
        "proxied_us": {"p50": percentile(&proxied, 0.5), "p99": percentile(&proxied, 0.99)},
        "stream_bytes": sizes.stream_bytes,
        "direct_stream": {"growth_kib": direct_stream.0, "seconds": direct_stream.1},
        "proxied_stream": {"growth_kib": proxied_stream.0, "seconds": proxied_stream.1},
        "recordings_written": stats.written,
    }))
}
