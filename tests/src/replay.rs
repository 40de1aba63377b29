//! Replaying a recorded response over loopback HTTP to the generated client,
//! so it is decoded exactly as the client decodes it.

use std::collections::BTreeMap;
use std::fmt::Debug;

use defentry::{ApiError, ByteStream, Error, ResponseValue};
use futures_util::StreamExt;
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
        error: Box<ApiError>,
        /// The body, serialized again.
        body: Value,
    },
    /// The client failed (undecodable body, undocumented status, …).
    Failure(String),
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
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
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

fn failure(error: Error) -> Outcome {
    match error {
        Error::Api(error) => {
            let body = serde_json::to_value(&error.body).unwrap_or(Value::Null);
            Outcome::ApiError { error, body }
        }
        other => Outcome::Failure(other.to_string()),
    }
}

/// Decodes a typed success.
pub async fn typed<T: Serialize + Debug>(result: Result<ResponseValue<T>, Error>) -> Outcome {
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
        Err(error) => failure(error),
    }
}

/// Reads an undocumented (unparsed) success.
pub async fn raw(result: Result<ResponseValue<ByteStream>, Error>) -> Outcome {
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
        Err(error) => failure(error),
    }
}

/// A success without a body.
pub async fn unit(result: Result<ResponseValue<()>, Error>) -> Outcome {
    match result {
        Ok(response) => Outcome::Empty {
            status: response.status().as_u16(),
            headers: header_list(response.headers()),
        },
        Err(error) => failure(error),
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
    /// of `api` in the recording's format.
    pub async fn replay(
        &self,
        api: &str,
        recording: &Recording,
        call: &Call,
    ) -> Result<Replayed, String> {
        self.server.reset().await;
        Mock::given(any())
            .respond_with(template(recording))
            .mount(&self.server)
            .await;
        let outcome = match api {
            "defentry" => {
                let format = match recording.format.as_deref() {
                    Some("legacy") => defentry::Format::Legacy,
                    Some(defentry::API_VERSION) => defentry::Format::Standardized,
                    other => return Err(format!("the defentry client has no format {other:?}")),
                };
                let config = defentry::Config::new(&self.server.uri())
                    .map_err(|e| e.to_string())?
                    .with_format(format);
                let clients = crate::generated_dispatch_defentry::clients(&config)?;
                crate::generated_dispatch_defentry::dispatch(&clients, call).await?
            }
            other => return Err(format!("no generated client for api `{other}`")),
        };
        let requests = self.server.received_requests().await.unwrap_or_default();
        Ok(Replayed { outcome, requests })
    }
}

/// The recorded response as a mock response.
pub(crate) fn template(recording: &Recording) -> ResponseTemplate {
    let response = &recording.response;
    let mut template = ResponseTemplate::new(response.status);
    for (name, value) in &response.headers {
        if !name.eq_ignore_ascii_case("content-type") {
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
