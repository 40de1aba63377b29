//! The recording reverse proxy (`cargo xtask record`).
//!
//! Every request is forwarded to the upstream as it arrives: both bodies
//! stream through (backpressure included), and only their first
//! `max_body` bytes are kept for the recording. When the response has been
//! passed on, the exchange is redacted ([`crate::redact`]) and written as one
//! recording (`source: "live"`, `format` from the request's selecting
//! header), and one line goes to stdout. The proxy follows no redirect (a
//! 3xx goes back to the client as it is) and waits for the upstream no
//! longer than its timeout.
//!
//! With `twins`, an idempotent request (`GET` or `HEAD`) of an operation the
//! spec knows and does not mark `x-state-changing` is sent again in every
//! other format of the API, after the client has its answer; those answers
//! are recorded beside it as its sibling group (`NAME.<format>.json`).

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::{BodyExt, BodyStream, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc};
use workspace_tests::recording::{RecordedRequest, RecordedResponse, Recording, Source, Truncated};

use crate::api_formats::{ApiFormats, FormatDoc};
use crate::capture::Capture;
use crate::redact::Redactor;

/// Headers that describe the bytes on the wire, which a recording does not
/// keep as they were (its body is redacted, re-encoded or cut): not recorded.
const FRAMING: &[&str] = &["content-length", "content-encoding"];

/// Headers that belong to one connection, never forwarded.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
];

/// How a run is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The real API (`https://api.example.com`); request paths are appended.
    pub upstream: reqwest::Url,
    /// Where the proxy listens.
    pub listen: SocketAddr,
    /// The folder recordings are written to (created if missing).
    pub out: PathBuf,
    /// Record idempotent requests in every other format too.
    pub twins: bool,
    /// The API (`spec/<api>.yaml`).
    pub api: String,
    /// The workspace root (for the spec and its dist documents).
    pub root: PathBuf,
    /// More key names whose values are redacted (bodies, query, headers).
    pub redact_keys: Vec<String>,
    /// Bytes kept of each body; the rest streams through unrecorded.
    pub max_body: usize,
    /// The longest wait for the upstream (connect, headers, each body).
    pub timeout: Duration,
}

impl Config {
    /// The Defentry API at `upstream` recorded with twins into `out`, the
    /// proxy on a free loopback port, with the command's defaults (1 MiB
    /// bodies, 10 s): a simulation's or a test's proxy.
    pub fn local(upstream: reqwest::Url, out: &Path, root: &Path) -> Self {
        Self {
            upstream,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            out: out.to_path_buf(),
            twins: true,
            api: "defentry".to_owned(),
            root: root.to_path_buf(),
            redact_keys: Vec::new(),
            max_body: 1 << 20,
            timeout: Duration::from_secs(10),
        }
    }
}

/// What a finished run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Exchanges forwarded.
    pub exchanges: u64,
    /// Recordings written (twins included).
    pub written: u64,
}

/// A running proxy's shared state.
struct Recorder {
    config: Config,
    client: reqwest::Client,
    formats: ApiFormats,
    redactor: Redactor,
    run: String,
    seq: AtomicU64,
    written: AtomicU64,
    in_flight: AtomicUsize,
    idle: Notify,
}

/// What is known of a request once it was sent.
struct Sent {
    seq: u64,
    method: reqwest::Method,
    /// The upstream path (base path included) and query string.
    path: String,
    query: Option<String>,
    /// As received, unredacted (for twins; never written).
    headers: reqwest::header::HeaderMap,
    format: Arc<FormatDoc>,
    capture: Arc<Mutex<Capture>>,
    started: Instant,
}

/// A proxy running in the background (tests, simulations): see [`start`].
pub struct Running {
    /// The address it listens on.
    pub address: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<Stats>>,
}

impl Running {
    /// `http://ADDRESS`, the base URL clients call.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops it as Ctrl-C would and waits for its recordings.
    pub async fn stop(self) -> Result<Stats> {
        let _ = self.stop.send(());
        self.task.await.context("the proxy task failed")?
    }
}

/// Runs the proxy with `config` in a task of the current runtime until
/// [`Running::stop`].
pub async fn start(config: Config) -> Result<Running> {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (ready, address) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(run(
        config,
        async move {
            let _ = stopped.await;
        },
        move |a| {
            let _ = ready.send(a);
        },
    ));
    let Ok(address) = address.await else {
        // It stopped before it listened: its error says why.
        return match task.await {
            Ok(Err(error)) => Err(error),
            Ok(Ok(_)) => Err(anyhow::anyhow!("the proxy stopped before it listened")),
            Err(join) => Err(anyhow::anyhow!("the proxy task failed: {join}")),
        };
    };
    Ok(Running {
        address,
        stop,
        task,
    })
}

/// Runs the proxy until `shutdown` completes, then waits (at most 10 s)
/// for exchanges in flight to be written. `ready` gets the bound address.
pub async fn run(
    config: Config,
    shutdown: impl std::future::Future<Output = ()>,
    ready: impl FnOnce(SocketAddr),
) -> Result<Stats> {
    let formats = ApiFormats::load(&config.root, &config.api)?;
    let redactor = Redactor::new(&config.api, &config.redact_keys, &formats.documents());
    std::fs::create_dir_all(&config.out)
        .with_context(|| format!("cannot create {}", config.out.display()))?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(config.timeout)
        .read_timeout(config.timeout)
        .build()?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    ready(listener.local_addr()?);
    let recorder = Arc::new(Recorder {
        // Seconds and the process id: two runs into one folder never
        // produce the same names.
        run: format!("{}-{}", crate::timestamp::now_compact(), std::process::id()),
        config,
        client,
        formats,
        redactor,
        seq: AtomicU64::new(0),
        written: AtomicU64::new(0),
        in_flight: AtomicUsize::new(0),
        idle: Notify::new(),
    });
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                // Headers and body go out in separate writes: without
                // this, Nagle's algorithm holds the second one for the
                // client's delayed ACK (~40 ms a call).
                let _ = stream.set_nodelay(true);
                let recorder = Arc::clone(&recorder);
                connections.spawn(async move {
                    let service = service_fn(move |request| {
                        let recorder = Arc::clone(&recorder);
                        async move { Ok::<_, Infallible>(recorder.handle(request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    // Exchanges in flight (counted from their first byte) finish and are
    // written; connections stay open meanwhile, then are closed.
    let deadline = tokio::time::sleep(Duration::from_secs(10));
    tokio::pin!(deadline);
    loop {
        let idle = recorder.idle.notified();
        tokio::pin!(idle);
        // Registered before the count is read: a last exchange that ends
        // in between still wakes this.
        idle.as_mut().enable();
        if recorder.in_flight.load(Ordering::SeqCst) == 0 {
            break;
        }
        tokio::select! {
            () = &mut idle => {}
            () = &mut deadline => break,
        }
    }
    connections.abort_all();
    Ok(Stats {
        exchanges: recorder.seq.load(Ordering::SeqCst),
        written: recorder.written.load(Ordering::SeqCst),
    })
}

type Body = BoxBody<Bytes, std::io::Error>;

impl Recorder {
    async fn handle(self: Arc<Self>, request: Request<Incoming>) -> Response<Body> {
        let guard = InFlight::new(Arc::clone(&self));
        let (parts, body) = request.into_parts();
        let seq = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
        let upstream_path = format!(
            "{}{}",
            self.config.upstream.path().trim_end_matches('/'),
            parts.uri.path()
        );
        let mut url = self.config.upstream.clone();
        url.set_path(&upstream_path);
        url.set_query(parts.uri.query());
        let client_connection = connection_named(&parts.headers);
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in &parts.headers {
            if !HOP_BY_HOP.contains(&name.as_str())
                && !client_connection.iter().any(|n| n == name.as_str())
            {
                headers.append(name.clone(), value.clone());
            }
        }
        // The recording needs bodies it can read: ask for them uncompressed.
        headers.insert(
            reqwest::header::ACCEPT_ENCODING,
            reqwest::header::HeaderValue::from_static("identity"),
        );
        let format = self.formats.selected(
            self.formats
                .header()
                .and_then(|h| headers.get(h))
                .and_then(|v| v.to_str().ok()),
        );
        let capture = Arc::new(Mutex::new(Capture::new(self.config.max_body)));
        let tee = Arc::clone(&capture);
        let request_body = BodyStream::new(body).filter_map(move |frame| {
            let data = match frame {
                Ok(frame) => frame.into_data().ok().map(|bytes| {
                    lock(&tee).push(&bytes);
                    Ok::<Bytes, hyper::Error>(bytes)
                }),
                Err(error) => Some(Err(error)),
            };
            std::future::ready(data)
        });
        let sent = Sent {
            seq,
            method: parts.method.clone(),
            path: upstream_path,
            query: parts.uri.query().map(str::to_owned),
            headers: headers.clone(),
            format,
            capture,
            started: Instant::now(),
        };
        let forwarded = self
            .client
            .request(parts.method, url)
            .headers(headers)
            .body(reqwest::Body::wrap_stream(request_body))
            .send()
            .await;
        let response = match forwarded {
            Ok(response) => response,
            Err(error) => {
                // The path and query may hold a secret, and nothing was
                // redacted yet: the message loses the URL, the line names
                // the operation only.
                let message = bounded(&error.without_url().to_string());
                let operation = sent
                    .format
                    .operation(sent.method.as_str(), &sent.path)
                    .map_or_else(|| "an unmatched path".to_owned(), |m| m.operation_id);
                println!(
                    "#{seq} {} {operation} -> upstream failed: {message} (not recorded)",
                    sent.method
                );
                let body = format!("record: the upstream did not answer: {message}\n");
                return bad_gateway(body);
            }
        };
        let status = response.status();
        let mut builder = Response::builder().status(status.as_u16());
        let upstream_connection = connection_named(response.headers());
        for (name, value) in response.headers() {
            if !HOP_BY_HOP.contains(&name.as_str())
                && !upstream_connection.iter().any(|n| n == name.as_str())
            {
                builder = builder.header(name, value);
            }
        }
        let response_headers = self.recorded_headers(response.headers());
        let (sender, receiver) = mpsc::channel::<Result<Frame<Bytes>, std::io::Error>>(8);
        let recorder = Arc::clone(&self);
        tokio::spawn(async move {
            let mut capture = Capture::new(recorder.config.max_body);
            let mut notes = Vec::new();
            let mut stream = response.bytes_stream();
            while let Some(chunk) = stream.next().await {
                match chunk {
                    Ok(bytes) => {
                        capture.push(&bytes);
                        if sender.send(Ok(Frame::data(bytes))).await.is_err() {
                            notes.push("the client left before the body ended".to_owned());
                            break;
                        }
                    }
                    Err(error) => {
                        let message = bounded(&error.without_url().to_string());
                        notes.push(format!("the upstream body failed: {message}"));
                        let _ = sender.send(Err(std::io::Error::other(message))).await;
                        break;
                    }
                }
            }
            drop(sender);
            recorder
                .finish(&sent, status.as_u16(), response_headers, capture, notes)
                .await;
            drop(guard);
        });
        let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|item| (item, receiver))
        });
        builder
            .body(BodyExt::boxed(StreamBody::new(stream)))
            .unwrap_or_else(|_| {
                bad_gateway("record: the upstream answer is not valid HTTP\n".into())
            })
    }

    /// Writes the exchange, then its twins.
    async fn finish(
        &self,
        sent: &Sent,
        status: u16,
        headers: BTreeMap<String, String>,
        capture: Capture,
        notes: Vec<String>,
    ) {
        let request_capture = lock(&sent.capture).clone();
        let matched = sent.format.operation(sent.method.as_str(), &sent.path);
        let stem = format!(
            "{}-{:06}-{}",
            self.run,
            sent.seq,
            matched
                .as_ref()
                .map_or("unmatched", |m| m.operation_id.as_str())
        );
        let recording = self.recording(sent, (&request_capture, status, headers, &capture), &notes);
        self.write(&stem, recording, sent, "");
        let idempotent = matches!(sent.method, reqwest::Method::GET | reqwest::Method::HEAD);
        let twins = match &matched {
            Some(m) if idempotent && self.config.twins => !sent.format.state_changing(m),
            _ => false,
        };
        if !twins {
            return;
        }
        for other in self.formats.all() {
            if Arc::ptr_eq(other, &sent.format) {
                continue;
            }
            self.twin(sent, other, &stem).await;
        }
    }

    /// The same request in `format`, recorded as a sibling of `stem`.
    async fn twin(&self, sent: &Sent, format: &Arc<FormatDoc>, stem: &str) {
        let mut headers = sent.headers.clone();
        for name in FRAMING.iter().chain(&["transfer-encoding"]) {
            headers.remove(*name);
        }
        if let Some(name) = self.formats.header() {
            headers.remove(name);
        }
        if let Some(header) = &format.format.header {
            let (Ok(name), Ok(value)) = (
                reqwest::header::HeaderName::from_bytes(header.name.as_bytes()),
                reqwest::header::HeaderValue::from_str(&header.value),
            ) else {
                return;
            };
            headers.insert(name, value);
        }
        let mut url = self.config.upstream.clone();
        url.set_path(&sent.path);
        url.set_query(sent.query.as_deref());
        let started = Instant::now();
        let answer = self
            .client
            .request(sent.method.clone(), url)
            .headers(headers.clone())
            .send()
            .await;
        let twin_sent = Sent {
            headers,
            format: Arc::clone(format),
            capture: Arc::new(Mutex::new(Capture::new(0))),
            started,
            method: sent.method.clone(),
            path: sent.path.clone(),
            query: sent.query.clone(),
            seq: sent.seq,
        };
        let response = match answer {
            Ok(response) => response,
            Err(error) => {
                println!(
                    "#{} twin [{}] -> upstream failed: {} (not recorded)",
                    sent.seq,
                    format.name().unwrap_or("-"),
                    bounded(&error.without_url().to_string())
                );
                return;
            }
        };
        let status = response.status().as_u16();
        let response_headers = self.recorded_headers(response.headers());
        let mut capture = Capture::new(self.config.max_body);
        let mut notes = Vec::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(bytes) => capture.push(&bytes),
                Err(error) => {
                    notes.push(format!(
                        "the upstream body failed: {}",
                        bounded(&error.without_url().to_string())
                    ));
                    break;
                }
            }
        }
        let recording = self.recording(
            &twin_sent,
            (&Capture::new(0), status, response_headers, &capture),
            &notes,
        );
        self.write(stem, recording, &twin_sent, " (twin)");
    }

    /// The exchange as a recording, redacted.
    fn recording(
        &self,
        sent: &Sent,
        (request_body, status, headers, response_body): (
            &Capture,
            u16,
            BTreeMap<String, String>,
            &Capture,
        ),
        notes: &[String],
    ) -> Recording {
        let request_headers = self.recorded_headers(&sent.headers);
        let (request_json, request_text, request_truncated) = body_of(request_body);
        let (response_json, response_text, response_truncated) = body_of(response_body);
        let mut description = format!(
            "Recorded live by `cargo xtask record` from {}.",
            self.config.upstream.host_str().unwrap_or("the upstream")
        );
        for note in notes {
            description.push(' ');
            description.push_str(note);
            description.push('.');
        }
        let mut recording = Recording {
            api: Some(self.formats.api.clone()),
            description,
            source: Source::Live,
            recorded_at: Some(crate::timestamp::now_rfc3339()),
            format: sent.format.name().map(str::to_owned),
            request: RecordedRequest {
                method: sent.method.as_str().to_owned(),
                path: sent.path.clone(),
                query: query_map(sent.query.as_deref()),
                headers: request_headers,
                body: request_json,
                body_text: request_text,
                body_truncated: request_truncated,
            },
            response: RecordedResponse {
                status,
                headers,
                body: response_json,
                body_text: response_text,
                body_truncated: response_truncated,
            },
        };
        let matched = sent.format.operation(sent.method.as_str(), &sent.path);
        self.redactor.redact(
            &mut recording,
            matched.as_ref().map(|m| (sent.format.as_ref(), m)),
        );
        recording
    }

    /// Headers as a recording keeps them: lower-case names, each value
    /// redacted on its own (a second `Set-Cookie` is a cookie too), repeated
    /// names joined with `, `; connection and framing headers left out.
    fn recorded_headers(&self, headers: &reqwest::header::HeaderMap) -> BTreeMap<String, String> {
        let mut out: BTreeMap<String, String> = BTreeMap::new();
        for (name, value) in headers {
            let name = name.as_str();
            if HOP_BY_HOP.contains(&name) || FRAMING.contains(&name) {
                continue;
            }
            let text = String::from_utf8_lossy(value.as_bytes());
            let text = self.redactor.header_value(name, &text);
            out.entry(name.to_owned())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(&text);
                })
                .or_insert(text);
        }
        out
    }

    /// Writes `recording` as `STEM[.<format>].json` and prints its line.
    fn write(&self, stem: &str, recording: Recording, sent: &Sent, what: &str) {
        let format = &sent.format;
        let name = match format.name() {
            Some(format) => format!("{stem}.{format}.json"),
            None => format!("{stem}.json"),
        };
        let path = self.config.out.join(&name);
        let written = serde_json::to_string_pretty(&recording)
            .map_err(std::io::Error::other)
            .and_then(|text| create_new(&path, &text));
        let truncated = recording.response.body_truncated.is_some()
            || recording.request.body_truncated.is_some();
        match written {
            Ok(()) => {
                self.written.fetch_add(1, Ordering::SeqCst);
                println!(
                    "#{} {} {} [{}] -> {} {}{what}{} ({} ms)",
                    sent.seq,
                    recording.request.method,
                    bounded(&recording.request.path),
                    format.name().unwrap_or("-"),
                    recording.response.status,
                    name,
                    if truncated { ", truncated" } else { "" },
                    sent.started.elapsed().as_millis()
                );
            }
            Err(error) => println!("#{} cannot write {name}: {error}", sent.seq),
        }
    }
}

/// An exchange in flight, from its first byte until its recording is
/// written: shutdown waits for the count to reach zero.
struct InFlight(Arc<Recorder>);

impl InFlight {
    fn new(recorder: Arc<Recorder>) -> Self {
        recorder.in_flight.fetch_add(1, Ordering::SeqCst);
        Self(recorder)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if self.0.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

/// The header names a `Connection` header lists (hop-by-hop too).
fn connection_named(headers: &reqwest::header::HeaderMap) -> Vec<String> {
    headers
        .get_all(reqwest::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty())
        .collect()
}

/// A body as a recording keeps it: JSON when it is whole and parses, else
/// text (lossy UTF-8), with the truncation marker when bytes were dropped.
fn body_of(capture: &Capture) -> (Option<Value>, Option<String>, Option<Truncated>) {
    if capture.total() == 0 {
        return (None, None, None);
    }
    if capture.truncated() {
        let marker = Truncated {
            kept_bytes: capture.kept().len() as u64,
            total_bytes: capture.total(),
        };
        let text = String::from_utf8_lossy(capture.kept()).into_owned();
        return (None, Some(text), Some(marker));
    }
    match serde_json::from_slice::<Value>(capture.kept()) {
        Ok(value) => (Some(value), None, None),
        Err(_) => (
            None,
            Some(String::from_utf8_lossy(capture.kept()).into_owned()),
            None,
        ),
    }
}

/// The query string as the recording format keeps it: a string per name,
/// a list for repeated names.
pub(crate) fn query_map(query: Option<&str>) -> BTreeMap<String, Value> {
    let mut map: BTreeMap<String, Value> = BTreeMap::new();
    let Some(query) = query else {
        return map;
    };
    let Ok(url) = reqwest::Url::parse(&format!("http://query.invalid/?{query}")) else {
        return map;
    };
    for (name, value) in url.query_pairs() {
        let value = Value::String(value.into_owned());
        match map.get_mut(name.as_ref()) {
            Some(Value::Array(items)) => items.push(value),
            Some(first) => {
                let first = first.take();
                map.insert(name.into_owned(), Value::Array(vec![first, value]));
            }
            None => {
                map.insert(name.into_owned(), value);
            }
        }
    }
    map
}

/// Server text for a log line: bounded, control and bidirectional
/// characters escaped (the client crates' own rule).
fn bounded(text: &str) -> String {
    bindings_support::shown(text).to_string()
}

/// A 502 with `text`, the proxy's own answer when the upstream's fails.
fn bad_gateway(text: String) -> Response<Body> {
    let mut response = Response::new(
        http_body_util::Full::new(Bytes::from(text))
            .map_err(|never| match never {})
            .boxed(),
    );
    *response.status_mut() = hyper::StatusCode::BAD_GATEWAY;
    response
}

fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")
}

fn lock(capture: &Mutex<Capture>) -> std::sync::MutexGuard<'_, Capture> {
    capture.lock().unwrap_or_else(|e| e.into_inner())
}
