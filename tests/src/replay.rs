//! Replaying a recorded response over loopback HTTP to the generated client,
//! so it is decoded exactly as the client decodes it.

use std::collections::BTreeMap;
use std::fmt::Debug;

use bindings_support::ErrorView;
use futures_util::StreamExt;
use progenitor_client::{ByteStream, ResponseValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::recording::Recording;

/// One call of a generated operation, taken from a recording.
#[derive(Clone, Debug, Default)]
pub struct Call {
    /// The operation.
    pub operation_id: String,
    /// Path and query parameters, as strings.
    pub params: BTreeMap<String, String>,
    /// The request body.
    pub body: Option<Value>,
}

/// What the client made of a response.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A typed success: the decoded value, re-encoded and as `Debug`.
    Success {
        /// HTTP status.
        status: u16,
        /// Response headers (lower-case names).
        headers: Vec<(String, String)>,
        /// The decoded value, serialized again.
        value: Value,
        /// `{:#?}` of the decoded value.
        debug: String,
    },
    /// A success whose body the spec does not describe, passed through.
    Raw {
        /// HTTP status.
        status: u16,
        /// Response headers (lower-case names).
        headers: Vec<(String, String)>,
        /// The body bytes.
        bytes: Vec<u8>,
    },
    /// A success without a body.
    Empty {
        /// HTTP status.
        status: u16,
        /// Response headers (lower-case names).
        headers: Vec<(String, String)>,
    },
    /// An error response, normalized.
    ApiError {
        /// The normalized error.
        error: Box<ApiFailure>,
        /// The body as decoded and serialized again, when the client keeps it.
        body: Option<Value>,
    },
    /// The client failed (undecodable body, undocumented status, …).
    Failure(String),
}

/// An error response of any of the APIs, in one shape for comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiFailure {
    /// HTTP status.
    pub status: u16,
    /// The stable code, where the API has one (Defentry's normalized code,
    /// CRM.COM's `status.code`).
    pub code: Option<String>,
    /// The display message.
    pub message: Option<String>,
    /// Per-field details or other structured detail.
    pub details: Value,
    /// Response headers (lower-case names), where the error keeps them.
    pub headers: Vec<(String, String)>,
    /// `{:#?}` of the error body as the client decoded it.
    pub debug: String,
}

/// An API crate's error as an [`Outcome`].
pub trait IntoOutcome {
    /// The outcome of a call that failed with `self`.
    fn into_outcome(self) -> Outcome;
}

/// Every API crate's error, through the view each one implements: its own
/// error answer as an [`Outcome::ApiError`], anything else as a
/// [`Outcome::Failure`].
impl<E: ErrorView> IntoOutcome for E {
    fn into_outcome(self) -> Outcome {
        let status = match (self.is_api(), self.status()) {
            (true, Some(status)) => status,
            _ => return Outcome::Failure(self.to_string()),
        };
        let failure = ApiFailure {
            status,
            code: self.code().map(str::to_owned),
            message: self.message().map(str::to_owned),
            details: self.details(),
            headers: self.headers().map(header_list).unwrap_or_default(),
            debug: self.body_debug().unwrap_or_default(),
        };
        Outcome::ApiError {
            error: Box::new(failure),
            body: self.body(),
        }
    }
}

impl Outcome {
    /// The HTTP status, when the client got that far.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Success { status, .. }
            | Self::Raw { status, .. }
            | Self::Empty { status, .. } => Some(*status),
            Self::ApiError { error, .. } => Some(error.status),
            Self::Failure(_) => None,
        }
    }

    /// A response header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<String> {
        match self {
            Self::Success { headers, .. }
            | Self::Raw { headers, .. }
            | Self::Empty { headers, .. } => headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone()),
            Self::ApiError { error, .. } => error
                .headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone()),
            Self::Failure(_) => None,
        }
    }
}

fn header_list(headers: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// Decodes a typed success.
pub async fn typed<T: Serialize + Debug, E: IntoOutcome>(
    result: Result<ResponseValue<T>, E>,
) -> Outcome {
    match result {
        Ok(response) => {
            let status = response.status().as_u16();
            let headers = header_list(response.headers());
            let value = response.into_inner();
            match serde_json::to_value(&value) {
                Ok(json) => Outcome::Success {
                    status,
                    headers,
                    value: json,
                    debug: format!("{value:#?}"),
                },
                Err(e) => Outcome::Failure(format!("the decoded value does not serialize: {e}")),
            }
        }
        Err(error) => error.into_outcome(),
    }
}

/// Reads an undocumented (unparsed) success.
pub async fn raw<E: IntoOutcome>(result: Result<ResponseValue<ByteStream>, E>) -> Outcome {
    match result {
        Ok(response) => {
            let status = response.status().as_u16();
            let headers = header_list(response.headers());
            let mut stream = response.into_inner().into_inner();
            let mut bytes = Vec::new();
            while let Some(chunk) = stream.next().await {
                match chunk {
                    Ok(chunk) => bytes.extend_from_slice(&chunk),
                    Err(e) => return Outcome::Failure(format!("reading the body: {e}")),
                }
            }
            Outcome::Raw {
                status,
                headers,
                bytes,
            }
        }
        Err(error) => error.into_outcome(),
    }
}

/// A success without a body.
pub async fn unit<E: IntoOutcome>(result: Result<ResponseValue<()>, E>) -> Outcome {
    match result {
        Ok(response) => Outcome::Empty {
            status: response.status().as_u16(),
            headers: header_list(response.headers()),
        },
        Err(error) => error.into_outcome(),
    }
}

/// A parameter of the call, parsed as the generated type: JSON first (`42`),
/// then as a plain string.
pub fn param<T: DeserializeOwned>(call: &Call, name: &str) -> Result<T, String> {
    let raw = call
        .params
        .get(name)
        .ok_or_else(|| format!("the recording gives no value for parameter `{name}`"))?;
    serde_json::from_str(raw)
        .or_else(|_| serde_json::from_value(Value::String(raw.clone())))
        .map_err(|e| format!("parameter `{name}` = `{raw}` does not fit the generated type: {e}"))
}

/// The call's request body as the generated type.
pub fn body<T: DeserializeOwned>(call: &Call) -> Result<T, String> {
    let body = call
        .body
        .clone()
        .ok_or("the recording has no request body, and the operation requires one")?;
    serde_json::from_value(body)
        .map_err(|e| format!("the request body does not fit the generated type: {e}"))
}

/// A recorded error response decoded as `api`'s client decodes errors, for
/// a request the typed client cannot send because it violates the spec.
/// `None` for an API whose crate decodes no error outside a call (no
/// `error_response` in `pipeline/src/apis.rs`), a status below 400, or a
/// body the client could not decode.
pub fn decode_rejection(api: &str, recording: &Recording) -> Option<Outcome> {
    let response = &recording.response;
    if response.status < 400 {
        return None;
    }
    let mut headers = reqwest::header::HeaderMap::new();
    for (name, value) in &response.headers {
        let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).ok()?;
        let value = reqwest::header::HeaderValue::from_str(value).ok()?;
        headers.insert(name, value);
    }
    crate::generated_apis::decode_error(api, response.status, &headers, response.body.clone()?)
}

/// A loopback server that answers the next request with a recorded response.
pub struct Replayer {
    server: MockServer,
}

/// What one replay produced.
pub struct Replayed {
    /// What the client made of the response.
    pub outcome: Outcome,
    /// The requests the client sent.
    pub requests: Vec<wiremock::Request>,
}

impl Replayer {
    /// Starts the server on 127.0.0.1 (a free port).
    pub async fn start() -> Self {
        Self {
            server: MockServer::start().await,
        }
    }

    /// Serves `recording`'s response and calls its operation with the client
    /// of `api` in the recording's format, the server's base path being
    /// `base_path` (the path of the spec's server URL).
    pub async fn replay(
        &self,
        api: &str,
        base_path: &str,
        recording: &Recording,
        call: &Call,
    ) -> Result<Replayed, String> {
        self.server.reset().await;
        Mock::given(any())
            .respond_with(template(recording))
            .mount(&self.server)
            .await;
        let base_url = format!("{}{base_path}", self.server.uri());
        let outcome =
            crate::generated_apis::dispatch(api, &base_url, recording.format.as_deref(), call)
                .await?;
        let requests = self.server.received_requests().await.unwrap_or_default();
        Ok(Replayed { outcome, requests })
    }
}

/// The recorded response as a mock response.
pub(crate) fn template(recording: &Recording) -> ResponseTemplate {
    let response = &recording.response;
    let mut template = ResponseTemplate::new(response.status);
    // The body is served as recorded (re-encoded, perhaps redacted or cut,
    // never compressed): its framing headers describe other bytes, and
    // hyper refuses to send a body of another length than `content-length`
    // says.
    const FRAMING: &[&str] = &[
        "content-type",
        "content-length",
        "transfer-encoding",
        "content-encoding",
    ];
    for (name, value) in &response.headers {
        if !FRAMING.iter().any(|f| name.eq_ignore_ascii_case(f)) {
            template = template.insert_header(name.as_str(), value.as_str());
        }
    }
    let content_type = response.header("content-type");
    match (&response.body, &response.body_text) {
        (Some(body), _) => template.set_body_raw(
            body.to_string().into_bytes(),
            content_type.unwrap_or("application/json"),
        ),
        (None, Some(text)) => template.set_body_raw(
            text.clone().into_bytes(),
            content_type.unwrap_or("text/plain"),
        ),
        (None, None) => template,
    }
}
