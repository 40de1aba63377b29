//! A deliberately hostile HTTP/1.1 server on loopback, started by each test:
//! it answers every request with what the test's handler says (a redirect,
//! an endless body, a stall, an echo of the request), counts requests per
//! path and the body bytes it managed to write. Every loop is bounded: at
//! most [`MAX_CONNECTIONS`] connections, request heads and bodies of bounded
//! size read with a timeout, bodies of a stated total size.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Connections one server accepts before it stops listening.
pub const MAX_CONNECTIONS: usize = 400;
/// Longest request (head and body) the server reads.
const MAX_REQUEST_BYTES: usize = 1 << 20;
/// How long the server waits for a request to arrive.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    /// The path, without the query.
    pub path: String,
    /// The request target as sent (path and query).
    pub target: String,
    /// Header lines as sent (`Name: value`).
    pub head: String,
    /// The body.
    pub body: Vec<u8>,
}

/// What the server answers.
pub enum Reply {
    /// A complete response.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// A chunked body of `total` bytes (repeating `fill`), written until the
    /// client stops reading.
    Endless {
        status: u16,
        content_type: &'static str,
        total: u64,
    },
    /// Waits this long, then closes without answering.
    Stall(Duration),
    /// Announces `announced` bytes, sends `body`, then closes.
    Truncated { announced: usize, body: Vec<u8> },
    /// Waits this long, then answers.
    Delayed(Duration, Box<Reply>),
    /// Waits until `count` requests reached `path` (at most [`READ_TIMEOUT`]),
    /// then answers `then`.
    WaitFor {
        path: String,
        count: usize,
        then: Box<Reply>,
    },
}

impl Reply {
    /// A JSON response.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::Full {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    /// A response with the given content type.
    pub fn body(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self::Full {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// A redirect to `location` (with an empty body).
    pub fn redirect(status: u16, location: &str) -> Self {
        Self::Full {
            status,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
        }
    }

    /// This reply with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

type Handler = dyn Fn(&Received) -> Reply + Send + Sync;

/// A running hostile server.
pub struct Hostile {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    written: Arc<AtomicU64>,
}

impl Hostile {
    /// Starts a server answering with `handler`.
    pub async fn start(
        handler: impl Fn(&Received) -> Reply + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let received = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::new(AtomicU64::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log, count) = (received.clone(), written.clone());
        tokio::spawn(async move {
            for _ in 0..MAX_CONNECTIONS {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (handler, log, count) = (handler.clone(), log.clone(), count.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, handler, log, count).await;
                });
            }
        });
        Ok(Self {
            url,
            received,
            written,
        })
    }

    /// The requests received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// How many requests reached `path`.
    pub fn count(&self, path: &str) -> usize {
        self.received().iter().filter(|r| r.path == path).count()
    }

    /// Body bytes the server wrote into its sockets (the most a client can
    /// have read).
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }
}

async fn serve(
    mut stream: TcpStream,
    handler: Arc<Handler>,
    log: Arc<Mutex<Vec<Received>>>,
    written: Arc<AtomicU64>,
) -> std::io::Result<()> {
    let request = tokio::time::timeout(READ_TIMEOUT, read_request(&mut stream))
        .await
        .map_err(|_| std::io::Error::other("request timed out"))??;
    let mut reply = handler(&request);
    if let Ok(mut log) = log.lock() {
        log.push(request);
    }
    if let Reply::WaitFor { path, count, then } = reply {
        for _ in 0..READ_TIMEOUT.as_millis() / 20 {
            let seen = log
                .lock()
                .map(|log| log.iter().filter(|r| r.path == path).count())
                .unwrap_or(0);
            if seen >= count {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        reply = *then;
    }
    if let Reply::Delayed(duration, then) = reply {
        tokio::time::sleep(duration).await;
        reply = *then;
    }
    match reply {
        Reply::WaitFor { .. } | Reply::Delayed(..) => {}
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} Hostile\r\nConnection: close\r\n");
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
            written.fetch_add(body.len() as u64, Ordering::SeqCst);
        }
        Reply::Endless {
            status,
            content_type,
            total,
        } => {
            let head = format!(
                "HTTP/1.1 {status} Hostile\r\nConnection: close\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            let chunk = vec![b'a'; 64 * 1024];
            let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
            frame.extend_from_slice(&chunk);
            frame.extend_from_slice(b"\r\n");
            // A JSON string that never ends: `"aaaa…`.
            stream.write_all(b"1\r\n\"\r\n").await?;
            for _ in 0..total / chunk.len() as u64 {
                stream.write_all(&frame).await?;
                written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
        Reply::Stall(duration) => tokio::time::sleep(duration).await,
        Reply::Truncated { announced, body } => {
            let head = format!(
                "HTTP/1.1 200 Hostile\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {announced}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
            written.fetch_add(body.len() as u64, Ordering::SeqCst);
        }
    }
    stream.flush().await?;
    stream.shutdown().await
}

async fn read_request(stream: &mut TcpStream) -> std::io::Result<Received> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if data.len() > MAX_REQUEST_BYTES {
            return Err(std::io::Error::other("request head too long"));
        }
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Err(std::io::Error::other("closed before the head ended"));
        }
        data.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let first = lines.next().unwrap_or_default();
    let mut parts = first.split(' ');
    let _method = parts.next();
    let target = parts.next().unwrap_or_default().to_owned();
    let headers: HashMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST_BYTES);
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&buffer[..read]);
    }
    Ok(Received {
        path: target.split('?').next().unwrap_or_default().to_owned(),
        target,
        head,
        body,
    })
}
