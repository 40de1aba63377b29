//! Helpers shared by the integration tests: a loopback server and clients of
//! either format pointed at it.

#![allow(dead_code)]

use defentry::{Config, Format};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Both formats, for tests that run in each.
pub const FORMATS: [Format; 2] = [Format::Legacy, Format::Standardized];

/// A server answering `method_name route` with `response`.
pub async fn serve(method_name: &str, route: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(method_name))
        .and(path(route))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A configuration pointed at `server`.
pub fn config(server: &MockServer, format: Format) -> Result<Config, defentry::Error> {
    Ok(Config::new(&server.uri())?.with_format(format))
}

/// A request header as text.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Requests the server received on `route`.
pub async fn received(server: &MockServer, route: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == route)
        .collect()
}

/// An error body in `format`: the standardized envelope, or the legacy
/// `{"message": …}` shape.
pub fn error_body(format: Format, code: &str, message: &str) -> serde_json::Value {
    match format {
        Format::Legacy => serde_json::json!({"message": message}),
        _ => serde_json::json!({"error": {"code": code, "message": message}}),
    }
}
