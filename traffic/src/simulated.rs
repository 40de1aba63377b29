//! A simulated Defentry upstream with response shapes the spec does not
//! document, in both formats, for the end-to-end test of record → learn →
//! regenerate (`cargo xtask acceptance-learn`) and the scale benchmark.
//!
//! Its hidden shapes: `listAlarms` and `getAlarm` bodies with a nested
//! object, a nullable timestamp, a pure date, a flag, a timestamp, an
//! enum-like status and (legacy only) a `corr_id`; `createAccount` answers
//! with account fields the provisional `Account` lacks; `closeAlarm` is a
//! state-changing GET whose calls are counted. `crmLogin` answers as
//! documented, with a token that must never reach a recording.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// The standardized format's header value.
pub const VERSION: &str = "2026-06-12";

/// The secrets the simulation sends and receives: none may appear in a
/// recording, a log line or the learned spec.
pub const SECRETS: &[&str] = &["sim-password-7c1e", "1|sim-token-5d9a0b", "19900101-4417"];

/// How many times each `METHOD path` was requested.
pub type Hits = Arc<Mutex<BTreeMap<String, usize>>>;

/// An instant in the format's encoding.
fn at(legacy: bool, day: u32, hour: u32) -> Value {
    if legacy {
        json!(format!("2026-06-{day:02} {hour:02}:02:05"))
    } else {
        json!(format!("2026-06-{day:02}T{hour:02}:02:05Z"))
    }
}

/// A flag in the format's encoding (legacy: the strings `"1"`/`"0"`).
fn flag(legacy: bool, value: bool) -> Value {
    match (legacy, value) {
        (true, true) => json!("1"),
        (true, false) => json!("0"),
        (false, value) => json!(value),
    }
}

/// Alarm `id` as the format writes it.
pub fn alarm(id: u64, legacy: bool) -> Value {
    let closed = id.is_multiple_of(3);
    let day = u32::try_from(id % 20).unwrap_or(0) + 1;
    let kind = ["EMAIL", "PHONE", "IBAN"][usize::try_from(id % 3).unwrap_or(0)];
    json!({
        "id": id,
        "type": kind,
        "status": if closed { "CLOSED" } else { "OPEN" },
        "created_at": at(legacy, day, 8),
        "closed_at": if closed { at(legacy, day + 1, 9) } else { Value::Null },
        "breach_date": format!("2024-05-{day:02}"),
        "is_read": flag(legacy, id.is_multiple_of(2)),
        "source": {"name": "breach-db", "records": 1200 + id},
    })
}

/// The body of `listAlarms` (alarms 1 to 4).
pub fn alarms(legacy: bool) -> Value {
    let data: Vec<Value> = (1..=4).map(|id| alarm(id, legacy)).collect();
    let mut body = json!({"data": data, "meta": {"total": 4, "page": 1}});
    if legacy {
        body["corr_id"] = json!("9f1c2d7e");
    }
    body
}

/// The body of `createAccount` for account `id`.
pub fn account(id: u64, legacy: bool) -> Value {
    json!({"data": {
        "id": id,
        "first_name": "John",
        "status": if id.is_multiple_of(2) { "ACTIVE" } else { "PENDING" },
        "created_at": at(legacy, 16, 21),
        "is_verified": flag(legacy, id.is_multiple_of(2)),
        "activation_date": "2024-06-15",
    }})
}

/// The answer to one request: status and body.
pub fn answer(method: &str, path: &str, legacy: bool) -> (u16, Value) {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("POST", ["api", "v1", "crm", "auth", "login"]) => (200, json!({"token": SECRETS[1]})),
        ("POST", ["api", "v1", "account"]) => (201, account(100, legacy)),
        ("GET", ["api", "v1", "alarms"]) => (200, alarms(legacy)),
        ("GET", ["api", "v1", "alarms", id]) => match id.parse::<u64>() {
            Ok(id) => (200, json!({"data": alarm(id, legacy)})),
            Err(_) => (
                404,
                json!({"error": {"code": "NOT_FOUND", "message": "No alarm."}}),
            ),
        },
        ("GET", ["api", "v1", "alarms", id, "close"]) => (
            200,
            json!({"data": {"id": id.parse::<u64>().unwrap_or(0), "status": "CLOSED", "closed_at": at(legacy, 20, 10)}}),
        ),
        _ => (
            404,
            json!({"error": {"code": "NOT_FOUND", "message": "Not found."}}),
        ),
    }
}

/// The exchanges of the corpus, in turn: (operation, method, path). The
/// GETs that do not change state have twins; `createAccount` (a POST) and
/// `closeAlarm` (a state-changing GET) have none.
const CORPUS_CALLS: &[(&str, &str, &str)] = &[
    ("listAlarms", "GET", "/api/v1/alarms"),
    ("getAlarm", "GET", "/api/v1/alarms/{id}"),
    ("createAccount", "POST", "/api/v1/account"),
    ("closeAlarm", "GET", "/api/v1/alarms/{id}/close"),
];

/// Recording `index` of a corpus of live recordings answered by the
/// simulated upstream (for the scale benchmark): its file name and JSON.
/// Exchanges cycle through [`CORPUS_CALLS`]; an exchange with twins gives
/// one recording per format (consecutive indexes), so `count` recordings
/// are about `count` files, sibling groups included.
pub fn corpus_recording(index: usize) -> (String, Value) {
    // Every 6 indexes: listAlarms ×2 formats, getAlarm ×2, createAccount,
    // closeAlarm.
    let (slot, legacy) = match index % 6 {
        0 => (0, false),
        1 => (0, true),
        2 => (1, false),
        3 => (1, true),
        4 => (2, index % 12 == 10),
        _ => (3, false),
    };
    let (operation, method, template) = CORPUS_CALLS[slot];
    let exchange = index / 6 * 4 + slot;
    let id = (exchange % 97) as u64 + 1;
    let path = template.replace("{id}", &id.to_string());
    let (status, body) = answer(method, &path, legacy);
    let mut headers = serde_json::Map::new();
    headers.insert("authorization".into(), json!("Bearer redacted-1"));
    if !legacy {
        headers.insert("x-api-version".into(), json!(VERSION));
    }
    let request_body = (method == "POST").then(|| {
        json!({"ssn": "redacted-2", "first_name": "John", "last_name": "Doe",
               "email": "john.doe@example.com", "phone": "+46701234567",
               "country_code": "SE", "lang_code": "SV", "plan_id": 1, "type": "SINGLE"})
    });
    let format = if legacy { "legacy" } else { VERSION };
    let second = exchange % 60;
    let recording = json!({
        "api": "defentry",
        "description": "Generated from the simulated upstream's shapes (scale benchmark).",
        "source": "live",
        "recorded_at": format!("2026-11-27T10:{:02}:{second:02}Z", (exchange / 60) % 60),
        "format": format,
        "request": {"method": method, "path": path, "query": {}, "headers": headers},
        "response": {"status": status, "headers": {"content-type": "application/json"}, "body": body},
    });
    let mut recording = recording;
    if let Some(body) = request_body {
        recording["request"]["body"] = body;
    }
    // Twins share the exchange number: the file names make them a group.
    (
        format!("bench-{exchange:07}-{operation}.{format}.json"),
        recording,
    )
}

/// Serves the simulated upstream on `listener` until the task is dropped;
/// counts every request in `hits`.
pub async fn serve(listener: TcpListener, hits: Hits) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let hits = hits.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                let hits = hits.clone();
                async move {
                    let method = request.method().as_str().to_owned();
                    let path = request.uri().path().to_owned();
                    let legacy = request
                        .headers()
                        .get("x-api-version")
                        .is_none_or(|v| v.as_bytes() != VERSION.as_bytes());
                    // The body is read (and dropped): a client's write never stalls.
                    let _ = request.into_body().collect().await;
                    if let Ok(mut hits) = hits.lock() {
                        *hits.entry(format!("{method} {path}")).or_default() += 1;
                    }
                    let (status, body) = answer(&method, &path, legacy);
                    Response::builder()
                        .status(status)
                        .header("content-type", "application/json")
                        .body(Full::new(Bytes::from(body.to_string())))
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Starts the simulated upstream on a free loopback port.
pub async fn start() -> std::io::Result<(SocketAddr, Hits, tokio::task::JoinHandle<()>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let hits = Hits::default();
    let task = tokio::spawn(serve(listener, hits.clone()));
    Ok((address, hits, task))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formats_differ_only_in_their_encodings() {
        let standardized = alarm(3, false);
        let legacy = alarm(3, true);
        assert_eq!(standardized["closed_at"], "2026-06-05T09:02:05Z");
        assert_eq!(legacy["closed_at"], "2026-06-05 09:02:05");
        assert_eq!(
            (&standardized["is_read"], &legacy["is_read"]),
            (&json!(false), &json!("0"))
        );
        assert_eq!(alarm(1, false)["closed_at"], Value::Null);
        assert!(alarms(true).get("corr_id").is_some() && alarms(false).get("corr_id").is_none());
    }

    #[test]
    fn corpus_twins_are_the_same_exchange_in_both_formats() {
        let (first, standardized) = corpus_recording(2);
        let (second, legacy) = corpus_recording(3);
        assert_eq!(first, "bench-0000001-getAlarm.2026-06-12.json");
        assert_eq!(second, "bench-0000001-getAlarm.legacy.json");
        assert_eq!(standardized["request"]["path"], legacy["request"]["path"]);
        assert_eq!(
            standardized["response"]["body"]["data"]["breach_date"],
            legacy["response"]["body"]["data"]["breach_date"]
        );
        assert!(corpus_recording(4).1["request"]["body"].is_object());
        assert!(corpus_recording(0).1["request"].get("body").is_none());
    }
}
